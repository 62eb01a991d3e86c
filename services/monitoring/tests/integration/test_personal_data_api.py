"""Personal data in officials' free text, over the API on real PostgreSQL: a refusal names the
field in the caller's language and never echoes the identifier; an incident's place and
description are read whole by the Secretariat and the region's assembly, masked by every
other reader; rows written before the split are split by the migration."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.testing.infra import FreshDatabase
from services.monitoring.tests.conftest import regional, secretariat, token, valid_iin
from services.monitoring.tests.integration.test_appeals_api import register_paper_appeal
from shared.migrations import upgrade_async
from shared.runtime.catalog import get_service

IIN = valid_iin(88)
PHONE = "8 (701) 234-56-78"
INCIDENT = {
    "region": "zhambyl",
    "place": f"Қордай, у дома 5 (тел. {PHONE})",
    "occurred_on": "2026-02-07",
    "reported_on": "2026-02-08",
    "category": "domestic_conflict",
    "ethnic_groups": ["kazakh", "dungan"],
    "severity": "high",
    "description": f"Пострадал Иванов Иван, ИИН {IIN}, почта ivanov@mail.kz",
}
MASKED_DESCRIPTION = "Пострадал Иванов Иван, ИИН **********" + IIN[-2:] + ", почта ***"


async def test_a_refusal_names_the_field_and_never_the_identifier(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    appeal_id = (await register_paper_appeal(client, app))["appeal_id"]
    expected = {
        "kk": "«reason» өрісінің мәтінінде өтініш берушінің аты-жөні бар.",
        "ru": "В тексте поля «reason» есть имя заявителя.",
        "en": "The text of reason contains the applicant's name.",
    }
    for lang, start in expected.items():
        refused = await client.post(
            f"/v1/appeals/{appeal_id}/forwarding",
            json={"body": "Акимат", "reason": "Жалоба Ерлана Сейітұлы на акимат"},
            headers={**secretariat(app), "Accept-Language": lang},
        )
        assert refused.status_code == 422, refused.text
        problem = refused.json()
        assert problem["reason_code"] == "personal_data_name"
        assert problem["detail"].startswith(start), problem["detail"]
        assert "Сейітұлы" not in refused.text and "Ерлан" not in refused.text
    refused = await client.post(
        f"/v1/appeals/{appeal_id}/forwarding",
        json={"body": "Акимат", "reason": f"Вне компетенции (ИИН {IIN})"},
        headers={**secretariat(app), "Accept-Language": "ru"},
    )
    assert refused.json()["reason_code"] == "personal_data_iin"
    assert IIN not in refused.text and "ИИН" in refused.json()["detail"]
    forwarded = await client.post(
        f"/v1/appeals/{appeal_id}/forwarding",
        json={
            "body": "Акимат",
            "reason": "Вне компетенции Ассамблеи",
            "forwarded_on": "2026-03-31",
        },
        headers=secretariat(app),
    )
    assert forwarded.status_code == 200, forwarded.text
    told = await client.post(
        f"/v1/appeals/{appeal_id}/notification",
        json={"subject": "forwarding", "means": f"SMS на {PHONE}", "notified_on": "2026-03-31"},
        headers=secretariat(app),
    )
    assert told.status_code == 200, told.text
    detail = await client.get(f"/v1/appeals/{appeal_id}", headers=secretariat(app))
    assert "234-56-78" not in detail.text


async def _incident(client: httpx.AsyncClient, app: FastAPI) -> str:
    reported = await client.post("/v1/incidents", json=INCIDENT, headers=regional(app, "zhambyl"))
    assert reported.status_code == 201, reported.text
    incident_id: str = reported.json()["id"]
    return incident_id


def _readers(app: FastAPI) -> dict[str, dict[str, str]]:
    return {
        "secretariat": secretariat(app),
        "zhambyl": regional(app, "zhambyl"),
        "almaty": regional(app, "almaty"),
        "chairman": token(app, "chairman", "chairman"),
        "deputy": token(app, "deputy", "deputy_chairman"),
        "auditor": token(app, "auditor", "auditor"),
    }


async def test_an_incidents_text_is_masked_but_for_the_secretariat_and_its_region(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    incident_id = await _incident(client, app)
    readers = _readers(app)
    whole: dict[str, Any] = {}
    for name, headers in readers.items():
        if name == "almaty":  # another region's assembly reads nothing of zhambyl
            assert (await client.get("/v1/incidents", params={"region": "zhambyl"},
                                      headers=headers)).status_code == 403  # fmt: skip
            continue
        listed = await client.get("/v1/incidents", headers=headers)
        assert listed.status_code == 200, listed.text
        for text_ in (listed.text, (await client.get(
            "/v1/incidents", params={"format": "csv"}, headers=headers
        )).text):  # fmt: skip
            assert IIN not in text_ and "234-56-78" not in text_ and "ivanov@mail" not in text_
        (row,) = listed.json()
        assert row["description"] == MASKED_DESCRIPTION
        assert row["place"] == "Қордай, у дома 5 (тел. * (***) ***-**-78)"
        detail = (await client.get(f"/v1/incidents/{incident_id}", headers=headers)).json()
        whole[name] = detail["description"] == INCIDENT["description"]
        if whole[name]:
            assert detail["place"] == INCIDENT["place"]
        else:
            assert detail["description"] == MASKED_DESCRIPTION
    assert whole == {
        "secretariat": True, "zhambyl": True, "chairman": False, "deputy": False,
        "auditor": False,
    }  # fmt: skip
    async with app.state.platform.sessions() as db:
        [stored] = (
            await db.execute(text("SELECT data FROM events WHERE event_type = 'IncidentReported'"))
        ).scalars()
    registry = app.state.platform.registry
    assert IIN not in str(registry.public_data("IncidentReported", stored))


async def test_the_migration_splits_the_incidents_reported_before(
    fresh_database: FreshDatabase,
) -> None:
    url = await fresh_database("monitoring")
    migrations = get_service("monitoring").migrations_dir()
    await upgrade_async(url, migrations, "0003")
    engine = create_async_engine(url)
    try:
        async with engine.begin() as db:
            await db.execute(
                text(
                    "INSERT INTO incidents (incident_id, region, place, occurred_on, category,"
                    " ethnic_groups, severity, description, status, reported_by, reported_on,"
                    " version) VALUES (gen_random_uuid(), 'zhambyl', :place, '2026-02-07',"
                    " 'other', '{}', 'low', :description, 'reported', 'a', '2026-02-08', 1)"
                ),
                {"place": INCIDENT["place"], "description": INCIDENT["description"]},
            )
        await upgrade_async(url, migrations)
        async with engine.begin() as db:
            row = (
                await db.execute(
                    text(
                        "SELECT place, description, private_place, private_description"
                        " FROM incidents"
                    )
                )
            ).one()
    finally:
        await engine.dispose()
    assert row.description == MASKED_DESCRIPTION
    assert row.private_description == INCIDENT["description"]
    assert row.private_place == INCIDENT["place"] and PHONE not in row.place
