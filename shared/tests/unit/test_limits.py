"""Request limits (``shared.api.limits``): body size, body time, concurrency, characters
PostgreSQL cannot store in the URL or a JSON body; each answered as a localised problem."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel
from starlette.types import Message

from shared.api.correlation import CorrelationIdMiddleware
from shared.api.limits import RequestLimits, RequestLimitsMiddleware
from shared.api.problems import install_problem_handlers

PROBLEM_JSON = "application/problem+json"
LIMIT = 1000
UPLOAD_LIMIT = 5000


class _Note(BaseModel):
    text: str
    count: int = 0


def _app(limits: RequestLimits) -> tuple[FastAPI, dict[str, Any]]:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(RequestLimitsMiddleware, limits=limits)
    app.add_middleware(CorrelationIdMiddleware)
    seen: dict[str, Any] = {
        "notes": [],
        "holding": 0,
        "all_held": asyncio.Event(),
        "release": asyncio.Event(),
    }

    @app.post("/notes")
    async def note(body: _Note) -> _Note:
        seen["notes"].append(body)
        return body

    @app.post("/uploads", max_body_size=UPLOAD_LIMIT)
    async def upload(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    @app.get("/items/{code}")
    async def item(code: str, q: str | None = None) -> dict[str, Any]:
        return {"code": code, "q": q}

    @app.get("/hold")
    async def hold() -> dict[str, str]:
        seen["holding"] += 1
        if seen["holding"] == limits.max_concurrent_requests:
            seen["all_held"].set()
        await seen["release"].wait()
        return {"status": "released"}

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app, seen


LIMITS = RequestLimits(max_body_bytes=LIMIT, body_timeout_seconds=30, max_concurrent_requests=2)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app, _ = _app(LIMITS)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["correlation_id"] == response.headers["x-correlation-id"]
    return body


async def _call(
    app: FastAPI, method: str, path: str, headers: list[tuple[bytes, bytes]], chunks: list[Any]
) -> tuple[int, dict[str, str], bytes, int]:
    """One request straight through ASGI; each item of ``chunks`` is bytes sent as a body
    part, or an Event awaited first (a client that stops sending). The status, headers, body
    and how many times the app asked for the body."""
    pending = list(chunks)
    asked = 0

    async def receive() -> Message:
        nonlocal asked
        asked += 1
        while pending and isinstance(pending[0], asyncio.Event):
            await pending.pop(0).wait()
        if not pending:
            await asyncio.Event().wait()  # the client never sends the rest
        part = pending.pop(0)
        return {"type": "http.request", "body": part, "more_body": bool(pending)}

    start: dict[str, Any] = {}
    body = bytearray()

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    await asyncio.wait_for(app(scope, receive, send), 30)
    response_headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], response_headers, bytes(body), asked


async def test_a_declared_length_beyond_the_limit_is_refused_before_the_body_is_read() -> None:
    app, seen = _app(LIMITS)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(LIMIT + 1).encode()),
        (b"accept-language", b"ru"),
    ]
    status, response_headers, body, asked = await _call(app, "POST", "/notes", headers, [])
    assert (status, asked) == (413, 0)
    assert response_headers["content-type"].startswith(PROBLEM_JSON)
    assert response_headers["connection"] == "close"
    problem = json.loads(body)
    assert problem["code"] == "request_body_too_large"
    assert problem["detail"] == f"Тело запроса превышает {LIMIT} байт."
    assert seen["notes"] == []


async def test_a_body_sent_without_a_length_is_counted_and_refused_past_the_limit(
    client: httpx.AsyncClient,
) -> None:
    async def parts() -> AsyncIterator[bytes]:
        yield b'{"text": "'
        yield b"x" * LIMIT
        yield b'"}'

    response = await client.post(
        "/notes", content=parts(), headers={"content-type": "application/json"}
    )
    assert _problem(response, 413, "request_body_too_large")["detail"].endswith(
        f"{LIMIT} байттан асады."
    )


async def test_a_route_may_take_a_larger_body_than_the_app(client: httpx.AsyncClient) -> None:
    response = await client.post("/uploads", content=b"a" * (UPLOAD_LIMIT - 1))
    assert response.json() == {"bytes": UPLOAD_LIMIT - 1}
    response = await client.post(
        "/uploads", content=b"a" * (UPLOAD_LIMIT + 1), headers={"accept-language": "en"}
    )
    assert _problem(response, 413, "request_body_too_large")["detail"] == (
        f"The request body is larger than {UPLOAD_LIMIT} bytes."
    )


async def test_a_body_that_does_not_arrive_in_time_is_answered_408() -> None:
    app, seen = _app(
        RequestLimits(max_body_bytes=LIMIT, body_timeout_seconds=0.2, max_concurrent_requests=2)
    )
    headers = [(b"content-type", b"application/json"), (b"content-length", b"20")]
    never = asyncio.Event()
    status, response_headers, body, _ = await _call(
        app, "POST", "/notes", headers, [b'{"text": ', never]
    )
    assert status == 408
    assert response_headers["connection"] == "close"
    assert json.loads(body)["code"] == "request_timeout"
    assert seen["notes"] == []


async def test_requests_beyond_the_concurrency_limit_are_answered_503_at_once() -> None:
    app, seen = _app(LIMITS)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        held = [asyncio.create_task(client.get("/hold")) for _ in range(2)]
        await asyncio.wait_for(seen["all_held"].wait(), 10)
        refused = await client.get("/items/a", headers={"accept-language": "kk"})
        problem = _problem(refused, 503, "overloaded")
        assert refused.headers["retry-after"] == "1"
        assert problem["title"] == "Қызмет шамадан тыс жүктелген"
        assert (await client.get("/health")).status_code == 200  # probes are never refused
        seen["release"].set()
        assert [(await task).status_code for task in held] == [200, 200]
        assert (await client.get("/items/a")).status_code == 200


async def test_a_nul_in_the_query_or_the_path_is_refused_with_its_location(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/items/a?q=x%00y", headers={"accept-language": "ru"})
    problem = _problem(response, 422, "validation_failed")
    assert problem["errors"] == [
        {
            "location": "query.q",
            "type": "string_unstorable",
            "message": (
                "Текст содержит символ, который невозможно сохранить (NUL или одиночный суррогат)"
            ),
        }
    ]
    response = await client.get("/items/a%00b")
    assert _problem(response, 422, "validation_failed")["errors"][0]["location"] == "path"
    assert (await client.get("/items/a?q=x%01y")).json() == {"code": "a", "q": "x\x01y"}


async def test_a_json_body_is_checked_before_the_route_and_handed_on_unchanged() -> None:
    app, seen = _app(LIMITS)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        refused = await c.post(
            "/notes",
            content=b'{"text": "a\\u0000b", "count": 9007199254740993}',
            headers={"content-type": "application/json", "accept-language": "en"},
        )
        problem = _problem(refused, 422, "validation_failed")
        assert [(e["location"], e["type"]) for e in problem["errors"]] == [
            ("body.text", "string_unstorable"),
            ("body.count", "int_unsafe"),
        ]
        assert problem["errors"][1]["message"] == (
            "The number must be between -9007199254740991 and 9007199254740991"
        )
        text = await c.post("/notes", json={"text": "a\x00b"})
        assert _problem(text, 422, "validation_failed")["errors"][0]["location"] == "body.text"
        assert seen["notes"] == []
        accepted = await c.post("/notes", json={"text": "Қазақ 😀", "count": 9007199254740991})
        assert accepted.json() == {"text": "Қазақ 😀", "count": 9007199254740991}
