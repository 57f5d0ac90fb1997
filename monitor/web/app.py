"""The web interface (FastAPI, Jinja2 templates, no script): pages to see what the monitor
believes and, with MONITOR_WEB_PASSWORD, to accept a value, judge an alert or an
observation, and retry a delivery; the JSON API and /metrics come from `api.py`. Served by
`monitor run` and `monitor web`."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from monitor.errors import MonitorError
from monitor.web import api, data, present, security
from monitor.web.actions import Actions, Refused, WebConfig, status_of

__all__ = ["WebConfig", "create_app"]

HERE = Path(__file__).parent


def create_app(config: WebConfig) -> FastAPI:
    app = FastAPI(
        title="monitor",
        version="1",
        description="The monitor's JSON API: what it believes and the actions a user takes.",
        openapi_url=f"{api.API}/openapi.json",
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

    actions = Actions(config)
    read, watchlists = actions.read, actions.watchlists

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
        actions.check_writable()
        if not request.session.get("auth"):
            raise Refused(401, "sign in first")
        if not security.token_ok(form.get("csrf"), request.session.get("csrf")):
            raise Refused(403, "the form's CSRF token is missing or wrong: reload the page")
        return form

    def back(path: str, notice: str) -> Response:
        return RedirectResponse(f"{path}?notice={quote(notice)}", status_code=303)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        if request.url.path.startswith(api.API):
            headers = {"WWW-Authenticate": 'Basic realm="monitor"'} if exc.status == 401 else {}
            return JSONResponse({"error": str(exc)}, status_code=exc.status, headers=headers)
        return error_page(request, exc.status, str(exc))

    @app.exception_handler(MonitorError)
    async def failed(request: Request, exc: MonitorError) -> Response:
        if request.url.path.startswith(api.API):
            return JSONResponse({"error": str(exc)}, status_code=status_of(exc))
        return error_page(request, status_of(exc), str(exc))

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
        _, stored = await actions.accept(watchlist, fact, form.get("value", ""))
        return back(f"/facts/{quote(watchlist)}/{quote(fact)}", f"baseline is now {stored}")

    @app.post("/observations/{observation_id}/feedback", include_in_schema=False)
    async def observation_form(request: Request, observation_id: int) -> Response:
        form = await form_writer(request)
        row = await actions.judge(
            form.get("verdict", ""), form.get("reason", ""), None, observation_id
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
        await actions.judge(form.get("verdict", ""), form.get("reason", ""), alert_id, None)
        return back(f"/alerts/{quote(alert_id)}", "feedback saved")

    @app.post("/alerts/{alert_id}/retry", include_in_schema=False)
    async def retry_form(request: Request, alert_id: str) -> Response:
        await form_writer(request)
        count = await actions.retry(alert_id)
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
        actions.check_writable()
        if not security.token_ok(form.get("csrf"), request.session.get("csrf")):
            raise Refused(403, "the form's CSRF token is missing or wrong: reload the page")
        if not security.password_ok(form.get("password"), config.password):
            await security.wrong_password("a sign-in")
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

    app.include_router(api.routes(actions))
    return app
