"""The server's connection limits (``shared.api.server``): a real uvicorn on 127.0.0.1 closes a
connection whose request head does not arrive in time, and the app's limits answer a slow or
oversized body over the wire."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import pytest
import uvicorn
from fastapi import FastAPI, Request

from ops.runtime.embedded import free_port
from services.monitoring.settings import MonitoringSettings
from shared.api.correlation import CorrelationIdMiddleware
from shared.api.limits import RequestLimits, RequestLimitsMiddleware
from shared.api.problems import install_problem_handlers
from shared.api.server import (
    RequestHeadProtocol,
    ServerConfig,
    server_config,
    service_of,
    settings_class,
)
from shared.runtime.catalog import get_service

BOUND = 10.0
"""Seconds any wait here may take at most (a bound, not a measurement)."""


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    limits = RequestLimits(
        max_body_bytes=10_000, body_timeout_seconds=0.3, max_concurrent_requests=8
    )
    app.add_middleware(RequestLimitsMiddleware, limits=limits)
    app.add_middleware(CorrelationIdMiddleware)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    return app


@pytest.fixture
async def port() -> AsyncIterator[int]:
    chosen = free_port()
    config = ServerConfig(
        _app(),
        head_timeout=0.3,
        head_max_bytes=1000,
        host="127.0.0.1",
        port=chosen,
        http=RequestHeadProtocol,
        timeout_keep_alive=5,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(BOUND):
            while not server.started:  # noqa: ASYNC110 - uvicorn has a flag, no event
                await asyncio.sleep(0.02)
        yield chosen
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, BOUND)


async def _connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection("127.0.0.1", port)


async def _closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Everything the server sent until it closed the connection (within the bound)."""
    return await asyncio.wait_for(reader.read(), BOUND)


async def test_a_request_head_sent_too_slowly_loses_its_connection(port: int) -> None:
    reader, writer = await _connect(port)
    writer.write(b"GET /health HTTP/1.1\r\nHost: kelisim\r\n")  # and then nothing more
    await writer.drain()
    assert await _closed_by_server(reader) == b""
    writer.close()


async def test_a_connection_that_never_sends_a_request_is_closed(port: int) -> None:
    reader, writer = await _connect(port)
    assert await _closed_by_server(reader) == b""
    writer.close()


async def test_a_kept_alive_connection_waits_for_its_next_request_then_closes_when_idle(
    port: int,
) -> None:
    reader, writer = await _connect(port)
    request = b"GET /health HTTP/1.1\r\nHost: kelisim\r\n\r\n"
    writer.write(request)
    await writer.drain()
    assert (await reader.readuntil(b'{"status":"ok"}')).startswith(b"HTTP/1.1 200 OK\r\n")
    # Idle past the head timeout (0.3 s), within keep-alive (5 s): the connection still serves.
    await asyncio.sleep(0.6)
    writer.write(request)
    await writer.drain()
    answer = await _closed_by_server(reader)  # closed after keep-alive's 5 s
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer.endswith(b'{"status":"ok"}')
    writer.close()


async def test_the_rest_of_a_body_no_route_reads_cannot_hold_the_connection(port: int) -> None:
    reader, writer = await _connect(port)
    writer.write(b"GET /health HTTP/1.1\r\nHost: kelisim\r\nContent-Length: 100\r\n\r\nab")
    await writer.drain()
    assert (await reader.readuntil(b'{"status":"ok"}')).startswith(b"HTTP/1.1 200 OK\r\n")
    for _ in range(3):
        writer.write(b"c")  # one byte now and then: keep-alive restarts, the head timer runs
        await writer.drain()
        await asyncio.sleep(0.05)
    assert await _closed_by_server(reader) == b""
    writer.close()


async def test_a_body_sent_too_slowly_is_answered_408_and_the_connection_closed(
    port: int,
) -> None:
    reader, writer = await _connect(port)
    writer.write(b"POST /echo HTTP/1.1\r\nHost: kelisim\r\nContent-Length: 50\r\n\r\nab")
    await writer.drain()
    answer = await _closed_by_server(reader)
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert b"application/problem+json" in answer
    assert b'"code":"request_timeout"' in answer
    writer.close()


async def test_a_declared_length_beyond_the_limit_is_answered_413_without_the_body(
    port: int,
) -> None:
    reader, writer = await _connect(port)
    writer.write(b"POST /echo HTTP/1.1\r\nHost: kelisim\r\nContent-Length: 20000000\r\n\r\n")
    await writer.drain()
    answer = await _closed_by_server(reader)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b'"code":"request_body_too_large"' in answer
    writer.close()


async def test_a_request_head_too_large_is_answered_431_in_the_callers_language(
    port: int,
) -> None:
    reader, writer = await _connect(port)
    writer.write(b"GET /health HTTP/1.1\r\nHost: kelisim\r\nAccept-Language: ru\r\n")
    writer.write(b"X-Padding: " + b"a" * 1000)  # no end of the head yet
    await writer.drain()
    answer = await _closed_by_server(reader)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431 ")
    assert b"content-type: application/problem+json" in head
    problem = json.loads(body)
    assert (problem["status"], problem["code"]) == (431, "request_head_too_large")
    assert problem["detail"] == "Строка запроса и заголовки вместе не должны превышать 1000 байт."
    writer.close()


async def test_a_body_sent_with_its_head_does_not_count_as_head(port: int) -> None:
    reader, writer = await _connect(port)
    body = b"b" * 5000
    head = b"POST /echo HTTP/1.1\r\nHost: kelisim\r\nContent-Length: 5000\r\n\r\n"
    writer.write(head + body)
    await writer.drain()
    assert (await reader.readuntil(b'{"bytes":5000}')).startswith(b"HTTP/1.1 200 OK\r\n")
    writer.close()


def test_a_service_is_served_under_its_settings() -> None:
    monitoring = get_service("monitoring")
    assert service_of("services.monitoring.main:create_app") == service_of("monitoring")
    assert service_of("monitoring") == monitoring
    assert settings_class(monitoring) is MonitoringSettings
    settings = MonitoringSettings(
        http_head_timeout_seconds=7, http_max_head_bytes=999, http_keep_alive_seconds=3, port=8123
    )
    config = server_config(_app, settings, host="127.0.0.1")
    assert (config.head_timeout, config.head_max_bytes, config.timeout_keep_alive) == (7, 999, 3)
    assert (config.host, config.port, config.http) == ("127.0.0.1", 8123, RequestHeadProtocol)
