"""Monitoring's consumers (membership's reference data and regional assembly chairs; the
Council's resolutions, tolerantly) through the platform's consumer, and the read models
rebuilt from the store equal to the live ones."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.monitoring.tests.conftest import secretariat
from services.monitoring.tests.integration.test_appeals_api import register_paper_appeal
from services.monitoring.tests.integration.test_indicators_and_alerts_api import (
    SURVEY,
    define,
    evaluate,
    report_incident,
    upload,
)
from shared.messaging.consumer import Outcome
from shared.messaging.envelope import InboundEvent


def inbound(
    topic: str, stream: str, version: int, event_type: str, data: dict[str, Any]
) -> InboundEvent:
    return InboundEvent(
        topic=topic, partition=0, offset=version, event_id=uuid.uuid4(), event_type=event_type,
        schema_version=1, stream_id=stream, stream_type=stream.split("-")[0], version=version,
        global_position=version, recorded_at="2026-01-10T00:00:00+00:00", data=data, metadata={},
    )  # fmt: skip


async def apply(app: FastAPI, event: InboundEvent) -> Outcome:
    consumer = app.state.platform.consumer
    handlers = consumer.handlers[event.topic]
    handler = handlers.get(event.event_type, handlers.get("*"))
    outcome: Outcome = await consumer._apply_once(event, handler)
    return outcome


async def test_regions_and_regional_assembly_chairs_from_membership(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    topic = "kelisim.membership.v1"
    renamed = inbound(
        topic, "region-abai", 2, "RegionRenamed",
        {"code": "abai", "name": {"kk": "Абай облысы", "ru": "Абайская область",
                                  "en": "Abai Region"}, "reason": "Уточнение написания"},
    )  # fmt: skip
    registered = inbound(
        topic, "region-abai", 1, "RegionRegistered",
        {"code": "abai", "kind": "region",
         "name": {"kk": "Абай облысы", "ru": "область Абай", "en": "Abai Region"}},
    )  # fmt: skip
    assert await apply(app, registered) is Outcome.APPLIED
    assert await apply(app, renamed) is Outcome.APPLIED
    assert await apply(app, renamed) is Outcome.DUPLICATE
    term = uuid.uuid4()
    chair = {
        "term_id": str(term), "body": "regional_assembly", "region": "abai",
        "post": "regional_assembly_chair", "member_id": None,
        "name": {"kk": "Берік Уәли", "ru": "Берик Уали"}, "start_on": "2026-01-15",
        "document": {"number": "1", "date": "2026-01-15"}, "rotation_period_months": None,
        "recommendation": None, "proposal": None,
    }  # fmt: skip
    stream = "body-regional_assembly.abai"
    assert await apply(app, inbound(topic, stream, 1, "PostTermStarted", chair)) is Outcome.APPLIED
    regions = {
        r["code"]: r
        for r in (await client.get("/v1/regions", params={"as_of": "2026-02-01"})).json()
    }
    assert len(regions) == 20
    assert regions["abai"]["name_ru"] == "Абайская область"
    assert regions["abai"]["chair_ru"] == "Берик Уали"
    ended = {**chair, "end_on": "2026-06-01", "ground": "left_office", "reason": None}
    for key in ("name", "start_on", "rotation_period_months", "recommendation", "proposal"):
        ended.pop(key)
    assert await apply(app, inbound(topic, stream, 2, "PostTermEnded", ended)) is Outcome.APPLIED
    later = {
        r["code"]: r
        for r in (await client.get("/v1/regions", params={"as_of": "2026-06-01"})).json()
    }
    assert later["abai"]["chair_ru"] is None


async def test_council_events_are_taken_whatever_their_type(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    topic = "kelisim.council.v1"
    resolution = uuid.uuid4()
    stream = f"council-meeting-{uuid.uuid4()}"
    assert (
        await apply(app, inbound(topic, stream, 1, "MeetingConvened", {"x": 1})) is Outcome.APPLIED
    )
    titled = inbound(
        topic, stream, 2, "SomethingNew",
        {"resolution_id": str(resolution), "title_ru": "О мерах", "title_kk": "Шаралар туралы"},
    )  # fmt: skip
    assert await apply(app, titled) is Outcome.APPLIED
    assert (
        await apply(app, inbound(topic, stream, 3, "Broken", {"resolution_id": "not-a-uuid"}))
        is Outcome.APPLIED
    )
    rejected = uuid.uuid4()
    vote = inbound(
        topic, stream, 4, "MeetingVoteTaken",
        {"resolution_id": str(rejected), "text": {"kk": "Ұсыныс", "ru": "Предложение"},
         "adopted": False, "counts": {"for": 3}},
    )  # fmt: skip
    assert await apply(app, vote) is Outcome.APPLIED
    listed = (await client.get("/v1/council-resolutions", headers=secretariat(app))).json()
    assert sorted((r["title_ru"], r["adopted"], r["event_type"]) for r in listed) == [
        ("О мерах", None, "SomethingNew"),
        ("Предложение", False, "MeetingVoteTaken"),
    ]


async def test_rebuilt_read_models_equal_the_live_ones(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await define(client, app)
    assert (await upload(client, app, SURVEY.replace("seventy", "70"))).status_code == 201
    await report_incident(client, app, "2026-06-20", secretariat(app))
    await report_incident(client, app, "2026-06-25", secretariat(app))
    await evaluate(client, app, "2026-06-30")
    receipt = await register_paper_appeal(client, app)
    await client.post(
        f"/v1/appeals/{receipt['appeal_id']}/forwarding",
        json={"body": "Акимат", "reason": "Вне компетенции", "forwarded_on": "2026-03-31"},
        headers=secretariat(app),
    )
    report = {"region": "kostanay", "period": "2026-Q2",
              "values": [{"indicator": "trust_index", "value": "80"}],
              "incidents": [{"place": "Рудный", "occurred_on": "2026-05-02",
                             "category": "language_dispute", "severity": "low",
                             "description": "Спор о языке вывески."}]}  # fmt: skip
    first = await client.post("/v1/regional-reports", json=report, headers=secretariat(app))
    assert first.status_code == 201, first.text
    correction = {**report, "values": [{"indicator": "trust_index", "value": "81"}],
                  "incidents": [], "supersedes": first.json()["report_id"],
                  "reason": "Уточнённая выборка"}  # fmt: skip
    second = await client.post("/v1/regional-reports", json=correction, headers=secretariat(app))
    assert second.status_code == 201, second.text
    platform = app.state.platform
    tables = [t for p in platform.projector.projections.values() for t in p.tables]

    async def snapshot() -> dict[str, list[str]]:
        async with platform.sessions() as db:
            return {
                t: sorted(
                    (await db.execute(text(f"SELECT row_to_json(x)::text FROM {t} x"))).scalars()
                )
                for t in tables
            }

    live = await snapshot()
    for name in platform.projector.projections:
        await platform.projector.rebuild(platform.sessions, platform.store, name)
    assert await snapshot() == live
    assert live["calendar_days"] and live["alerts"] and live["appeals"]
    assert len(live["regional_reports"]) == 2
