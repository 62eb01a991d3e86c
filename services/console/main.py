"""The console's app factory: public pages, the Secretariat's pages, the auditor's page, the
live plenary board, and the five services' APIs forwarded under ``/api/<service>/``."""

from __future__ import annotations

import inspect
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.console.api import auditor, messages, pages, proxy, secretariat
from services.console.settings import ConsoleSettings
from services.console.web import HERE, UpstreamProblem, render
from shared.api.correlation import CorrelationIdMiddleware
from shared.api.limits import RequestLimitsMiddleware, request_limits
from shared.api.problems import install_problem_handlers
from shared.errors import KelisimError
from shared.i18n import register_messages
from shared.logging import configure_logging, get_logger

_log = get_logger("kelisim.console")

SESSION_COOKIE = "kelisim_console"


class SecurityHeaders:
    """Headers every page carries: no sniffing, no framing, scripts and styles from this
    origin only (the pages have no inline script), forms posted here or to the identity
    provider."""

    def __init__(self, app: ASGIApp, form_action: str) -> None:
        self.app = app
        policy = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; form-action 'self'"
        )
        if form_action:
            policy += f" {form_action}"
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", policy.encode()),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(settings: ConsoleSettings | None = None) -> FastAPI:
    settings = settings or ConsoleSettings()
    configure_logging("console", settings.platform.log_level, settings.platform.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.upstream = proxy.upstream_client(settings)
        _log.info("console started", oidc=bool(settings.oidc_issuer))
        try:
            yield
        finally:
            await app.state.upstream.aclose()
            _log.info("console stopped")

    app = FastAPI(
        title="Kelisim — console",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    for catalogue in messages.CATALOGUES:
        register_messages(catalogue)
    app.state.settings = settings
    app.state.default_language = settings.platform.default_language
    app.state.oauth = secretariat.oauth_client(settings)
    install_problem_handlers(app)

    as_json = app.exception_handlers[KelisimError]

    @app.exception_handler(KelisimError)
    async def page_problem(request: Request, exc: KelisimError) -> Response:
        """A page's problem as a page (in the reader's language); the forwarded APIs and the
        proof fetch keep problem+json."""
        handled = as_json(request, exc)
        answer = await handled if inspect.isawaitable(handled) else handled
        if request.url.path.startswith(("/api/", "/audit/proof")):
            return answer
        problem = json.loads(bytes(answer.body))
        return render(request, "problem.html", status_code=exc.status, problem=problem)

    @app.exception_handler(UpstreamProblem)
    async def upstream_problem(request: Request, exc: UpstreamProblem) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(exc.problem, status_code=exc.answer_status)
        return render(request, "problem.html", status_code=exc.answer_status, problem=exc.problem)

    secret = (
        settings.session_secret.get_secret_value()
        if settings.session_secret is not None
        else secrets.token_urlsafe(48)
    )
    app.add_middleware(RequestLimitsMiddleware, limits=request_limits(settings))
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(CorrelationIdMiddleware)

    app.add_middleware(SecurityHeaders, form_action=settings.oidc_issuer)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": "console"}

    @app.get("/ready", include_in_schema=False)
    async def ready() -> dict[str, str]:
        return {"status": "ready", "service": "console"}

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(proxy.router)
    app.include_router(pages.router)
    app.include_router(auditor.router)
    app.include_router(secretariat.router)
    return app
