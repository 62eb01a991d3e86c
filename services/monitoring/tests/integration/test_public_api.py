"""The public summaries (no sign-in) on real PostgreSQL: counts and thresholds, never a person
nor who handled an alert."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.monitoring.tests.conftest import regional, secretariat
from services.monitoring.tests.integration.test_appeals_api import register_paper_appeal
from services.monitoring.tests.integration.test_indicators_and_alerts_api import (
    SURVEY,
    define,
    report_incident,
    upload,
)


async def test_the_national_and_regional_summaries_are_public_and_impersonal(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app)
    assert (await upload(client, app, SURVEY.replace("seventy", "70"))).status_code == 201
    zhambyl = regional(app, "zhambyl")
    for day in ("2026-05-20", "2026-06-12", "2026-06-24"):
        await report_incident(client, app, day, zhambyl)
    evaluated = await client.post(
        "/v1/early-warning/evaluations",
        json={"as_of": "2026-06-30", "regions": ["zhambyl"]},
        headers=secretariat(app),
    )
    assert evaluated.status_code == 200, evaluated.text
    alert_id = evaluated.json()["active_alerts"][0]["alert_id"]
    acknowledged = await client.post(
        f"/v1/alerts/{alert_id}/acknowledgement",
        json={"text": "Рабочая группа выехала"},
        headers=secretariat(app),
    )
    assert acknowledged.status_code == 200, acknowledged.text

    national = await client.get("/v1/public/monitoring", params={"as_of": "2026-06-30"})
    assert national.status_code == 200, national.text
    body = national.json()
    assert [i["code"] for i in body["indicators"]] == ["trust_index"]
    assert body["indicators"][0]["pre_conflict"] in ("50", 50, 50.0)
    regions = {r["region"]: r for r in body["regions"]}
    assert len(regions) == 20
    assert regions["zhambyl"]["open_incidents"] == 3
    assert regions["zhambyl"]["active_alerts"] >= 1 and regions["zhambyl"]["max_level"]
    assert "appeals_open" not in regions["zhambyl"]
    months = {m["month"]: m["count"] for m in body["incidents_by_month"]}
    assert len(months) == 12 and months["2026-06"] == 2 and months["2026-05"] == 1
    assert months["2025-07"] == 0
    assert sum(body["alerts_by_level"].values()) >= 1

    regional_summary = await client.get(
        "/v1/public/monitoring/regions/zhambyl", params={"as_of": "2026-06-30", "months": 2}
    )
    assert regional_summary.status_code == 200, regional_summary.text
    summary = regional_summary.json()
    assert [m["month"] for m in summary["incidents_by_month"]] == ["2026-05", "2026-06"]
    assert summary["readings"][0]["indicator"] == "trust_index"
    assert summary["alerts"] and set(summary["alerts"][0]) == {
        "level", "status", "rule_kind", "raised_as_of", "escalated_as_of",
    }  # fmt: skip
    assert "Рабочая группа" not in regional_summary.text
    assert "acknowledged_by" not in regional_summary.text
    missing = await client.get("/v1/public/monitoring/regions/atlantis")
    assert missing.status_code == 404


async def test_appeal_statistics_are_public_counts_without_applicants(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await register_paper_appeal(client, app)
    stats = await client.get("/v1/public/appeals/statistics", params={"as_of": "2026-06-30"})
    assert stats.status_code == 200, stats.text
    body = stats.json()
    assert body["total"] == 1
    assert body["by_compliance"] == {"open_overdue": 1}
    assert body["by_region"] == {"turkistan": 1}
    assert "Ерлан" not in stats.text and "erlan@example.kz" not in stats.text
