"""A regional assembly's token acts for its own region only (Reg2024 §18–19): every mutating
operation of programmes' OpenAPI document, called by the assembly of one region on another
region's public structure (or naming the other region in the body), is refused with 403 and
records nothing — ``assembly_scope`` where the operation admits regional assemblies (the
regional structures, seed 003), ``role_required`` where it is the Secretariat's alone
(programme documents, action and work plans, awards, the register of experts).

The operations are read from the app's own document: a mutating operation added without a
line here fails the test until it is walked too."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.programmes.tests.conftest import secretariat, token
from services.programmes.tests.integration.test_bodies_api import ACT
from services.programmes.tests.integration.test_documents_api import ok, refused

OWN, OTHER = "abai", "zhambyl"
MUTATING = frozenset({"post", "put", "patch", "delete"})
WALKED = frozenset(
    {
        # programme documents (Reg2024 §31–32)
        "draftDocument", "addVersion", "recordOpinion", "councilDiscussion",
        "sessionConsideration", "submitDocument", "approveDocument", "returnDocument",
        "issueOrder",
        # action plans and the work plan
        "registerPlan", "addMeasure", "coordinatePlan", "addItems", "completeItem", "dropItem",
        # awards
        "establishAward", "amendStatute", "conferAward",
        # working bodies and the regional public structures
        "establishBody", "approveStatute", "fillSeat", "endSeat", "holdMeeting", "dissolveBody",
        # people without membership
        "registerExpert",
    }
)  # fmt: skip
"""Every mutating operation this test calls with the other region's resource or name."""
STRUCTURE = {
    "kind": "mothers_council",
    "name": {"kk": "Аналар кеңесі", "ru": "Совет матерей"},
    "established_on": "2026-03-01",
    "decided_by": "regional_assembly",
    "act": ACT,
}


def regional(app: FastAPI, region: str) -> dict[str, str]:
    return token(app, f"assembly-{region}", "regional_assembly", region=region)


def mutating_operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        operation["operationId"]: (method, path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in MUTATING
    }


def example(operation: dict[str, Any]) -> Any:
    """The operation's first documented example body (the document's examples are valid)."""
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    return next(iter(examples.values()))["value"]


async def other_regions_structure(client: httpx.AsyncClient, app: FastAPI) -> dict[str, str]:
    """The other region's mothers' council with an expert seated in it, by the Secretariat;
    the Secretariat's own resources are named by any id (the role is refused first)."""
    office = secretariat(app)
    body = await ok(
        client.post("/v1/bodies", json={**STRUCTURE, "region": OTHER}, headers=office), 201
    )
    expert = await ok(
        client.post(
            "/v1/experts",
            json={"name": {"kk": "Anna Berg", "ru": "Анна Берг"}, "citizenship": "DE",
                  "document": "C01X00T47"},
            headers=office,
        ),
        201,
    )  # fmt: skip
    seat = await ok(
        client.post(
            f"/v1/bodies/{body['id']}/seats",
            json={"role": "member", "expert_id": expert["id"], "start_on": "2026-03-02",
                  "act": ACT},
            headers=office,
        ),
        201,
    )  # fmt: skip
    anything = str(uuid.uuid4())
    return {
        "body_id": body["id"],
        "seat_id": seat["seat_id"],
        "expert_id": expert["id"],
        "document_id": anything,
        "plan_id": anything,
        "award_id": anything,
        "item_id": anything,
        "year": "2026",
    }


async def event_count(app: FastAPI) -> int:
    async with app.state.platform.sessions() as db:
        return int((await db.execute(text("SELECT count(*) FROM events"))).scalar_one())


async def test_a_regional_token_is_refused_every_mutating_operation_for_another_region(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    operations = mutating_operations(app.openapi())
    # A mutating operation added to the service fails here until it is walked.
    assert set(operations) == WALKED
    ids = await other_regions_structure(client, app)
    calls = {name: example(operations[name][2]) for name in WALKED}
    calls["establishBody"] = {**STRUCTURE, "region": OTHER}
    # The documented example names no occupant (its model asks for one): an expert it is.
    calls["fillSeat"] = {"role": "member", "expert_id": ids["expert_id"], "start_on": "2026-04-01",
                         "act": ACT}  # fmt: skip

    before = await event_count(app)
    own = regional(app, OWN)
    for name, body in sorted(calls.items()):
        method, path, operation = operations[name]
        response = await client.request(method, path.format(**ids), json=body, headers=own)
        regional_admitted = "regional_assembly" in operation["x-roles"]
        expected = "assembly_scope" if regional_admitted else "role_required"
        assert (response.status_code, response.json().get("reason_code")) == (403, expected), (
            name,
            response.text,
        )
    assert await event_count(app) == before  # nothing recorded on the other region's behalf
    admitted = {n for n, (_, _, op) in operations.items() if "regional_assembly" in op["x-roles"]}
    assert admitted == {
        "establishBody", "approveStatute", "fillSeat", "endSeat", "holdMeeting", "dissolveBody",
    }  # fmt: skip

    # A body of the Assembly itself, in no region, is the national Assembly's.
    national = {**STRUCTURE, "kind": "commission", "decided_by": "secretariat"}
    problem = await refused(client.post("/v1/bodies", json=national, headers=own), 403)
    assert (problem["reason_code"], problem["detail"].count("national")) == ("assembly_scope", 1)


async def test_the_same_operations_are_open_to_the_token_for_its_own_region(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """The refusals above are the region's, not the role's: the assembly keeps its own
    region's structure, seating an expert the Secretariat registered."""
    own = regional(app, OWN)
    body = await ok(client.post("/v1/bodies", json={**STRUCTURE, "region": OWN}, headers=own), 201)
    expert = await ok(
        client.post(
            "/v1/experts",
            json={
                "name": {"kk": "Jan Novak", "ru": "Ян Новак"},
                "citizenship": "CZ",
                "document": "C02X00T48",
            },
            headers=secretariat(app),
        ),
        201,
    )
    url = f"/v1/bodies/{body['id']}"
    seat = {"role": "member", "expert_id": expert["id"], "start_on": "2026-03-02", "act": ACT}
    seated = await ok(client.post(f"{url}/seats", json=seat, headers=own), 201)
    ended = {"end_on": "2026-06-01", "ground": "released", "act": ACT}
    await ok(client.post(f"{url}/seats/{seated['seat_id']}/end", json=ended, headers=own))
    dissolved = {"dissolved_on": "2026-07-01", "act": ACT}
    assert (await ok(client.post(f"{url}/dissolution", json=dissolved, headers=own)))["version"]
