"""The demo loader fills an Assembly through the public API (a small one here)."""

from __future__ import annotations

from datetime import date

import pytest

from services.membership.demo import Demo, planned_calls
from shared.api.auth import mint_token

pytestmark = pytest.mark.integration


async def test_the_demo_loader_fills_members_posts_and_every_region(client, app):
    tokens = {
        role: mint_token(app.state.auth_settings, f"demo-{role}", [role])
        for role in ("secretariat", "chairman", "deputy_chairman")
    }
    calls: list[int] = []
    loaded = await Demo(client, tokens, seed=7, advance=calls.append).run(60, date(2022, 1, 10))
    assert loaded.members == 60 and loaded.candidacies == 45
    assert sum(calls) == planned_calls(60, groups=loaded.associations)

    roster = (await client.get("/v1/roster", params={"as_of": "2024-01-01"})).json()
    assert roster["total"] == 60
    assert len({m["region"] for m in roster["members"]}) == 20
    composition = (await client.get("/v1/bodies/council/composition")).json()
    assert composition
