"""The JSON API under /api/v1 (the same data as the pages and the CLI's --json; writes are
POSTs with basic auth and a JSON body) and /metrics in Prometheus format."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from monitor import metrics
from monitor.app.reports import facts_report
from monitor.store import views
from monitor.web import data, security
from monitor.web.actions import Actions, Refused

API = "/api/v1"


def routes(actions: Actions) -> APIRouter:
    router = APIRouter()
    config, read, watchlists = actions.config, actions.read, actions.watchlists

    # -- metrics -----------------------------------------------------------------------
    @router.get("/metrics", include_in_schema=False)
    async def metrics_endpoint() -> Response:
        states = await read(views.delivery_states)
        for state in ("pending", "sent", "failed", "disabled"):
            metrics.DELIVERY_STATES.labels(state=state).set(states.get(state, 0))
        metrics.STORED_ARTICLES.set(await read(views.article_count))
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    # -- JSON API ----------------------------------------------------------------------
    async def api_writer(request: Request) -> dict[str, Any]:
        """The JSON body of an API write, after the checks: writable, password, JSON."""
        actions.check_writable()
        given = security.basic_password(request.headers.get("authorization"))
        if given is None:
            raise Refused(401, "HTTP basic auth with the MONITOR_WEB_PASSWORD is required")
        if not security.password_ok(given, config.password):
            await security.wrong_password("an API write")
            raise Refused(401, "wrong password")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise Refused(415, "send a JSON body (Content-Type: application/json)")
        try:
            body = await request.json()
        except ValueError:
            raise Refused(400, "the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise Refused(400, "the body must be a JSON object")
        return body

    @router.get(f"{API}/overview", summary="Every watchlist: facts, newest values, alerts, feeds")
    async def api_overview() -> Any:
        return await read(data.overview, watchlists())

    @router.get(f"{API}/facts", summary="Every fact as `monitor facts --json` gives it")
    async def api_facts() -> Any:
        return await read(facts_report, watchlists())

    @router.get(f"{API}/facts/{{watchlist}}/{{fact}}", summary="One fact: values, observations")
    async def api_fact(watchlist: str, fact: str) -> Any:
        detail = await read(data.fact_detail, watchlists(), watchlist, fact)
        detail.pop("plot")
        return detail

    @router.post(f"{API}/facts/{{watchlist}}/{{fact}}/accept", summary="Accept a value as baseline")
    async def api_accept(request: Request, watchlist: str, fact: str) -> Any:
        body = await api_writer(request)
        value = body.get("value")
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise Refused(400, 'give the value as {"value": "800000"}')
        name, stored = await actions.accept(watchlist, fact, str(value))
        return {"watchlist": name, "fact": fact, "baseline": stored}

    @router.get(f"{API}/alerts", summary="Alerts, newest first, with deliveries")
    async def api_alerts(limit: int = 50, offset: int = 0) -> Any:
        return await read(data.alerts, max(1, min(limit, 500)), max(0, offset))

    @router.get(f"{API}/alerts/{{alert_id}}", summary="One alert with every delivery attempt")
    async def api_alert(alert_id: str) -> Any:
        return await read(data.alert_detail, alert_id)

    @router.post(f"{API}/alerts/{{alert_id}}/feedback", summary="Judge an alert wrong or right")
    async def api_alert_feedback(request: Request, alert_id: str) -> Any:
        body = await api_writer(request)
        return await actions.judge(body.get("verdict"), body.get("reason", ""), alert_id, None)

    @router.post(f"{API}/alerts/{{alert_id}}/retry", summary="Deliver the alert again now")
    async def api_retry(request: Request, alert_id: str) -> Any:
        await api_writer(request)
        return {"alert": alert_id, "due_now": await actions.retry(alert_id)}

    @router.post(f"{API}/observations/{{observation_id}}/feedback", summary="Judge an observation")
    async def api_observation_feedback(request: Request, observation_id: int) -> Any:
        body = await api_writer(request)
        return await actions.judge(
            body.get("verdict"), body.get("reason", ""), None, observation_id
        )

    @router.get(f"{API}/feeds", summary="Feeds: state, errors, next poll; sortable, filterable")
    async def api_feeds(sort: str = "errors", q: str = "", state: str = "") -> Any:
        return await read(data.feeds, watchlists(), sort, q, state)

    @router.get(f"{API}/search", summary="Full-text search; the words are taken literally")
    async def api_search(q: str, limit: int = 30) -> Any:
        return await read(data.search, q, max(1, min(limit, 200)))

    @router.get(f"{API}/watchlists", summary="Each watchlist file with its validation result")
    async def api_watchlists() -> Any:
        s = config.settings
        return await run_in_threadpool(data.watchlist_files, s.watchlists, s.poll_interval)

    @router.get(f"{API}/quality", summary="Alert precision as judged by users")
    async def api_quality() -> Any:
        return await read(data.quality)

    return router
