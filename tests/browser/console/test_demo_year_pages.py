"""The console in Chromium over the demo year: ``kelisim demo load``'s data (a smaller Assembly
than the default) in the five services, the console in front of them, and every public page
read in Kazakh, Russian and English as a visitor would, with what the year put there.

The other console tests make their own data; this one shows that the loader and the console
fit: what an operator sees after the Quick start's first command and ``kelisim demo load``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import expect

from ops.demo import development_tokens, load_year
from ops.runtime.embedded import database_url, drop_database, ensure_database, free_port
from ops.runtime.supervisor import Supervisor
from services.console.texts import text
from shared.runtime.catalog import CONSOLE
from tests.browser.console.conftest import SCREENSHOTS
from tests.browser.console.test_console import serious_violations
from tests.e2e.system import SECRET, running_system

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

SERVICES = ("membership", "sessions", "council", "monitoring", "programmes")
MEMBERS = 60
LANGUAGES = ("kk", "ru", "en")
WAIT_MS = 60_000


@dataclass(frozen=True)
class DemoConsole:
    url: str
    year: Any


@pytest_asyncio.fixture(scope="module")
async def demo_console(
    pg_admin_url: str, kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DemoConsole]:
    workdir = tmp_path_factory.mktemp("demo-console")
    created: list[str] = []

    async def fresh_database(prefix: str) -> str:  # for the module: the year is loaded once
        name = f"t_demo_{prefix}_{uuid.uuid4().hex[:8]}"
        await ensure_database(pg_admin_url, name)
        created.append(name)
        return database_url(pg_admin_url, name)

    async with running_system(SERVICES, fresh_database, kafka_bootstrap, workdir) as system:
        year = await load_year(
            system.urls, development_tokens(secret=SECRET), seed=5, members=MEMBERS
        )
        console = Supervisor(
            [CONSOLE],
            ports={CONSOLE.name: free_port()},
            env={
                "KELISIM_ENVIRONMENT": "test",
                "KELISIM_HOME": str(workdir / "console-home"),
                "KELISIM_JWT_SECRET": SECRET,
                **{f"KELISIM_CONSOLE_{n.upper()}_URL": system.urls[n] for n in SERVICES},
            },
            log_dir=workdir / "console-logs",
        )
        await console.start_async()
        try:
            yield DemoConsole(console.urls()[CONSOLE.name], year)
        finally:
            console.stop()
    for name in created:
        await drop_database(pg_admin_url, name)


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_every_public_page_shows_the_demo_year(
    demo_console: DemoConsole, page: Any, lang: str
) -> None:
    console = demo_console.url

    async def visit(path: str, heading: str) -> None:
        await page.goto(f"{console}{path}?lang={lang}")
        await expect(page.locator("main h1")).to_contain_text(text(heading, lang))

    await visit("/composition", "nav_composition")
    await expect(page.locator("main")).to_contain_text(str(MEMBERS))

    await visit("/sessions", "nav_sessions")
    # The year's Sessions (April, extraordinary, December) and the Council's meetings.
    assert await page.locator("main table tbody tr").count() >= 4

    await visit("/execution", "nav_execution")
    assert int(await page.locator('[data-testid="overdue-count"]').text_content() or 0) > 0
    assert await page.locator("li.card").count() > 0

    await visit("/documents", "nav_documents")
    concept = page.locator('tr[data-kind="development_concept"][data-in-force="true"]')
    await expect(concept).to_have_count(1)
    await expect(page.locator('tr[data-kind="programme_document"]')).not_to_have_count(0)

    await page.goto(f"{console}/monitoring?lang={lang}")
    await expect(page.locator("main h1")).to_contain_text(text("national_summary", lang))
    await expect(page.locator("ul.tiles > li")).to_have_count(20)  # the 20 regions
    # The year's three indicators and its incidents, month by month.
    await expect(page.locator('section[aria-labelledby="h-ind"] tbody tr')).to_have_count(3)
    incident_months = page.locator('section[aria-labelledby="h-inc"] tbody tr')
    assert await incident_months.count() > 0

    await visit("/appeals", "nav_appeals")
    assert int(await page.locator('[data-testid="received"]').text_content() or 0) > 0

    if lang == "en":
        await page.goto(f"{console}/documents?lang=en")
        await page.screenshot(path=str(Path(SCREENSHOTS) / "documents.png"), full_page=True)
        # The pages full of the year's data pass axe-core as the test data's pages do.
        paths = ("/composition", "/sessions", "/execution", "/documents", "/monitoring")
        found = await serious_violations(page, [f"{console}{p}?lang={lang}" for p in paths])
        assert not found, found
