"""HTTP metrics of every service, registered once per process in the default registry, and the
``GET /metrics`` route serving every metric of the process (``shared.metrics`` holds the rest).

HTTP metrics are labelled by the route template (``/members/{member_id}``), never the raw path.
"""

from __future__ import annotations

import time
from typing import Final

from fastapi import FastAPI
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import shared.metrics  # noqa: F401  (GET /metrics serves the platform's metrics too)

UNMATCHED_ROUTE: Final = "<unmatched>"
_METHODS: Final = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

HTTP_REQUESTS = Counter(
    "kelisim_http_requests_total",
    "HTTP requests served.",
    ["service", "method", "route", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "kelisim_http_request_duration_seconds",
    "Time to serve an HTTP request.",
    ["service", "method", "route", "status"],
)


def _route_template(scope: Scope, root_path: str) -> str:
    route = scope.get("route")
    if not isinstance(route, BaseRoute):
        return UNMATCHED_ROUTE
    template = getattr(route, "path_format", None)
    if not isinstance(template, str):
        return UNMATCHED_ROUTE
    # Below a Mount, the route's template is relative to the mount's path.
    mount_prefix = str(scope.get("root_path", ""))[len(root_path) :]
    return mount_prefix + template


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service
        # Each label set's counter and histogram, looked up once (``labels()`` takes the
        # metric's lock and builds its key on every call); bounded by the routes, methods and
        # statuses the service answers, as the metrics' own children are.
        self._children: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        root_path = str(scope.get("root_path", ""))
        status = 500
        started = time.perf_counter()

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            key = (method, _route_template(scope, root_path), str(status))
            children = self._children.get(key)
            if children is None:
                labels = (self.service, *key)
                children = HTTP_REQUESTS.labels(*labels), HTTP_REQUEST_DURATION.labels(*labels)
                self._children[key] = children
            children[0].inc()
            children[1].observe(time.perf_counter() - started)


async def _metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def install_metrics(app: FastAPI, service: str, *, route: bool = True) -> None:
    """Record HTTP metrics of ``app``; with ``route``, serve every metric at ``GET /metrics``."""
    app.add_middleware(MetricsMiddleware, service=service)
    if route:
        app.add_api_route("/metrics", _metrics, methods=["GET"], include_in_schema=False)
