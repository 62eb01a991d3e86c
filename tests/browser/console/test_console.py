"""The console in Chromium: the live plenary board during a 400-member vote, the public pages
in kk, ru and en, a Secretariat sign-in that accepts a report and sees the card close, the
auditor's page verifying an inclusion proof in the browser, and an axe-core check."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import expect

from services.console.texts import code, text
from tests.browser.console.conftest import (
    SCREENSHOTS,
    SIGNS_IN_AUDITOR,
    SIGNS_IN_CHAIRMAN,
    SIGNS_IN_SECRETARIAT,
    TODAY,
    World,
    call,
    close_poll,
    open_poll,
    vote_all,
)
from tests.e2e.system import eventually, token

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

WAIT_MS = 120_000
"""How long the browser waits for what a page must come to show (a bound, not a measure)."""


async def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def test_the_live_board_follows_a_roll_call_and_a_secret_vote_of_400(
    world: World, page: Any
) -> None:
    console = world.console.url
    await page.goto(f"{console}/?lang=en")  # the sitting is offered on the first page
    await page.get_by_role("link", name="Бейбітшілік және келісім сарайы").click()
    await expect(page).to_have_url(f"{console}/sessions/{world.session_id}/live")
    board = page.locator("#live-board")
    await expect(page.locator("#live-state")).to_have_text(
        text("live_connected", "en"), timeout=WAIT_MS
    )
    await expect(page.locator("#q-present")).to_have_text("400", timeout=WAIT_MS)
    await expect(page.locator("#q-state")).to_have_text(text("quorate", "en"))

    # Roll-call: the tally is shown as the ballots arrive, and the final one stays.
    roll = await open_poll(world, world.items[1], "roll_call")
    row = board.locator(f'tr[data-poll="{roll}"]')
    await expect(row).to_be_visible(timeout=WAIT_MS)
    await vote_all(world, roll, ["for"] * 201 + ["against"] * 150 + ["abstain"] * 49)
    await expect(row.locator('[data-field="turnout"]')).to_have_text("400", timeout=WAIT_MS)
    await expect(row.locator('[data-field="votes_for"]')).to_have_text("201", timeout=WAIT_MS)
    await expect(row.locator('[data-field="against"]')).to_have_text("150")
    await expect(row.locator('[data-field="abstain"]')).to_have_text("49")

    # Secret: only the turnout while open, whatever the ballots say; the tally after the close.
    secret = await open_poll(world, world.items[2], "secret")
    row = board.locator(f'tr[data-poll="{secret}"]')
    await expect(row).to_be_visible(timeout=WAIT_MS)
    await vote_all(world, secret, ["for"] * 260 + ["against"] * 100 + ["abstain"] * 40)
    await expect(row.locator('[data-field="turnout"]')).to_have_text("400", timeout=WAIT_MS)
    await expect(row.locator('[data-field="tally"]')).to_have_text(text("secret_hidden", "en"))
    assert await row.locator('[data-field="votes_for"]').count() == 0
    await shot(page, "live-board")
    await close_poll(world, secret)
    await expect(row.locator('[data-field="votes_for"]')).to_have_text("260", timeout=WAIT_MS)
    await expect(row.locator('[data-field="against"]')).to_have_text("100")
    await expect(row).to_have_attribute("data-status", "closed")
    await expect(row).to_contain_text(text("adopted", "en"))


@pytest_asyncio.fixture(scope="module")
async def filled(world: World, control_card: dict[str, str], monitoring_data: None) -> World:
    """Everything the public pages show, made through the APIs."""
    world.card_id = control_card["card_id"]
    world.assignment_id = control_card["assignment_id"]
    return world


PUBLIC_PAGES = {
    # path: (heading text key, what must be on the page besides it)
    "/composition": ("nav_composition", "400"),
    "/sessions": ("nav_sessions", "Бейбітшілік және келісім сарайы"),
    "/execution": ("nav_execution", "minculture"),
    "/monitoring": ("national_summary", "(%)"),
    "/monitoring/zhambyl": ("indicators", "47"),
    "/appeals": ("nav_appeals", "interethnic_relations"),
}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
async def test_every_public_page_renders_its_data_in_each_language(
    filled: World, page: Any, lang: str
) -> None:
    console = filled.console.url
    await page.goto(f"{console}/?lang={lang}")  # the choice is remembered in a cookie
    for path, (heading, data) in PUBLIC_PAGES.items():
        answer = await page.goto(f"{console}{path}")
        assert answer is not None and answer.status == 200, path
        assert await page.locator("html").get_attribute("lang") == lang
        await expect(page.locator("main")).to_contain_text(text(heading, lang))
        await expect(page.locator("main")).to_contain_text(data)
        if lang == "en":
            await shot(page, path.strip("/").replace("/", "-"))
    await page.goto(f"{console}/sessions/{filled.session_id}")
    await expect(page.locator("main")).to_contain_text(text("polls", lang))
    # The composition on another date, chosen in the page: before anyone was a member.
    await page.goto(f"{console}/composition")
    await page.locator("#as_of").fill((TODAY - timedelta(days=365)).isoformat())
    await page.get_by_role("button", name=text("show", lang)).click()
    await expect(page.locator('[data-testid="total"]')).to_have_text("0")
    await expect(page.locator("h1")).to_contain_text(str(TODAY.year - 1))


async def test_a_secretariat_officer_signs_in_and_accepts_a_report(
    filled: World, page: Any
) -> None:
    console = filled.console.url
    await page.goto(f"{console}/secretariat/control?lang=en")
    # Not signed in: to the identity provider, as the Secretariat officer, and back.
    await page.get_by_role("button", name=SIGNS_IN_SECRETARIAT, exact=True).click()
    await expect(page).to_have_url(f"{console}/secretariat/control")
    await expect(page.locator("header")).to_contain_text(SIGNS_IN_SECRETARIAT)
    card = page.locator(f'li[data-card="{filled.card_id}"]')
    await expect(card).to_have_attribute("data-status", "open")
    row = page.locator(f'tr[data-assignment="{filled.assignment_id}"]')
    await expect(row).to_contain_text(text("pending_report", "en"))
    await shot(page, "secretariat-control")
    # Returned with a reason: the state body reports again (through the API), then accepted.
    await row.get_by_placeholder(text("reason", "en")).fill("Жарияланған басылымдар көрсетілмеген")
    await row.get_by_role("button", name=text("return", "en")).click()
    await expect(page.locator(".notice")).to_be_visible()
    await expect(row).to_contain_text(code("returned", "en"))
    await expect(row).not_to_contain_text(text("pending_report", "en"))
    council = filled.console.services["council"]
    await call(
        filled.client, "POST", f"{council}/v1/control/assignments/{filled.assignment_id}/reports",
        token("officer-1", "state_body", state_body="minculture"), 201,
        json={"text": "Үндеу «Егемен Қазақстан» және «Казахстанская правда» газеттерінде"},
    )  # fmt: skip
    await page.reload()
    await expect(row).to_contain_text(text("pending_report", "en"))
    await row.get_by_role("button", name=text("accept", "en")).click()
    await expect(page.locator(".notice")).to_be_visible()
    await expect(card).to_have_attribute("data-status", "closed")
    await expect(card.locator('[data-testid="card-status"]')).to_have_text(
        text("card_closed", "en")
    )
    # The other pages of the Secretariat read with the same sign-in.
    for path, heading in (
        ("/secretariat/appeals", "inbox"),
        ("/secretariat/alerts", "incidents_alerts"),
        ("/secretariat/convene", "convene"),
    ):
        await page.goto(f"{console}{path}")
        await expect(page.locator("h1")).to_have_text(text(heading, "en"))
    # Signed in, the assemblies page reads the councils' meeting gaps with the user's token.
    await page.goto(f"{console}/assemblies")
    await expect(page.locator('[data-testid="assemblies"] tbody tr')).to_have_count(21)
    await expect(page.locator("main")).not_to_contain_text(text("gaps_sign_in", "en"))
    await page.goto(f"{console}/secretariat/appeals")
    await expect(page.locator("main")).to_contain_text(text("working_days_left", "en"))
    await shot(page, "secretariat-appeals")
    assert (
        await serious_violations(
            page, [f"{console}/secretariat{p}" for p in ("", "/appeals", "/control", "/alerts")]
        )
        == {}
    )

    # An alert acknowledged, then closed, through the monitoring API with the user's token.
    await page.goto(f"{console}/secretariat/alerts")
    alert = page.locator("tr[data-alert]").first
    alert_id = await alert.get_attribute("data-alert")
    row = page.locator(f'tr[data-alert="{alert_id}"]')
    await row.get_by_placeholder(text("note", "en")).first.fill("Жұмыс тобы ауданға шықты")
    await row.get_by_role("button", name=text("acknowledge", "en")).click()
    await expect(page.locator(".notice")).to_be_visible()
    await expect(row).to_contain_text(code("acknowledged", "en"))
    await shot(page, "secretariat-alerts")
    await row.get_by_placeholder(text("note", "en")).fill("Кездесулер өтті, шиеленіс басылды")
    await row.get_by_role("button", name=text("close", "en")).click()
    await expect(row).to_have_count(0)

    # Convening is the Chairman's act (sessions refuses the officer's token and the page says
    # so); signed in as the Chairman, the Session convened appears among the upcoming ones.
    async def convene() -> None:
        await page.goto(f"{console}/secretariat/convene")
        form = page.locator('form[action="/secretariat/convene/session"]')
        await form.locator('input[name="opens_on"]').fill((TODAY + timedelta(days=60)).isoformat())
        await form.locator('input[name="place"]').fill("Алматы, Достық үйі")
        await form.locator('input[name="agenda_kk"]').fill("Жастар саясаты туралы")
        await form.locator('input[name="agenda_ru"]').fill("О молодёжной политике")
        await form.get_by_role("button").click()

    await convene()
    await expect(page.locator("main h1")).to_contain_text("403")
    await page.goto(f"{console}/secretariat")
    await page.get_by_role("button", name=text("sign_out", "en")).click()
    await expect(page.locator("header")).not_to_contain_text(SIGNS_IN_SECRETARIAT)
    await page.goto(f"{console}/auth/login?next=/secretariat/convene")
    await page.get_by_role("button", name=SIGNS_IN_CHAIRMAN, exact=True).click()
    await expect(page.locator("header")).to_contain_text(SIGNS_IN_CHAIRMAN)
    await convene()
    await expect(page.locator(".notice")).to_be_visible()
    meeting = page.locator('form[action="/secretariat/convene/meeting"]')
    await meeting.locator('input[name="number"]').fill("Кеңес-7")
    await meeting.locator('input[name="held_on"]').fill((TODAY + timedelta(days=20)).isoformat())
    await meeting.locator('input[name="place"]').fill("Астана, Ассамблея үйі")
    await meeting.locator('input[name="agenda_kk"]').fill("Кандидатуралар туралы")
    await meeting.locator('input[name="agenda_ru"]').fill("О кандидатурах")
    await meeting.get_by_role("button").click()
    await expect(page.locator(".notice")).to_be_visible()
    await page.goto(f"{console}/sessions")
    await expect(page.locator("main")).to_contain_text("Алматы, Достық үйі")
    await expect(page.locator("main")).to_contain_text("Астана, Ассамблея үйі")


async def test_the_auditor_page_verifies_an_inclusion_proof_in_the_browser(
    filled: World, page: Any
) -> None:
    console, sessions = filled.console.url, filled.sessions

    async def head() -> dict[str, Any] | None:
        async with filled.client.get(f"{sessions}/v1/audit/tree-head") as answer:
            return await answer.json() if answer.status == 200 else None

    signed = await eventually(head, "a signed tree head of the sessions log")
    await page.goto(f"{console}/auth/login?next=/audit&lang=en")
    await page.get_by_role("button", name=SIGNS_IN_AUDITOR, exact=True).click()
    await expect(page).to_have_url(f"{console}/audit")
    await expect(page.locator('tr[data-log="sessions"]')).to_contain_text(str(signed["log"]))
    await page.locator("#v-service").select_option("sessions")
    await page.locator("#v-leaf").fill("3")
    await page.get_by_role("button", name=text("verify", "en")).click()
    result = page.locator("#verify-result")
    await expect(result).to_have_attribute("data-outcome", "verified", timeout=WAIT_MS)
    await expect(result).to_have_text(text("verified", "en"))
    await shot(page, "auditor")

    # The page checks, it does not trust: a leaf altered on the way fails the check.
    async def altered(route: Any) -> None:
        answer = await route.fetch()
        bundle = await answer.json()
        bundle["proof"]["leaf"] = bundle["proof"]["leaf"].replace('"version":', '"version":1')
        await route.fulfill(response=answer, json=bundle)

    await page.route("**/audit/proof?*", altered)
    await page.get_by_role("button", name=text("verify", "en")).click()
    await expect(result).to_have_attribute("data-outcome", "failed", timeout=WAIT_MS)
    await expect(result).to_contain_text(text("not_verified", "en"))


async def test_the_pages_have_no_serious_accessibility_violations(filled: World, page: Any) -> None:
    console = filled.console.url
    paths = ["/", *PUBLIC_PAGES, f"/sessions/{filled.session_id}", "/audit"]
    found = await serious_violations(page, [f"{console}{path}?lang=kk" for path in paths])
    assert not found, found


async def serious_violations(page: Any, urls: list[str]) -> dict[str, list[str]]:
    """axe-core's serious and critical violations on each page (none expected)."""
    from axe_playwright_python.async_playwright import Axe

    axe = Axe()
    found: dict[str, list[str]] = {}
    for url in urls:
        await page.goto(url)
        results = await axe.run(page)
        serious = [
            f"{v['id']}: {v['help']}"
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        if serious:
            found[url] = serious
    return found


async def test_keyboard_and_phone(filled: World, browser: Any) -> None:
    """The skip link comes first and moves the focus to the content; on a phone's width the
    pages need no sideways scrolling."""
    context = await browser.new_context(
        locale="kk-KZ", timezone_id="Asia/Almaty", viewport={"width": 375, "height": 812}
    )
    try:
        page = await context.new_page()
        console = filled.console.url
        await page.goto(f"{console}/composition?lang=kk")
        await page.keyboard.press("Tab")
        skip = page.locator("a.skip")
        await expect(skip).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(page.locator("main#content")).to_be_focused()
        for path in [*PUBLIC_PAGES, f"/sessions/{filled.session_id}/live", "/audit"]:
            await page.goto(f"{console}{path}")
            overflow = await page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        await page.goto(f"{console}/composition")
        await shot(page, "phone-composition")
    finally:
        await context.close()
