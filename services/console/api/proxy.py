"""``/api/<service>/...``: the five services' APIs at the console's origin.

The browser talks to one origin. A request is forwarded as it came (method, path, query, body)
with the headers the APIs read (``Authorization``, ``Accept``, ``Accept-Language``,
``Content-Type``, ``Idempotency-Key``, ``If-Match``, ``X-Correlation-ID``, ``Last-Event-ID``),
and the answer is streamed back as it arrives, so a server-sent event stream (the live plenary
board) passes through unbuffered. Bodies are bounded by the console's request limits
(``shared.api.limits``); each forwarded request has a connect and an answer timeout, and a
stream that sends nothing (not even a heartbeat) for ``stream_idle_seconds`` is closed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Final

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from services.console.settings import UPSTREAMS, ConsoleSettings
from shared.api.streams import is_shutting_down
from shared.errors import NotFound, ServiceUnavailable
from shared.logging import get_logger

_log = get_logger("kelisim.console.proxy")

REQUEST_HEADERS: Final = (
    "authorization",
    "accept",
    "accept-language",
    "content-type",
    "idempotency-key",
    "if-match",
    "if-none-match",
    "x-correlation-id",
    "last-event-id",
)
RESPONSE_HEADERS: Final = (
    "content-type",
    "content-language",
    "content-disposition",
    "cache-control",
    "etag",
    "location",
    "retry-after",
    "idempotent-replayed",
    "x-correlation-id",
    "www-authenticate",
)
METHODS: Final = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


def upstream_client(settings: ConsoleSettings) -> httpx.AsyncClient:
    """The one client the console reaches the services with (pooled, bounded, no proxies
    from the environment)."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(
            settings.upstream_timeout_seconds, connect=settings.upstream_connect_timeout_seconds
        ),
        limits=httpx.Limits(
            max_connections=settings.upstream_max_connections, max_keepalive_connections=20
        ),
        trust_env=False,
        follow_redirects=False,
    )


def _timeout(settings: ConsoleSettings, streaming: bool) -> httpx.Timeout:
    read = settings.stream_idle_seconds if streaming else settings.upstream_timeout_seconds
    return httpx.Timeout(
        settings.upstream_timeout_seconds,
        connect=settings.upstream_connect_timeout_seconds,
        read=read,
    )


router = APIRouter(include_in_schema=False)


@router.api_route("/api/{service}/{path:path}", methods=METHODS)
async def forward(service: str, path: str, request: Request) -> StreamingResponse:
    settings: ConsoleSettings = request.app.state.settings
    if service not in UPSTREAMS:
        raise NotFound(reason="console_unknown_service", service=service)
    client: httpx.AsyncClient = request.app.state.upstream
    headers = {k: v for k, v in request.headers.items() if k.lower() in REQUEST_HEADERS}
    streaming = "text/event-stream" in request.headers.get("accept", "")
    body = await request.body()
    outgoing = client.build_request(
        request.method,
        f"{settings.upstream(service)}/{path}",
        params=request.url.query,
        headers=headers,
        content=body if body else None,
        timeout=_timeout(settings, streaming),
    )
    try:
        answer = await client.send(outgoing, stream=True)
    except httpx.HTTPError as exc:
        _log.warning("upstream unreachable", service=service, error=type(exc).__name__)
        raise ServiceUnavailable(reason="console_upstream_unreachable", service=service) from exc
    passed = {k: v for k, v in answer.headers.items() if k.lower() in RESPONSE_HEADERS}
    if streaming:
        passed["X-Accel-Buffering"] = "no"
    return StreamingResponse(
        _relay(answer, service),
        status_code=answer.status_code,
        headers=passed,
        background=BackgroundTask(answer.aclose),
    )


async def _relay(answer: httpx.Response, service: str) -> AsyncIterator[bytes]:
    try:
        async for chunk in answer.aiter_bytes():
            yield chunk
            if is_shutting_down():
                # A stream (the live board) ends with the console; the browser reconnects.
                return
    except httpx.HTTPError as exc:
        # The answer has begun: all that is left is to end it.
        _log.info("forwarded stream ended", service=service, reason=type(exc).__name__)
