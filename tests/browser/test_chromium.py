"""The browser the browser tests drive: Debian's Chromium under Playwright, on 127.0.0.1 only."""

from __future__ import annotations

import asyncio
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from typing import Any


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (
            b"<!doctype html><html lang='en'><title>probe</title>"
            b"<button onclick=\"this.textContent='clicked'\">press</button></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


async def test_chromium_renders_and_runs_a_local_page(page: Any) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        await page.goto(f"http://127.0.0.1:{server.server_port}/")
        await page.get_by_role("button", name="press").click()
        assert await page.get_by_role("button").text_content() == "clicked"
    finally:
        await asyncio.to_thread(server.shutdown)
        server.server_close()
