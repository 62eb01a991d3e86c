"""No stored event can stop the audit log (real PostgreSQL): events RFC 8785 cannot express,
written straight into the store past every API check, get quarantined leaves that commit to
their stored text; the events after them get leaves and signed heads; the quarantined leaves
verify, stay tamper-evident, and are reported by the verifier and the status."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from typing import Any

from sqlalchemy import text

from ops.audit.verify import SourceEntry, verify_entries
from shared.audit.canonical import LEAF_FORMAT, QUARANTINED, StoredEvent, canonical_leaf
from shared.audit.health import AUDIT_BUILDER_FAILURES, problems
from shared.audit.log import AuditLog, TreeBuilder
from shared.audit.merkle import leaf_hash, verify_inclusion
from shared.tests.integration.conftest import registry
from shared.tests.integration.test_audit_tamper import (
    KEYS,
    _as_superuser,
    _fill,
    audit_db,  # noqa: F401  (a fixture)
    catch_up,
)

BIG = 9007199254740993  # 2^53 + 1, as the early-warning rule of the review stored it
INEXACT = "0.1000000000000000055511151231257827"  # no double holds these digits
DEEP = "[" * 3000 + "]" * 3000  # deeper than Python's JSON parser goes

# (stream, event type, data as SQL text, recorded_at as SQL text) of each poison row
POISON = [
    ("thing-big", "ThingHappened", f'{{"label": "big", "amount": {BIG}}}', "now()"),
    (
        "person-inexact",
        "PersonNoted",
        f'{{"person_id": "p-x", "iin": "900101300001", "weight": {INEXACT}}}',
        "now()",
    ),
    ("thing-deep", "ThingHappened", f'{{"label": "deep", "amount": 1, "nest": {DEEP}}}', "now()"),
    ("thing-forever", "ThingHappened", '{"label": "forever", "amount": 2}', "'infinity'"),
    # a year no Python datetime holds: the row is read as text, and is canonical all the same
    ("thing-far", "ThingHappened", '{"label": "far", "amount": 3}', "'12026-01-01T00:00:00Z'"),
]


async def _insert_raw(sessions, stream_id: str, event_type: str, data: str, at: str) -> uuid.UUID:
    """An event row written with SQL, past the event model's checks (as a bug or a superuser
    could)."""
    event_id = uuid.uuid4()
    async with sessions() as db, db.begin():
        await db.execute(
            text(
                "INSERT INTO events (stream_id, stream_type, version, event_id, event_type,"
                " schema_version, data, metadata, recorded_at) VALUES (:s, 'thing', 1, :e, :t,"
                f' 2, CAST(:d AS jsonb), \'{{"actor": "sql"}}\', {at})'
            ),
            {"s": stream_id, "e": event_id, "t": event_type, "d": data},
        )
    return event_id


async def _entries(audit: AuditLog, sessions, size: int) -> list[SourceEntry]:
    async with sessions() as db:
        return [SourceEntry.from_api(e.to_json()) for e in await audit.entries(db, 0, size)]


async def test_poison_events_are_quarantined_and_the_log_moves_on(audit_db) -> None:  # noqa: F811
    sessions = audit_db
    before = await _fill(sessions, 3)
    poison = [await _insert_raw(sessions, *row) for row in POISON]
    after = await _fill(sessions, 4)
    audit = AuditLog("things", registry, lambda: KEYS)
    total = len(before) + len(POISON) + len(after)
    await catch_up(audit, sessions, total)
    async with sessions() as db, db.begin():
        head = await audit.issue_head(db)
        formats = {
            uuid.UUID(str(r[0])): int(r[1])
            for r in await db.execute(text("SELECT event_id, leaf_format FROM audit_leaves"))
        }
    assert head.tree_size == total  # every event after the poison has its leaf, under a head
    assert {formats[e] for e in before + after} == {LEAF_FORMAT}
    assert [formats[e] for e in poison] == [QUARANTINED] * 4 + [LEAF_FORMAT]

    entries = await _entries(audit, sessions, total)
    report = verify_entries("things", entries, public_key=KEYS.public, heads=[head])
    assert report.ok, report.to_json()
    assert report.quarantined_count == 4
    leaves = {json.loads(e.leaf)["event_id"]: e for e in entries}
    assert [q["event_id"] for q in report.quarantined] == [str(e) for e in poison[:4]]
    big = json.loads(leaves[str(poison[0])].leaf)
    assert big["leaf_format"] == QUARANTINED and str(BIG) in big["stored_data"]
    person_leaf = leaves[str(poison[1])].leaf
    person = json.loads(person_leaf)
    assert INEXACT in person["stored_data"] and b"900101300001" not in person_leaf
    assert len(person["private_digest"]) == 64
    assert json.loads(leaves[str(poison[3])].leaf)["recorded_at"] is None
    assert json.loads(leaves[str(poison[4])].leaf)["recorded_at"].startswith("12026-01-01T")

    # a quarantined leaf proves its inclusion like any other
    index = leaves[str(poison[0])].index
    async with sessions() as db:
        proof = await audit.inclusion_proof(db, index, total)
        [relayed] = (await audit.canonical_at(db, [big["global_position"]])).values()
        status = await audit.status(db)
    assert relayed == leaves[str(poison[0])].leaf  # what the relay's audit-leaf header carries
    assert verify_inclusion(index, total, leaf_hash(relayed), proof, head.root_hash)
    assert (status.tree_size, status.signed_tree_size) == (total, total)
    assert status.events_without_leaf == 0
    assert status.quarantined == 4 and status.waiting_seconds == 0
    assert [q.event_id for q in status.quarantined_leaves] == [str(e) for e in poison[:4]]
    assert problems(status, stall_seconds=300, acknowledged=0) == ["quarantined"]
    assert problems(status, stall_seconds=300, acknowledged=4) == []


async def test_a_quarantined_leaf_is_tamper_evident_to_the_last_digit(audit_db) -> None:  # noqa: F811
    """The digits a double would have rounded away are committed too: changing them is found."""
    sessions = audit_db
    await _fill(sessions, 2)
    inexact = await _insert_raw(sessions, *POISON[1])
    big = await _insert_raw(sessions, *POISON[0])
    await _fill(sessions, 2)
    audit = AuditLog("things", registry, lambda: KEYS)
    await catch_up(audit, sessions, 6)
    async with sessions() as db, db.begin():
        head = await audit.issue_head(db)
    for event_id, path, value in (  # the later leaf first: each is then the first failure
        (big, "{amount}", str(BIG + 2)),
        (inexact, "{weight}", INEXACT[:-1] + "8"),
    ):
        await _as_superuser(
            sessions,
            f"UPDATE events SET data = jsonb_set(data, '{path}', '{value}') WHERE event_id = :e",
            params={"e": event_id},
        )
        report = verify_entries(
            "things", await _entries(audit, sessions, 6), public_key=KEYS.public, heads=[head]
        )
        assert report.failure is not None and report.failure.kind == "changed"
        assert report.failure.found["event_id"] == str(event_id)
        assert report.heads[0].root_ok is False


async def test_the_status_tells_a_stalled_log_and_the_builder_counts_its_failures(
    audit_db,  # noqa: F811
) -> None:
    sessions = audit_db
    await _fill(sessions, 2)
    audit = AuditLog("things", registry, lambda: KEYS)
    await catch_up(audit, sessions, 2)
    async with sessions() as db, db.begin():
        await audit.issue_head(db)
    # an event that has waited an hour for its leaf (no builder ran)
    old = '{"label": "old", "amount": 1}'
    await _insert_raw(sessions, "thing-old", "ThingHappened", old, "now() - interval '1 hour'")
    async with sessions() as db:
        status = await audit.status(db)
    assert status.events_without_leaf == 1 and status.events == 3
    assert status.waiting_seconds >= 3600
    assert problems(status, stall_seconds=300, acknowledged=0) == ["stalled"]

    def no_keys() -> Any:
        raise ValueError("KELISIM_THINGS_AUDIT_SIGNING_KEY and _AUDIT_COMMITMENT_KEY must be set")

    failing = TreeBuilder(
        AuditLog("things", registry, no_keys),
        sessions,
        poll_seconds=0.01,
        status_interval_seconds=0,
    )
    counted = AUDIT_BUILDER_FAILURES.labels(service="things")._value.get()
    task = asyncio.create_task(failing.run())
    try:
        for _ in range(500):
            if failing.failures >= 2:
                break
            await asyncio.sleep(0.01)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert failing.failures >= 2 and "AUDIT_SIGNING_KEY" in (failing.last_failure or "")
    assert AUDIT_BUILDER_FAILURES.labels(service="things")._value.get() >= counted + 2
    async with sessions() as db:
        assert (await audit.status(db)).events_without_leaf == 1  # nothing quarantined by it


_EARLIER_READING = (
    "SELECT global_position, transaction_id::text AS xid, stream_id, stream_type, version,"
    " event_id, event_type, schema_version, data, metadata, recorded_at"
    " FROM events ORDER BY global_position"
)


async def test_leaves_built_before_are_derived_byte_for_byte_again(audit_db) -> None:  # noqa: F811
    """Rows are now read as text, ``recorded_at`` formatted by PostgreSQL: for every timestamp
    a service writes, that is what the earlier reading (a ``datetime`` from the driver,
    formatted in Python) gave, so the leaves of logs built before do not change."""
    sessions = audit_db
    stamps = [
        "now()",
        "'2024-02-29T23:59:59.999999+05:00'",
        "'2026-12-31T19:00:00.000001Z'",
        "'1999-01-01T00:00:00+06:00'",
        "'2026-03-30T01:02:03.5-03:30'",
    ]
    for n, at in enumerate(stamps):
        data = f'{{"label": "t{n}", "amount": {n}, "share": 0.25}}'
        await _insert_raw(sessions, f"thing-{n}", "ThingHappened", data, at)
    audit = AuditLog("things", registry, lambda: KEYS)
    await catch_up(audit, sessions, len(stamps))
    async with sessions() as db:
        rows = (await db.execute(text(_EARLIER_READING))).mappings().all()
        hashes = await db.execute(text("SELECT leaf_hash FROM audit_leaves ORDER BY leaf_index"))
        stored = [bytes(r[0]) for r in hashes]
    earlier = [  # as the builder read and hashed rows before
        leaf_hash(canonical_leaf(StoredEvent.from_row(row), frozenset(), KEYS.commitment))
        for row in rows
    ]
    assert earlier == stored
