"""A migrated council database and an in-process app (relay and consumer off)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import text

from ops.testing.services import (
    TEST_SECRET,
    asgi_client,
    auth,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.council.main import create_app
from services.council.settings import CouncilSettings
from shared.api.auth import mint_token
from shared.eventstore.model import RecordedEvent
from shared.messaging.envelope import InboundEvent
from shared.roster import roster_of_body

__all__ = [
    "TEST_SECRET",
    "add_candidacies",
    "add_council_members",
    "auth",
    "regional",
    "state_body",
]


@pytest_asyncio.fixture
async def council_db(fresh_database: Any) -> str:
    return await migrated_database(fresh_database, "council")


@pytest_asyncio.fixture
async def app(council_db: str) -> AsyncIterator[FastAPI]:
    async with running_app(create_app(settings_for_test(CouncilSettings, council_db))) as a:
        yield a


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, "council") as c:
        yield c


def state_body(app: FastAPI, body: str) -> dict[str, str]:
    token = mint_token(app.state.auth_settings, f"officer-{body}", ["state_body"], state_body=body)
    return {"Authorization": f"Bearer {token}"}


def regional(app: FastAPI, region: str) -> dict[str, str]:
    """A regional assembly's token, confined to ``region``'s assembly."""
    token = mint_token(
        app.state.auth_settings, f"akimat-{region}", ["regional_assembly"], region=region
    )
    return {"Authorization": f"Bearer {token}"}


async def add_council_members(
    app: FastAPI,
    count: int,
    start_on: date = date(2010, 1, 1),
    body: str = "council",
    post: str = "council_member",
) -> list[uuid.UUID]:
    """Members of the body's assembly holding its Council member post (the consumer's
    projections); a regional assembly's council: ``body`` ``regional_assembly.<region>``,
    ``post`` ``regional_council_member``."""
    ids = [uuid.uuid4() for _ in range(count)]
    async with app.state.platform.sessions() as db, db.begin():
        for n, member_id in enumerate(ids):
            names = {"kk": f"Кеңес мүшесі {n:02d}", "ru": f"Член Совета {n:02d}"}
            await db.execute(
                text(
                    "INSERT INTO membership_replica (member_id, assembly, person_id, name_kk,"
                    " name_ru, joined_on) VALUES (:id, :roster, :id, :kk, :ru, :on)"
                ),
                {"id": member_id, "roster": roster_of_body(body), **names, "on": start_on},
            )
            await db.execute(
                text(
                    "INSERT INTO post_terms (term_id, body_key, post, member_id, name_kk, name_ru,"
                    " start_on) VALUES (:t, :body, :post, :id, :kk, :ru, :on)"
                ),
                {
                    "t": uuid.uuid4(),
                    "body": body,
                    "post": post,
                    "id": member_id,
                    **names,
                    "on": start_on,
                },
            )
    return ids


async def add_candidacies(app: FastAPI, count: int) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in range(count)]
    async with app.state.platform.sessions() as db, db.begin():
        for n, member_id in enumerate(ids):
            await db.execute(
                text(
                    "INSERT INTO candidacies (member_id, name_kk, name_ru, nominated_on)"
                    " VALUES (:id, :kk, :ru, :on)"
                ),
                {"id": member_id, "kk": f"Үміткер {n}", "ru": f"Кандидат {n}",
                 "on": date(2026, 3, 2)},
            )  # fmt: skip
    return ids


def inbound(topic: str, event: RecordedEvent | None = None, **fields: Any) -> InboundEvent:
    """An event as the consumer receives it: a recorded one, or one built from ``fields``."""
    if event is not None:
        fields = {
            "event_id": event.event_id,
            "event_type": event.event_type,
            "stream_id": event.stream_id,
            "stream_type": event.stream_type,
            "version": event.version,
            "data": event.data,
        }
    return InboundEvent(
        topic=topic,
        partition=0,
        offset=0,
        event_id=fields.get("event_id", uuid.uuid4()),
        event_type=fields["event_type"],
        schema_version=1,
        stream_id=fields["stream_id"],
        stream_type=fields["stream_type"],
        version=fields.get("version", 1),
        global_position=1,
        recorded_at=datetime.now(UTC).isoformat(),
        data=fields["data"],
        metadata={"actor": "test", "correlation_id": "test"},
    )
