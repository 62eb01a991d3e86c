"""The leaf index and canonical leaf travel in each event's Kafka headers; the topic is a copy
of the log the database's owner cannot rewrite: verified on its own against a signed head, and
as the reference that names the exact leaf when the database was rewritten throughout."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.audit import schema as audit_schema
from shared.audit.heads import AuditKeys
from shared.audit.log import AuditLog
from shared.audit.merkle import leaf_hash
from shared.audit.sources import entries_from_leaves, kafka_leaves
from shared.audit.verify import SourceEntry, verify_entries
from shared.eventstore import EventMetadata, EventStore, NewEvent
from shared.eventstore.schema import UPGRADE
from shared.messaging.relay import OutboxRelay
from shared.settings import PlatformSettings
from shared.tests.integration.conftest import registry
from shared.tests.integration.test_audit_tamper import catch_up

pytestmark = [pytest.mark.integration, pytest.mark.broker]

KEYS = AuditKeys.generate()
COUNT = 9


async def test_the_topic_carries_leaves_that_verify_and_locate_a_rewrite(
    fresh_database: Any, kafka_bootstrap: str
) -> None:
    url = await fresh_database("audit_kafka")
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        for statement in (*UPGRADE, *audit_schema.ALL_UPGRADE):
            await conn.execute(text(statement))
    from sqlalchemy.ext.asyncio import async_sessionmaker

    sessions = async_sessionmaker(engine, expire_on_commit=False)
    store = EventStore(registry)
    meta = EventMetadata(actor="t", correlation_id="c-kafka")
    for n in range(COUNT):
        event = NewEvent("PersonNoted", 1, {"person_id": f"p{n}", "iin": f"{n:012d}"})
        async with sessions() as db, db.begin():
            await store.append(db, f"person-{n % 3}", None, [event], meta, stream_type="person")
    audit = AuditLog("things", registry, lambda: KEYS)
    platform = PlatformSettings(environment="test", kafka_bootstrap_servers=kafka_bootstrap)
    topic = f"kelisim.test-audit-{time.monotonic_ns()}.v1"
    relay = OutboxRelay(
        service="things",
        topic=topic,
        engine=engine,
        store=store,
        platform=platform,
        batch_size=4,
        safety_poll_seconds=0.2,
        audit=audit,
    )
    task = asyncio.create_task(relay.run())
    try:
        leaves: dict[int, bytes] = {}
        deadline = time.monotonic() + 60
        while len(leaves) < COUNT and time.monotonic() < deadline:
            await asyncio.sleep(0.3)
            with contextlib.suppress(Exception):
                leaves = await kafka_leaves(platform, topic, idle_seconds=0.5, max_seconds=10)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert sorted(leaves) == list(range(COUNT))
    assert all(b"000000000001" not in leaf for leaf in leaves.values())  # the IIN stays home
    assert json.loads(leaves[4])["data"]["person_id"] == "p4"

    await catch_up(audit, sessions, COUNT)
    async with sessions() as db, db.begin():
        head = await audit.issue_head(db)
    from_topic = verify_entries(
        "things", entries_from_leaves(leaves), public_key=KEYS.public, heads=[head]
    )
    assert from_topic.ok, from_topic.to_json()

    # Rewrite event 5 and its leaf consistently in the database: only the topic still knows.
    async with sessions() as db, db.begin():
        await db.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
        await db.execute(text("ALTER TABLE audit_leaves DISABLE TRIGGER audit_leaves_append_only"))
        position = (
            await db.execute(text("SELECT global_position FROM audit_leaves WHERE leaf_index = 5"))
        ).scalar_one()
        await db.execute(
            text(
                "UPDATE events SET data = jsonb_set(data, '{person_id}', '\"px\"')"
                " WHERE global_position = :p"
            ),
            {"p": position},
        )
        [entry] = await audit.entries(db, 5, 6)
        await db.execute(
            text("UPDATE audit_leaves SET leaf_hash = :h WHERE leaf_index = 5"),
            {"h": leaf_hash(entry.leaf)},
        )
    async with sessions() as db:
        database = [SourceEntry.from_api(e.to_json()) for e in await audit.entries(db, 0, COUNT)]
    alone = verify_entries("things", database, public_key=KEYS.public, heads=[head])
    assert alone.failure is not None and not alone.failure.exact
    reference = {i: leaf_hash(leaf) for i, leaf in leaves.items()}
    located = verify_entries(
        "things", database, public_key=KEYS.public, heads=[head], reference=reference
    )
    assert (located.failure.index, located.failure.kind) == (5, "differs_from_reference")
    await engine.dispose()
