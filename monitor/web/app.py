"""The web interface, JSON API and /metrics (FastAPI, Jinja2 templates, no script): pages to
see what the monitor believes and, with MONITOR_WEB_PASSWORD, to accept a value, judge an
alert or an observation, and retry a delivery. Served by `monitor run` and `monitor web`."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from monitor import metrics
from monitor.app.baseline import accept
from monitor.app.reports import facts_report
from monitor.errors import InputError, MonitorError, NotFound
from monitor.settings import Settings
from monitor.store import views
from monitor.store.db import Store
from monitor.watchlists import Watchlist
from monitor.web import data, present, security

log = logging.getLogger("monitor.web")
HERE = Path(__file__).parent
API = "/api/v1"


@dataclass
class WebConfig:
    """What the app needs from its host: where the database is, the current watchlists,
    whether writes are possible at all (`monitor web` is read-only), and a hook that makes
    the service deliver now (a "retry now")."""

    settings: Settings
    watchlists: Callable[[], Sequence[Watchlist]]
    writable: bool = True
    deliver_now: Callable[[], None] | None = None

    @property
    def password(self) -> str | None:
        return self.settings.web_password if self.writable else None


class Refused(Exception):
    """A write refused: status and reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def _status(exc: MonitorError) -> int:
    return 404 if isinstance(exc, NotFound) else 400


def create_app(config: WebConfig) -> FastAPI:
    app = FastAPI(
        title="monitor",
        version="1",
        description="The monitor's JSON API: what it believes and the actions a user takes.",
        openapi_url=f"{API}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["urlpart"] = lambda s: quote(str(s), safe="")
    env.filters["when"] = present.when
    app.add_middleware(
        SessionMiddleware,
        secret_key=secrets.token_urlsafe(32),  # sessions end with the process
        session_cookie="monitor_session",
        same_site="strict",
        max_age=12 * 3600,
    )

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in security.HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @contextmanager
    def store() -> Iterator[Store]:
        opened = Store.open(config.settings.db, migrate=config.writable)
        try:
            yield opened
        finally:
            opened.close()

    async def read(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            with store() as s:
                return fn(s, *args, **kwargs)

        return await run_in_threadpool(run)

    def watchlists() -> Sequence[Watchlist]:
        return config.watchlists()

    # -- pages ---------------------------------------------------------------------------
    def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
        session = request.session
        if "csrf" not in session:
            session["csrf"] = security.new_token()
        html = env.get_template(template).render(
            request_path=request.url.path,
            signed_in=bool(session.get("auth")),
            writable=config.writable,
            has_password=bool(config.password),
            csrf=session["csrf"],
            notice=request.query_params.get("notice", ""),
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def error_page(request: Request, status: int, reason: str) -> Response:
        return page(request, "error.html", status=status, reason=reason)

    async def form_writer(request: Request) -> dict[str, str]:
        """The form of a page's write action, after the checks: writable, signed in, CSRF."""
        form = {k: str(v) for k, v in (await request.form()).items()}
        if not config.password:
            raise Refused(403, "read-only: set MONITOR_WEB_PASSWORD to make changes")
        if not request.session.get("auth"):
            raise Refused(401, "sign in first")
        if not security.token_ok(form.get("csrf"), request.session.get("csrf")):
            raise Refused(403, "the form's CSRF token is missing or wrong: reload the page")
        return form

    def back(path: str, notice: str) -> Response:
        return RedirectResponse(f"{path}?notice={quote(notice)}", status_code=303)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        if request.url.path.startswith(API):
            headers = {"WWW-Authenticate": 'Basic realm="monitor"'} if exc.status == 401 else {}
            return JSONResponse({"error": str(exc)}, status_code=exc.status, headers=headers)
        return error_page(request, exc.status, str(exc))

    @app.exception_handler(MonitorError)
    async def failed(request: Request, exc: MonitorError) -> Response:
        if request.url.path.startswith(API):
            return JSONResponse({"error": str(exc)}, status_code=_status(exc))
        return error_page(request, _status(exc), str(exc))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def overview_page(request: Request) -> Response:
        return page(request, "overview.html", data=await read(data.overview, watchlists()))

    @app.get("/facts/{watchlist}/{fact}", response_class=HTMLResponse, include_in_schema=False)
    async def fact_page(request: Request, watchlist: str, fact: str) -> Response:
        detail = await read(data.fact_detail, watchlists(), watchlist, fact)
        return page(request, "fact.html", fact=detail)

    @app.post("/facts/{watchlist}/{fact}/accept", include_in_schema=False)
    async def accept_form(request: Request, watchlist: str, fact: str) -> Response:
        form = await form_writer(request)
        _, stored = await read(_accept, watchlists(), watchlist, fact, form.get("value", ""))
        return back(f"/facts/{quote(watchlist)}/{quote(fact)}", f"baseline is now {stored}")

    @app.post("/observations/{observation_id}/feedback", include_in_schema=False)
    async def observation_form(request: Request, observation_id: int) -> Response:
        form = await form_writer(request)
        row = await read(
            _judge, form.get("verdict", ""), form.get("reason", ""), None, observation_id
        )
        return back(f"/facts/{quote(row['watchlist'])}/{quote(row['fact'])}", "feedback saved")

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    async def alerts_page(request: Request, offset: int = 0) -> Response:
        rows = await read(data.alerts, 50, max(0, offset))
        return page(request, "alerts.html", alerts=rows, offset=max(0, offset))

    @app.get("/alerts/{alert_id}", response_class=HTMLResponse, include_in_schema=False)
    async def alert_page(request: Request, alert_id: str) -> Response:
        return page(request, "alert.html", alert=await read(data.alert_detail, alert_id))

    @app.post("/alerts/{alert_id}/feedback", include_in_schema=False)
    async def alert_form(request: Request, alert_id: str) -> Response:
        form = await form_writer(request)
        await read(_judge, form.get("verdict", ""), form.get("reason", ""), alert_id, None)
        return back(f"/alerts/{quote(alert_id)}", "feedback saved")

    @app.post("/alerts/{alert_id}/retry", include_in_schema=False)
    async def retry_form(request: Request, alert_id: str) -> Response:
        await form_writer(request)
        count = await read(_retry, alert_id)
        return back(f"/alerts/{quote(alert_id)}", f"{count} delivery(ies) due now")

    @app.get("/feeds", response_class=HTMLResponse, include_in_schema=False)
    async def feeds_page(
        request: Request, sort: str = "errors", q: str = "", state: str = ""
    ) -> Response:
        rows = await read(data.feeds, watchlists(), sort, q, state)
        return page(request, "feeds.html", feeds=rows, sort=sort, q=q, state=state)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(request: Request, q: str = "") -> Response:
        return page(request, "search.html", q=q, results=await read(data.search, q))

    @app.get("/watchlists", response_class=HTMLResponse, include_in_schema=False)
    async def watchlists_page(request: Request) -> Response:
        s = config.settings
        files = await run_in_threadpool(data.watchlist_files, s.watchlists, s.poll_interval)
        return page(request, "watchlists.html", files=files, directory=str(s.watchlists))

    @app.get("/quality", response_class=HTMLResponse, include_in_schema=False)
    async def quality_page(request: Request) -> Response:
        return page(request, "quality.html", report=await read(data.quality))

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_page(request: Request) -> Response:
        return page(request, "login.html")

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if not config.password:
            raise Refused(403, "read-only: no MONITOR_WEB_PASSWORD is set")
        if not security.token_ok(form.get("csrf"), request.session.get("csrf")):
            raise Refused(403, "the form's CSRF token is missing or wrong: reload the page")
        if not security.password_ok(form.get("password"), config.password):
            await asyncio.sleep(security.WRONG_PASSWORD_DELAY)
            log.warning("web: a sign-in was refused (wrong password)")
            return page(request, "login.html", status=401, failed=True)
        request.session.clear()
        request.session["auth"] = True
        request.session["csrf"] = security.new_token()  # a new token after signing in
        return back("/", "signed in")

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if security.token_ok(form.get("csrf"), request.session.get("csrf")):
            request.session.clear()
        return back("/", "signed out")

    # -- metrics -----------------------------------------------------------------------
    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint() -> Response:
        states = await read(views.pending_deliveries)
        for state in ("pending", "sent", "failed", "disabled"):
            metrics.DELIVERY_STATES.labels(state=state).set(states.get(state, 0))
        metrics.STORED_ARTICLES.set(await read(views.article_count))
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    # -- JSON API ----------------------------------------------------------------------
    async def api_writer(request: Request) -> dict[str, Any]:
        """The JSON body of an API write, after the checks: writable, password, JSON."""
        if not config.password:
            raise Refused(403, "read-only: set MONITOR_WEB_PASSWORD to make changes")
        given = security.basic_password(request.headers.get("authorization"))
        if given is None:
            raise Refused(401, "HTTP basic auth with the MONITOR_WEB_PASSWORD is required")
        if not security.password_ok(given, config.password):
            await asyncio.sleep(security.WRONG_PASSWORD_DELAY)
            log.warning("web: an API write was refused (wrong password)")
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

    @app.get(f"{API}/overview", summary="Every watchlist: facts, newest values, alerts, feeds")
    async def api_overview() -> Any:
        return await read(data.overview, watchlists())

    @app.get(f"{API}/facts", summary="Every fact as `monitor facts --json` gives it")
    async def api_facts() -> Any:
        return await read(facts_report, watchlists())

    @app.get(f"{API}/facts/{{watchlist}}/{{fact}}", summary="One fact: values, observations")
    async def api_fact(watchlist: str, fact: str) -> Any:
        detail = await read(data.fact_detail, watchlists(), watchlist, fact)
        detail.pop("plot")
        return detail

    @app.post(f"{API}/facts/{{watchlist}}/{{fact}}/accept", summary="Accept a value as baseline")
    async def api_accept(request: Request, watchlist: str, fact: str) -> Any:
        body = await api_writer(request)
        value = body.get("value")
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise Refused(400, 'give the value as {"value": "800000"}')
        name, stored = await read(_accept, watchlists(), watchlist, fact, str(value))
        return {"watchlist": name, "fact": fact, "baseline": stored}

    @app.get(f"{API}/alerts", summary="Alerts, newest first, with deliveries")
    async def api_alerts(limit: int = 50, offset: int = 0) -> Any:
        return await read(data.alerts, max(1, min(limit, 500)), max(0, offset))

    @app.get(f"{API}/alerts/{{alert_id}}", summary="One alert with every delivery attempt")
    async def api_alert(alert_id: str) -> Any:
        return await read(data.alert_detail, alert_id)

    @app.post(f"{API}/alerts/{{alert_id}}/feedback", summary="Judge an alert wrong or right")
    async def api_alert_feedback(request: Request, alert_id: str) -> Any:
        body = await api_writer(request)
        return await read(_judge, body.get("verdict"), body.get("reason", ""), alert_id, None)

    @app.post(f"{API}/alerts/{{alert_id}}/retry", summary="Deliver the alert again now")
    async def api_retry(request: Request, alert_id: str) -> Any:
        await api_writer(request)
        return {"alert": alert_id, "due_now": await read(_retry, alert_id)}

    @app.post(f"{API}/observations/{{observation_id}}/feedback", summary="Judge an observation")
    async def api_observation_feedback(request: Request, observation_id: int) -> Any:
        body = await api_writer(request)
        return await read(_judge, body.get("verdict"), body.get("reason", ""), None, observation_id)

    @app.get(f"{API}/feeds", summary="Feeds: state, errors, next poll; sortable, filterable")
    async def api_feeds(sort: str = "errors", q: str = "", state: str = "") -> Any:
        return await read(data.feeds, watchlists(), sort, q, state)

    @app.get(f"{API}/search", summary="Full-text search; the words are taken literally")
    async def api_search(q: str, limit: int = 30) -> Any:
        return await read(data.search, q, max(1, min(limit, 200)))

    @app.get(f"{API}/watchlists", summary="Each watchlist file with its validation result")
    async def api_watchlists() -> Any:
        s = config.settings
        return await run_in_threadpool(data.watchlist_files, s.watchlists, s.poll_interval)

    @app.get(f"{API}/quality", summary="Alert precision as judged by users")
    async def api_quality() -> Any:
        return await read(data.quality)

    def _accept(
        s: Store, wls: Sequence[Watchlist], watchlist: str, fact: str, value: str
    ) -> tuple[str, str]:
        data.spec_of(wls, watchlist, fact)  # NotFound names what is unknown
        if not value.strip():
            raise InputError("give a value to accept")
        return accept(s, wls, fact, value.strip(), watchlist)

    def _judge(
        s: Store, verdict: Any, reason: Any, alert_id: str | None, observation_id: int | None
    ) -> dict[str, Any]:
        if not isinstance(reason, str):
            raise InputError("reason must be text")
        return views.add_feedback(
            s,
            verdict=str(verdict),
            reason=reason,
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            alert_id=alert_id,
            observation_id=observation_id,
        )

    def _retry(s: Store, alert_id: str) -> int:
        count = views.retry_now(s, alert_id, datetime.now(UTC).isoformat(timespec="seconds"))
        if count and config.deliver_now is not None:
            config.deliver_now()
        return count

    return app
