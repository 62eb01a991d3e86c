"""Execution control on real PostgreSQL: a Session decision opens one card however often it
arrives; assignments to state bodies; reports, returns and acceptance closing the card; what a
state body sees; overdue by body, by decision and by deadline window (Reg2024 §4.5)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.council.application import policies
from services.council.consumers.sessions import SESSIONS_HANDLERS, SESSIONS_TOPIC
from services.council.tests.conftest import add_council_members, auth, inbound, state_body
from services.council.tests.integration.test_meetings_api import (
    convene,
    open_with,
    problem,
    secretariat,
    vote,
)
from shared.clock import Clock
from shared.context import Actor
from shared.eventstore.model import RecordedEvent

pytestmark = pytest.mark.integration

TODAY = Clock().today()  # the Kazakhstan day, as the services date acts
TASK = {"kk": "Іс-шаралар жоспарын бекіту", "ru": "Утвердить план мероприятий"}


def decision_event(decision_id: uuid.UUID) -> Any:
    return inbound(
        SESSIONS_TOPIC,
        event_type="DecisionAdopted",
        stream_id=f"poll-{uuid.uuid4()}",
        stream_type="poll",
        version=2,
        data={
            "decision_id": str(decision_id),
            "poll_id": str(uuid.uuid4()),
            "session_id": str(uuid.uuid4()),
            "item_id": str(uuid.uuid4()),
            "assembly": "apk",
            "kind": "address",
            "text": {"kk": "Үндеу", "ru": "Обращение"},
            "adopted_on": (TODAY - timedelta(days=30)).isoformat(),
            "method": "open",
            "votes_for": 300,
            "against": 2,
            "abstain": 1,
            "present": 303,
            "required": 152,
            "rulebook": "Reg2024",
            "rule": "Reg2024 §10",
        },
    )


async def deliver(app: FastAPI, handler: Any, event: Any) -> None:
    runner = app.state.platform.runner
    async with runner.unit_of_work(Actor.system("council-consumer")) as uow:
        await handler(event, uow)
        await uow.commit()


async def card_of(client: httpx.AsyncClient, app: FastAPI, source_id: uuid.UUID) -> dict[str, Any]:
    cards = (
        await client.get(
            "/v1/control/cards", params={"source_id": str(source_id)}, headers=secretariat(app)
        )
    ).json()
    assert len(cards) == 1, cards
    return dict(cards[0])


async def test_a_decision_is_assigned_reported_returned_accepted_and_closed(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    decision_id = uuid.uuid4()
    event = decision_event(decision_id)
    await deliver(app, SESSIONS_HANDLERS["DecisionAdopted"], event)
    await deliver(app, SESSIONS_HANDLERS["DecisionAdopted"], event)  # no second card
    card = await card_of(client, app, decision_id)
    assert (card["source"], card["status"], card["rule"]) == (
        "session_decision",
        "open",
        "Reg2024 §10",
    )
    card_id = card["card_id"]
    url = f"/v1/control/cards/{card_id}/assignments"
    in_ten, yesterday = (TODAY + timedelta(10)).isoformat(), (TODAY - timedelta(1)).isoformat()
    body = {
        "assignments": [
            {"state_body": "minculture", "task": TASK, "deadline": in_ten},
            {"state_body": "akimat-astana", "task": TASK, "deadline": yesterday},
        ],
        "assigned_on": (TODAY - timedelta(days=20)).isoformat(),
    }
    problem(await client.post(url, json=body, headers=state_body(app, "minculture")), 403)
    assigned = await client.post(url, json=body, headers=secretariat(app))
    assert assigned.status_code == 200, assigned.text

    detail = (await client.get(f"/v1/control/cards/{card_id}", headers=secretariat(app))).json()
    by_body = {a["state_body"]: a for a in detail["assignment_list"]}
    assert detail["progress"] == {"assignments": 2, "done": 0, "overdue": 1, "percent": 0}
    ministry, akimat = by_body["minculture"], by_body["akimat-astana"]
    assert akimat["overdue"] and not ministry["overdue"]

    # A state body sees its own assignments only.
    mine = (
        await client.get(f"/v1/control/cards/{card_id}", headers=state_body(app, "minculture"))
    ).json()
    assert [a["state_body"] for a in mine["assignment_list"]] == ["minculture"]
    assert {h["assignment_id"] for h in mine["history"]} == {ministry["assignment_id"]}
    stranger = await client.get(f"/v1/control/cards/{card_id}", headers=state_body(app, "other"))
    problem(stranger, 404)
    assert (await client.get("/v1/control/cards", headers=state_body(app, "other"))).json() == []
    problem(await client.get(f"/v1/control/cards/{card_id}"), 401)

    # Overdue: by body, by decision, by deadline window; a state body only its own.
    overdue = "/v1/control/overdue"
    officials = secretariat(app)
    assert [a["assignment_id"] for a in (await client.get(overdue, headers=officials)).json()] == [
        akimat["assignment_id"]
    ]
    by_decision = await client.get(
        overdue, params={"source_id": str(decision_id)}, headers=officials
    )
    assert [a["state_body"] for a in by_decision.json()] == ["akimat-astana"]
    assert (
        await client.get(overdue, params={"state_body": "minculture"}, headers=officials)
    ).json() == []
    window = await client.get(
        "/v1/control/assignments",
        params={"deadline_from": TODAY.isoformat(), "deadline_to": in_ten},
        headers=officials,
    )
    assert [a["state_body"] for a in window.json()] == ["minculture"]
    later = await client.get(
        overdue, params={"as_of": (TODAY + timedelta(11)).isoformat()}, headers=officials
    )
    assert {a["state_body"] for a in later.json()} == {"minculture", "akimat-astana"}
    assert (await client.get(overdue, headers=state_body(app, "minculture"))).json() == []

    # Reports: the wrong body is refused; returned with a reason; reported again; accepted.
    report_url = f"/v1/control/assignments/{ministry['assignment_id']}/reports"
    wrong = await client.post(
        report_url, json={"text": "Орындалды"}, headers=state_body(app, "akimat-astana")
    )
    assert problem(wrong, 403)["reason_code"] == "state_body_not_assigned"
    filed = await client.post(
        report_url, json={"text": "Жоспар әзірленді"}, headers=state_body(app, "minculture")
    )
    assert filed.status_code == 201, filed.text
    twice = await client.post(
        report_url, json={"text": "Тағы"}, headers=state_body(app, "minculture")
    )
    assert problem(twice, 409)["code"] == "report_pending"
    decide = f"/v1/control/assignments/{ministry['assignment_id']}"
    returned = await client.post(
        f"{decide}/return", json={"reason": "Мерзімдер жоқ"}, headers=officials
    )
    assert returned.status_code == 200, returned.text
    await client.post(
        report_url, json={"text": "Мерзімдермен"}, headers=state_body(app, "minculture")
    )
    accepted = await client.post(f"{decide}/acceptance", headers=officials)
    assert accepted.json()["status"] == "open"  # the akimat's assignment is still open

    akimat_url = f"/v1/control/assignments/{akimat['assignment_id']}"
    await client.post(
        f"{akimat_url}/reports",
        json={"text": "Орындалды"},
        headers=state_body(app, "akimat-astana"),
    )
    # under review: no longer overdue
    assert (await client.get(overdue, headers=officials)).json() == []
    closed = await client.post(f"{akimat_url}/acceptance", headers=officials)
    assert closed.json()["status"] == "closed", closed.text

    final = await client.get(f"/v1/control/cards/{card_id}", headers=auth(app, "a", "auditor"))
    detail = final.json()
    assert detail["card"]["status"] == "closed"
    assert detail["progress"] == {"assignments": 2, "done": 2, "overdue": 0, "percent": 100}
    assert [r["outcome"] for r in detail["reports"]] == ["returned", "accepted", "accepted"]
    assert [h["event_type"] for h in detail["history"]] == [
        "ControlCardOpened", "AssignmentMade", "AssignmentMade", "ReportFiled", "ReportReturned",
        "ReportFiled", "ReportAccepted", "ReportFiled", "ReportAccepted", "ControlCardClosed",
    ]  # fmt: skip
    more = await client.post(url, json=body, headers=officials)
    assert problem(more, 409)["code"] == "control_card_closed"


async def test_an_adopted_council_resolution_opens_a_card(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """The adoption opens its card in-process once it has committed (Reg2024 §4.5, §28), with
    no trip through the broker; the reaction run again leaves the one card as it is, and the
    control read model rebuilt from the store holds it as before."""
    members = await add_council_members(app, 3)
    meeting_id, items = await convene(client, app)
    await open_with(client, app, meeting_id, members)
    work_plan = {"kind": "work_plan", "items": [TASK]}
    adopted = await vote(client, app, meeting_id, items[0], work_plan, 3)
    assert adopted.status_code == 201, adopted.text
    resolution_id = uuid.UUID(adopted.json()["id"])
    card = await card_of(client, app, resolution_id)
    assert (card["source"], card["kind"], card["rule"], card["version"]) == (
        "council_resolution",
        "work_plan",
        "Reg2024 §15",
        1,
    )
    platform = app.state.platform
    async with platform.sessions() as db:
        stream = await platform.store.read_stream(db, f"resolution-{resolution_id}")
    [recorded] = [e for e in stream if e.event_type == "ResolutionAdopted"]
    assert isinstance(recorded, RecordedEvent)
    await policies.OpenControlCards(platform.runner)([recorded])
    assert await card_of(client, app, resolution_id) == card
    await platform.projector.rebuild(platform.sessions, platform.store, "control")
    assert await card_of(client, app, resolution_id) == card


async def test_a_card_the_process_did_not_open_is_opened_by_the_sweep(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """A process that stops between the adoption's commit and its card's (here: no reaction
    registered) leaves the resolution without a card; the sweep, run when the service starts
    and every minute, opens it once, from the store's ResolutionAdopted (Reg2024 §4.5, §28)."""
    platform = app.state.platform
    cards = platform.part(policies.OpenControlCards)
    platform.runner.policies.remove(cards)
    members = await add_council_members(app, 3)
    meeting_id, items = await convene(client, app)
    await open_with(client, app, meeting_id, members)
    adopted = await vote(
        client, app, meeting_id, items[0], {"kind": "work_plan", "items": [TASK]}, 3
    )
    assert adopted.status_code == 201, adopted.text
    resolution_id = adopted.json()["id"]
    listed = await client.get(
        "/v1/control/cards", params={"source_id": resolution_id}, headers=secretariat(app)
    )
    assert listed.json() == []
    assert await cards.sweep() == 1
    card = await card_of(client, app, uuid.UUID(resolution_id))
    assert (card["source"], card["kind"]) == ("council_resolution", "work_plan")
    assert await cards.sweep() == 0


async def test_a_vote_that_adopts_nothing_opens_no_card(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_council_members(app, 3)
    meeting_id, items = await convene(client, app)
    await open_with(client, app, meeting_id, members)
    rejected = await vote(client, app, meeting_id, items[0], {"kind": "other"}, 1)
    assert rejected.status_code == 201, rejected.text
    assert rejected.json()["status"] != "adopted"
    cards = (
        await client.get(
            "/v1/control/cards",
            params={"source_id": rejected.json()["id"]},
            headers=secretariat(app),
        )
    ).json()
    assert cards == []


async def test_the_execution_of_decisions_is_public_without_reports(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    decision_id = uuid.uuid4()
    await deliver(app, SESSIONS_HANDLERS["DecisionAdopted"], decision_event(decision_id))
    card = await card_of(client, app, decision_id)
    yesterday = (TODAY - timedelta(1)).isoformat()
    assigned = await client.post(
        f"/v1/control/cards/{card['card_id']}/assignments",
        json={
            "assignments": [
                {"state_body": "minculture", "task": TASK, "deadline": yesterday},
                {"state_body": "akimat-astana", "task": TASK, "deadline": yesterday},
            ],
            "assigned_on": (TODAY - timedelta(days=20)).isoformat(),
        },
        headers=secretariat(app),
    )
    assert assigned.status_code == 200, assigned.text
    detail = (
        await client.get(f"/v1/control/cards/{card['card_id']}", headers=secretariat(app))
    ).json()
    ministry = next(a for a in detail["assignment_list"] if a["state_body"] == "minculture")
    report_text = "Жоспар бекітілді, хат № 15-2"
    filed = await client.post(
        f"/v1/control/assignments/{ministry['assignment_id']}/reports",
        json={"text": report_text},
        headers=state_body(app, "minculture"),
    )
    assert filed.status_code == 201, filed.text

    public = await client.get("/v1/public/execution")  # no token
    assert public.status_code == 200, public.text
    body = public.json()
    assert [c["card_id"] for c in body["cards"]] == [card["card_id"]]
    assert body["cards"][0]["assignments"] == 2
    status = {a["state_body"]: (a["status"], a["overdue"]) for a in body["assignments"]}
    # The report under review stops the clock; the other assignment is overdue.
    assert status["akimat-astana"] == ("assigned", True)
    assert status["minculture"][1] is False
    assert body["overdue"] == 1
    assert report_text not in public.text
    closed = await client.get("/v1/public/execution", params={"status": "closed"})
    assert closed.json()["cards"] == [] and closed.json()["assignments"] == []
    refused = await client.get("/v1/public/execution", params={"status": "everything"})
    assert refused.status_code == 422
