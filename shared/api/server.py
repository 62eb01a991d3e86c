"""Serve one service with uvicorn under the connection limits of its settings.

    python -m shared.api.server services.membership.main:create_app [--host 0.0.0.0]
        [--port 8001] [--timeout-graceful-shutdown 20] [--workers N]

(the service's name, ``membership``, will do too).

The app limits each request once it has arrived (``shared.api.limits``); what happens before,
on the connection, is the server's:

- a request's line and headers must arrive within ``http_head_timeout_seconds`` of the
  connection's start, or of the first byte after an answer on a kept-alive connection, or the
  connection is closed (uvicorn has no such limit: a client sending one header line now and
  then, or the rest of a body no route reads, would hold the connection for ever);
- a kept-alive connection left idle is closed after ``http_keep_alive_seconds``;
- a request's line and headers together may not exceed ``http_max_head_bytes`` (answered 431;
  httptools itself sets no limit).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors import Multiprocess

from shared.api.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE
from shared.api.streams import begin_shutdown
from shared.context import new_correlation_id
from shared.i18n import negotiate_language, translate
from shared.logging import get_logger
from shared.runtime.catalog import CONSOLE, SERVICES, ServiceSpec, get_service
from shared.settings import ServiceSettings

_log = get_logger("kelisim.server")


class ServerConfig(uvicorn.Config):
    """uvicorn's configuration with the limits on a request's head the protocol reads."""

    def __init__(
        self, app: Any, *, head_timeout: float, head_max_bytes: int, **options: Any
    ) -> None:
        super().__init__(app, **options)
        self.head_timeout = head_timeout
        self.head_max_bytes = head_max_bytes


class RequestHeadProtocol(HttpToolsProtocol):
    """httptools' protocol with limits on a request's head (its line and headers).

    The head must arrive within ``head_timeout``, counted from the connection's start and, on a
    kept-alive connection, from the first byte after an answer (the idle time before it is
    uvicorn's keep-alive timeout): else the connection is closed. It may not exceed
    ``head_max_bytes`` (httptools itself sets no limit): else 431 and the connection closed.
    """

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self._head_timeout: float | None = getattr(config, "head_timeout", None)
        self._head_max_bytes: int | None = getattr(config, "head_max_bytes", None)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        answered = self.cycle is None or self.cycle.response_complete
        if answered and self._head_timer is None:
            self._arm()  # the next request's head, or the rest of a body no route read
        super().data_received(data)
        if self._head_timer is not None and not self.transport.is_closing():
            self._head_bytes += len(data)  # a head still incomplete after these bytes
            if self._head_max_bytes is not None and self._head_bytes > self._head_max_bytes:
                self._refuse_head(self._head_max_bytes)

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_bytes = 0
        if self._head_timeout is not None:
            self._head_timer = self.loop.call_later(self._head_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            _log.info("connection closed: no request head in time", timeout=self._head_timeout)
            self.transport.close()

    def _refuse_head(self, limit: int) -> None:
        """431 as a problem, in the language of the headers read so far."""
        self._disarm()
        received = dict(self.headers or ())
        accept = received.get(b"accept-language", b"").decode("latin-1")
        lang = negotiate_language(accept)
        code = "request_head_too_large"
        problem = {
            "type": PROBLEM_TYPE_BASE + code,
            "title": translate(f"title.{code}", lang),
            "status": 431,
            "detail": translate(code, lang, limit=limit),
            "code": code,
            "correlation_id": new_correlation_id(),
        }
        body = json.dumps(problem, ensure_ascii=False).encode()
        head = (
            "HTTP/1.1 431 Request Header Fields Too Large\r\n"
            f"content-type: {PROBLEM_MEDIA_TYPE}\r\ncontent-language: {lang}\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        )
        _log.info("request refused: head too large", limit=limit)
        self.transport.write(head.encode("latin-1") + body)
        self.transport.close()


def server_config(
    factory: str | Callable[[], FastAPI],
    settings: ServiceSettings,
    *,
    host: str | None = None,
    port: int | None = None,
    workers: int = 1,
    timeout_graceful_shutdown: int | None = None,
) -> ServerConfig:
    """uvicorn's configuration for a service's app factory (an import string with more than
    one worker process) under its settings' limits."""
    return ServerConfig(
        factory,
        factory=True,
        workers=workers,
        host=host or settings.host,
        port=port if port is not None else settings.resolved_port(),
        http=RequestHeadProtocol,
        head_timeout=settings.http_head_timeout_seconds,
        head_max_bytes=settings.http_max_head_bytes,
        timeout_keep_alive=settings.http_keep_alive_seconds,
        timeout_graceful_shutdown=timeout_graceful_shutdown,
        access_log=False,  # the app writes one access line per request (CorrelationIdMiddleware)
    )


class Server(uvicorn.Server):
    """uvicorn's server that tells open streams (``shared.api.streams``) when its graceful
    shutdown begins, so they end rather than hold the process open."""

    async def shutdown(self, sockets: list[Any] | None = None) -> None:
        begin_shutdown()
        await super().shutdown(sockets)


def settings_class(spec: ServiceSpec) -> type[ServiceSettings]:
    """The service's settings class (``services.<name>.settings``)."""
    module = importlib.import_module(f"{spec.module}.settings")
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, ServiceSettings)
            and getattr(value, "service", None) == spec.name
        ):
            return value
    raise LookupError(f"{spec.module}.settings has no settings class for {spec.name}")


def service_of(app: str) -> ServiceSpec:
    """The service of an app factory (``services.membership.main:create_app``) or a name."""
    factories = {spec.app_factory: spec for spec in (*SERVICES, CONSOLE)}
    return factories.get(app) or get_service(app)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.api.server", description=__doc__)
    parser.add_argument("app", help="a service's app factory or name (membership)")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--timeout-graceful-shutdown", type=int)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "1")),
        help="processes serving the port (default: $WEB_CONCURRENCY, else 1)",
    )
    args = parser.parse_args(argv)
    spec = service_of(args.app)
    settings = settings_class(spec)()
    config = server_config(
        spec.app_factory,  # imported, and its settings read, in each worker process
        settings,
        host=args.host,
        port=args.port,
        workers=args.workers,
        timeout_graceful_shutdown=args.timeout_graceful_shutdown,
    )
    with background_worker(spec.app_factory, settings.background_in_worker):
        if config.workers > 1:
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        else:
            Server(config).run()


@contextlib.contextmanager
def background_worker(factory: str, wanted: bool) -> Iterator[None]:
    """With ``wanted``, the service's background work in a process of its own
    (``shared.api.worker``) for as long as the API serves; stopped with it."""
    if not wanted:
        yield
        return
    worker = subprocess.Popen(  # noqa: S603 - this interpreter, a fixed module
        [sys.executable, "-m", "shared.api.worker", factory]
    )
    try:
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


if __name__ == "__main__":
    main()
