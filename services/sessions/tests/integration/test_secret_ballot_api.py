"""The secret ballot on real PostgreSQL (Reg2024 §10; issue 4, item 5): 40 members vote at once
and get receipts, never their choice echoed; the results show only the turnout until the close;
the close publishes every ballot shuffled, each voter finds their receipt with their choice,
the ballot box and its key are gone, and no row of the database links a member to a choice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.sessions.adapters.ballot_box import BALLOT_BOX
from services.sessions.application import deadlines
from services.sessions.tests.integration.test_polls_api import (
    open_poll,
    sitting_with,
    vote,
)
from services.sessions.tests.integration.test_sessions_api import member, problem, secretariat
from services.sessions.tests.secrecy import Secret, database_rows, links_in


async def count(app: FastAPI, sql: str, **params: Any) -> int:
    async with app.state.platform.sessions() as db:
        return int(await db.scalar(text(sql), params) or 0)


async def test_forty_members_vote_in_secret(
    client: httpx.AsyncClient, app: FastAPI, sessions_db: str
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 42, 42)
    poll_id = await open_poll(client, app, session_id, item_id, "secret", decision_kind="other")
    voters, late = members[:40], members[40:]
    choices = dict(zip(voters, ["for"] * 25 + ["against"] * 10 + ["abstain"] * 5, strict=True))

    # An Idempotency-Key would keep the answer with the voter: refused, and nothing recorded.
    keyed = await client.post(
        f"/v1/polls/{poll_id}/votes",
        json={"choice": "for"},
        headers={**member(app, late[0]), "Idempotency-Key": "k-1"},
    )
    assert problem(keyed, 422)["reason_code"] == "secret_ballot_not_replayable"

    answers = await asyncio.gather(*(vote(client, app, poll_id, m, c) for m, c in choices.items()))
    assert [a.status_code for a in answers] == [201] * 40
    assert all(set(a.json()) == {"poll_id", "receipt", "cast_at"} for a in answers)
    receipts = {m: a.json()["receipt"] for m, a in zip(choices, answers, strict=True)}
    again = problem(await vote(client, app, poll_id, voters[0], "against"), 409)
    assert again["code"] == "already_voted"

    # While open: the turnout, no counts; nothing published; the box holds 40 sealed ballots.
    live = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (live["turnout"], live["votes_for"], live["against"], live["abstain"]) == (
        40, None, None, None,
    )  # fmt: skip
    assert (await client.get(f"/v1/polls/{poll_id}/ballots")).json() == []
    receipt = receipts[voters[0]]
    assert (await client.get(f"/v1/polls/{poll_id}/ballots/{receipt}")).status_code == 404
    assert await count(app, "SELECT count(*) FROM ballot_box WHERE poll_id = :p", p=poll_id) == 40
    assert await count(app, "SELECT count(*) FROM votes WHERE poll_id = :p", p=poll_id) == 0

    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "adopted"  # 25 of 42 present: more than half
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (result["votes_for"], result["against"], result["abstain"]) == (25, 10, 5)
    assert (result["present"], result["required"], result["turnout"]) == (42, 22, 40)

    # Every voter finds their ballot by receipt, with their choice; the order is not the casting.
    published = (await client.get(f"/v1/polls/{poll_id}/ballots")).json()
    assert sorted(b["receipt"] for b in published) == sorted(receipts.values())
    for voter, receipt in receipts.items():
        found = await client.get(f"/v1/polls/{poll_id}/ballots/{receipt}")
        assert found.json()["choice"] == choices[voter]
    assert [b["receipt"] for b in published] != list(receipts.values())
    late_vote = problem(await vote(client, app, poll_id, late[1], "for"), 409)
    assert late_vote["code"] == "poll_not_open"

    # The box and the poll's key are gone; no row anywhere pairs a voter with a choice.
    assert await count(app, "SELECT count(*) FROM ballot_box WHERE poll_id = :p", p=poll_id) == 0
    assert (
        await count(app, "SELECT count(*) FROM ballot_box_keys WHERE poll_id = :p", p=poll_id) == 0
    )
    secret = Secret(poll_id, frozenset(voters), frozenset(receipts.values()))
    assert links_in(await database_rows(sessions_db), secret) == []
    # The scan does see a link where one exists (a control, so it cannot pass vacuously).
    planted = [("control", f"{voters[0]} {receipts[voters[0]]}")]
    assert len(links_in(planted, secret)) == 1


async def test_a_rebuilt_secret_poll_equals_the_live_one(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    for m, c in zip(members, ["for", "for", "against"], strict=True):
        assert (await vote(client, app, poll_id, m, c)).status_code == 201
    await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))

    async def snapshot() -> Any:
        return (
            (await client.get(f"/v1/polls/{poll_id}")).json(),
            (await client.get(f"/v1/polls/{poll_id}/ballots")).json(),
        )

    live = await snapshot()
    platform = app.state.platform
    await platform.projector.rebuild(platform.sessions, platform.store, "polls")
    assert await snapshot() == live
    assert live[0]["votes_for"] == 2 and len(live[1]) == 3


async def test_polls_close_at_their_deadline(client: httpx.AsyncClient, app: FastAPI) -> None:
    """The deadline worker closes every poll past its deadline, as of the deadline (reason
    ``deadline``), a secret one with its box opened; a poll not yet due stays open."""
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    deadline = datetime.now(UTC) + timedelta(minutes=5)
    secret = await open_poll(
        client, app, session_id, item_id, "secret", deadline=deadline.isoformat()
    )
    for m, c in zip(members, ["for", "for", "against"], strict=True):
        assert (await vote(client, app, secret, m, c)).status_code == 201
    platform = app.state.platform
    box = platform.extras[BALLOT_BOX]

    assert await deadlines.close_due_polls(platform, box, deadline - timedelta(seconds=1)) == []
    assert (await client.get(f"/v1/polls/{secret}")).json()["status"] == "open"
    closed = await deadlines.close_due_polls(platform, box, deadline + timedelta(seconds=30))
    assert closed == [secret]
    result = (await client.get(f"/v1/polls/{secret}")).json()
    assert (result["status"], result["close_reason"], result["adopted"]) == (
        "closed", "deadline", True,
    )  # fmt: skip
    assert datetime.fromisoformat(result["closed_at"]) == deadline
    assert (result["votes_for"], result["against"]) == (2, 1)
    assert len((await client.get(f"/v1/polls/{secret}/ballots")).json()) == 3
    assert await deadlines.close_due_polls(platform, box, deadline + timedelta(minutes=1)) == []
