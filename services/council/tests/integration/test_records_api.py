"""The Council's past recorded through the API from its protocols: written polls of 2012,
2005 and 2025 (Reg2011 §9, Reg2002 §9, Reg2024 §15), a meeting of 2013 and its votes, each
showing the protocol it comes from and when it was recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.council.tests.conftest import add_council_members
from services.council.tests.integration.test_meetings_api import problem, secretariat

pytestmark = pytest.mark.integration

TEXT = {"kk": "Кеңес шешті", "ru": "Совет решил"}


def poll_body(
    held_on: str, votes_for: int, total: int | None, against: int | None = None
) -> dict[str, Any]:
    against = (total or 0) - votes_for if against is None else against
    return {
        "number": f"С-{held_on}",
        "text": TEXT,
        "content": {"kind": "other"},
        "held_on": held_on,
        "counts": {"votes_for": votes_for, "against": against, "abstain": 0},
        "council_total": total,
        "source": {"number": f"Хаттама {held_on}", "date": held_on},
    }


async def record_poll(client: httpx.AsyncClient, app: FastAPI, body: dict[str, Any]) -> Any:
    return await client.post(
        "/v1/council/written-polls/records", json=body, headers=secretariat(app)
    )


async def test_written_polls_of_2012_and_2005_at_two_thirds_and_2025_refused(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    for held_on, rule in [("2012-03-14", "Reg2011 §9"), ("2005-06-01", "Reg2002 §9")]:
        adopted = await record_poll(client, app, poll_body(held_on, 20, 30))
        assert adopted.status_code == 201, adopted.text
        assert adopted.json()["status"] == "adopted"
        view = (await client.get(f"/v1/council/resolutions/{adopted.json()['id']}")).json()
        assert (view["required"], view["rule"], view["voted_on"], view["adopted_on"]) == (
            20,
            rule,
            held_on,
            held_on,
        )
        assert (view["source_number"], view["source_date"]) == (f"Хаттама {held_on}", held_on)
        assert view["recorded_at"] is not None and view["method"] == "written_poll"
        rejected = await record_poll(client, app, poll_body(held_on, 19, 30))
        assert rejected.json()["status"] == "rejected", rejected.text

    refused = problem(await record_poll(client, app, poll_body("2025-03-14", 30, 30)), 422)
    assert (refused["rule"], refused["reason_code"]) == ("Reg2024 §15", "written_poll_not_provided")
    council_member = {"Authorization": "Bearer nobody"}
    problem(await client.post("/v1/council/written-polls/records", json=poll_body(
        "2012-03-14", 20, 30), headers=council_member), 401)  # fmt: skip


async def test_the_composition_of_the_day_decides_the_total_and_checks_the_protocol(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await add_council_members(app, 9, start_on=date(2010, 1, 1))
    differs = problem(await record_poll(client, app, poll_body("2012-03-14", 20, 30)), 422)
    assert differs["reason_code"] == "council_total_differs"
    by_composition = await record_poll(client, app, poll_body("2012-03-14", 6, None, 3))
    assert by_composition.json()["status"] == "adopted", by_composition.text  # 6 of 9
    unknown = problem(await record_poll(client, app, poll_body("2009-03-14", 6, None, 3)), 422)
    assert unknown["reason_code"] == "council_total_unknown"


async def test_a_meeting_of_2013_is_recorded_and_its_votes_after_it(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    body = {
        "number": "27",
        "held_on": "2013-04-02",
        "place": "Астана",
        "agenda": [{"kk": "Бірінші мәселе", "ru": "Первый вопрос"}],
        "present": 21,
        "council_total": 30,
        "source": {"number": "Хаттама 27", "date": "2013-04-02"},
    }
    recorded = await client.post(
        "/v1/council/meetings/records", json=body, headers=secretariat(app)
    )
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["status"] == "recorded"
    meeting_id = recorded.json()["id"]
    meeting = (await client.get(f"/v1/council/meetings/{meeting_id}")).json()
    assert (meeting["status"], meeting["present"], meeting["quorate"]) == ("recorded", 21, True)
    assert (meeting["quorum_required"], meeting["quorum_rule"], meeting["rulebook"]) == (
        20,
        "Law 2008 Art. 10",
        "Reg2011",
    )
    assert (meeting["source_number"], meeting["convened_on"]) == ("Хаттама 27", None)
    item = meeting["agenda"][0]["item_id"]
    vote = {
        "text": TEXT,
        "content": {"kind": "other"},
        "counts": {"votes_for": 14, "against": 7, "abstain": 0},
    }
    voted = await client.post(
        f"/v1/council/meetings/{meeting_id}/items/{item}/vote", json=vote, headers=secretariat(app)
    )
    assert voted.status_code == 201, voted.text
    resolution = (await client.get(f"/v1/council/resolutions/{voted.json()['id']}")).json()
    assert (resolution["status"], resolution["adopted_on"], resolution["rule"]) == (
        "adopted",
        "2013-04-02",
        "Law 2008 Art. 10",
    )
    opening = await client.post(
        f"/v1/council/meetings/{meeting_id}/opening", headers=secretariat(app)
    )
    assert opening.status_code == 409
