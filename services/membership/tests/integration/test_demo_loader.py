"""The demo's members fill an Assembly through the public API (a small one here), and a second
load with the same seed is answered from the stored responses."""

from __future__ import annotations

import pytest

from ops.demo.api import Api, As, Counting
from ops.demo.membership import Membership, planned_calls
from shared.api.auth import mint_token

pytestmark = pytest.mark.integration


async def test_the_demo_loader_fills_members_posts_and_every_region(client, app):
    def token(caller: As) -> str:
        return mint_token(app.state.auth_settings, caller.subject, list(caller.roles))

    progress = Counting()
    api = Api({"membership": client}, token, seed=7, progress=progress)
    loaded = await Membership(api, seed=7).run(60)
    assert len(loaded.members) == 60 and loaded.candidacies == 45
    assert progress.done["membership"] == planned_calls(60, groups=loaded.associations)

    roster = (await client.get("/v1/roster", params={"as_of": "2024-01-01"})).json()
    assert roster["total"] == 60
    assert len({m["region"] for m in roster["members"]}) == 20
    composition = (await client.get("/v1/bodies/council/composition")).json()
    assert composition

    again = await Membership(Api({"membership": client}, token, 7, Counting()), seed=7).run(60)
    assert again.members == loaded.members and again.council == loaded.council
    roster = (await client.get("/v1/roster", params={"as_of": "2024-01-01"})).json()
    assert roster["total"] == 60
