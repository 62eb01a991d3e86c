"""A migrated programmes database and an in-process app (relay and consumer off, the clock
fixed); other services' acts are fed through the platform's consumer, as from Kafka."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest_asyncio
from fastapi import FastAPI

from ops.testing.services import asgi_client, migrated_database, running_app, settings_for_test
from services.programmes.main import create_app
from services.programmes.settings import ProgrammesSettings
from shared.api.auth import mint_token
from shared.clock import FixedClock
from shared.messaging.consumer import Outcome
from shared.messaging.envelope import InboundEvent

TODAY = date(2026, 11, 30)
ALMATY = ZoneInfo("Asia/Almaty")


@pytest_asyncio.fixture
async def programmes_db(fresh_database: Any) -> str:
    return await migrated_database(fresh_database, "programmes")


@pytest_asyncio.fixture
async def app(programmes_db: str) -> AsyncIterator[FastAPI]:
    async with running_app(create_app(settings_for_test(ProgrammesSettings, programmes_db))) as a:
        a.state.platform.clock = FixedClock(datetime.combine(TODAY, time(12), ALMATY))
        yield a


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, "programmes") as c:
        yield c


def token(app: FastAPI, subject: str, *roles: str, **scope: str) -> dict[str, str]:
    value = mint_token(app.state.auth_settings, subject, list(roles), **scope)
    return {"Authorization": f"Bearer {value}"}


def secretariat(app: FastAPI) -> dict[str, str]:
    return token(app, "secretariat-officer-1", "secretariat")


def auditor(app: FastAPI) -> dict[str, str]:
    return token(app, "auditor-1", "auditor")


async def feed(
    app: FastAPI, topic: str, stream: str, event_type: str, data: dict[str, Any], version: int = 1
) -> None:
    """An event of another service, applied by the platform's consumer as if from Kafka."""
    event = InboundEvent(
        topic=topic, partition=0, offset=version, event_id=uuid.uuid4(), event_type=event_type,
        schema_version=1, stream_id=stream, stream_type=stream.split("-")[0], version=version,
        global_position=version, recorded_at="2026-01-10T00:00:00+00:00", data=data, metadata={},
    )  # fmt: skip
    consumer = app.state.platform.consumer
    outcome = await consumer._apply_once(event, consumer.handlers[topic][event_type])
    assert outcome is Outcome.APPLIED


async def resolution(
    app: FastAPI, adopted_on: str, content: dict[str, Any], number: str = "К-1"
) -> str:
    """The council's ``ResolutionAdopted``, as published on ``kelisim.council.v1``."""
    resolution_id = str(uuid.uuid4())
    await feed(
        app, "kelisim.council.v1", f"resolution-{resolution_id}", "ResolutionAdopted",
        {"resolution_id": resolution_id, "assembly": "apk", "body": "council",
         "kind": content["kind"], "text": {"kk": "Кеңес шешімі", "ru": "Решение Совета"},
         "content": content, "method": "meeting", "meeting_id": str(uuid.uuid4()),
         "protocol": {"number": number, "date": adopted_on}, "adopted_on": adopted_on,
         "counts": {"votes_for": 3, "against": 0, "abstain": 0}, "rulebook": "Reg2024",
         "rule": "Reg2024 §15"},
    )  # fmt: skip
    return resolution_id


async def decision(app: FastAPI, adopted_on: str) -> str:
    """Sessions' ``DecisionAdopted``, as published on ``kelisim.sessions.v1``."""
    decision_id = str(uuid.uuid4())
    await feed(
        app, "kelisim.sessions.v1", f"poll-{uuid.uuid4()}", "DecisionAdopted",
        {"decision_id": decision_id, "poll_id": str(uuid.uuid4()),
         "session_id": str(uuid.uuid4()), "item_id": str(uuid.uuid4()), "assembly": "apk",
         "kind": "other", "text": {"kk": "Сессия шешімі", "ru": "Решение Сессии"},
         "adopted_on": adopted_on, "method": "open", "votes_for": 300, "against": 0,
         "abstain": 0, "present": 300, "required": 151, "rulebook": "Reg2024",
         "rule": "Reg2024 §10"},
    )  # fmt: skip
    return decision_id
