"""A dashboard served from another origin calls a real running service from Chromium: a
protected endpoint with a token from the development issuer and a public one without. The
origin on the service's allow-list (KELISIM_CORS_ALLOW_ORIGINS) reads both answers; any other
origin is refused by the browser itself. The preflight the Authorization header causes is
answered by the service (not 405), and never with ``*``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

import httpx
import pytest

from ops.testing.infra import FreshDatabase
from tests.e2e.system import running_system
from tests.identity.issuer import DevIssuer, dev_issuer, sign_in

__all__ = ["dev_issuer"]

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

PROTECTED = "/v1/candidacies/waiting"
PUBLIC = "/v1/bodies/council/composition"

# The dashboard: two fetches, each outcome written where the test can read it.
SCRIPT = """
async function call(url, headers) {
  try {
    const response = await fetch(url, {headers});
    await response.json();
    return {status: response.status, correlation: response.headers.get("X-Correlation-ID")};
  } catch (error) {
    return {error: String(error)};
  }
}
window.results = (async () => ({
  protected: await call(SERVICE + PROTECTED, {"Authorization": "Bearer " + TOKEN,
                                             "Accept-Language": "kk"}),
  public: await call(SERVICE + PUBLIC, {}),
}))();
"""


def dashboard(service: str, token: str) -> bytes:
    constants = (
        f"const SERVICE = {json.dumps(service)}; const TOKEN = {json.dumps(token)};"
        f"const PROTECTED = {json.dumps(PROTECTED)}; const PUBLIC = {json.dumps(PUBLIC)};"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>dashboard</title>"
        f"</head><body><main><h1>Dashboard</h1></main><script>{constants}{SCRIPT}</script>"
        "</body></html>"
    ).encode()


async def results_of(page: Any, origin: str) -> dict[str, Any]:
    await page.goto(f"{origin}/")
    results: dict[str, Any] = await page.evaluate("window.results")
    return results


async def test_an_allowed_origin_reads_the_apis_and_another_is_refused(
    page: Any,
    dev_issuer: DevIssuer,
    fresh_database: FreshDatabase,
    kafka_bootstrap: str,
    tmp_path: Path,
) -> None:
    token = (await sign_in(dev_issuer.url, "secretariat"))["access_token"]
    body: dict[str, bytes] = {}  # the pages, once the service's URL is known
    with page_server(body, "allowed") as allowed, page_server(body, "other") as other:
        env = {"KELISIM_OIDC_ISSUER": dev_issuer.url, "KELISIM_CORS_ALLOW_ORIGINS": allowed}
        async with running_system(
            ["membership"], fresh_database, kafka_bootstrap, tmp_path, env
        ) as system:
            service = system.urls["membership"]
            body["allowed"] = body["other"] = dashboard(service, token)

            seen = await results_of(page, allowed)
            assert seen["protected"]["status"] == 200, seen
            assert seen["public"]["status"] == 200, seen
            assert seen["protected"]["correlation"], "an exposed header is readable"

            refused = await results_of(page, other)
            assert set(refused["protected"]) == {"error"}, refused
            assert set(refused["public"]) == {"error"}, refused

            async with httpx.AsyncClient(base_url=service, timeout=10) as client:
                preflight = {
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "authorization, content-type, "
                    "idempotency-key, if-match, accept-language",
                }
                ok = await client.options(PROTECTED, headers={"Origin": allowed, **preflight})
                assert ok.status_code == 200
                assert ok.headers["access-control-allow-origin"] == allowed
                assert ok.headers["access-control-allow-credentials"] == "true"
                for header in ("authorization", "idempotency-key", "if-match"):
                    assert header in ok.headers["access-control-allow-headers"].lower()
                no = await client.options(PROTECTED, headers={"Origin": other, **preflight})
                assert no.status_code == 400
                assert "access-control-allow-origin" not in no.headers
                read = await client.get(PUBLIC, headers={"Origin": allowed})
                exposed = read.headers["access-control-expose-headers"].lower()
                assert "etag" in exposed and "location" in exposed
                assert read.headers["access-control-allow-origin"] == allowed != "*"


@contextmanager
def page_server(bodies: dict[str, bytes], name: str) -> Iterator[str]:
    """A tiny static server on its own port of 127.0.0.1 (an origin of its own) serving
    ``bodies[name]``."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = bodies[name]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
