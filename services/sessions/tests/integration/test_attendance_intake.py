"""The attendance intake against real PostgreSQL: a plenary's members registering at once are
committed together, every registration answered, each refusal its own (Reg2024 §7, §9)."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from services.sessions.tests.conftest import add_to_roster
from services.sessions.tests.integration.test_sessions_api import (
    detail,
    member,
    open_session,
    problem,
    secretariat,
)

pytestmark = pytest.mark.integration


async def registrations(app: FastAPI, session_id: str) -> list[tuple[str, str, str, int]]:
    """Each AttendanceRegistered of the Session: member, actor, correlation, transaction."""
    async with app.state.platform.sessions() as db:
        rows = await db.execute(
            text(
                "SELECT data->>'member_id', metadata->>'actor', metadata->>'correlation_id',"
                " transaction_id::text::bigint FROM events"
                " WHERE stream_id = :s AND event_type = 'AttendanceRegistered' ORDER BY version"
            ),
            {"s": f"session-{session_id}"},
        )
        return [tuple(r) for r in rows.all()]  # type: ignore[misc]


async def test_four_hundred_registering_at_once_are_all_answered_and_present(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_to_roster(app, 450)  # 50 on the roster stay away
    outsiders = [uuid.uuid4() for _ in range(5)]  # not on the roster
    session_id = await open_session(client, app)
    url = f"/v1/sessions/{session_id}/attendance"
    present = members[:400]

    def register(member_id: uuid.UUID, as_: uuid.UUID | None = None) -> object:
        return client.post(
            url, json={"member_id": str(member_id)}, headers=member(app, as_ or member_id)
        )

    requests = [
        *(register(m) for m in present),
        *(register(m) for m in present[:5]),  # the same members a second time
        *(register(m) for m in outsiders),  # Reg2024 §7: not on the roster of the day
        *(register(members[420], as_=members[421]) for _ in range(3)),  # for someone else
    ]
    responses: list[httpx.Response] = await asyncio.gather(*requests)  # type: ignore[arg-type]
    by_member: dict[str, list[httpx.Response]] = {}
    for request_member, response in zip(
        [*present, *present[:5], *outsiders, *[members[420]] * 3], responses, strict=True
    ):
        by_member.setdefault(str(request_member), []).append(response)

    # Every member present once: one 200 each; the second registration of five is refused.
    for m in present:
        statuses = sorted(r.status_code for r in by_member[str(m)])
        assert statuses in ([200], [200, 409]), (m, [r.text for r in by_member[str(m)]])
    twice = [r for m in present[:5] for r in by_member[str(m)] if r.status_code == 409]
    assert len(twice) == 5
    assert {problem(r, 409)["code"] for r in twice} == {"attendance_already_registered"}
    for m in outsiders:
        [refused] = by_member[str(m)]
        assert (problem(refused, 422)["rule"], refused.json()["reason_code"]) == (
            "Reg2024 §7",
            "not_on_roster",
        )
    forbidden = by_member[str(members[420])]
    assert [problem(r, 403)["reason_code"] for r in forbidden] == ["members_act_for_themselves"] * 3

    # Each answer names the Session's version after its own registration: all different.
    accepted = [r.json() for r in responses if r.status_code == 200]
    assert len(accepted) == 400
    assert {a["id"] for a in accepted} == {str(session_id)}
    versions = sorted(a["version"] for a in accepted)
    assert len(set(versions)) == 400 and versions[-1] - versions[0] == 399

    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["total"], quorum["quorate"]) == (400, 450, True)

    # One event per member, each with its own actor and its own request's correlation id,
    # committed together in fewer transactions than registrations.
    events = await registrations(app, session_id)
    assert sorted(e[0] for e in events) == sorted(str(m) for m in present)
    assert all(actor == member_id for member_id, actor, _, _ in events)
    assert len({correlation for _, _, correlation, _ in events}) == 400
    assert len({transaction for *_, transaction in events}) < 400


async def test_registrations_after_a_batch_see_its_members(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_to_roster(app, 12)
    session_id = await open_session(client, app)
    url = f"/v1/sessions/{session_id}/attendance"
    first = await asyncio.gather(
        *(
            client.post(url, json={"member_id": str(m)}, headers=member(app, m))
            for m in members[:10]
        )
    )
    assert [r.status_code for r in first] == [200] * 10
    again = await client.post(url, json={"member_id": str(members[0])}, headers=secretariat(app))
    assert problem(again, 409)["code"] == "attendance_already_registered"
    # An If-Match is honoured (a command of its own): a stale one fails its precondition.
    stale = await client.post(
        url,
        json={"member_id": str(members[10])},
        headers={**secretariat(app), "If-Match": '"1"'},
    )
    problem(stale, 412)
    latest = (await detail(client, session_id))["version"]
    fresh = await client.post(
        url,
        json={"member_id": str(members[10])},
        headers={**secretariat(app), "If-Match": f'"{latest}"'},
    )
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["version"] == latest + 1
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["total"]) == (11, 12)


async def test_a_registration_with_an_idempotency_key_is_a_command_of_its_own(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Its response is stored with its key (CommandRunner), so it is not batched: sent twice,
    answered twice the same, registered once (Reg2024 §9: the member counts once)."""
    members = await add_to_roster(app, 3)
    session_id = await open_session(client, app)
    url = f"/v1/sessions/{session_id}/attendance"
    headers = {**member(app, members[0]), "Idempotency-Key": "attendance-1"}
    first, again = [
        await client.post(url, json={"member_id": str(members[0])}, headers=headers)
        for _ in range(2)
    ]
    assert (first.status_code, again.status_code) == (200, 200), first.text
    assert first.headers.get("Idempotent-Replayed") is None
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    assert first.json()["id"] == str(session_id)
    assert [m for m, *_ in await registrations(app, session_id)] == [str(members[0])]
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["total"]) == (1, 3)
