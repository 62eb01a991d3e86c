"""The monitoring service dates everything by the Kazakhstan day of its clock.

The clock is fixed at 23:30 UTC on 16 March 2026, 04:30 on 17 March in Astana (UTC+5): an
appeal received then is registered on the 17th, an incident reported then is reported on the
17th, and the overdue list and the statistics default to the 17th.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from fastapi import FastAPI

from services.monitoring.tests.conftest import secretariat
from services.monitoring.tests.integration.test_appeals_api import appeal_body
from shared.clock import FixedClock

NIGHT = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)
ASTANA_DAY = "2026-03-17"


async def test_at_half_past_four_in_astana_acts_and_lists_are_of_that_day(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    app.state.platform.clock = FixedClock(NIGHT)
    receipt = await client.post("/v1/appeals", json=appeal_body())
    assert receipt.status_code == 201, receipt.text
    assert receipt.json()["registered_on"] == ASTANA_DAY
    assert datetime.fromisoformat(receipt.json()["received_at"]) == NIGHT

    reported = await client.post(
        "/v1/incidents",
        json={
            "region": "zhambyl",
            "place": "Қордай ауданы",
            "occurred_on": "2026-03-16",
            "category": "domestic_conflict",
            "severity": "high",
            "description": "Түнгі жанжал.",
        },
        headers=secretariat(app),
    )
    assert reported.status_code == 201, reported.text
    incident = (
        await client.get(f"/v1/incidents/{reported.json()['id']}", headers=secretariat(app))
    ).json()
    assert incident["reported_on"] == ASTANA_DAY

    overdue = (await client.get("/v1/appeals/overdue", headers=secretariat(app))).json()
    assert overdue["as_of"] == ASTANA_DAY
    statistics = (await client.get("/v1/appeals/statistics", headers=secretariat(app))).json()
    assert statistics["as_of"] == ASTANA_DAY
