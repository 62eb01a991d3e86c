"""The console forwards an API over a real HTTP hop: method, path, query and body as they
came, the headers the APIs read (and no others), the answer's status and headers, bodies
bounded, an unreachable service or an unknown one answered as problems in the caller's
language."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import pytest_asyncio

from ops.runtime.embedded import free_port
from services.console.main import create_app
from services.console.settings import ConsoleSettings


class _Echo(BaseHTTPRequestHandler):
    """Answers every request with what it received."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        payload = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
            }
        ).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("ETag", '"7"')
        self.send_header("Idempotent-Replayed", "true")
        self.send_header("Set-Cookie", "upstream=1")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def echo() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest_asyncio.fixture
async def console(echo: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = ConsoleSettings(
        membership_url=echo,
        sessions_url=f"http://127.0.0.1:{free_port()}",  # nobody listens there
        http_max_body_bytes=1024,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://console") as client:
            yield client


async def test_a_request_is_forwarded_with_the_headers_the_apis_read(
    console: httpx.AsyncClient,
) -> None:
    answer = await console.post(
        "/api/membership/v1/members?as_of=2026-03-02&x=1&x=2",
        json={"name": "Әлия"},
        headers={
            "Authorization": "Bearer abc",
            "Accept-Language": "ru",
            "Idempotency-Key": "k-1",
            "If-Match": '"3"',
            "Cookie": "kelisim_console=secret-session",
            "X-Forwarded-Host": "evil.example",
        },
    )
    assert answer.status_code == 201, answer.text
    seen = answer.json()
    assert seen["method"] == "POST"
    assert seen["path"] == "/v1/members?as_of=2026-03-02&x=1&x=2"
    assert json.loads(seen["body"]) == {"name": "Әлия"}
    sent = seen["headers"]
    assert sent["authorization"] == "Bearer abc"
    assert sent["accept-language"] == "ru"
    assert sent["idempotency-key"] == "k-1"
    assert sent["if-match"] == '"3"'
    assert "cookie" not in sent and "x-forwarded-host" not in sent
    assert answer.headers["etag"] == '"7"'
    assert answer.headers["idempotent-replayed"] == "true"
    assert "set-cookie" not in answer.headers  # the service's cookies stay there


async def test_bodies_are_bounded_and_problems_are_localised(console: httpx.AsyncClient) -> None:
    too_big = await console.post(
        "/api/membership/v1/members", content=b"x" * 5000, headers={"Content-Type": "text/plain"}
    )
    assert too_big.status_code == 413
    down = await console.get("/api/sessions/v1/sessions", headers={"Accept-Language": "en"})
    assert down.status_code == 503
    assert down.json()["detail"] == "The sessions service did not answer; try again later."
    unknown = await console.get("/api/payroll/v1/x", headers={"Accept-Language": "ru"})
    assert unknown.status_code == 404
    assert unknown.json()["reason_code"] == "console_unknown_service"
    assert unknown.headers["content-type"].startswith("application/problem+json")


async def test_sign_in_says_so_when_the_identity_provider_is_away(echo: str) -> None:
    settings = ConsoleSettings(oidc_issuer=f"http://127.0.0.1:{free_port()}")
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://console") as client:
            answer = await client.get("/auth/login", headers={"Accept-Language": "en"})
            assert answer.status_code == 503
            assert "identity provider" in answer.text
            assert answer.headers["content-type"].startswith("text/html")
    without = create_app(ConsoleSettings(oidc_issuer=""))
    async with without.router.lifespan_context(without):
        transport = httpx.ASGITransport(app=without)
        async with httpx.AsyncClient(transport=transport, base_url="http://console") as client:
            assert (await client.get("/auth/login")).status_code == 503
            page = await client.get("/secretariat")
            assert page.status_code == 303 and page.headers["location"].startswith("/auth/login")
