"""Regional assemblies' periodic reports on interethnic relations over the API on real
PostgreSQL (Law 2008 Art. 14: regional assemblies regularly send the Assembly information on
interethnic relations in their region; Reg2024 §18–19): the values and incidents a report
carries appear where values and incidents appear (series, incidents, the regional dashboard,
early warning); a correction supersedes the earlier report, which is kept."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from services.monitoring.tests.conftest import regional, secretariat, token
from services.monitoring.tests.integration.test_indicators_and_alerts_api import TRUST
from shared.assemblies import REGIONAL_ASSEMBLIES

TENSION = {
    "code": "tension_index",
    "name": {"kk": "Шиеленіс индексі", "ru": "Индекс напряжённости", "en": "Tension index"},
    "unit": "points",
    "good_direction": "lower",
    "thresholds": {"watch": "30", "pre_conflict": "50", "conflict": "70"},
}  # fmt: skip
PHONE = "+7 701 234 56 78"
INCIDENT = {
    "place": "Қордай ауданы, Масанчи ауылы",
    "occurred_on": "2026-05-14",
    "category": "domestic_conflict",
    "ethnic_groups": ["kazakh", "dungan"],
    "severity": "high",
    "description": f"Тұрмыстық жанжал; куәгер телефоны {PHONE}.",
}


async def define(client: httpx.AsyncClient, app: FastAPI, *indicators: dict[str, Any]) -> None:
    for indicator in indicators:
        response = await client.post("/v1/indicators", json=indicator, headers=secretariat(app))
        assert response.status_code == 201, response.text


def report(region: str = "zhambyl", **fields: Any) -> dict[str, Any]:
    return {
        "region": region,
        "period": "2026-Q2",
        "values": [
            {"indicator": "trust_index", "value": "48"},
            {"indicator": "tension_index", "value": "35"},
        ],
        **fields,
    }


async def submit(
    client: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str], status: int = 201
) -> dict[str, Any]:
    response = await client.post("/v1/regional-reports", json=body, headers=headers)
    assert response.status_code == status, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def get(client: httpx.AsyncClient, url: str, headers: dict[str, str], **params: Any) -> Any:
    response = await client.get(url, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_regional_report_reaches_values_incidents_dashboard_and_alerts(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app, TRUST, TENSION)
    zhambyl = regional(app, "zhambyl")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = report(incidents=[INCIDENT])
    first = await client.post("/v1/regional-reports", json=body, headers={**zhambyl, **key})
    assert first.status_code == 201, first.text
    again = await client.post("/v1/regional-reports", json=body, headers={**zhambyl, **key})
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    answer = first.json()
    assert (answer["id"], answer["version"]) == ("zhambyl.2026-Q2", 1)
    (incident_id,) = answer["incident_ids"]

    # One report recorded, with who reported and when, the values and the incident.
    (listed,) = await get(client, "/v1/regional-reports", zhambyl)
    assert listed["report_id"] == answer["report_id"]
    assert (listed["assembly"], listed["region"], listed["period"], listed["revision"]) == (
        "zhambyl", "zhambyl", "2026-Q2", 1,
    )  # fmt: skip
    assert (listed["source"], listed["reported_by"]) == ("regional_assembly", "assembly-zhambyl")
    assert {v["indicator"]: float(v["value"]) for v in listed["values"]} == {
        "trust_index": 48.0,
        "tension_index": 35.0,
    }
    assert [i["incident_id"] for i in listed["incidents"]] == [incident_id]

    # The values are indicator values like any other (the series, its CSV).
    points = await get(client, "/v1/indicators/trust_index/series", zhambyl)
    assert [(p["region"], p["period"], p["value"], p["source"]) for p in points["points"]] == [
        ("zhambyl", "2026-Q2", 48.0, "regional_assembly")
    ]
    # The incident is an incident like any other: its free text is private, masked for
    # others (the witness's phone number), whole for the Secretariat (Reg2024 §17).
    (row,) = await get(client, "/v1/incidents", secretariat(app), region="zhambyl")
    assert row["incident_id"] == incident_id and row["reported_by"] == "assembly-zhambyl"
    assert PHONE not in row["description"] and "78" in row["description"]
    whole = await get(client, f"/v1/incidents/{incident_id}", secretariat(app))
    assert PHONE in whole["description"]
    auditor = await get(client, f"/v1/incidents/{incident_id}", token(app, "a-1", "auditor"))
    assert PHONE not in auditor["description"]

    # The regional dashboard shows the latest report and its values.
    summary = await get(client, "/v1/dashboard/regions/zhambyl", zhambyl)
    latest = summary["latest_report"]
    assert (latest["report_id"], latest["reported_by"]) == (
        answer["report_id"],
        "assembly-zhambyl",
    )
    assert latest["reported_at"] and latest["reported_on"]
    readings = {r["indicator"]: (float(r["value"]), r["level"]) for r in summary["indicators"]}
    assert readings == {"trust_index": (48.0, "pre_conflict"), "tension_index": (35.0, "watch")}
    assert summary["open_incidents_by_severity"]["high"] == 1

    # Early warning reads them as it reads every value and incident (Strategy2002 §6).
    evaluated = await client.post(
        "/v1/early-warning/evaluations",
        json={"as_of": "2026-06-30", "regions": ["zhambyl"]},
        headers=secretariat(app),
    )
    assert evaluated.status_code == 200, evaluated.text
    alerts = evaluated.json()["active_alerts"]
    thresholds = [a for a in alerts if a["rule_id"] == "indicator_thresholds"]
    assert sorted(a["level"] for a in thresholds) == ["pre_conflict", "watch"]  # one each

    overview = await client.get(
        "/v1/dashboard/regions",
        params={"format": "csv"},
        headers=secretariat(app),
    )
    (line,) = [x for x in overview.text.splitlines() if x.startswith("zhambyl,")]
    assert line.split(",")[-2] == "2026-Q2"


async def test_a_correction_supersedes_the_report_and_keeps_it(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app, TRUST, TENSION)
    zhambyl = regional(app, "zhambyl")
    first = await submit(client, report(), zhambyl)
    again = await submit(client, report(), zhambyl, 409)
    assert again["code"] == "regional_report_exists"
    assert again["report_id"] == first["report_id"]

    corrected = {"values": [{"indicator": "trust_index", "value": "55"},
                            {"indicator": "tension_index", "value": "35"}]}  # fmt: skip
    no_reason = await submit(client, report(supersedes=first["report_id"], **corrected),
                             zhambyl, 422)  # fmt: skip
    assert no_reason["reason_code"] == "regional_report_reason_required"
    partial = report(
        supersedes=first["report_id"],
        reason="Уточнённая выборка опроса",
        values=[{"indicator": "trust_index", "value": "55"}],
    )
    missing = await submit(client, partial, zhambyl, 422)
    assert missing["reason_code"] == "regional_report_values_missing"
    assert "tension_index" in missing["detail"]
    unknown = report(supersedes=str(uuid.uuid4()), reason="Уточнённая выборка", **corrected)
    assert (await submit(client, unknown, zhambyl, 409))["code"] == "regional_report_stale"

    fix = report(supersedes=first["report_id"], reason="Уточнённая выборка опроса", **corrected)
    fix["values"].append({"indicator": "trust_index_new", "value": "1"})
    refused = await submit(client, fix, zhambyl, 422)  # an unknown indicator: nothing recorded
    assert [e["reason"] for e in refused["errors"]] == ["row_unknown_indicator"]
    fix["values"].pop()
    second = await submit(client, fix, secretariat(app))  # the Secretariat on its behalf
    assert second["version"] == 2
    stale = report(supersedes=first["report_id"], reason="Ещё раз", **corrected)
    assert (await submit(client, stale, zhambyl, 409))["code"] == "regional_report_stale"

    reports = await get(client, "/v1/regional-reports", zhambyl, region="zhambyl")
    assert [(r["report_id"], r["revision"], r["superseded_by"]) for r in reports] == [
        (second["report_id"], 2, None),
        (first["report_id"], 1, second["report_id"]),
    ]
    current = await get(client, "/v1/regional-reports", zhambyl, current="true")
    assert [r["report_id"] for r in current] == [second["report_id"]]
    one = await get(client, f"/v1/regional-reports/{second['report_id']}", zhambyl)
    assert (one["supersedes"], one["reason"], one["source"]) == (
        first["report_id"], "Уточнённая выборка опроса", "secretariat",
    )  # fmt: skip
    points = (await get(client, "/v1/indicators/trust_index/series", zhambyl))["points"]
    assert [(p["value"], p["revisions"], p["source"]) for p in points] == [(55.0, 1, "secretariat")]
    summary = await get(client, "/v1/dashboard/regions/zhambyl", zhambyl)
    assert summary["latest_report"]["report_id"] == second["report_id"]
    csv = await client.get(
        "/v1/regional-reports", params={"format": "csv"}, headers=secretariat(app)
    )
    assert csv.text.splitlines()[0].lstrip("\ufeff").startswith("report_id,assembly,region")
    assert csv.text.count("zhambyl,zhambyl,2026-Q2") == 2


async def test_a_regional_assembly_reports_and_reads_for_its_own_region_only(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app, TRUST, TENSION)
    abai = regional(app, "abai")
    refused = await submit(client, report("zhambyl", incidents=[INCIDENT]), abai, 403)
    assert refused["reason_code"] == "assembly_scope"
    assert await get(client, "/v1/incidents", secretariat(app)) == []
    assert await get(client, "/v1/regional-reports", secretariat(app)) == []
    member = token(app, "m-1", "member")
    assert (await submit(client, report(), member, 403))["reason_code"] == "role_required"
    own = await submit(client, report("zhambyl"), regional(app, "zhambyl"))
    read = await client.get(f"/v1/regional-reports/{own['report_id']}", headers=abai)
    assert read.status_code == 403
    assert await get(client, "/v1/regional-reports", abai) == []
    future = await submit(client, report("abai", period="2099-Q1"), abai, 422)
    assert future["reason_code"] == "regional_report_future_period"
    later = {**INCIDENT, "occurred_on": "2099-01-01"}
    future_incident = await submit(client, report("abai", incidents=[later]), abai, 422)
    assert future_incident["reason_code"] == "monitoring_date_in_future"
    empty = await submit(client, report("abai", values=[]), abai, 422)
    assert empty["reason_code"] == "regional_report_empty"


async def test_the_regional_dashboard_of_each_of_the_20_regions_shows_its_report(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app, TRUST)
    for n, region in enumerate(REGIONAL_ASSEMBLIES):
        body = {"region": region, "period": "2026-H1",
                "values": [{"indicator": "trust_index", "value": str(60 + n)}]}  # fmt: skip
        await submit(client, body, regional(app, region))
    for n, region in enumerate(REGIONAL_ASSEMBLIES):
        summary = await get(client, f"/v1/dashboard/regions/{region}", regional(app, region))
        assert (summary["region"], summary["assembly"]) == (region, region)
        latest = summary["latest_report"]
        assert (latest["region"], latest["period"], latest["reported_by"]) == (
            region, "2026-H1", f"assembly-{region}",
        )  # fmt: skip
        assert [(r["indicator"], float(r["value"])) for r in summary["indicators"]] == [
            ("trust_index", float(60 + n))
        ]
    overview = await get(client, "/v1/dashboard/regions", secretariat(app))
    assert {r["region"] for r in overview if r["last_report_period"] == "2026-H1"} == set(
        REGIONAL_ASSEMBLIES
    )
    # The public summary says when the region last reported and that its assembly did, never
    # the subject of whoever sent it.
    public = await get(client, "/v1/public/monitoring/regions/abai", {})
    shown = public["latest_report"]
    assert (shown["period"], shown["source"], shown["assembly"]) == (
        "2026-H1", "regional_assembly", "abai",
    )  # fmt: skip
    assert "reported_by" not in shown and "assembly-abai" not in str(public)
