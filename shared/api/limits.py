"""Limits on what one request may take from a service process, answered as problems.

``RequestLimitsMiddleware`` sits inside the correlation and metrics middleware, so a refusal
has its correlation id, its access line and its count:

- **concurrency**: at most ``max_concurrent_requests`` requests in progress in the process;
  one more is answered 503 with ``Retry-After`` at once (``/health`` and ``/metrics`` are
  never refused, so probes and scrapes see an overloaded process as alive);
- **characters PostgreSQL cannot store** in the path or the query (a NUL, ``%00``): 422;
- **body size**: a ``Content-Length`` beyond the limit (``max_body_bytes``, or a route's own
  ``max_body_size=``) is answered 413 before a byte of the body is read; a body sent without
  a length is counted as it arrives and refused (413) when it passes the limit;
- **body time**: the whole body must arrive within ``body_timeout_seconds`` of the request's
  start, or the request is answered 408 (a client sending one byte now and then cannot hold
  a request open);
- **JSON bodies** are read whole (within those limits) and checked by ``shared.api.body``
  before the route parses them: 422 for a value no event may hold.

Timeouts before a request's head is complete belong to the server (``shared.api.server``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl

from fastapi.routing import iter_route_contexts
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.requests import Request
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.api.body import BodyRefused, check_json_body
from shared.api.problems import Refusal, refusal_response
from shared.bounds import printable, unstorable_character
from shared.logging import get_logger
from shared.settings import ServiceSettings

UNLIMITED_PATHS: Final = frozenset({"/health", "/metrics"})
_CLOSE: Final = {"Connection": "close"}

_log = get_logger("kelisim.limits")


@dataclass(frozen=True)
class RequestLimits:
    max_body_bytes: int
    """The body limit of every route that sets none of its own (FastAPI's ``max_body_size=``:
    not set on the app, whose limiter would answer in plain text)."""
    body_timeout_seconds: float
    max_concurrent_requests: int
    retry_after_seconds: int = 1


def request_limits(settings: ServiceSettings) -> RequestLimits:
    return RequestLimits(
        max_body_bytes=settings.http_max_body_bytes,
        body_timeout_seconds=settings.http_body_timeout_seconds,
        max_concurrent_requests=settings.http_max_concurrent_requests,
    )


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp, limits: RequestLimits) -> None:
        self.app = app
        self.limits = limits
        self.in_progress = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        if self.in_progress >= self.limits.max_concurrent_requests:
            _log.warning("request refused: too many in progress", in_progress=self.in_progress)
            refusal = Refusal(
                503,
                "overloaded",
                headers={"Retry-After": str(self.limits.retry_after_seconds)},
            )
            await _answer(scope, receive, send, refusal)
            return
        self.in_progress += 1
        try:
            await self._limited(scope, receive, send)
        finally:
            self.in_progress -= 1

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = _unstorable_in_url(scope) or self._too_large(scope)
        if refusal is not None:
            await _answer(scope, receive, send, refusal)
            return
        deadline = asyncio.get_running_loop().time() + self.limits.body_timeout_seconds
        body = _BodyReader(scope, receive, deadline, self.limits.max_body_bytes)
        started = False

        async def send_started(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, body.receive, send_started)
        except Refusal as refused:
            # Raised while something outside a route's exception handling read the body.
            if started:
                raise
            await _answer(scope, receive, send, refused)

    def _too_large(self, scope: Scope) -> Refusal | None:
        length = _content_length(scope)
        if length is None or length <= self.limits.max_body_bytes:
            return None
        limit = _route_limit(scope, self.limits.max_body_bytes)
        if length <= limit:
            return None
        return Refusal(413, "request_body_too_large", {"limit": limit}, headers=_CLOSE)


class _BodyReader:
    """The request's ``receive`` under the body's deadline and size limit (the route's own,
    which FastAPI leaves in the scope once the request reached the route, or the app's); a
    JSON body is read whole, checked and handed on as one message."""

    def __init__(self, scope: Scope, receive: Receive, deadline: float, limit: int) -> None:
        self._scope = scope
        self._receive = receive
        self._deadline = deadline
        self._default_limit = limit
        self._json = _is_json(scope)
        self._received = 0
        self._complete = False

    async def receive(self) -> Message:
        if self._complete:
            return await self._receive()
        if not self._json:
            message = await self._next()
            self._complete = not message.get("more_body", False)
            return message
        chunks: list[bytes] = []
        while True:
            message = await self._next()
            if message["type"] != "http.request":
                return message
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        self._complete = True
        body = b"".join(chunks)
        if body:
            try:
                check_json_body(body)
            except BodyRefused as refused:
                raise Refusal(422, "validation_failed", errors=refused.errors) from None
        return {"type": "http.request", "body": body, "more_body": False}

    async def _next(self) -> Message:
        try:
            async with asyncio.timeout_at(self._deadline):
                message = await self._receive()
        except TimeoutError:
            raise Refusal(408, "request_timeout", headers=_CLOSE) from None
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            limit = self._limit()
            if self._received > limit:
                raise Refusal(413, "request_body_too_large", {"limit": limit}, headers=_CLOSE)
        return message

    def _limit(self) -> int:
        own = self._scope.get(MAX_BODY_SIZE_SCOPE_KEY)
        return own if isinstance(own, int) else self._default_limit


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def _is_json(scope: Scope) -> bool:
    """A body FastAPI would parse as JSON: ``application/json``, ``application/*+json``, or
    no content type at all."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            media: bytes = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or (
                media.startswith(b"application/") and media.endswith(b"+json")
            )
    return True


def _route_limit(scope: Scope, default: int) -> int:
    """The body limit of the route the request will reach (only looked up for a body larger
    than the app's limit: a route may allow more)."""
    app = scope.get("app")
    for route in iter_route_contexts(getattr(getattr(app, "router", None), "routes", [])):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            own = getattr(route, "max_body_size", None)
            return own if isinstance(own, int) else default
    return default


def _unstorable_in_url(scope: Scope) -> Refusal | None:
    """A 422 for a path or a query holding a NUL (``%00``); undecodable bytes were already
    replaced when they were decoded, so a NUL is the one character left to refuse."""
    locations: list[tuple[str, ...]] = []
    if unstorable_character(scope["path"]) is not None:
        locations.append(("path",))
    query: bytes = scope.get("query_string", b"")
    if b"%00" in query or b"\x00" in query:
        for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
            if unstorable_character(name + value) is not None:
                locations.append(("query", printable(name)))
    if not locations:
        return None
    errors = [{"type": "string_unstorable", "loc": where, "ctx": {}} for where in locations]
    return Refusal(422, "validation_failed", errors=errors)


async def _answer(scope: Scope, receive: Receive, send: Send, refusal: Refusal) -> None:
    response = refusal_response(Request(scope, receive), refusal)
    await response(scope, receive, send)
