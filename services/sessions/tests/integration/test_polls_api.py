"""Polls on real PostgreSQL: 60 members voting at once, once each, the tally equal to the
ballots, roll-call and open results, decisions read by the public, voting records, the
deadline, an Address's publication, and the rebuilt read model equal to the live one."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.application import polls
from services.sessions.domain.commands import CastVote, ClosePoll
from services.sessions.domain.events import Choice
from services.sessions.domain.poll import decision_id_of
from services.sessions.tests.conftest import add_to_roster, auth
from services.sessions.tests.integration.test_sessions_api import (
    TODAY,
    chairman,
    detail,
    member,
    open_session,
    problem,
    secretariat,
)
from shared.application import CommandResult, UnitOfWork
from shared.context import Actor

MOTION = {"kk": "Ассамблея Үндеуін қабылдау", "ru": "Принять Обращение Ассамблеи"}


async def sitting_with(
    client: httpx.AsyncClient, app: FastAPI, on_roster: int, present: int
) -> tuple[uuid.UUID, uuid.UUID, list[uuid.UUID]]:
    """An open sitting with the first ``present`` of ``on_roster`` members registered; the
    first agenda item's id."""
    members = await add_to_roster(app, on_roster)
    session_id = await open_session(client, app)
    for member_id in members[:present]:
        response = await client.post(
            f"/v1/sessions/{session_id}/attendance",
            json={"member_id": str(member_id)},
            headers=secretariat(app),
        )
        assert response.status_code == 200, response.text
    item_id = uuid.UUID((await detail(client, session_id))["agenda"][0]["item_id"])
    return session_id, item_id, members


async def open_poll(
    client: httpx.AsyncClient,
    app: FastAPI,
    session_id: uuid.UUID,
    item_id: uuid.UUID,
    method: str,
    **extra: Any,
) -> uuid.UUID:
    body = {"item_id": str(item_id), "method": method, "motion": MOTION, **extra}
    response = await client.post(
        f"/v1/sessions/{session_id}/polls", json=body, headers=secretariat(app)
    )
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["id"])


def vote(
    client: httpx.AsyncClient, app: FastAPI, poll_id: uuid.UUID, member_id: uuid.UUID, choice: str
) -> Any:
    return client.post(
        f"/v1/polls/{poll_id}/votes", json={"choice": choice}, headers=member(app, member_id)
    )


async def test_sixty_members_vote_at_once_roll_call_then_open(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 64, 60)
    present, absent = members[:60], members[60:]
    url = f"/v1/sessions/{session_id}/polls"
    body = {"item_id": str(item_id), "method": "roll_call", "motion": MOTION}
    problem(await client.post(url, json=body, headers=member(app, present[0])), 403)
    problem(await client.post(url, json=body), 401)
    poll_id = await open_poll(
        client, app, session_id, item_id, "roll_call", decision_kind="conceptual_position"
    )
    again = problem(await client.post(url, json=body, headers=secretariat(app)), 409)
    assert again["code"] == "poll_already_open"

    # 60 ballots at once: 35 for, 20 against, 5 abstain.
    choices = ["for"] * 35 + ["against"] * 20 + ["abstain"] * 5
    ballots = dict(zip(present, choices, strict=True))
    responses = await asyncio.gather(
        *(vote(client, app, poll_id, m, c) for m, c in ballots.items())
    )
    assert [r.status_code for r in responses] == [201] * 60, [
        r.text for r in responses if r.status_code != 201
    ]
    assert {uuid.UUID(r.json()["member_id"]): r.json()["choice"] for r in responses} == ballots

    once = problem(await vote(client, app, poll_id, present[0], "against"), 409)
    assert once["code"] == "already_voted"
    refused = problem(await vote(client, app, poll_id, absent[0], "for"), 422)
    assert refused["reason_code"] == "not_present_to_vote" and refused["rule"] == "Reg2024 §10"
    problem(
        await client.post(
            f"/v1/polls/{poll_id}/votes", json={"choice": "for"}, headers=secretariat(app)
        ),
        403,
    )

    result = (await client.get(f"/v1/polls/{poll_id}")).json()  # public
    assert (result["votes_for"], result["against"], result["abstain"]) == (35, 20, 5)
    assert (result["present"], result["required"], result["status"]) == (60, 31, "open")
    assert {uuid.UUID(b["member_id"]): b["choice"] for b in result["ballots"]} == ballots

    problem(await client.post(f"/v1/polls/{poll_id}/closing", headers=member(app, present[0])), 403)
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.status_code == 200 and closed.json()["status"] == "adopted", closed.text
    late = problem(await vote(client, app, poll_id, present[1], "for"), 409)
    assert late["code"] in {"already_voted", "poll_not_open"}

    decisions = (await client.get("/v1/decisions", params={"session_id": str(session_id)})).json()
    assert len(decisions) == 1
    decision = decisions[0]
    assert (decision["poll_id"], decision["kind"], decision["text_ru"]) == (
        str(poll_id),
        "conceptual_position",
        MOTION["ru"],
    )
    assert (decision["votes_for"], decision["against"], decision["abstain"]) == (35, 20, 5)
    assert (decision["present"], decision["required"], decision["rule"]) == (60, 31, "Reg2024 §10")
    assert decision["adopted_on"] == TODAY.isoformat()
    found = await client.get(f"/v1/decisions/{decision['decision_id']}")
    assert found.status_code == 200 and found.json() == decision

    # The item again, by open vote (the roll call closed): counts only, rejected.
    open_id = await open_poll(client, app, session_id, item_id, "open")
    responses = await asyncio.gather(
        *(
            vote(client, app, open_id, m, "for" if n < 30 else "against")
            for n, m in enumerate(present)
        )
    )
    assert all(r.status_code == 201 for r in responses)
    result = (await client.get(f"/v1/polls/{open_id}")).json()
    assert (result["votes_for"], result["against"], result["ballots"]) == (30, 30, None)
    closed = await client.post(f"/v1/polls/{open_id}/closing", headers=secretariat(app))
    assert closed.json()["status"] == "rejected"  # 30 of 60 is not more than half
    assert len((await client.get("/v1/decisions")).json()) == 1
    listed = (await client.get(f"/v1/sessions/{session_id}/polls")).json()
    assert [p["poll_id"] for p in listed] == [str(poll_id), str(open_id)]

    # A member's voting record: all of it for the member and auditors, roll calls for others.
    record_url = f"/v1/members/{present[40]}/votes"
    own = (await client.get(record_url, headers=member(app, present[40]))).json()
    assert [(r["method"], r["choice"]) for r in own] == [
        ("roll_call", "against"),
        ("open", "against"),
    ]
    audited = (await client.get(record_url, headers=auth(app, "auditor-1", "auditor"))).json()
    assert audited == own
    public = (await client.get(record_url)).json()
    assert [(r["method"], r["choice"]) for r in public] == [("roll_call", "against")]
    other = (await client.get(record_url, headers=member(app, present[0]))).json()
    assert other == public


async def test_a_members_concurrent_double_vote_counts_once(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    poll_id = await open_poll(client, app, session_id, item_id, "open")
    first, second = await asyncio.gather(
        vote(client, app, poll_id, members[0], "for"),
        vote(client, app, poll_id, members[0], "against"),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    loser = first if first.status_code == 409 else second
    assert loser.json()["code"] == "already_voted"
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert result["votes_for"] + result["against"] + result["abstain"] == 1


async def test_no_poll_without_quorum(client: httpx.AsyncClient, app: FastAPI) -> None:
    session_id, item_id, _ = await sitting_with(client, app, 9, 5)  # two thirds of 9 is 6
    body = {"item_id": str(item_id), "method": "open", "motion": MOTION}
    refused = problem(
        await client.post(f"/v1/sessions/{session_id}/polls", json=body, headers=secretariat(app)),
        422,
    )
    assert refused["reason_code"] == "quorum_not_present"
    body["item_id"] = str(uuid.uuid4())
    problem(await client.post(f"/v1/polls/{uuid.uuid4()}/closing", headers=secretariat(app)), 404)
    problem(await client.get(f"/v1/polls/{uuid.uuid4()}"), 404)
    problem(await client.get(f"/v1/decisions/{uuid.uuid4()}"), 404)


async def test_deadline_and_an_addresss_publication(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    deadline = datetime.now(UTC) + timedelta(seconds=1.5)
    poll_id = await open_poll(
        client,
        app,
        session_id,
        item_id,
        "open",
        decision_kind="address",
        deadline=deadline.isoformat(),
    )
    for member_id in members[:2]:
        assert (await vote(client, app, poll_id, member_id, "for")).status_code == 201
    await asyncio.sleep(max(0.0, (deadline - datetime.now(UTC)).total_seconds()) + 0.1)
    late = problem(await vote(client, app, poll_id, members[2], "against"), 409)
    assert late["code"] == "poll_deadline_passed"
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert result["deadline_passed"] and result["status"] == "open"
    assert (result["votes_for"], result["against"]) == (2, 0)
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.json()["status"] == "adopted"
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert result["close_reason"] == "deadline"
    assert datetime.fromisoformat(result["closed_at"]) == deadline

    (decision,) = (await client.get("/v1/decisions", params={"kind": "address"})).json()
    url = f"/v1/decisions/{decision['decision_id']}/publication"
    body = {"outlet": "Егемен Қазақстан", "published_on": TODAY.isoformat()}
    problem(await client.post(url, json=body, headers=member(app, members[0])), 403)
    assert (await client.post(url, json=body, headers=secretariat(app))).status_code == 200
    again = problem(await client.post(url, json=body, headers=secretariat(app)), 409)
    assert again["code"] == "address_already_published"
    found = (await client.get(f"/v1/decisions/{decision['decision_id']}")).json()
    assert (found["published_in"], found["published_on"]) == ("Егемен Қазақстан", TODAY.isoformat())


async def test_rebuilding_the_polls_read_model_gives_the_live_one(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id, item_id, members = await sitting_with(client, app, 6, 6)
    poll_id = await open_poll(
        client, app, session_id, item_id, "roll_call", decision_kind="address"
    )
    await asyncio.gather(*(vote(client, app, poll_id, m, "for") for m in members[:4]))
    await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    (decision,) = (await client.get("/v1/decisions")).json()
    await client.post(
        f"/v1/decisions/{decision['decision_id']}/publication",
        json={"outlet": "Казахстанская правда"},
        headers=secretariat(app),
    )
    second = await open_poll(client, app, session_id, item_id, "open")
    await vote(client, app, second, members[5], "abstain")
    platform = app.state.platform
    tables = platform.projector.projections["polls"].tables

    async def snapshot() -> dict[str, list[Any]]:
        async with platform.sessions() as db:
            return {
                t: sorted(map(str, (await db.execute(text(f"SELECT * FROM {t}"))).all()))
                for t in tables
            }

    live = await snapshot()
    # 2 openings + 5 ballots + closing + decision + publication
    assert await platform.projector.rebuild(platform.sessions, platform.store, "polls") == 10
    assert await snapshot() == live


async def test_a_ballot_racing_the_closing_is_never_lost(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """A ballot in flight when the closing starts holds the poll's lock in shared mode: the
    closing (exclusive) waits for it and counts it; a ballot after the closing is refused."""
    session_id, item_id, members = await sitting_with(client, app, 3, 3)
    poll_id = await open_poll(client, app, session_id, item_id, "open")
    runner = app.state.platform.runner
    box = app.state.platform.part(BallotBox)
    now = datetime.now(UTC)

    async def close(uow: UnitOfWork) -> CommandResult:
        await polls.close_poll(ClosePoll(poll_id, now, TODAY), uow, box)
        return CommandResult(200, {})

    async with runner.unit_of_work(Actor(str(members[0]), frozenset({"member"}))) as uow:
        await polls.cast_vote(CastVote(poll_id, Choice.FOR, now), uow, box)
        racing = asyncio.create_task(runner.run(close, Actor("s", frozenset({"secretariat"}))))
        await asyncio.sleep(0.5)  # the closing is waiting for the ballot in flight
        assert not racing.done()
        await uow.commit()
    await racing
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (result["status"], result["votes_for"], result["turnout"]) == ("closed", 1, 1)
    late = problem(await vote(client, app, poll_id, members[1], "for"), 409)
    assert late["code"] == "poll_not_open"


# -- the agenda and the Rules of Procedure, by Session decision ----------------------------------


async def adopt(
    client: httpx.AsyncClient,
    app: FastAPI,
    session_id: uuid.UUID,
    item_id: uuid.UUID,
    voters: list[uuid.UUID],
    kind: str = "other",
) -> str:
    """A decision the Session adopts on the item (every voter for): its id."""
    poll_id = await open_poll(client, app, session_id, item_id, "open", decision_kind=kind)
    for voter in voters:
        assert (await vote(client, app, poll_id, voter, "for")).status_code == 201
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.json()["status"] == "adopted", closed.text
    return str(decision_id_of(poll_id))


async def test_agenda_changes_and_rules_of_procedure_by_session_decision(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Reg2024 §10–11: each change names a decision this Session adopted; the Rules of
    Procedure one of that kind."""
    session_id, first_id, members = await sitting_with(client, app, 3, 3)
    url = f"/v1/sessions/{session_id}"
    first = str(first_id)
    decided = await adopt(client, app, session_id, first_id, members)
    item = {"title": {"kk": "Үндеу", "ru": "Обращение"}, "decision_ref": decided}
    problem(await client.post(f"{url}/agenda", json=item, headers=chairman(app)), 403)
    problem(await client.post(f"{url}/agenda", json={"title": item["title"]},
                              headers=secretariat(app)), 422)  # fmt: skip
    for ref in ("СШ-2025-1", str(uuid.uuid4())):  # not a decision of this Session
        refused = problem(
            await client.post(
                f"{url}/agenda", json={**item, "decision_ref": ref}, headers=secretariat(app)
            ),
            422,
        )
        assert (refused["reason_code"], refused["rule"]) == ("decision_not_adopted", "Reg2024 §10")
    assert (await client.post(f"{url}/agenda", json=item, headers=secretariat(app))).is_success
    agenda = (await detail(client, session_id))["agenda"]
    second = agenda[1]["item_id"]
    assert agenda[1]["added_by"] == decided and not agenda[1]["provisional"]

    bad = {"order": [second], "decision_ref": decided}
    problem(await client.post(f"{url}/agenda/order", json=bad, headers=secretariat(app)), 422)
    order = {"order": [second, first], "decision_ref": decided}
    assert (
        await client.post(f"{url}/agenda/order", json=order, headers=secretariat(app))
    ).is_success
    agenda = (await detail(client, session_id))["agenda"]
    assert [(i["item_id"], i["position"]) for i in agenda] == [(second, 1), (first, 2)]

    withdraw = {"decision_ref": decided}
    problem(
        await client.post(
            f"{url}/agenda/{uuid.uuid4()}/withdrawal", json=withdraw, headers=secretariat(app)
        ),
        404,
    )
    response = await client.post(
        f"{url}/agenda/{second}/withdrawal", json=withdraw, headers=secretariat(app)
    )
    assert response.is_success
    agenda = (await detail(client, session_id))["agenda"]
    assert [(i["item_id"], i["position"], i["withdrawn_by"]) for i in agenda] == [
        (first, 1, None),
        (second, None, decided),
    ]
    rules_url = f"{url}/rules-of-procedure"
    refused = problem(
        await client.post(rules_url, json={"decision_ref": decided}, headers=secretariat(app)),
        422,
    )
    assert (refused["reason_code"], refused["rule"]) == ("decision_of_another_kind", "Reg2024 §11")
    rules = await adopt(client, app, session_id, first_id, members, "rules_of_procedure")
    response = await client.post(rules_url, json={"decision_ref": rules}, headers=secretariat(app))
    assert response.is_success
    live = await detail(client, session_id)
    assert live["rules_of_procedure"] == rules
    platform = app.state.platform
    await platform.projector.rebuild(platform.sessions, platform.store, "sessions")
    assert await detail(client, session_id) == live
