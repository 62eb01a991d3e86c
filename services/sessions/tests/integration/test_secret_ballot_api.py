"""The secret ballot on real PostgreSQL (Reg2024 §10): 40 members vote at once and get
receipts, never their choice echoed, once their batch commits (at least the anonymity set of
ballots together, the last ones at the close); the results show only the turnout until the
close; the close checks the box against the roll and publishes every ballot shuffled, each
voter finds their receipt (sent in the body) with their choice, the poll's box and key tables
are gone, and no row of the database links a member to a choice."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.application import deadlines
from services.sessions.application.ballot_intake import BallotIntake
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


ANONYMITY_SET = 10  # the service's default


async def turnout(client: httpx.AsyncClient, poll_id: uuid.UUID) -> int:
    return int((await client.get(f"/v1/polls/{poll_id}")).json()["turnout"])


async def settled(
    client: httpx.AsyncClient, app: FastAPI, poll_id: uuid.UUID, committed: int, waiting: int
) -> None:
    """Wait until ``committed`` ballots of the poll are committed and ``waiting`` wait for
    their batch (bounded: a few seconds, more on a loaded machine)."""
    intake = app.state.platform.part(BallotIntake)
    for _ in range(3000):
        now = (await turnout(client, poll_id), intake.waiting(poll_id))
        if now == (committed, waiting):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{now} ballots committed and waiting, not {(committed, waiting)}")


def cast_all(
    client: httpx.AsyncClient, app: FastAPI, poll_id: uuid.UUID, choices: Mapping[uuid.UUID, str]
) -> list[asyncio.Future[httpx.Response]]:
    """The members' ballots sent at once; each answered when its batch commits."""
    return [asyncio.ensure_future(vote(client, app, poll_id, m, c)) for m, c in choices.items()]


async def batches(app: FastAPI, poll_id: uuid.UUID) -> list[int]:
    """How many ballots (events on the vote streams: a secret poll's roll entries, each with
    its sealed ballot) each transaction committed."""
    async with app.state.platform.sessions() as db:
        rows = await db.execute(
            text(
                "SELECT count(*) FROM events WHERE stream_type = 'vote'"
                " AND data->>'poll_id' = :p GROUP BY transaction_id"
            ),
            {"p": str(poll_id)},
        )
        return sorted(rows.scalars())


def lookup(client: httpx.AsyncClient, poll_id: uuid.UUID, receipt: str) -> Any:
    return client.post(f"/v1/polls/{poll_id}/ballots/lookup", json={"receipt": receipt})


async def box_tables(app: FastAPI, poll_id: uuid.UUID) -> list[str]:
    async with app.state.platform.sessions() as db:
        rows = await db.execute(
            text("SELECT relname FROM pg_class WHERE relname LIKE :name"),
            {"name": f"ballot\\_%\\_{poll_id.hex}"},
        )
        return sorted(rows.scalars())


async def test_forty_members_vote_in_secret(
    client: httpx.AsyncClient, app: FastAPI, sessions_db: str
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 42, 42)
    poll_id = await open_poll(client, app, session_id, item_id, "secret", decision_kind="other")
    assert await box_tables(app, poll_id) == [
        f"ballot_box_{poll_id.hex}",
        f"ballot_key_{poll_id.hex}",
    ]
    voters, late = members[:40], members[40:]
    choices = dict(zip(voters, ["for"] * 25 + ["against"] * 10 + ["abstain"] * 5, strict=True))

    # An Idempotency-Key would keep the answer with the voter: refused, and nothing recorded.
    keyed = await client.post(
        f"/v1/polls/{poll_id}/votes",
        json={"choice": "for"},
        headers={**member(app, late[0]), "Idempotency-Key": "k-1"},
    )
    assert problem(keyed, 422)["reason_code"] == "secret_ballot_not_replayable"

    # 40 of the 42 present vote at once. Batches of at least 10 commit; the last 10 wait for
    # the two who have not voted, or for the close.
    sent = cast_all(client, app, poll_id, choices)
    committed = 40 - ANONYMITY_SET
    await settled(client, app, poll_id, committed, ANONYMITY_SET)
    assert all(size >= ANONYMITY_SET for size in await batches(app, poll_id))
    assert not any(s.done() for s in sent[-ANONYMITY_SET:])  # the last ones wait
    again = problem(await vote(client, app, poll_id, voters[0], "against"), 409)
    assert again["code"] == "already_voted"

    # While open: the turnout, no counts; nothing published; the box holds the sealed ballots.
    live = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (live["turnout"], live["votes_for"], live["against"], live["abstain"]) == (
        committed, None, None, None,
    )  # fmt: skip
    assert (await client.get(f"/v1/polls/{poll_id}/ballots")).json() == []
    box = f"ballot_box_{poll_id.hex}"
    assert await count(app, f"SELECT count(*) FROM {box}") == committed
    assert await count(app, "SELECT count(*) FROM votes WHERE poll_id = :p", p=poll_id) == 0

    # The close commits the ballots that were waiting, then checks the box and publishes it.
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "adopted"  # 25 of 42 present: more than half
    answers = await asyncio.gather(*sent)
    assert [a.status_code for a in answers] == [201] * 40
    assert all(set(a.json()) == {"poll_id", "receipt", "cast_at"} for a in answers)
    receipts = {m: a.json()["receipt"] for m, a in zip(choices, answers, strict=True)}
    sizes = await batches(app, poll_id)
    assert sum(sizes) == 40 and min(sizes) >= ANONYMITY_SET, sizes
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (result["votes_for"], result["against"], result["abstain"]) == (25, 10, 5)
    assert (result["present"], result["required"], result["turnout"]) == (42, 22, 40)

    # Every voter finds their ballot by receipt, with their choice; the order is not the casting.
    published = (await client.get(f"/v1/polls/{poll_id}/ballots")).json()
    assert sorted(b["receipt"] for b in published) == sorted(receipts.values())
    for voter, receipt in receipts.items():
        found = await lookup(client, poll_id, receipt)
        assert found.json()["choice"] == choices[voter]
    assert [b["receipt"] for b in published] != list(receipts.values())
    late_vote = problem(await vote(client, app, poll_id, late[1], "for"), 409)
    assert late_vote["code"] == "poll_not_open"

    # The poll's box and key tables are gone; no row anywhere pairs a voter with a choice.
    assert await box_tables(app, poll_id) == []
    secret = Secret(poll_id, frozenset(voters), frozenset(receipts.values()))
    assert links_in(await database_rows(sessions_db), secret) == []
    # The scan does see a link where one exists (a control, so it cannot pass vacuously).
    planted = [("control", f"{voters[0]} {receipts[voters[0]]}")]
    assert len(links_in(planted, secret)) == 1


async def test_a_receipt_is_looked_up_in_the_body_never_in_the_url(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    answers = await asyncio.gather(*cast_all(client, app, poll_id, dict.fromkeys(members, "for")))
    receipt = answers[0].json()["receipt"]
    early = problem(await lookup(client, poll_id, receipt), 404)  # published at the close
    assert early["code"] == "ballot_not_found" and receipt not in str(early)
    await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert (await lookup(client, poll_id, receipt)).json() == {"receipt": receipt, "choice": "for"}
    problem(await lookup(client, poll_id, "NOT-A-RECEIPT"), 422)
    moved = problem(await client.get(f"/v1/polls/{poll_id}/ballots/{receipt}"), 410)
    assert moved["code"] == "receipt_lookup_moved"


async def test_closing_a_closed_secret_poll_is_a_conflict(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Its box and key were dropped by the first close: the second answers 409
    ``poll_not_open``, as an open poll's does, before the box is looked at."""
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    await asyncio.gather(*cast_all(client, app, poll_id, dict.fromkeys(members, "against")))
    url = f"/v1/polls/{poll_id}/closing"
    assert (await client.post(url, headers=secretariat(app))).status_code == 200
    second = problem(await client.post(url, headers=secretariat(app)), 409)
    assert second["code"] == "poll_not_open"


async def test_a_rebuilt_secret_poll_equals_the_live_one(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    choices = dict(zip(members, ["for", "for", "against"], strict=True))
    answers = await asyncio.gather(*cast_all(client, app, poll_id, choices))
    assert [a.status_code for a in answers] == [201] * 3
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
    choices = dict(zip(members, ["for", "for", "against"], strict=True))
    answers = await asyncio.gather(*cast_all(client, app, secret, choices))
    assert [a.status_code for a in answers] == [201] * 3
    platform = app.state.platform
    box = platform.part(BallotBox)

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
