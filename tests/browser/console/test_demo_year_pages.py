"""The console in Chromium over the demo year: ``kelisim demo load``'s data (a smaller Assembly
than the default) in the five services, the console in front of them, and every public page
read in Kazakh, Russian and English as a visitor would, with what the year put there.

The other console tests make their own data; this one shows that the loader and the console
fit: what an operator sees after the Quick start's first command and ``kelisim demo load``,
including the three regional assemblies the year fills (their composition, Sessions, decision
cards and reports, Law 2008 Art. 14; Reg2024 §18–19).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import expect

from ops.demo import development_tokens, load_year
from ops.demo.regional import REGIONS
from ops.runtime.embedded import database_url, drop_database, ensure_database, free_port
from ops.runtime.supervisor import Supervisor
from services.console.texts import code, text
from shared.i18n import written_date
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


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_assemblies_and_a_regional_session_in_every_language(
    demo_console: DemoConsole, page: Any, lang: str
) -> None:
    console = demo_console.url
    regional = demo_console.year.regional.assemblies

    # All 21 assemblies: members, chair, council, Sessions this year.
    await page.goto(f"{console}/assemblies?on=2026-12-06&lang={lang}")
    await expect(page.locator("main h1")).to_contain_text(text("nav_assemblies", lang))
    await expect(page.locator("header nav a[href='/assemblies']")).to_have_text(
        text("nav_assemblies", lang)
    )
    rows = page.locator('[data-testid="assemblies"] tbody tr')
    await expect(rows).to_have_count(21)
    national = page.locator('tr[data-assembly="national"]')
    await expect(national.locator('[data-testid="members"]')).to_have_text(str(MEMBERS))
    await expect(national.locator('[data-testid="held"]')).to_have_text("3")
    for region in REGIONS:
        row = page.locator(f'tr[data-assembly="{region}"]')
        await expect(row.locator('[data-testid="members"]')).to_have_text("16")
        await expect(row.locator('[data-testid="held"]')).to_have_text("1")
    # the councils' last meetings: the Council's in October, Abai's in November
    last = page.locator('tr[data-assembly="abai"] [data-testid="last-meeting"]')
    await expect(last).to_have_text(written_date(date(2026, 11, 20), lang))
    await expect(
        page.locator('tr[data-assembly="astana"] [data-testid="last-meeting"]')
    ).to_have_text("—")
    # a visitor sees when the councils met, not the officials' gap flags
    await expect(page.locator("main")).to_contain_text(text("gaps_sign_in", lang))
    # the national members two assemblies share are one person each
    await expect(page.locator('[data-testid="people"]')).to_have_text(str(MEMBERS + 3 * 16 - 3 * 2))

    # A regional assembly's page lists its Session; the Session names its assembly.
    await page.locator('tr[data-assembly="abai"] th a').click()
    await expect(page.locator('[data-testid="total"]')).to_have_text("16")
    sessions = page.locator('[data-testid="assembly-sessions"] tbody tr')
    await expect(sessions).to_have_count(1)
    abai = (await page.locator("main h1").text_content() or "").split(":", 1)[1].strip()
    await sessions.locator("a").click()
    await expect(page).to_have_url(f"{console}/sessions/{regional['abai'].session}")
    await expect(page.locator('[data-testid="assembly"]')).to_have_text(abai)
    await expect(page.locator("main")).to_contain_text(code("open", lang))

    # The lists filter by the assembly.
    await page.goto(f"{console}/sessions?lang={lang}")
    await page.locator("#assembly").select_option("zhambyl")
    await page.get_by_role("button", name=text("show", lang)).click()
    await expect(page).to_have_url(f"{console}/sessions?assembly=zhambyl")
    listed = page.locator("tr[data-assembly]")
    await expect(listed).not_to_have_count(0)
    assert set(await listed.evaluate_all("rows => rows.map(r => r.dataset.assembly)")) == {
        "zhambyl"
    }
    await page.goto(f"{console}/execution?assembly=abai&lang={lang}")
    cards = page.locator("li.card")
    await expect(cards).not_to_have_count(0)
    assert set(await cards.evaluate_all("cards => cards.map(c => c.dataset.assembly)")) == {"abai"}
    await page.goto(f"{console}/composition?lang={lang}")
    await page.locator("#as_of").fill("2026-12-06")
    await page.locator("#assembly").select_option("astana")
    await page.get_by_role("button", name=text("show", lang)).click()
    await expect(page.locator('[data-testid="total"]')).to_have_text("16")
    await expect(page.locator("main h1")).to_contain_text(text("nav_composition", lang))

    # The region's monitoring page: its assembly's latest report, who sent it and when.
    await page.goto(f"{console}/monitoring/zhambyl?lang={lang}")
    await expect(page.locator('[data-testid="report-period"]')).to_have_text("2026-Q3")
    await expect(page.locator('[data-testid="reported-by"]')).to_have_text(
        code("regional_assembly", lang)
    )

    if lang == "en":
        await page.goto(f"{console}/assemblies?on=2026-12-06&lang=en")
        await page.screenshot(path=str(Path(SCREENSHOTS) / "assemblies.png"), full_page=True)
        await page.goto(f"{console}/sessions/{regional['astana'].session}?lang=en")
        await page.screenshot(path=str(Path(SCREENSHOTS) / "regional-session.png"), full_page=True)
        paths = (
            "/assemblies",
            "/assemblies/abai",
            f"/sessions/{regional['astana'].session}",
            "/sessions?assembly=zhambyl",
            "/execution?assembly=abai",
            "/monitoring/zhambyl",
        )
        urls = [f"{console}{p}{'&' if '?' in p else '?'}lang=en" for p in paths]
        found = await serious_violations(page, urls)
        assert not found, found
