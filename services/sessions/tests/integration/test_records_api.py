"""Sessions of the past through the API, from their protocols: a Session of 2012, its vote,
and its election of nine Mazhilis deputies by exact count; the same election of 2023 refused
citing the amendments of 2022; the roster of the day checks the protocol's figures."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
from fastapi import FastAPI

from services.sessions.tests.conftest import add_to_roster
from services.sessions.tests.integration.test_sessions_api import detail, problem, secretariat

AGENDA = [{"kk": "Мәжіліс депутаттарын сайлау", "ru": "Выборы депутатов Мажилиса"}]


async def record_session(
    client: httpx.AsyncClient, app: FastAPI, day: str, present: int, total: int | None
) -> httpx.Response:
    body: dict[str, Any] = {
        "sitting_on": day,
        "place": "Астана, Тәуелсіздік сарайы",
        "agenda": AGENDA,
        "present": present,
        "roster_total": total,
        "source": {"number": f"Хаттама {day}", "date": day},
    }
    return await client.post("/v1/sessions/records", json=body, headers=secretariat(app))


def election_body(day: str, participants: int, votes: list[int]) -> dict[str, Any]:
    return {
        "participants": participants,
        "candidates": [
            {"name": {"kk": f"Үміткер {i}", "ru": f"Кандидат {i}"}, "votes_for": v}
            for i, v in enumerate(votes)
        ],
        "term_from": day,
        "source": {"number": "Санау комиссиясының хаттамасы", "date": day},
    }


async def test_a_session_of_2012_its_vote_and_its_mazhilis_election(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    recorded = await record_session(client, app, "2012-04-26", 300, 394)
    assert recorded.status_code == 201, recorded.text
    session_id = uuid.UUID(recorded.json()["id"])
    view = await detail(client, session_id)
    assert (view["status"], view["sitting_on"], view["announced_on"]) == (
        "held",
        "2012-04-26",
        None,
    )
    assert (view["source_number"], view["source_date"]) == ("Хаттама 2012-04-26", "2012-04-26")
    assert view["quorum"]["present"] == 300 and view["quorum"]["required"] == 263
    assert view["quorum"]["quorate"] and view["recorded_at"] is not None
    item = view["agenda"][0]["item_id"]

    vote = {"item_id": item, "method": "open", "motion": {"kk": "Үндеу", "ru": "Обращение"},
            "decision_kind": "address", "votes_for": 151, "against": 149, "abstain": 0}  # fmt: skip
    poll = await client.post(
        f"/v1/sessions/{session_id}/polls/records", json=vote, headers=secretariat(app)
    )
    assert poll.status_code == 201, poll.text
    assert poll.json()["status"] == "adopted"
    result = (await client.get(f"/v1/polls/{poll.json()['id']}")).json()
    assert (result["turnout"], result["required"], result["opened_at"]) == (300, 151, None)
    (decision,) = (await client.get("/v1/decisions", params={"session_id": str(session_id)})).json()
    assert decision["adopted_on"] == "2012-04-26"

    votes = [280, 270, 260, 250, 240, 230, 200, 160, 146, 145, 100, 20]
    elected = await client.post(
        f"/v1/sessions/{session_id}/mazhilis-elections",
        json=election_body("2012-04-26", 290, votes),
        headers=secretariat(app),
    )
    assert elected.status_code == 201, elected.text
    election = (await client.get(f"/v1/mazhilis-elections/{elected.json()['id']}")).json()
    assert (election["required"], election["seats"], election["rule"]) == (
        146,
        9,
        "Reg2011 §8, §23",
    )
    assert [c["votes_for"] for c in election["candidates"]] == votes
    assert sum(c["elected"] for c in election["candidates"]) == 9
    assert not election["candidates"][9]["elected"]  # exactly half: not more than half
    listed = (await client.get(f"/v1/sessions/{session_id}/mazhilis-elections")).json()
    assert [e["election_id"] for e in listed] == [elected.json()["id"]]


async def test_the_same_election_dated_2023_is_refused(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    recorded = await record_session(client, app, "2023-04-26", 300, 394)
    session_id = recorded.json()["id"]
    refused = problem(
        await client.post(
            f"/v1/sessions/{session_id}/mazhilis-elections",
            json=election_body("2023-04-26", 290, [200] * 9),
            headers={**secretariat(app), "Accept-Language": "ru"},
        ),
        422,
    )
    assert refused["reason_code"] == "post_ended"
    assert refused["rule"] == "Constitution Art. 51 (as amended 8 Jun 2022)"
    assert "8 июня 2022" in refused["detail"] and "Мажилиса" in refused["detail"]


async def test_the_roster_of_the_day_checks_the_protocol(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await add_to_roster(app, 6, joined_on=date(2010, 1, 1))
    differs = problem(await record_session(client, app, "2012-04-26", 5, 394), 422)
    assert differs["reason_code"] == "roster_total_differs"
    by_roster = await record_session(client, app, "2012-04-26", 4, None)
    assert by_roster.status_code == 201, by_roster.text
    unknown = problem(await record_session(client, app, "2009-04-26", 4, None), 422)
    assert unknown["reason_code"] == "roster_total_unknown"
    future = problem(await record_session(client, app, "2099-04-26", 4, 6), 422)
    assert future["reason_code"] == "date_in_future"
