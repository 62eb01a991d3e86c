"""A coordinated action plan (``kelisim.programmes.v1``) under execution control (Reg2024 §28):
one card however often it arrives, one assignment per measure assigned on its own day, the
overdue measure on the control board beside decisions and resolutions, and a state body
reporting on its own measure."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.council.consumers.programmes import PROGRAMMES_HANDLERS, PROGRAMMES_TOPIC
from services.council.tests.conftest import inbound, state_body
from services.council.tests.integration.test_control_api import card_of, deliver
from services.council.tests.integration.test_meetings_api import secretariat

pytestmark = pytest.mark.integration

TODAY = date.today()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def measure(state_body: str, deadline: str, set_on: str, ru: str) -> dict[str, Any]:
    return {
        "measure_id": str(uuid.uuid4()), "text": {"kk": ru, "ru": ru},
        "state_body": state_body, "deadline": deadline, "set_on": set_on,
    }  # fmt: skip


def coordinated(plan_id: uuid.UUID, measures: list[dict[str, Any]]) -> Any:
    """Programmes' ``ActionPlanCoordinated`` as published (services/programmes/domain/events.py)."""
    return inbound(
        PROGRAMMES_TOPIC,
        event_type="ActionPlanCoordinated",
        stream_id=f"plan-{plan_id}",
        stream_type="plan",
        version=3,
        data={
            "plan_id": str(plan_id), "assembly": "apk", "state_body": "minculture",
            "title": {"kk": "Іс-шаралар жоспары", "ru": "План мероприятий"},
            "basis": {"kind": "programme_document", "id": str(uuid.uuid4()),
                      "document_id": None},
            "approved_on": day(-60), "coordinated_on": day(-50), "measures": measures,
            "rulebook": "Reg2024", "rule": "Reg2024 §28",
        },
    )  # fmt: skip


async def test_a_coordinated_plan_puts_its_measures_on_the_control_board(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    plan_id = uuid.uuid4()
    late = measure("akimat-astana", day(-1), day(-58), "Форум өткізу")
    later = measure("minculture", day(30), day(-58), "Жинақ шығару")
    added = measure("minculture", day(40), day(-55), "Көрме ұйымдастыру")
    event = coordinated(plan_id, [later, late, added])
    handler = PROGRAMMES_HANDLERS["ActionPlanCoordinated"]
    await deliver(app, handler, event)
    await deliver(app, handler, event)  # no second card
    card = await card_of(client, app, plan_id)
    assert (card["source"], card["kind"], card["rule"], card["adopted_on"]) == (
        "action_plan", "programme_document", "Reg2024 §28", day(-60),
    )  # fmt: skip
    detail = (
        await client.get(f"/v1/control/cards/{card['card_id']}", headers=secretariat(app))
    ).json()
    assigned = {a["assignment_id"]: a for a in detail["assignment_list"]}
    assert set(assigned) == {late["measure_id"], later["measure_id"], added["measure_id"]}
    assert assigned[added["measure_id"]]["assigned_on"] == day(-55)
    assert detail["progress"]["overdue"] == 1

    overdue = (await client.get("/v1/control/overdue", headers=secretariat(app))).json()
    assert [(a["assignment_id"], a["source_id"]) for a in overdue] == [
        (late["measure_id"], str(plan_id))
    ]
    # The state body reports on its own measure: no longer overdue while under review.
    akimat = state_body(app, "akimat-astana")
    report = await client.post(
        f"/v1/control/assignments/{late['measure_id']}/reports",
        json={"text": "Форум өткізілді"},
        headers=akimat,
    )
    assert report.status_code == 201, report.text
    assert (await client.get("/v1/control/overdue", headers=secretariat(app))).json() == []
