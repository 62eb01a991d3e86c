"""The membership service answers "today" with the Kazakhstan day of its clock.

The clock is fixed at 23:30 UTC on 16 March 2026, 04:30 on 17 March in Astana (UTC+5). The
roster, the composition, the holders of posts and the Council's composition default to the
17th: a membership that ends on the 17th is off the roster, one that starts that day is on it,
and both of the service's "today"s agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.membership.tests.conftest import auth
from services.membership.tests.integration.test_api import include, someone
from services.membership.tests.integration.test_posts_api import appointed
from shared.clock import FixedClock

pytestmark = pytest.mark.integration

NIGHT = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)
ASTANA_DAY = "2026-03-17"


async def test_at_half_past_four_in_astana_every_default_as_of_is_that_day(client, app):
    app.state.platform.clock = FixedClock(NIGHT)
    staying = (await include(client, app)).json()["member_id"]
    leaving = (await include(client, app)).json()["member_id"]
    joining = (await include(client, app, someone(effective_on=ASTANA_DAY))).json()["member_id"]
    ended = await client.post(
        f"/v1/members/{leaving}/end",
        json={"ground": "own_wish", "effective_on": ASTANA_DAY},
        headers=auth(app, "p-1", "chairman"),
    )
    assert ended.status_code == 200, ended.text

    secretariat = auth(app, "s-1", "secretariat")
    roster = (await client.get("/v1/roster", headers=secretariat)).json()
    assert roster["as_of"] == ASTANA_DAY
    assert {m["member_id"] for m in roster["members"]} == {staying, joining}
    composition = (await client.get("/v1/composition")).json()
    assert composition["total"] == 2

    term = await appointed(
        client, app, "council_member", member_id=joining, start_on=ASTANA_DAY,
        document={"number": "Ө-1", "date": ASTANA_DAY},
    )  # fmt: skip
    council = (await client.get("/v1/bodies/council/composition")).json()
    assert (council["as_of"], council["total"]) == (ASTANA_DAY, 1)
    holders = (await client.get("/v1/posts")).json()
    assert [h["term_id"] for h in holders] == [term["term_id"]]
