"""The ballot intake on real PostgreSQL (application/ballot_intake.py): ballots that arrive
together are committed together, each still its own event with its own voter and correlation,
each refused on its own; an open poll's batch that fails is cast again ballot by ballot, a
secret poll's is tried again whole and then refused, never cast ballot by ballot."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.application import polls
from services.sessions.application.ballot_intake import BALLOT_BATCH_FAILED, BallotIntake
from services.sessions.tests.conftest import auth
from services.sessions.tests.integration.test_polls_api import open_poll, sitting_with
from services.sessions.tests.integration.test_secret_ballot_api import batches
from services.sessions.tests.integration.test_sessions_api import member, problem, secretariat

T = TypeVar("T")


def ballot(
    client: httpx.AsyncClient, poll_id: uuid.UUID, headers: dict[str, str], correlation: str
) -> asyncio.Future[httpx.Response]:
    return asyncio.ensure_future(
        client.post(
            f"/v1/polls/{poll_id}/votes",
            json={"choice": "for"},
            headers={**headers, "X-Correlation-ID": correlation},
        )
    )


async def test_ballots_arriving_together_commit_together_each_its_own_event(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    assert app.state.platform.part(BallotIntake) is not None  # on by default
    session_id, item_id, members = await sitting_with(client, app, 34, 32)
    present, absent = members[:32], members[32:]
    poll_id = await open_poll(client, app, session_id, item_id, "open")

    # In one burst: 32 members, one of them twice, an absent member, and a member's token
    # whose subject is not a member id. Each gets its own answer.
    sent = {f"corr-{m}": ballot(client, poll_id, member(app, m), f"corr-{m}") for m in present}
    twice = ballot(client, poll_id, member(app, present[0]), "corr-twice")
    missing = ballot(client, poll_id, member(app, absent[0]), "corr-absent")
    stranger = ballot(client, poll_id, auth(app, "not-a-member-id", "member"), "corr-stranger")
    responses = await asyncio.gather(*sent.values())
    assert {r.status_code for r in responses[1:]} == {201}
    # The member's two ballots: one counts, the other is refused as already cast.
    assert sorted([responses[0].status_code, (await twice).status_code]) == [201, 409]
    assert problem(await missing, 422)["reason_code"] == "not_present_to_vote"
    assert problem(await stranger, 403)["reason_code"] == "members_act_for_themselves"

    async with app.state.platform.sessions() as db:
        rows = (
            await db.execute(
                text(
                    "SELECT transaction_id::text AS xid, metadata, data FROM events"
                    " WHERE event_type = 'VoteCast' AND data->>'poll_id' = :p"
                ),
                {"p": str(poll_id)},
            )
        ).all()
    assert len(rows) == 32
    # Each event records its own voter and its own request's correlation id ...
    for row in rows:
        assert row.metadata["actor"] == row.data["member_id"]
        if row.data["member_id"] != str(present[0]):
            assert row.metadata["correlation_id"] == f"corr-{row.data['member_id']}"
    # ... and ballots were committed together: fewer transactions than ballots.
    assert len({row.xid for row in rows}) < 32

    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (result["votes_for"], result["against"], result["abstain"]) == (32, 0, 0)

    # After the close, and on a poll that does not exist: refused, each in its own language.
    await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    late = await ballot(client, poll_id, member(app, present[1]), "corr-late")
    assert problem(late, 409)["code"] == "poll_not_open"
    nowhere = await client.post(
        f"/v1/polls/{uuid.uuid4()}/votes",
        json={"choice": "for"},
        headers={**member(app, present[1]), "Accept-Language": "kk"},
    )
    assert problem(nowhere, 404)["code"] == "poll_not_found"
    assert nowhere.headers["Content-Language"] == "kk"


async def test_an_open_polls_failed_batch_is_cast_again_ballot_by_ballot(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch fails after its events were appended: it is rolled back, and each of
    its ballots is cast again on its own; nothing is lost or counted twice."""
    session_id, item_id, members = await sitting_with(client, app, 24, 24)
    poll_id = await open_poll(client, app, session_id, item_id, "open")
    monkeypatch.setattr(polls, "record_ballots", failing(polls.record_ballots, times=1))
    failed_before = BALLOT_BATCH_FAILED._value.get()
    responses = await asyncio.gather(
        *(ballot(client, poll_id, member(app, m), f"retry-{m}") for m in members)
    )
    assert [r.status_code for r in responses] == [201] * 24, [r.text for r in responses]
    assert BALLOT_BATCH_FAILED._value.get() == failed_before + 1
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (result["votes_for"], result["against"], result["abstain"]) == (24, 0, 0)


async def test_a_secret_polls_failed_batch_is_never_cast_ballot_by_ballot(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Casting each ballot of a failed batch alone would pair each voter with their sealed
    ballot. Failing once, the batch is committed whole at its second attempt; failing again,
    its members are told their ballot was not recorded (503: they have not voted), and they
    vote again, in batches."""
    session_id, item_id, members = await sitting_with(client, app, 24, 24)
    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    box = app.state.platform.part(BallotBox)
    monkeypatch.setattr(box, "drop_in", failing(box.drop_in, times=1))
    first = await asyncio.gather(*(ballot(client, poll_id, member(app, m), "a") for m in members))
    assert [r.status_code for r in first] == [201] * 24, [r.text for r in first]
    assert await batches(app, poll_id) == [24]  # every voter had voted: one batch
    await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))

    poll_id = await open_poll(client, app, session_id, item_id, "secret")
    monkeypatch.setattr(box, "drop_in", failing(box.drop_in, times=2))
    refused = await asyncio.gather(*(ballot(client, poll_id, member(app, m), "b") for m in members))
    assert {problem(r, 503)["code"] for r in refused} == {"ballot_not_recorded"}
    assert await batches(app, poll_id) == []  # nothing recorded, nothing cast alone
    again = await asyncio.gather(*(ballot(client, poll_id, member(app, m), "c") for m in members))
    assert [r.status_code for r in again] == [201] * 24
    assert await batches(app, poll_id) == [24]
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.status_code == 200, closed.text
    published = (await client.get(f"/v1/polls/{poll_id}/ballots")).json()
    assert {b["receipt"] for b in published} == {r.json()["receipt"] for r in again}


def failing(call: Callable[..., Awaitable[T]], times: int) -> Callable[..., Awaitable[T]]:
    """``call``, failing its first ``times`` calls as a connection lost mid-batch would."""
    failures: list[None] = []

    async def fails(*args: object) -> T:
        if len(failures) < times:
            failures.append(None)
            raise ConnectionResetError("the database went away mid-batch")
        return await call(*args)

    return fails


async def test_a_ballot_with_an_idempotency_key_is_a_command_of_its_own(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Its response is stored with its key (CommandRunner), so it is not batched: sent twice,
    answered twice the same, counted once."""
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    poll_id = await open_poll(client, app, session_id, item_id, "open")
    headers = {**member(app, members[0]), "Idempotency-Key": "ballot-1"}
    first, again = [
        await client.post(f"/v1/polls/{poll_id}/votes", json={"choice": "against"}, headers=headers)
        for _ in range(2)
    ]
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (result["votes_for"], result["against"]) == (0, 1)
