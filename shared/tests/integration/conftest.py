"""A platform database (the platform tables only) and a test event vocabulary."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shared.eventstore import DomainEvent, EventRegistry, EventStore
from shared.eventstore.model import RecordedEvent
from shared.eventstore.schema import UPGRADE

registry = EventRegistry()


@registry.register
class ThingHappened(DomainEvent):
    event_type = "ThingHappened"
    schema_version = 2

    label: str
    amount: int


@registry.register
class PersonNoted(DomainEvent):
    """An event with personal data that must never reach Kafka."""

    event_type = "PersonNoted"
    private_fields = frozenset({"iin"})

    person_id: str
    iin: str


@registry.upcaster("ThingHappened", 1)
def _thing_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 stored "name"; v2 renamed it "label" and added "amount".
    return {"label": data.pop("name"), "amount": 0}


class TallyProjection:
    """A read model: per stream, how many things happened and their total amount."""

    name = "tally"
    tables: tuple[str, ...] = ("tally",)
    event_types = frozenset({"ThingHappened"})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        await db.execute(
            text(
                "INSERT INTO tally (stream_id, things, total, last_label) VALUES (:s, 1, :a, :l)"
                " ON CONFLICT (stream_id) DO UPDATE SET things = tally.things + 1,"
                " total = tally.total + EXCLUDED.total, last_label = EXCLUDED.last_label"
            ),
            {"s": event.stream_id, "a": event.data["amount"], "l": event.data["label"]},
        )


PLATFORM_TEST_DDL = (
    *UPGRADE,
    "CREATE TABLE tally (stream_id TEXT PRIMARY KEY, things INT NOT NULL, total BIGINT NOT NULL,"
    " last_label TEXT NOT NULL)",
)


@pytest_asyncio.fixture
async def platform_db(fresh_database: Any) -> AsyncIterator[str]:
    url = await fresh_database("platform")
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        for statement in PLATFORM_TEST_DDL:
            await conn.execute(text(statement))
    await engine.dispose()
    yield url


@pytest_asyncio.fixture
async def engine(platform_db: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(platform_db, pool_size=20, max_overflow=10)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@pytest_asyncio.fixture
async def store() -> EventStore:
    return EventStore(registry)
