"""The ``next`` link of a paged list: a client is told there may be more rows.

A list paged by ``limit`` and ``offset`` whose page is full (as many items as ``limit``) is
answered with ``Link: <...?limit=N&offset=M>; rel="next"`` (RFC 8288), the other parameters
of the request kept; a shorter page is the last one and has no such link. So a client that
follows ``next`` reads every row, and none is dropped without its knowing.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_JSON = b"application/json"


def _paging(scope: Scope) -> tuple[int, int] | None:
    """The ``limit`` and ``offset`` of the request, if its route is paged by them."""
    route = scope.get("route")
    if not isinstance(route, APIRoute):
        return None
    params = {p.name: p for p in route.dependant.query_params}
    if "limit" not in params or "offset" not in params:
        return None
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    try:
        limit = int(query.get("limit", params["limit"].field_info.default))
        offset = int(query.get("offset", params["offset"].field_info.default or 0))
    except (TypeError, ValueError):
        return None
    return limit, offset


def _next_link(scope: Scope, limit: int, offset: int) -> str:
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    query.update({"limit": str(limit), "offset": str(offset + limit)})
    path = scope.get("root_path", "") + scope["path"]
    return f'<{path}?{urlencode(query)}>; rel="next"'


def _items(body: bytes) -> int | None:
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        return None
    return len(parsed) if isinstance(parsed, list) else None


class NextLinkMiddleware:
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
                if (
                    message["status"] == 200
                    and present.get(b"content-type", b"").startswith(_JSON)
                    and _paging(scope) is not None
                ):
                    start = message
                    return
                await send(message)
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers: list[tuple[bytes, bytes]] = list(start.get("headers", ()))
            paging = _paging(scope)
            count = _items(body)
            if paging is not None and count is not None and count >= paging[0] > 0:
                headers.append((b"link", _next_link(scope, *paging).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)
