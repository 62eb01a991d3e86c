"""A regional assembly's token acts for its own region only (Reg2024 §18–19; Law 2008
Art. 14): every mutating operation of monitoring's OpenAPI document, called by the assembly of
one region on another region's resource (or naming the other region in the body), is refused
with 403 and records nothing — ``assembly_scope`` where the operation admits regional
assemblies, ``role_required`` where it is the Secretariat's (or the Head's) alone.

The operations are read from the app's own document: a mutating operation added without a
line here fails the test until it is walked too (or exempted, with the reason)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.monitoring.tests.conftest import regional, secretariat
from services.monitoring.tests.integration.test_indicators_and_alerts_api import TRUST

OWN, OTHER = "abai", "zhambyl"
MUTATING = frozenset({"post", "put", "patch", "delete"})
EXEMPT = {
    # An appeal is never refused (APPC 2020 Art. 64): anyone submits one, without an account;
    # a regional token is an online applicant there and acts for no assembly.
    "submitAppeal": "public",
    # Checks an appeal's status with its secret (a read sent by POST): it changes nothing.
    "checkAppealStatus": "public",
}


def mutating_operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId: method, path and the operation, for every operation that may change
    something."""
    return {
        operation["operationId"]: (method, path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in MUTATING
    }


def example(operation: dict[str, Any], media_type: str = "application/json") -> Any:
    """The operation's first documented example body (the document's examples are valid)."""
    examples = operation["requestBody"]["content"][media_type]["examples"]
    return next(iter(examples.values()))["value"]


async def ok(response: Any, status: int = 201) -> dict[str, Any]:
    response = await response
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def other_regions_resources(client: httpx.AsyncClient, app: FastAPI) -> dict[str, str]:
    """An appeal, an incident and an alert of the other region, by the Secretariat."""
    office = secretariat(app)
    appeal = await ok(
        client.post(
            "/v1/appeals",
            json={"applicant": {"name": "Сергей Петров", "address": "Тараз, ул. Абая, 1"},
                  "text": "Прошу разобраться.", "language": "ru", "region": OTHER,
                  "topic": "interethnic_relations"},
        )
    )  # fmt: skip
    await ok(client.post("/v1/indicators", json=TRUST, headers=office))
    values = {"values": [{"indicator": "trust_index", "region": OTHER, "period": "2026-Q1",
                          "value": "35"}]}  # fmt: skip
    await ok(client.post("/v1/indicator-values", json=values, headers=office))
    incident = await ok(
        client.post(
            "/v1/incidents",
            json={"region": OTHER, "place": "Тараз", "occurred_on": "2026-02-01",
                  "category": "hate_speech", "severity": "medium",
                  "description": "Оскорбительные надписи."},
            headers=office,
        )
    )  # fmt: skip
    evaluated = await ok(
        client.post(
            "/v1/early-warning/evaluations",
            json={"as_of": "2026-06-30", "regions": [OTHER]},
            headers=office,
        ),
        200,
    )
    (alert,) = [a for a in evaluated["active_alerts"] if a["rule_id"] == "indicator_thresholds"]
    return {
        "appeal_id": appeal["appeal_id"],
        "incident_id": incident["id"],
        "alert_id": alert["alert_id"],
        "code": "trust_index",
        "year": "2027",
        "day": "2027-01-01",
    }


WALKED = frozenset(
    {
        # appeals: the Secretariat's and the Head's steps
        "assignAppeal", "forwardAppeal", "extendAppeal", "notifyApplicant", "answerAppeal",
        # indicators and values
        "defineIndicator", "changeThresholds", "reportValues", "importSurvey",
        # incidents
        "reportIncident", "verifyIncident", "dismissIncident", "mediateIncident",
        "resolveIncident", "recommendOnIncident",
        # regional reports (Law 2008 Art. 14)
        "submitRegionalReport",
        # early warning
        "publishRules", "evaluateRules", "acknowledgeAlert", "closeAlert",
        # the working-day calendar
        "publishYear", "declareDay", "withdrawDay",
    }
)  # fmt: skip
"""Every mutating operation this test calls with the other region's resource or name."""


def walked(operations: dict[str, tuple[str, str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """How each walked operation is called on the other region: its body (the documented
    example, with the other region named wherever a region goes) or its file."""
    calls: dict[str, dict[str, Any]] = {}
    for name in WALKED:
        if name == "importSurvey":
            survey = f"indicator,region,period,value\ntrust_index,{OTHER},2026-Q2,50\n"
            calls[name] = {"content": survey.encode(), "headers": {"Content-Type": "text/csv"}}
        else:
            calls[name] = {"json": example(operations[name][2])}
    body = calls["reportValues"]["json"]
    body["values"] = [{**row, "region": OTHER} for row in body["values"]]
    calls["reportIncident"]["json"]["region"] = OTHER
    calls["submitRegionalReport"]["json"]["region"] = OTHER
    calls["evaluateRules"]["json"]["regions"] = [OTHER]
    return calls


async def event_count(app: FastAPI) -> int:
    async with app.state.platform.sessions() as db:
        return int((await db.execute(text("SELECT count(*) FROM events"))).scalar_one())


async def test_a_regional_token_is_refused_every_mutating_operation_for_another_region(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    operations = mutating_operations(app.openapi())
    # A mutating operation added to the service fails here until it is walked or exempted.
    assert set(operations) == WALKED | set(EXEMPT)
    ids = await other_regions_resources(client, app)
    calls = walked(operations)
    for name in EXEMPT:
        assert operations[name][2].get("x-public") is True, name

    before = await event_count(app)
    own_token = regional(app, OWN)
    refused = {}
    for name, call in sorted(calls.items()):
        method, path, operation = operations[name]
        url = path.format(**ids)
        headers = {**own_token, **call.get("headers", {})}
        response = await client.request(
            method, url, json=call.get("json"), content=call.get("content"), headers=headers
        )
        problem = response.json()
        refused[name] = (response.status_code, problem.get("reason_code"))
        # Where regional assemblies are admitted, the region decides; elsewhere the role.
        regional_admitted = "regional_assembly" in operation["x-roles"]
        expected = "assembly_scope" if regional_admitted else "role_required"
        assert refused[name] == (403, expected), (name, response.text)
    assert len(refused) == len(operations) - len(EXEMPT)
    assert await event_count(app) == before  # nothing recorded on the other region's behalf
    assert {name for name, (_, _, op) in operations.items() if name not in EXEMPT and
            "regional_assembly" in op["x-roles"]} == {
        "reportValues", "importSurvey", "reportIncident", "mediateIncident", "resolveIncident",
        "submitRegionalReport",
    }  # fmt: skip


async def test_the_same_operations_are_open_to_the_token_for_its_own_region(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """The refusals above are the region's, not the role's: for its own region the assembly
    reports values, incidents and its periodic report, and mediates its incident."""
    office = secretariat(app)
    await ok(client.post("/v1/indicators", json=TRUST, headers=office))
    own = regional(app, OWN)
    values = {"values": [{"indicator": "trust_index", "region": OWN, "period": "2026-Q1",
                          "value": "70"}]}  # fmt: skip
    await ok(client.post("/v1/indicator-values", json=values, headers=own))
    survey = f"indicator,region,period,value\ntrust_index,{OWN},2026-Q2,71\n".encode()
    await ok(
        client.post(
            "/v1/indicator-values/imports",
            content=survey,
            headers={**own, "Content-Type": "text/csv"},
        )
    )
    report = {"region": OWN, "period": "2026-Q3",
              "values": [{"indicator": "trust_index", "value": "72"}]}  # fmt: skip
    await ok(client.post("/v1/regional-reports", json=report, headers=own))
    incident = await ok(
        client.post(
            "/v1/incidents",
            json={"region": OWN, "place": "Семей", "occurred_on": "2026-02-01",
                  "category": "language_dispute", "severity": "low",
                  "description": "Спор о языке вывески.",
                  "reported_on": "2026-02-01"},
            headers=own,
        )
    )  # fmt: skip
    await ok(
        client.post(
            f"/v1/incidents/{incident['id']}/verification",
            json={"reason": "Подтверждено выездом", "on": "2026-02-02"},
            headers=office,
        ),
        200,
    )
    mediation = {"reason": "Стороны согласны", "mediator": "Совет медиаторов", "on": "2026-02-03"}
    await ok(
        client.post(f"/v1/incidents/{incident['id']}/mediation", json=mediation, headers=own),
        200,
    )
    resolution = {"reason": "Вывеска на двух языках", "on": "2026-02-04"}
    await ok(
        client.post(f"/v1/incidents/{incident['id']}/resolution", json=resolution, headers=own),
        200,
    )
    found = await client.get(f"/v1/incidents/{incident['id']}", headers=own)
    assert found.json()["status"] == "resolved"
