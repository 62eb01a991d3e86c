"""The demo's members fill an Assembly through the public API (a small one here), three regional
assemblies include their own members (two of them the Assembly's members too) and appoint their
councils (Law 2008 Art. 14), and a second load with the same seed is answered from the stored
responses."""

from __future__ import annotations

import pytest

from ops.demo.api import Api, As, Counting
from ops.demo.membership import Membership, planned_calls
from ops.demo.regional import REGIONS, Regional
from shared.api.auth import mint_token

pytestmark = pytest.mark.integration


async def test_the_demo_loader_fills_members_posts_and_every_region(client, app):
    def token(caller: As) -> str:
        return mint_token(
            app.state.auth_settings, caller.subject, list(caller.roles), region=caller.region
        )

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

    regional = await Regional(api, 7, loaded.people).membership()
    assert sorted(regional.assemblies) == sorted(REGIONS)
    found = (await client.get("/v1/assemblies/composition", params={"on": "2026-06-01"})).json()
    by = {a["assembly"]: a for a in found["assemblies"]}
    for region in REGIONS:
        # its own members and council, its akim the chair; the national roster unchanged
        assert (by[region]["members"], by[region]["council_members"]) == (16, 7)
        assert by[region]["chair"] is not None
        for member_id in regional.assemblies[region].national:
            member = (await client.get(f"/v1/members/{member_id}")).json()
            assert (member["assembly"], member["region"]) == (region, region)
    assert by["national"]["members"] == 60
    # two national members in each: one natural person, one person_id, counted once
    assert (found["total"]["memberships"], found["total"]["people"]) == (60 + 48, 60 + 42)

    again = await Membership(Api({"membership": client}, token, 7, Counting()), seed=7).run(60)
    assert again.members == loaded.members and again.council == loaded.council
    twice = await Regional(
        Api({"membership": client}, token, 7, Counting()), 7, again.people
    ).membership()
    assert {r: a.members for r, a in twice.assemblies.items()} == {
        r: a.members for r, a in regional.assemblies.items()
    }
    roster = (await client.get("/v1/roster", params={"as_of": "2024-01-01"})).json()
    assert roster["total"] == 60
    found = (await client.get("/v1/assemblies/composition", params={"on": "2026-06-01"})).json()
    assert found["total"]["memberships"] == 60 + 48
