"""A service's ``/docs`` in a real Chromium: Swagger UI renders from the service's own assets
(any request to another host is refused, as a closed network would), lists the operations and
lets a user authorise with a bearer token. The screenshot is kept in ``docs/api/swagger.png``.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import uvicorn

from ops.testing.infra import FreshDatabase
from ops.testing.services import migrated_database, settings_for_test
from services.membership.main import create_app
from services.membership.settings import MembershipSettings

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "api" / "swagger.png"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_swagger_ui_renders_offline_with_an_authorize_button(
    page: Any, fresh_database: FreshDatabase
) -> None:
    url = await migrated_database(fresh_database, "membership")
    app = create_app(settings_for_test(MembershipSettings, url))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    serving = asyncio.create_task(server.serve())
    outside: list[str] = []

    async def only_local(route: Any) -> None:
        if route.request.url.startswith(f"http://127.0.0.1:{port}/"):
            await route.continue_()
        else:
            outside.append(route.request.url)
            await route.abort()

    try:
        for _ in range(200):
            if server.started or serving.done():
                break
            await asyncio.sleep(0.05)
        assert server.started
        await page.route("**/*", only_local)
        await page.goto(f"http://127.0.0.1:{port}/docs")
        title = page.locator(".swagger-ui .info .title")
        await title.wait_for(state="visible")
        assert "membership" in (await title.text_content() or "")
        await page.locator("#operations-members-includeMember").wait_for(state="visible")

        authorize = page.locator("button.authorize")
        assert await authorize.is_visible()
        await authorize.click()
        dialog = page.locator(".modal-ux")
        await dialog.wait_for(state="visible")
        assert "bearerAuth" in (await dialog.text_content() or "")
        await dialog.locator("input").first.fill("eyJhbGciOiJIUzI1NiJ9.e30.signature")
        await dialog.locator("button.authorize").click()
        assert await dialog.locator("button", has_text="Logout").count() == 1
        await dialog.locator("button.btn-done").click()

        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOT), full_page=False)
        assert outside == []

        await page.goto(f"http://127.0.0.1:{port}/redoc")
        await page.locator("h1", has_text="membership").wait_for(state="visible")
        assert outside == []
    finally:
        server.should_exit = True
        await serving
