"""The council service dates everything by the Kazakhstan day of its clock.

The clock is fixed at 23:30 UTC on 16 March 2026, 04:30 on 17 March in Astana (UTC+5). The
composition's default ``as_of``, the meeting that day, its resolution, the default date of an
assignment and what is overdue are all of the 17th; a Council member whose term ends on the
17th is no longer one that day.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from services.council.consumers.sessions import SESSIONS_HANDLERS
from services.council.tests.conftest import add_council_members
from services.council.tests.integration.test_control_api import (
    TASK,
    card_of,
    decision_event,
    deliver,
)
from services.council.tests.integration.test_meetings_api import (
    convene,
    open_with,
    problem,
    secretariat,
    vote,
)
from shared.clock import FixedClock

pytestmark = pytest.mark.integration

NIGHT = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)
ASTANA_DAY = date(2026, 3, 17)


async def test_at_half_past_four_in_astana_the_meeting_and_its_resolution_are_that_day(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    app.state.platform.clock = FixedClock(NIGHT)
    members = await add_council_members(app, 3)
    leaving = uuid.uuid4()
    async with app.state.platform.sessions() as db, db.begin():
        await db.execute(
            text(
                "INSERT INTO post_terms (term_id, body_key, post, member_id, name_kk, name_ru,"
                " start_on, end_on) VALUES (:t, 'council', 'council_member', :m, 'Кетуші',"
                " 'Уходящий', '2010-01-01', :end)"
            ),
            {"t": uuid.uuid4(), "m": leaving, "end": ASTANA_DAY},
        )
    composition = (await client.get("/v1/council/composition")).json()
    assert (composition["as_of"], composition["total"]) == (ASTANA_DAY.isoformat(), 3)

    meeting_id, items = await convene(client, app, held_on=ASTANA_DAY)
    # by the UTC date (the 16th) a meeting of the 17th could not open yet
    await open_with(client, app, meeting_id, members)
    refused = problem(
        await client.post(
            f"/v1/council/meetings/{meeting_id}/attendance",
            json={"member_id": str(leaving)},
            headers=secretariat(app),
        ),
        422,
    )
    assert refused["reason_code"] == "not_a_council_member"
    meeting = (await client.get(f"/v1/council/meetings/{meeting_id}")).json()
    assert meeting["convened_on"] == ASTANA_DAY.isoformat()

    voted = await vote(client, app, meeting_id, items[1], {"kind": "other"}, 3)
    assert voted.status_code == 201, voted.text
    resolution = (await client.get(f"/v1/council/resolutions/{voted.json()['id']}")).json()
    assert (resolution["adopted_on"], resolution["protocol_date"]) == (
        ASTANA_DAY.isoformat(),
        ASTANA_DAY.isoformat(),
    )


async def test_assignments_are_dated_and_overdue_by_the_astana_day(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    app.state.platform.clock = FixedClock(NIGHT)
    decision_id = uuid.uuid4()
    event = decision_event(decision_id)
    event.data["adopted_on"] = "2026-02-20"
    await deliver(app, SESSIONS_HANDLERS["DecisionAdopted"], event)
    card = await card_of(client, app, decision_id)
    yesterday = (ASTANA_DAY - timedelta(days=1)).isoformat()  # the UTC date
    url = f"/v1/control/cards/{card['card_id']}/assignments"
    today_s = {"state_body": "akimat-astana", "task": TASK, "deadline": ASTANA_DAY.isoformat()}
    assigned = await client.post(url, json={"assignments": [today_s]}, headers=secretariat(app))
    assert assigned.status_code == 200, assigned.text
    earlier = {
        "assignments": [{"state_body": "minculture", "task": TASK, "deadline": yesterday}],
        "assigned_on": "2026-03-02",
    }
    assigned = await client.post(url, json=earlier, headers=secretariat(app))
    assert assigned.status_code == 200, assigned.text
    detail = (
        await client.get(f"/v1/control/cards/{card['card_id']}", headers=secretariat(app))
    ).json()
    dated = {a["state_body"]: a["assigned_on"] for a in detail["assignment_list"]}
    assert dated["akimat-astana"] == ASTANA_DAY.isoformat()  # the default: today in Astana
    overdue = (await client.get("/v1/control/overdue", headers=secretariat(app))).json()
    # past its deadline on the 17th in Astana (on the UTC date it would still be due today)
    assert [a["state_body"] for a in overdue] == ["minculture"]
