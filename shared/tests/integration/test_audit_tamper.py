"""Tamper evidence on real PostgreSQL: an event row changed by a superuser who disabled
the trigger, a deleted row, an inserted row and two swapped rows are each detected, with the exact
leaf index reported; a leaf table rewritten to match is caught by the signed head."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from ops.audit.verify import SourceEntry, verify_entries
from shared.audit import schema as audit_schema
from shared.audit.heads import AuditKeys, SignedTreeHead
from shared.audit.log import AuditLog
from shared.audit.merkle import (
    MemoryTree,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)
from shared.eventstore import EventMetadata, EventStore, NewEvent
from shared.eventstore.schema import UPGRADE
from shared.tests.integration.conftest import registry

pytestmark = pytest.mark.integration

KEYS = AuditKeys.generate()
META = EventMetadata(actor="tester", roles=("secretariat",), correlation_id="c-audit")
EVENTS = 12


@pytest_asyncio.fixture
async def audit_db(fresh_database: Any) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = await fresh_database("audit")
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        for statement in (*UPGRADE, *audit_schema.ALL_UPGRADE):
            await conn.execute(text(statement))
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


async def _fill(sessions: async_sessionmaker[AsyncSession], count: int) -> list[uuid.UUID]:
    store = EventStore(registry)
    ids = []
    for n in range(count):
        event = (
            NewEvent("PersonNoted", 1, {"person_id": f"p{n}", "iin": f"{n:012d}"})
            if n % 3 == 0
            else NewEvent("ThingHappened", 2, {"label": f"thing {n}", "amount": n})
        )
        async with sessions() as db, db.begin():
            await store.append(db, f"thing-{n % 4}", None, [event], META, stream_type="thing")
        ids.append(event.event_id)
    return ids


async def catch_up(audit: AuditLog, sessions, size: int) -> None:
    """Build leaves until the tree has ``size`` (a transaction open elsewhere in the cluster
    holds the feed back for a moment: the feed never passes an older open transaction)."""
    for _ in range(600):
        await audit.catch_up(sessions, limit=5)
        async with sessions() as db:
            if await audit.size(db) >= size:
                return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the tree did not reach {size} leaves")


@pytest_asyncio.fixture
async def built(audit_db):
    sessions = audit_db
    ids = await _fill(sessions, EVENTS)
    audit = AuditLog("things", registry, lambda: KEYS)
    await catch_up(audit, sessions, EVENTS)
    async with sessions() as db, db.begin():
        head = await audit.issue_head(db)
    return sessions, audit, ids, head


async def _verify(audit: AuditLog, sessions, heads, reference=None):
    async with sessions() as db:
        entries = await audit.entries(db, 0, 5) + await audit.entries(db, 5, 100)
    source = [SourceEntry.from_api(e.to_json()) for e in entries]
    return verify_entries(
        "things", source, public_key=KEYS.public, heads=heads, reference=reference
    )


async def _as_superuser(sessions, *statements: str, params: dict[str, Any] | None = None) -> None:
    async with sessions() as db, db.begin():
        await db.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
        for statement in statements:
            await db.execute(text(statement), params or {})
        await db.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))


async def forge_leaf_table(sessions, index: int, forged: bytes) -> MemoryTree:
    """Rebuild the whole derived state as a forger would: leaf ``index`` gets the hash
    ``forged``, and every subtree hash is computed again (the tree it returns)."""
    async with sessions() as db, db.begin():
        for table in ("audit_leaves", "audit_nodes"):
            await db.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
        await db.execute(
            text("UPDATE audit_leaves SET leaf_hash = :h WHERE leaf_index = :i"),
            {"h": forged, "i": index},
        )
        await db.execute(text("DELETE FROM audit_nodes"))
        leaves = [
            bytes(r[0])
            for r in await db.execute(
                text("SELECT leaf_hash FROM audit_leaves ORDER BY leaf_index")
            )
        ]
        memory = MemoryTree(leaves)
        for level in range(1, len(memory.levels)):
            for node in range(len(memory.levels[level]) // 32):
                await db.execute(
                    text("INSERT INTO audit_nodes VALUES (:l, :i, :h)"),
                    {"l": level, "i": node, "h": memory.block(level, node)},
                )
        for table in ("audit_leaves", "audit_nodes"):
            await db.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only"))
    return memory


async def _position_of(sessions, leaf: int) -> tuple[int, int]:
    async with sessions() as db:
        row = (
            await db.execute(
                text(
                    "SELECT global_position, transaction_id::text FROM audit_leaves"
                    " WHERE leaf_index = :i"
                ),
                {"i": leaf},
            )
        ).one()
    return int(row[0]), int(row[1])


async def test_an_untouched_log_verifies_and_its_proofs_check(built):
    sessions, audit, ids, head = built
    report = await _verify(audit, sessions, [head])
    assert report.ok, report.to_json()
    assert report.entries == EVENTS
    async with sessions() as db:
        entries = await audit.entries(db, 0, EVENTS)
        leaves = [leaf_hash(e.leaf) for e in entries]
        memory = MemoryTree(leaves)
        assert await audit.root(db, EVENTS) == memory.root() == head.root_hash
        for index in range(EVENTS):
            proof = await audit.inclusion_proof(db, index, EVENTS)
            assert proof == memory.inclusion_proof(index)
            assert verify_inclusion(index, EVENTS, leaves[index], proof, head.root_hash)
        for old in range(1, EVENTS + 1):
            proof = await audit.consistency_proof(db, old, EVENTS)
            assert verify_consistency(old, EVENTS, memory.root(old), head.root_hash, proof)
        # the private field never appears in a leaf, only its keyed digest
        assert b"000000000003" not in entries[3].leaf
        assert b'"private_digest":"' in entries[3].leaf
        assert b'"private_digest":null' in entries[1].leaf
    assert [e.stored.event_id for e in entries] == ids


async def test_a_changed_event_row_is_found_at_its_leaf(built):
    sessions, audit, ids, head = built
    position, _ = await _position_of(sessions, 7)
    await _as_superuser(
        sessions,
        "UPDATE events SET data = jsonb_set(data, '{amount}', '700') WHERE global_position = :p",
        params={"p": position},
    )
    report = await _verify(audit, sessions, [head])
    assert not report.ok
    assert report.failure is not None
    assert (report.failure.index, report.failure.kind) == (7, "changed")
    assert report.failure.found["event_id"] == str(ids[7])
    assert report.heads[0].root_ok is False and report.heads[0].stored_root_ok is True


async def test_a_changed_private_field_is_found_too(built):
    sessions, audit, _, head = built
    position, _ = await _position_of(sessions, 6)  # a PersonNoted: its IIN is private
    await _as_superuser(
        sessions,
        "UPDATE events SET data = jsonb_set(data, '{iin}', '\"999999999999\"')"
        " WHERE global_position = :p",
        params={"p": position},
    )
    report = await _verify(audit, sessions, [head])
    assert (report.failure.index, report.failure.kind) == (6, "changed")


async def test_a_deleted_event_row_is_found_at_its_leaf(built):
    sessions, audit, ids, head = built
    position, _ = await _position_of(sessions, 4)
    await _as_superuser(
        sessions, "DELETE FROM events WHERE global_position = :p", params={"p": position}
    )
    report = await _verify(audit, sessions, [head])
    assert (report.failure.index, report.failure.kind) == (4, "deleted")
    assert report.failure.expected["event_id"] == str(ids[4])


async def test_an_inserted_event_row_is_found_where_it_sorts(built):
    sessions, audit, ids, head = built
    _, xid = await _position_of(sessions, 5)  # same transaction id as leaf 5, a later position:
    forged = uuid.uuid4()  # it sorts between leaves 5 and 6 in commit order
    await _as_superuser(
        sessions,
        "INSERT INTO events (global_position, transaction_id, stream_id, stream_type, version,"
        " event_id, event_type, schema_version, data, metadata)"
        " OVERRIDING SYSTEM VALUE VALUES (1000, CAST(CAST(:x AS text) AS xid8), 'thing-9', 'thing',"
        ' 1, :e, \'ThingHappened\', 2, \'{"label": "forged", "amount": 1}\', \'{"actor": "x"}\')',
        params={"x": str(xid), "e": forged},
    )
    report = await _verify(audit, sessions, [head])
    assert (report.failure.index, report.failure.kind) == (6, "inserted")
    assert report.failure.found["event_id"] == str(forged)
    assert report.failure.expected["event_id"] == str(ids[6])


async def test_two_swapped_event_rows_are_found_at_the_first(built):
    sessions, audit, ids, head = built
    p3, x3 = await _position_of(sessions, 3)
    p9, x9 = await _position_of(sessions, 9)
    # the two rows change places in the commit order: each is put back with the other's
    # position and transaction id
    columns = (
        "stream_id, stream_type, version, event_id, event_type, schema_version, data, metadata,"
        " recorded_at"
    )
    await _as_superuser(
        sessions,
        f"CREATE TEMP TABLE swapped AS SELECT global_position, {columns} FROM events"
        " WHERE global_position IN (:a, :b)",
        "DELETE FROM events WHERE global_position IN (:a, :b)",
        f"INSERT INTO events (global_position, transaction_id, {columns}) OVERRIDING SYSTEM VALUE"
        f" SELECT CASE WHEN global_position = :a THEN :b ELSE :a END,"
        " CAST(CAST(CASE WHEN global_position = :a THEN :xb ELSE :xa END AS text) AS xid8),"
        f" {columns} FROM swapped",
        params={"a": p3, "b": p9, "xa": str(x3), "xb": str(x9)},
    )
    report = await _verify(audit, sessions, [head])
    assert (report.failure.index, report.failure.kind) == (3, "reordered")
    assert report.failure.found["event_id"] == str(ids[9])
    assert report.failure.expected["event_id"] == str(ids[3])


async def test_a_rewritten_leaf_table_is_caught_by_the_signed_head(built):
    """The events and the leaf table are both rewritten to agree: only the signed head, whose
    key is not in the database, still tells; a reference copy then gives the exact position."""
    sessions, audit, _, head = built
    async with sessions() as db:
        reference = {e.index: leaf_hash(e.leaf) for e in await audit.entries(db, 0, EVENTS)}
    position, _ = await _position_of(sessions, 8)
    await _as_superuser(
        sessions,
        "UPDATE events SET data = jsonb_set(data, '{amount}', '800') WHERE global_position = :p",
        params={"p": position},
    )
    async with sessions() as db:
        [entry] = await audit.entries(db, 8, 9)
    forged_hash = leaf_hash(entry.leaf)
    memory = await forge_leaf_table(sessions, 8, forged_hash)
    report = await _verify(audit, sessions, [head])
    assert report.failure is not None and report.failure.kind == "root_mismatch"
    assert not report.failure.exact and report.failure.upto == EVENTS
    assert report.heads[0].signature_ok and report.heads[0].root_ok is False
    # a forged head would need the key, which the database does not hold
    forged_head = SignedTreeHead(
        "things", EVENTS, memory.root(), head.timestamp, head.key_id, head.signature
    )
    assert not forged_head.verify(KEYS.public)
    exact = await _verify(audit, sessions, [head], reference=reference)
    assert (exact.failure.index, exact.failure.kind) == (8, "differs_from_reference")


async def test_heads_over_time_narrow_a_rewrite_to_an_interval(audit_db):
    sessions = audit_db
    audit = AuditLog("things", registry, lambda: KEYS)
    heads = []
    for _ in range(3):
        await _fill(sessions, 4)
        await catch_up(audit, sessions, 4 * (len(heads) + 1))
        async with sessions() as db, db.begin():
            heads.append(await audit.issue_head(db))
    assert [h.tree_size for h in heads] == [4, 8, 12]
    async with sessions() as db, db.begin():
        for table in ("audit_leaves",):
            await db.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
        position = (
            await db.execute(text("SELECT global_position FROM audit_leaves WHERE leaf_index = 5"))
        ).scalar_one()
        await db.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
        await db.execute(
            text(
                "UPDATE events SET data = jsonb_set(data, '{label}', '\"x\"')"
                " WHERE global_position = :p"
            ),
            {"p": position},
        )
        entries = await audit.entries(db, 5, 6)
        await db.execute(
            text("UPDATE audit_leaves SET leaf_hash = :h WHERE leaf_index = 5"),
            {"h": leaf_hash(entries[0].leaf)},
        )
    report = await _verify(audit, sessions, heads)
    assert report.failure.kind == "root_mismatch"
    assert (report.failure.index, report.failure.upto) == (4, 8)
    assert [h.root_ok for h in report.heads] == [True, False, False]
