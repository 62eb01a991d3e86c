"""``ETag`` on every read of one aggregate: the version a change's ``If-Match`` sends back.

An aggregate's representation carries its stream version (``"version": 3``); a ``GET`` of one
resource (a route with path parameters) answered 200 with such a JSON object gets
``ETag: "3"``, unless the route set one itself. A change sent with ``If-Match: "3"`` is
refused with 412 once the aggregate has moved on (``shared.errors.ConcurrencyConflict``).
Lists, CSV exports and streamed answers are left alone.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_JSON = b"application/json"


class ETagMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                present = dict(message.get("headers", ()))
                candidate = (
                    message["status"] == 200
                    and present.get(b"content-type", b"").startswith(_JSON)
                    and b"etag" not in present
                    and bool(scope.get("path_params"))  # one resource, after routing
                )
                if not candidate:
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers: list[tuple[bytes, bytes]] = list(start.get("headers", ()))
            version = _version(body)
            if version is not None:
                headers.append((b"etag", f'"{version}"'.encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)


def _version(body: bytes) -> int | None:
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        return None
    if isinstance(parsed, dict):
        version = parsed.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version >= 0:
            return version
    return None
