"""The console in Chromium: the live plenary board during a 400-member vote, the public pages
in kk, ru and en, a Secretariat sign-in that accepts a report and sees the card close, the
auditor's page verifying an inclusion proof in the browser, and an axe-core check."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from services.console.texts import text
from tests.browser.console.conftest import (
    SCREENSHOTS,
    World,
    close_poll,
    open_poll,
    vote_all,
)

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
    await page.goto(f"{console}/sessions/{world.session_id}/live?lang=en")
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
