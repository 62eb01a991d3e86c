"""Indicators, survey files, incidents, recommendations and early-warning alerts over the API
on real PostgreSQL (Reg2024 §4.9–4.10, §18–19; Strategy2002 §6)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from services.monitoring.consumers.council import any_council_event
from services.monitoring.tests.conftest import regional, secretariat, token
from shared.context import Actor
from shared.messaging.envelope import InboundEvent

TRUST = {
    "code": "trust_index",
    "name": {"kk": "Этносаралық сенім индексі", "ru": "Индекс межэтнического доверия",
             "en": "Interethnic trust index"},
    "unit": "%",
    "good_direction": "higher",
    "thresholds": {"watch": "60", "pre_conflict": "50", "conflict": "40"},
}  # fmt: skip
SURVEY = (
    "indicator,region,period,value\n"
    "trust_index,zhambyl,2026-Q1,71.5\n"
    "trust_index,zhambyl,2026-Q2,48\n"
    "trust_index,shymkent,2026-Q2,seventy\n"
    "trust_index,abai,2026-Q2,66\n"
)


async def define(client: httpx.AsyncClient, app: FastAPI) -> None:
    response = await client.post("/v1/indicators", json=TRUST, headers=secretariat(app))
    assert response.status_code == 201, response.text


async def upload(client: httpx.AsyncClient, app: FastAPI, content: str, **h: str) -> httpx.Response:
    return await client.post(
        "/v1/indicator-values/imports",
        content=content.encode(),
        params={"file_name": "survey-2026-q2.csv"},
        headers={"Content-Type": "text/csv", **(h or secretariat(app))},
    )


async def series(client: httpx.AsyncClient, app: FastAPI, **params: str) -> list[dict[str, Any]]:
    response = await client.get(
        "/v1/indicators/trust_index/series", params=params, headers=secretariat(app)
    )
    assert response.status_code == 200, response.text
    points: list[dict[str, Any]] = response.json()["points"]
    return points


async def test_a_survey_file_with_one_bad_row_imports_nothing(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app)
    refused = await upload(client, app, SURVEY)
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "rows_rejected"
    assert [(e["line"], e["reason"]) for e in problem["errors"]] == [(4, "row_invalid_value")]
    assert "seventy" in problem["errors"][0]["message"]
    ru = await upload(client, app, SURVEY, **secretariat(app), **{"Accept-Language": "ru"})
    assert ru.json()["errors"][0]["message"].startswith("Строка 4")
    assert await series(client, app) == []
    fixed = await upload(client, app, SURVEY.replace("seventy", "70"))
    assert fixed.status_code == 201, fixed.text
    assert fixed.json()["rows"] == 4
    points = await series(client, app, region="zhambyl")
    assert [(p["period"], p["value"]) for p in points] == [("2026-Q1", 71.5), ("2026-Q2", 48.0)]
    again = await upload(client, app, SURVEY.replace("seventy", "70"))
    assert {e["reason"] for e in again.json()["errors"]} == {"row_already_reported"}
    csv = await client.get(
        "/v1/indicators/trust_index/series",
        params={"format": "csv", "region": "zhambyl"},
        headers=secretariat(app),
    )
    assert csv.text.splitlines()[1].startswith("trust_index,zhambyl,2026-Q1,2026-01-01,71.5")


async def test_a_regional_assembly_reports_for_its_own_region(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app)
    own = {"values": [{"indicator": "trust_index", "region": "abai", "period": "2026-Q2",
                       "value": "62"}]}  # fmt: skip
    ok = await client.post("/v1/indicator-values", json=own, headers=regional(app, "abai"))
    assert ok.status_code == 201, ok.text
    other = {"values": [{**own["values"][0], "region": "zhambyl"}]}
    refused = await client.post("/v1/indicator-values", json=other, headers=regional(app, "abai"))
    assert refused.status_code == 403  # Reg2024 §18–19: its own region only
    assert refused.json()["reason_code"] == "assembly_scope"
    read_other = await client.get(
        "/v1/indicators/trust_index/series", params={"region": "zhambyl"},
        headers=regional(app, "abai"),
    )  # fmt: skip
    assert read_other.status_code == 403
    member = token(app, "m-1", "member")
    assert (await client.post("/v1/indicator-values", json=own, headers=member)).status_code == 403


async def report_incident(
    client: httpx.AsyncClient, app: FastAPI, occurred_on: str, headers: dict[str, str]
) -> str:
    response = await client.post(
        "/v1/incidents",
        json={
            "region": "zhambyl",
            "place": "Қордай ауданы, Масанчи ауылы",
            "occurred_on": occurred_on,
            "category": "domestic_conflict",
            "ethnic_groups": ["kazakh", "dungan"],
            "severity": "high",
            "description": "Тұрмыстық жанжал ұлтаралық сипат алды.",
            "reported_on": occurred_on,
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def evaluate(client: httpx.AsyncClient, app: FastAPI, as_of: str) -> list[dict[str, Any]]:
    response = await client.post(
        "/v1/early-warning/evaluations",
        json={"as_of": as_of, "regions": ["zhambyl"]},
        headers=secretariat(app),
    )
    assert response.status_code == 200, response.text
    alerts: list[dict[str, Any]] = response.json()["active_alerts"]
    return alerts


async def test_indicators_and_incidents_raise_alerts_the_secretariat_closes(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app)
    assert (await upload(client, app, SURVEY.replace("seventy", "70"))).status_code == 201
    assembly = regional(app, "zhambyl")
    first = await report_incident(client, app, "2026-06-20", assembly)
    await report_incident(client, app, "2026-06-25", assembly)
    alerts = await evaluate(client, app, "2026-06-30")
    by_rule = {a["rule_id"]: a for a in alerts}
    assert by_rule["indicator_thresholds"]["level"] == "pre_conflict"
    assert by_rule["indicator_thresholds"]["facts"]["value"] == "48"
    assert by_rule["incident_rate_30d"]["level"] == "watch"
    # The same evaluation again raises nothing new.
    assert len(await evaluate(client, app, "2026-06-30")) == 2

    # Dismissing an incident: it no longer counts, but the open alert stays until closed.
    dismissed = await client.post(
        f"/v1/incidents/{first}/dismissal",
        json={"reason": "Не подтвердилось", "on": "2026-06-26"},
        headers=assembly,
    )
    assert dismissed.status_code == 403  # verification is the Secretariat's
    alert_id = by_rule["indicator_thresholds"]["alert_id"]
    ack = await client.post(
        f"/v1/alerts/{alert_id}/acknowledgement",
        json={"text": "Рабочая группа выехала в регион"},
        headers=secretariat(app),
    )
    assert ack.status_code == 200 and ack.json()["status"] == "acknowledged", ack.text
    closed = await client.post(
        f"/v1/alerts/{alert_id}/closure",
        json={"text": "Проведены встречи, напряжённость снята"},
        headers=secretariat(app),
    )
    assert closed.json()["status"] == "closed"
    assert {a["rule_id"] for a in await evaluate(client, app, "2026-06-30")} == {
        "incident_rate_30d"
    }
    listed = await client.get("/v1/alerts", params={"format": "csv"}, headers=assembly)
    assert listed.status_code == 200 and "Проведены встречи" in listed.text
    summary = await client.get(
        "/v1/dashboard/regions/zhambyl", params={"as_of": "2026-06-30"}, headers=assembly
    )
    assert summary.status_code == 200, summary.text
    s = summary.json()
    (trust,) = s["indicators"]
    assert (trust["period"], trust["trend"], trust["improving"], trust["level"]) == (
        "2026-Q2", "down", False, "pre_conflict",
    )  # fmt: skip
    assert s["open_incidents_by_severity"]["high"] == 2
    assert [a["rule_id"] for a in s["alerts"]] == ["incident_rate_30d"]
    overview = await client.get(
        "/v1/dashboard/regions", params={"as_of": "2026-06-30", "format": "csv"},
        headers=secretariat(app),
    )  # fmt: skip
    assert "zhambyl" in overview.text and overview.text.count("\r\n") == 21


async def test_incident_lifecycle_and_recommendations_citing_council_resolutions(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    incident = await report_incident(client, app, "2026-02-07", secretariat(app))
    for step, body in (
        ("verification", {"reason": "Подтверждено выездом", "on": "2026-02-08"}),
        ("mediation", {"reason": "Стороны согласны", "mediator": "Совет медиаторов",
                       "on": "2026-02-09"}),
    ):  # fmt: skip
        response = await client.post(
            f"/v1/incidents/{incident}/{step}", json=body, headers=secretariat(app)
        )
        assert response.status_code == 200, response.text
    resolution = uuid.uuid4()
    recommendation = {
        "addressee": "Акимат Жамбылской области",
        "text": "Провести встречу старейшин и этнокультурных объединений",
        "resolution_id": str(resolution),
        "issued_on": "2026-02-10",
    }
    unknown = await client.post(
        f"/v1/incidents/{incident}/recommendations", json=recommendation, headers=secretariat(app)
    )
    assert unknown.status_code == 422 and unknown.json()["rule"] == "Reg2024 §4.10"
    # The council's event arrives (any type carrying a resolution id is recorded).
    event = InboundEvent(
        topic="kelisim.council.v1", partition=0, offset=0, event_id=uuid.uuid4(),
        event_type="ResolutionAdopted", schema_version=1, stream_id=f"resolution-{resolution}",
        stream_type="resolution", version=1, global_position=1, recorded_at="2026-02-09",
        data={"resolution_id": str(resolution),
              "title": {"kk": "Келісім туралы", "ru": "О согласии"}},
        metadata={},
    )  # fmt: skip
    async with app.state.platform.runner.unit_of_work(Actor.system("test")) as uow:
        await any_council_event(event, uow)
        await uow.commit()
    ok = await client.post(
        f"/v1/incidents/{incident}/recommendations", json=recommendation, headers=secretariat(app)
    )
    assert ok.status_code == 201, ok.text
    # A resolution the Council's vote rejected cannot be the basis of a recommendation.
    rejected = uuid.uuid4()
    vote = InboundEvent(
        topic="kelisim.council.v1", partition=0, offset=1, event_id=uuid.uuid4(),
        event_type="MeetingVoteTaken", schema_version=1, stream_id="meeting-x",
        stream_type="meeting", version=1, global_position=2, recorded_at="2026-02-09",
        data={"resolution_id": str(rejected), "text": {"kk": "Ұсыныс", "ru": "Предложение"},
              "adopted": False},
        metadata={},
    )  # fmt: skip
    async with app.state.platform.runner.unit_of_work(Actor.system("test")) as uow:
        await any_council_event(vote, uow)
        await uow.commit()
    refused = await client.post(
        f"/v1/incidents/{incident}/recommendations",
        json={**recommendation, "resolution_id": str(rejected)},
        headers=secretariat(app),
    )
    assert refused.status_code == 422 and refused.json()["reason_code"] == "unknown_resolution"
    resolved = await client.post(
        f"/v1/incidents/{incident}/resolution",
        json={"reason": "Стороны примирились", "on": "2026-02-20"},
        headers=regional(app, "zhambyl"),
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    detail = (await client.get(f"/v1/incidents/{incident}", headers=secretariat(app))).json()
    assert [s["step"] for s in detail["steps"]] == ["verify", "mediate", "resolve"]
    assert detail["recommendations"][0]["resolution_id"] == str(resolution)
    resolutions = await client.get("/v1/council-resolutions", headers=secretariat(app))
    assert resolutions.json()[0]["title_ru"] == "О согласии"
    twice = await client.post(
        f"/v1/incidents/{incident}/verification",
        json={"reason": "Ещё раз"},
        headers=secretariat(app),
    )
    assert twice.status_code == 409
    other = await client.post(
        f"/v1/incidents/{incident}/resolution",
        json={"reason": "Чужой регион"},
        headers=regional(app, "abai"),
    )
    assert other.status_code == 403


async def test_a_change_evaluates_the_region_at_once(monitoring_db: str) -> None:
    """With ``evaluate_on_change`` (the default) a report of values, and a reported incident,
    raise the region's alert as of today without waiting for the daily evaluation (Strategy2002
    §6): the policy on the events the command appended (``application/policies.py``)."""
    from ops.testing.services import asgi_client, running_app, settings_for_test
    from services.monitoring.main import create_app
    from services.monitoring.settings import MonitoringSettings

    settings = settings_for_test(MonitoringSettings, monitoring_db)
    assert settings.evaluate_on_change
    async with running_app(create_app(settings)) as app, asgi_client(app, "m") as client:
        await define(client, app)
        values = {"values": [{"indicator": "trust_index", "region": "abai", "period": "2025",
                              "value": "35"}]}  # fmt: skip
        ok = await client.post("/v1/indicator-values", json=values, headers=secretariat(app))
        assert ok.status_code == 201, ok.text
        alerts = await client.get("/v1/alerts", params={"region": "abai"}, headers=secretariat(app))
        assert [(a["rule_id"], a["level"]) for a in alerts.json()] == [
            ("indicator_thresholds", "conflict")
        ]
        day = app.state.platform.clock.today().isoformat()
        await report_incident(client, app, day, secretariat(app))
        quiet = await client.get(
            "/v1/alerts", params={"region": "zhambyl"}, headers=secretariat(app)
        )
        assert quiet.json() == []  # evaluated: one incident in 30 days is no alert
        await report_incident(client, app, day, secretariat(app))
        alerts = await client.get(
            "/v1/alerts", params={"region": "zhambyl"}, headers=secretariat(app)
        )
        assert [(a["rule_id"], a["level"]) for a in alerts.json()] == [
            ("incident_rate_30d", "watch")
        ]


async def test_the_indicator_catalogue_is_open_data_and_its_values_are_not(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app)
    catalogue = await client.get("/v1/indicators")  # no token
    assert catalogue.status_code == 200, catalogue.text
    assert [row["code"] for row in catalogue.json()] == ["trust_index"]
    anonymous = await client.get("/v1/indicators/trust_index/series")
    assert anonymous.status_code == 401
