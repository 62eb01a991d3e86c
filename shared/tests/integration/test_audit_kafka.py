"""The leaf index and canonical leaf travel in each event's Kafka headers; the topic is a copy
of the log the database's owner cannot rewrite: verified on its own against a signed head, and
as the reference that names the exact leaf when the database was rewritten throughout, as long
as its copies predate the change (a copy republished after a broker loss does not)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from ops.audit.sources import entries_from_leaves, kafka_leaves, kafka_reference
from ops.audit.verify import Reference, SourceEntry, verify_entries
from shared.audit import schema as audit_schema
from shared.audit.heads import AuditKeys
from shared.audit.log import AuditLog
from shared.audit.merkle import leaf_hash
from shared.eventstore import EventMetadata, EventStore, NewEvent
from shared.eventstore.schema import UPGRADE
from shared.messaging.relay import OutboxRelay
from shared.settings import PlatformSettings
from shared.tests.integration.conftest import registry
from shared.tests.integration.test_audit_tamper import catch_up

pytestmark = [pytest.mark.integration, pytest.mark.broker]

KEYS = AuditKeys.generate()
COUNT = 9


async def _relayed_log(
    fresh_database: Any, kafka_bootstrap: str, name: str
) -> tuple[Any, EventStore, AuditLog, PlatformSettings, OutboxRelay]:
    """A fresh event store with the audit tables, its audit log, and a relay (not started) to a
    topic of its own."""
    engine = create_async_engine(await fresh_database(name))
    async with engine.begin() as conn:
        for statement in (*UPGRADE, *audit_schema.ALL_UPGRADE):
            await conn.execute(text(statement))
    store = EventStore(registry)
    audit = AuditLog("things", registry, lambda: KEYS)
    platform = PlatformSettings(environment="test", kafka_bootstrap_servers=kafka_bootstrap)
    relay = OutboxRelay(
        service="things",
        topic=f"kelisim.test-{name.replace('_', '-')}-{time.monotonic_ns()}.v1",
        engine=engine,
        store=store,
        platform=platform,
        batch_size=4,
        safety_poll_seconds=0.2,
        audit=audit,
    )
    return async_sessionmaker(engine, expire_on_commit=False), store, audit, platform, relay


async def _rewrite_leaf_5(sessions: Any, audit: AuditLog, path: str, value: str) -> bytes:
    """Rewrite the event of leaf 5 (``jsonb_set`` of ``path`` to ``value``) and the leaf's
    hash to match, as a superuser would; returns the rewritten leaf."""
    async with sessions() as db, db.begin():
        await db.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
        await db.execute(text("ALTER TABLE audit_leaves DISABLE TRIGGER audit_leaves_append_only"))
        position = (
            await db.execute(text("SELECT global_position FROM audit_leaves WHERE leaf_index = 5"))
        ).scalar_one()
        await db.execute(
            text(
                f"UPDATE events SET data = jsonb_set(data, '{path}', '{value}')"
                " WHERE global_position = :p"
            ),
            {"p": position},
        )
        [entry] = await audit.entries(db, 5, 6)
        assert entry.leaf is not None
        await db.execute(
            text("UPDATE audit_leaves SET leaf_hash = :h WHERE leaf_index = 5"),
            {"h": leaf_hash(entry.leaf)},
        )
    return entry.leaf


async def test_the_topic_carries_leaves_that_verify_and_locate_a_rewrite(
    fresh_database: Any, kafka_bootstrap: str
) -> None:
    sessions, store, audit, platform, relay = await _relayed_log(
        fresh_database, kafka_bootstrap, "audit_kafka"
    )
    engine, topic = relay.engine, relay.topic
    meta = EventMetadata(actor="t", correlation_id="c-kafka")
    for n in range(COUNT):
        event = NewEvent("PersonNoted", 1, {"person_id": f"p{n}", "iin": f"{n:012d}"})
        async with sessions() as db, db.begin():
            await store.append(db, f"person-{n % 3}", None, [event], meta, stream_type="person")
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
    await _rewrite_leaf_5(sessions, audit, "{person_id}", '"px"')
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


async def _topic_reference(platform: PlatformSettings, topic: str, count: int) -> Reference:
    """The topic as a reference once it carries ``count`` leaves (bounded wait)."""
    deadline = time.monotonic() + 60
    reference = None
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            reference = await kafka_reference(platform, topic, idle_seconds=0.5, max_seconds=10)
            if len(reference.hashes) >= count:
                return reference
        await asyncio.sleep(0.3)
    raise AssertionError(f"the topic did not carry {count} leaves: {reference}")


async def test_a_copy_republished_after_the_pinned_head_is_not_taken_for_a_reference(
    fresh_database: Any, kafka_bootstrap: str, broker_control: Any
) -> None:
    """The memory-only broker restarts after the database was rewritten: the relay publishes
    the log again, from the rewritten database, each copy marked ``audit-republished-at``. The
    verifier then says that the reference postdates the pinned head and cannot locate the
    change (an interval, not a wrong ✓); the copy read before the restart still names the leaf."""
    sessions, store, audit, platform, relay = await _relayed_log(
        fresh_database, kafka_bootstrap, "audit_republish"
    )
    engine, topic = relay.engine, relay.topic
    meta = EventMetadata(actor="t", correlation_id="c-republish")

    async def append(n: int) -> None:
        event = NewEvent("ThingHappened", 2, {"label": f"thing {n}", "amount": n})
        async with sessions() as db, db.begin():
            await store.append(db, f"thing-{n}", None, [event], meta, stream_type="thing")

    for n in range(COUNT):
        await append(n)
    task = asyncio.create_task(relay.run())
    try:
        before = await _topic_reference(platform, topic, COUNT)
        assert not before.republished_ms
        async with sessions() as db, db.begin():
            head = await audit.issue_head(db)  # pinned after every copy was published
        async with sessions() as db:
            database = [
                SourceEntry.from_api(e.to_json()) for e in await audit.entries(db, 0, COUNT)
            ]
        clean = verify_entries(
            "things", database, public_key=KEYS.public, heads=[head], reference=before
        )
        assert clean.ok and clean.reference is not None
        assert clean.reference["kind"] == "kafka" and clean.reference["name"] == topic
        assert clean.reference["published_after_head"] == 0 and clean.reference["independent"]

        # Event 5 and its leaf rewritten consistently; then the broker loses everything.
        forged = await _rewrite_leaf_5(sessions, audit, "{amount}", "500")
        broker_control.restart()
        await append(COUNT)  # the relay notices the loss on its next publication
        after = await _topic_reference(platform, topic, COUNT + 1)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert set(after.republished_ms) == set(range(COUNT))  # the new event is no republication
    assert all(stamp >= head.timestamp for stamp in after.republished_ms.values())
    assert after.hashes[5] == leaf_hash(forged) != before.hashes[5]  # the rewritten leaf

    async with sessions() as db:
        database = [SourceEntry.from_api(e.to_json()) for e in await audit.entries(db, 0, COUNT)]
    report = verify_entries(
        "things", database, public_key=KEYS.public, heads=[head], reference=after
    )
    assert report.failure is not None and report.failure.kind == "root_mismatch"
    assert not report.failure.exact
    assert "published after the head was signed" in report.failure.detail
    assert f"{COUNT} republished after a broker loss" in report.failure.detail
    assert report.reference is not None
    assert report.reference["published_after_head"] == COUNT
    assert report.reference["republished_after_head"] == COUNT
    assert report.reference["independent"] is False
    # the broker's copy while it predated the change locates it exactly
    located = verify_entries(
        "things", database, public_key=KEYS.public, heads=[head], reference=before
    )
    assert located.failure is not None
    assert (located.failure.index, located.failure.kind) == (5, "differs_from_reference")
    assert located.reference is not None and located.reference["independent"]
    await engine.dispose()
