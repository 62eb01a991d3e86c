"""Request correlation: the id from (or given to) ``X-Correlation-ID``, bound for the work."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any, Final, TypeVar

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.context import CORRELATION_HEADER, bound_correlation, new_correlation_id
from shared.logging import get_logger

_SANE: Final = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_HEADER_KEY: Final = CORRELATION_HEADER.lower().encode("latin-1")

_access_log = get_logger("kelisim.access")
_access_level = logging.getLogger("kelisim.access")
"""The access logger's stdlib side: asked whether INFO is on before an access line is built
(structlog's ``filter_by_level`` would drop it after building the bound logger and its event)."""
_LOG_TEMPLATE: Final = "_kelisim_log_route_template"
E = TypeVar("E", bound=Callable[..., Any])


def log_route_template(endpoint: E) -> E:
    """Mark a route whose path carries a secret (a voter's receipt): its access line records
    the route's template (``/v1/polls/{poll_id}/ballots/{receipt}``), never the path called."""
    setattr(endpoint, _LOG_TEMPLATE, True)
    return endpoint


def _logged_path(scope: Scope) -> str:
    route = scope.get("route")
    if getattr(getattr(route, "endpoint", None), _LOG_TEMPLATE, False):
        return str(getattr(route, "path_format", "<secret>"))
    return str(scope["path"])


def _incoming(scope: Scope) -> str | None:
    for key, value in scope["headers"]:
        if key == _HEADER_KEY:
            text = value.decode("latin-1")
            return text if _SANE.fullmatch(text) else None
    return None


class CorrelationIdMiddleware:
    """Binds the request's correlation id, echoes it, and writes one access line per request.

    The id is also left in ``request.state.correlation_id`` for the problem handlers, which can
    run outside this middleware (unhandled exceptions).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = _incoming(scope) or new_correlation_id()
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        status = 500
        started = time.perf_counter()

        async def send_with_header(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[CORRELATION_HEADER] = correlation_id
            await send(message)

        with bound_correlation(correlation_id):
            # structlog's bound_contextvars, without its generator's context manager
            bound = structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
            try:
                await self.app(scope, receive, send_with_header)
            finally:
                if _access_level.isEnabledFor(logging.INFO):
                    _access_log.info(
                        "http_request",
                        method=scope["method"],
                        path=_logged_path(scope),
                        status=status,
                        duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    )
                structlog.contextvars.reset_contextvars(**bound)
