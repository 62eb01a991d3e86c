"""The demo's documents load through the API: the Concept in force, and the programme document
as far as the acts the demo passes allow (Reg2024 §31–32)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from fastapi import FastAPI

from ops.demo import programmes as demo
from ops.demo.api import Api, As, Counting
from services.programmes.tests.conftest import TODAY, decision, resolution, secretariat
from shared.api.auth import mint_token

START = TODAY - timedelta(days=120)


def api(client: httpx.AsyncClient, app: FastAPI) -> Api:
    """The demo's client on the in-process service, with tokens its settings accept."""

    def token(caller: As) -> str:
        return mint_token(app.state.auth_settings, caller.subject, list(caller.roles))

    return Api({"programmes": client}, token, seed=1, progress=Counting())


async def test_without_the_councils_and_sessions_acts_the_document_waits(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    loaded = await demo.load(api(client, app), START)
    assert (loaded.programme_status, loaded.plan) == ("drafting", None)
    assert loaded.steps == ["drafted", "expert_opinion"]
    in_force = (await client.get("/v1/documents/in-force")).json()
    assert [d["document_id"] for d in in_force] == [loaded.concept]


async def test_the_demo_loads_the_concept_and_a_programme_document(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    council = await resolution(app, (START + timedelta(days=30)).isoformat(), {"kind": "other"})
    session = await decision(app, (START + timedelta(days=40)).isoformat())
    loaded = await demo.load(api(client, app), START, resolution_id=council, decision_id=session)
    assert loaded.programme_status == "approved" and loaded.plan is not None
    in_force = (await client.get("/v1/documents/in-force")).json()
    assert {d["document_id"] for d in in_force} == {loaded.concept, loaded.programme}
    plan = (await client.get(f"/v1/action-plans/{loaded.plan}", headers=secretariat(app))).json()
    assert plan["coordinated_on"] is not None and len(plan["measures"]) == 2


async def test_loading_again_adds_nothing(client: httpx.AsyncClient, app: FastAPI) -> None:
    first = await demo.load(api(client, app), START)
    again = await demo.load(api(client, app), START)
    assert (again.concept, again.programme) == (first.concept, first.programme)
    documents = (await client.get("/v1/documents", headers=secretariat(app))).json()
    rows = documents["items"] if isinstance(documents, dict) else documents
    assert len(rows) == 2
