"""The sessions service dates everything by the Kazakhstan day of its clock.

The clock is fixed at 23:30 UTC on 16 March 2026, which is 04:30 on 17 March in Astana
(UTC+5): the UTC date is still the 16th. The sitting, its roster, its decisions, the default
dates of acts and the roster's default ``as_of`` are all the 17th; a member whose membership
ends on the 17th (the first day they are no longer a member) cannot register or vote.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
from fastapi import FastAPI

from services.sessions.tests.conftest import add_to_roster
from services.sessions.tests.integration.test_polls_api import open_poll, vote
from services.sessions.tests.integration.test_sessions_api import (
    AGENDA,
    chairman,
    convene,
    detail,
    member,
    problem,
    secretariat,
)
from shared.clock import FixedClock
from shared.protocols.model import format_date

NIGHT = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)
ASTANA_DAY = date(2026, 3, 17)


async def test_at_half_past_four_in_astana_the_sitting_and_its_decisions_are_that_day(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    app.state.platform.clock = FixedClock(NIGHT)
    assert NIGHT.date() == ASTANA_DAY - timedelta(days=1)
    members = await add_to_roster(app, 3)
    (leaving,) = await add_to_roster(app, 1, left_on=ASTANA_DAY)  # ends that Astana day

    # Set for the 17th: by the UTC date (the 16th) the sitting could not open yet.
    session_id = await convene(client, app, ASTANA_DAY - timedelta(days=40), ASTANA_DAY)
    url = f"/v1/sessions/{session_id}"
    app.state.platform.clock = FixedClock(NIGHT, "UTC")
    too_early = problem(await client.post(f"{url}/sitting/opening", headers=secretariat(app)), 422)
    assert too_early["reason_code"] == "sitting_before_session_date"
    app.state.platform.clock = FixedClock(NIGHT)
    opened = await client.post(f"{url}/sitting/opening", headers=secretariat(app))
    assert opened.status_code == 200, opened.text
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["sitting_on"], quorum["total"]) == (ASTANA_DAY.isoformat(), 3)

    refused = problem(
        await client.post(
            f"{url}/attendance", json={"member_id": str(leaving)}, headers=secretariat(app)
        ),
        422,
    )
    assert refused["reason_code"] == "not_on_roster"
    assert format_date(ASTANA_DAY, "kk") in refused["detail"]  # the Astana day, in words
    self_registered = problem(
        await client.post(
            f"{url}/attendance", json={"member_id": str(leaving)}, headers=member(app, leaving)
        ),
        422,
    )
    assert self_registered["reason_code"] == "not_on_roster"
    for member_id in members:
        response = await client.post(
            f"{url}/attendance", json={"member_id": str(member_id)}, headers=secretariat(app)
        )
        assert response.status_code == 200, response.text

    item_id = uuid.UUID((await detail(client, session_id))["agenda"][0]["item_id"])
    poll_id = await open_poll(client, app, session_id, item_id, "open")
    not_voting = problem(await vote(client, app, poll_id, leaving, "for"), 422)
    assert not_voting["reason_code"] == "not_present_to_vote"
    for member_id in members:
        assert (await vote(client, app, poll_id, member_id, "for")).status_code == 201
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.json()["status"] == "adopted", closed.text
    (decision,) = (await client.get("/v1/decisions", params={"session_id": str(session_id)})).json()
    assert decision["adopted_on"] == ASTANA_DAY.isoformat()

    roster = (await client.get("/v1/roster")).json()
    assert (roster["as_of"], roster["total"]) == (ASTANA_DAY.isoformat(), 3)


async def test_default_act_dates_and_deadlines_are_the_astana_day(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    app.state.platform.clock = FixedClock(NIGHT)
    (signer,) = await add_to_roster(app, 1)
    regular = await client.post(
        "/v1/sessions",
        json={"opens_on": "2026-04-20", "place": "Астана", "agenda": AGENDA},
        headers=chairman(app),
    )
    assert regular.status_code == 201, regular.text
    assert (await detail(client, uuid.UUID(regular.json()["id"])))["announced_on"] == "2026-03-17"

    extraordinary = await client.post(
        "/v1/sessions/extraordinary",
        json={"opens_on": "2026-04-16", "place": "Астана", "agenda": AGENDA},
        headers=chairman(app),
    )
    assert extraordinary.status_code == 201, extraordinary.text
    view = await detail(client, uuid.UUID(extraordinary.json()["id"]))
    # decided on the 17th: held within 30 days, by 16 April (by the UTC date: 15 April)
    assert (view["announced_on"], view["deadline"]) == ("2026-03-17", "2026-04-16")

    request = await client.post(
        "/v1/session-requests",
        json={"reason": "Шұғыл мәселе", "agenda": AGENDA},
        headers=member(app, signer),
    )
    assert request.status_code == 201, request.text
    request_id = request.json()["id"]
    signed = await client.post(
        f"/v1/session-requests/{request_id}/signatures", json={}, headers=member(app, signer)
    )
    assert signed.status_code == 200, signed.text
    view = (await client.get(f"/v1/session-requests/{request_id}", headers=secretariat(app))).json()
    assert view["requested_on"] == ASTANA_DAY.isoformat()
