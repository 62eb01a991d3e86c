"""The store-backed audit log of one service: leaves in commit order, proofs, signed heads.

``AuditLog`` works in the caller's transaction (a SQLAlchemy session or connection), like the
event store. ``TreeBuilder`` is the background worker: it follows the global feed (commit order,
``docs/architecture.md``) after the last leaf, appends leaves and the subtree hashes they
complete, and issues a signed tree head every ``audit_head_interval_seconds`` while the log
grows. A step holds a transaction-scoped advisory lock, so any number of builders (one per
process, and the relay when it needs leaf indices for its headers) can run: they take turns.

No stored event can stop the builder: an event RFC 8785 cannot express gets a quarantined leaf
(``shared.audit.canonical``, format 2), which still commits to the row, and the builder goes on.
Events are read with their data and metadata as text and ``recorded_at`` formatted by the
database, so that not even decoding a row can fail the whole batch. ``AuditLog.status`` says how
far the log lags behind the store and what it quarantined (``shared.audit.health``).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from shared.audit.canonical import (
    LEAF_FORMAT,
    QUARANTINED,
    StoredEvent,
    canonical_leaf,
    quarantine_leaf,
)
from shared.audit.heads import AuditKeys, SignedTreeHead
from shared.audit.health import AUDIT_BUILDER_FAILURES, AuditStatus, QuarantinedLeaf, publish
from shared.audit.merkle import (
    EMPTY_ROOT,
    Block,
    Hash,
    blocks_of,
    consistency_ranges,
    frontier_blocks,
    inclusion_ranges,
    leaf_hash,
    new_blocks,
    range_hash,
)
from shared.eventstore.model import EventRegistry

log = structlog.get_logger(__name__)

Executor = AsyncSession | AsyncConnection


def _event_columns(alias: str = "") -> str:
    """An event row as the audit log reads it: data and metadata as PostgreSQL's text,
    ``recorded_at`` as it appears in a leaf (NULL when out of range), nothing a driver could
    fail to decode."""
    a = f"{alias}." if alias else ""
    return (
        f"{a}global_position, {a}transaction_id::text AS xid, {a}stream_id, {a}stream_type,"
        f" {a}version, {a}event_id, {a}event_type, {a}schema_version, {a}data::text AS data,"
        f" {a}metadata::text AS metadata, to_char({a}recorded_at AT TIME ZONE 'UTC',"
        """ 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at"""
    )


_FEED = f"""
SELECT {_event_columns()} FROM events
WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY transaction_id, global_position
LIMIT $3
"""
_EVENTS_AT = f"""
SELECT {_event_columns("e")}, l.leaf_format FROM events e
LEFT JOIN audit_leaves l ON l.global_position = e.global_position
WHERE e.global_position = ANY($1::bigint[])
"""
_STORED_KEYS = """
SELECT CASE WHEN jsonb_typeof(data) = 'object' THEN ARRAY(SELECT jsonb_object_keys(data)) END
       AS keys
FROM events WHERE global_position = $1
"""
_STORED_TEXT = """
SELECT CASE WHEN jsonb_typeof(data) = 'object' THEN (data - $2::text[])::text
            ELSE data::text END AS stored_data,
       (SELECT jsonb_object_agg(key, value)
        FROM jsonb_each(CASE WHEN jsonb_typeof(data) = 'object' THEN data ELSE '{}' END)
        WHERE key = ANY($2::text[]))::text AS private_text,
       metadata::text AS stored_metadata
FROM events WHERE global_position = $1
"""
_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('kelisim-audit-tree-builder', 0))"
_LAST_LEAF = (
    "SELECT leaf_index, transaction_id::text AS xid, global_position FROM audit_leaves"
    " ORDER BY leaf_index DESC LIMIT 1"
)
_LEAF_COLUMNS = (
    "leaf_index, transaction_id::text AS xid, global_position, event_id, leaf_hash, leaf_format"
)
_LEAF_AT = f"SELECT {_LEAF_COLUMNS} FROM audit_leaves WHERE leaf_index = $1"
_LEAVES = (
    f"SELECT {_LEAF_COLUMNS} FROM audit_leaves WHERE leaf_index >= $1 AND leaf_index < $2"
    " ORDER BY leaf_index"
)
_LEAF_OF_EVENT = "SELECT leaf_index FROM audit_leaves WHERE event_id = $1"
_LEAVES_AT_POSITIONS = (
    "SELECT leaf_index, global_position FROM audit_leaves WHERE global_position = ANY($1::bigint[])"
)
_LEAFED_EVENTS = "SELECT event_id FROM audit_leaves WHERE event_id = ANY($1::uuid[])"
_PRESENT_EVENTS = "SELECT event_id FROM events WHERE event_id = ANY($1::uuid[])"
_INSERT_LEAVES = """
INSERT INTO audit_leaves
    (leaf_index, transaction_id, global_position, event_id, leaf_hash, leaf_format)
SELECT i, x::xid8, p, e, h, f
FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::bytea[], $6::smallint[])
    AS t(i, x, p, e, h, f)
"""
_INSERT_NODES = """
INSERT INTO audit_nodes (level, node_index, hash)
SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])
"""
_LEAF_HASHES = "SELECT leaf_index, leaf_hash FROM audit_leaves WHERE leaf_index = ANY($1::bigint[])"
_NODE_HASHES = """
SELECT n.level, n.node_index, n.hash FROM audit_nodes n
JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, node_index)
  ON n.level = w.level AND n.node_index = w.node_index
"""
_INSERT_HEAD = (
    "INSERT INTO audit_tree_heads (tree_size, root_hash, issued_at_ms, key_id, signature)"
    " VALUES ($1, $2, $3, $4, $5)"
)
_HEAD_COLUMNS = "tree_size, root_hash, issued_at_ms, key_id, signature"
_LATEST_HEAD = f"SELECT {_HEAD_COLUMNS} FROM audit_tree_heads ORDER BY id DESC LIMIT 1"
_HEADS = f"SELECT {_HEAD_COLUMNS} FROM audit_tree_heads ORDER BY id LIMIT $1"
_HAS_TABLES = "SELECT to_regclass('audit_leaves') IS NOT NULL AS present"

# What ``status`` reads. Waiting times are taken on the database's clock, an event's
# ``recorded_at`` clamped to [1970, now] (a row from "the future" waits 0 s).
_WAITED = "extract(epoch FROM now() - LEAST(GREATEST({col}, 'epoch'), now()))::float8"
_STATUS_HEAD = (
    "SELECT tree_size, (extract(epoch FROM now()) * 1000)::bigint - issued_at_ms AS age_ms"
    " FROM audit_tree_heads ORDER BY id DESC LIMIT 1"
)
_STATUS_PENDING = """
SELECT count(*) AS n FROM (
    SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
    LIMIT $3
) AS pending
"""
_STATUS_FIRST_PENDING = f"""
SELECT {_WAITED.format(col="recorded_at")} AS waited FROM events
WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
ORDER BY transaction_id, global_position LIMIT 1
"""
_STATUS_FIRST_UNSIGNED = f"""
SELECT {_WAITED.format(col="e.recorded_at")} AS waited
FROM audit_leaves l JOIN events e ON e.global_position = l.global_position
WHERE l.leaf_index = $1
"""
_STATUS_LAST_POSITION = "SELECT max(global_position) AS last FROM events"
_STATUS_QUARANTINED = f"SELECT count(*) AS n FROM audit_leaves WHERE leaf_format <> {LEAF_FORMAT}"
_STATUS_QUARANTINED_LEAVES = f"""
SELECT l.leaf_index, l.event_id, l.global_position, e.event_type
FROM audit_leaves l LEFT JOIN events e ON e.global_position = l.global_position
WHERE l.leaf_format <> {LEAF_FORMAT} ORDER BY l.leaf_index LIMIT $1
"""
PENDING_COUNT_LIMIT = 1_000_000
"""Events without a leaf are counted up to this many (the status says "at least")."""


async def fetch(db: Executor | Any, sql: str, *args: Any) -> list[Mapping[str, Any]]:
    """A $-parameter statement in the caller's transaction (SQLAlchemy or bare asyncpg)."""
    if isinstance(db, AsyncSession):
        db = await db.connection()
    if isinstance(db, AsyncConnection):
        result = await db.exec_driver_sql(sql, args)
        return [dict(row) for row in result.mappings()] if result.returns_rows else []
    return list(await db.fetch(sql, *args))


@dataclass(frozen=True)
class _FeedRow:
    """Where an event row sits in the commit order (what the leaf table records of it)."""

    transaction_id: int
    global_position: int
    event_id: uuid.UUID

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> _FeedRow:
        return cls(int(row["xid"]), int(row["global_position"]), uuid.UUID(str(row["event_id"])))


class TreeTooSmall(ValueError):
    """A proof or head asked of a tree larger than the log, or of a leaf not in it."""


@dataclass(frozen=True)
class LeafRow:
    index: int
    transaction_id: int
    global_position: int
    event_id: uuid.UUID
    leaf_hash: Hash
    leaf_format: int = LEAF_FORMAT


def _leaf_row(row: Mapping[str, Any]) -> LeafRow:
    return LeafRow(
        index=int(row["leaf_index"]),
        transaction_id=int(row["xid"]),
        global_position=int(row["global_position"]),
        event_id=uuid.UUID(str(row["event_id"])),
        leaf_hash=bytes(row["leaf_hash"]),
        leaf_format=int(row["leaf_format"]),
    )


@dataclass(frozen=True)
class Entry:
    """Leaf ``index`` as the service holds it now.

    ``leaf`` is the canonical leaf of the event found in that slot of the commit order today
    (counted on from the previous leaf's feed position; None when the log has no event there);
    ``stored`` the leaf table's row. They agree unless the store was altered after the fact.
    """

    index: int
    leaf: bytes | None
    stored: LeafRow
    stored_event_present: bool
    """Whether the event the leaf table names is still in the store."""
    slot_event_id: uuid.UUID | None
    slot_event_leafed: bool
    """Whether the event found in the slot has a leaf of its own (False: it was never seen by
    the tree builder, yet sorts before events that were)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "leaf_index": self.index,
            "leaf": self.leaf.decode() if self.leaf is not None else None,
            "leaf_hash": leaf_hash(self.leaf).hex() if self.leaf is not None else None,
            "slot_event_id": str(self.slot_event_id) if self.slot_event_id else None,
            "slot_event_leafed": self.slot_event_leafed,
            "stored": {
                "event_id": str(self.stored.event_id),
                "global_position": self.stored.global_position,
                "leaf_hash": self.stored.leaf_hash.hex(),
                "leaf_format": self.stored.leaf_format,
                "event_present": self.stored_event_present,
            },
        }


def _head(row: Mapping[str, Any], service: str) -> SignedTreeHead:
    return SignedTreeHead(
        log=service,
        tree_size=int(row["tree_size"]),
        root_hash=bytes(row["root_hash"]),
        timestamp=int(row["issued_at_ms"]),
        key_id=str(row["key_id"]),
        signature=bytes(row["signature"]),
    )


class AuditLog:
    """One service's Merkle tree over its event store, in its own database."""

    def __init__(
        self, service: str, registry: EventRegistry, keys: Callable[[], AuditKeys]
    ) -> None:
        self.service = service
        self.registry = registry
        self._keys_factory = keys
        self._keys: AuditKeys | None = None

    @property
    def keys(self) -> AuditKeys:
        if self._keys is None:
            self._keys = self._keys_factory()
        return self._keys

    # -- leaves -----------------------------------------------------------------------------

    def _canonical(self, event: StoredEvent, commitment: bytes) -> bytes:
        """The canonical leaf of a stored event (``shared.audit.canonical``)."""
        public = self.registry.public_data(event.event_type, event.data)
        private = frozenset(event.data) - frozenset(public)
        return canonical_leaf(event, private, commitment)

    async def leaves_of(
        self, db: Executor, rows: Sequence[Mapping[str, Any]], formats: Sequence[int | None]
    ) -> tuple[list[tuple[int, bytes]], dict[int, str]]:
        """The leaf ``(format, bytes)`` of each event row, and why each quarantined one was.

        ``formats[i]`` is the format row ``i``'s leaf was built in, or None for a row without a
        leaf yet: it gets its canonical leaf if RFC 8785 can express it exactly (numbers read
        strictly), else a quarantined one. A leaf built canonically is derived the same way
        again; should that fail now (a row changed after the fact), the quarantined form is
        served, which cannot match the committed hash. The keys are taken first: a missing key
        fails the call instead of quarantining every event.
        """
        commitment = self.keys.commitment
        leaves: list[tuple[int, bytes] | None] = []
        reasons: dict[int, str] = {}
        for index, (row, built) in enumerate(zip(rows, formats, strict=True)):
            if built != QUARANTINED:
                try:
                    event = StoredEvent.from_row(row, strict=built is None)
                    leaves.append((LEAF_FORMAT, self._canonical(event, commitment)))
                    continue
                except Exception as exc:  # anything the stored row makes canonicalisation raise
                    reasons[index] = f"{type(exc).__name__}: {exc}"[:300]
            leaves.append(None)
        result: list[tuple[int, bytes]] = []
        for index, leaf in enumerate(leaves):
            if leaf is None:
                leaf = (QUARANTINED, await self._quarantined(db, rows[index], commitment))
            result.append(leaf)
        return result, reasons

    async def _quarantined(self, db: Executor, row: Mapping[str, Any], commitment: bytes) -> bytes:
        """The quarantined leaf of an event row: the stored texts, from the database."""
        position = int(row["global_position"])
        [keyed] = await fetch(db, _STORED_KEYS, position)
        keys = list(keyed["keys"] or [])
        public = self.registry.public_data(str(row["event_type"]), dict.fromkeys(keys))
        private = sorted(k for k in keys if k not in public)
        [texts] = await fetch(db, _STORED_TEXT, position, private)
        return quarantine_leaf(
            row,
            str(texts["stored_data"]),
            texts["private_text"],
            str(texts["stored_metadata"]),
            commitment,
        )

    async def has_tables(self, db: Executor) -> bool:
        [row] = await fetch(db, _HAS_TABLES)
        return bool(row["present"])

    async def size(self, db: Executor) -> int:
        rows = await fetch(db, _LAST_LEAF)
        return int(rows[0]["leaf_index"]) + 1 if rows else 0

    async def _end(self, db: Executor) -> tuple[int, str, int]:
        """The tree's size and the feed position (transaction id, global position) of its last
        leaf: where the events without a leaf begin."""
        rows = await fetch(db, _LAST_LEAF)
        if not rows:
            return 0, "0", 0
        return int(rows[0]["leaf_index"]) + 1, str(rows[0]["xid"]), int(rows[0]["global_position"])

    async def step(self, db: Executor, limit: int = 2000) -> int:
        """Append leaves for the next events of the feed; returns how many (0: caught up)."""
        await fetch(db, _LOCK)
        size, xid, position = await self._end(db)
        rows = await fetch(db, _FEED, xid, position, limit)
        if not rows:
            return 0
        leaves, reasons = await self.leaves_of(db, rows, [None] * len(rows))
        for index, reason in reasons.items():
            log.error(
                "event quarantined in the audit log: RFC 8785 cannot express it; its leaf"
                " commits to the stored text",
                log=self.service,
                leaf_index=size + index,
                event_id=str(rows[index]["event_id"]),
                event_type=rows[index]["event_type"],
                global_position=int(rows[index]["global_position"]),
                reason=reason,
            )
        events = [_FeedRow.of(row) for row in rows]
        hashes = [leaf_hash(leaf) for _, leaf in leaves]
        frontier = await self.blocks(db, frontier_blocks(size))
        nodes = list(new_blocks(size, hashes, frontier))
        await fetch(
            db,
            _INSERT_LEAVES,
            list(range(size, size + len(events))),
            [str(e.transaction_id) for e in events],
            [e.global_position for e in events],
            [e.event_id for e in events],
            hashes,
            [fmt for fmt, _ in leaves],
        )
        if nodes:
            await fetch(
                db,
                _INSERT_NODES,
                [level for (level, _), _ in nodes],
                [index for (_, index), _ in nodes],
                [h for _, h in nodes],
            )
        return len(events)

    async def catch_up(
        self, sessions: async_sessionmaker[AsyncSession], limit: int = 2000, max_steps: int = 1000
    ) -> int:
        """Steps, each in its own transaction, until the feed is exhausted (bounded)."""
        total = 0
        for _ in range(max_steps):
            async with sessions() as db, db.begin():
                added = await self.step(db, limit)
            total += added
            if added < limit:
                break
        return total

    async def leaf_indices(self, db: Executor, positions: Sequence[int]) -> dict[int, int]:
        """Leaf index by global position, for the positions that have a leaf."""
        rows = await fetch(db, _LEAVES_AT_POSITIONS, list(positions))
        return {int(r["global_position"]): int(r["leaf_index"]) for r in rows}

    async def leaf_index_of(self, db: Executor, event_id: uuid.UUID) -> int | None:
        rows = await fetch(db, _LEAF_OF_EVENT, event_id)
        return int(rows[0]["leaf_index"]) if rows else None

    async def leaf_row(self, db: Executor, index: int) -> LeafRow | None:
        rows = await fetch(db, _LEAF_AT, index)
        return _leaf_row(rows[0]) if rows else None

    async def canonical_at(self, db: Executor, positions: Sequence[int]) -> dict[int, bytes]:
        """The leaves of the events stored at ``positions`` (absent ones left out), each in the
        format its leaf was built in (canonical, or quarantined)."""
        rows = await fetch(db, _EVENTS_AT, list(positions))
        formats = [int(r["leaf_format"]) if r["leaf_format"] is not None else None for r in rows]
        leaves, _ = await self.leaves_of(db, rows, formats)
        return {int(r["global_position"]): leaf for r, (_, leaf) in zip(rows, leaves, strict=True)}

    # -- subtree hashes -----------------------------------------------------------------------

    async def blocks(self, db: Executor, wanted: Sequence[Block]) -> dict[Block, Hash]:
        """The stored hashes of complete blocks (level 0 from the leaf table)."""
        found: dict[Block, Hash] = {}
        leaves = sorted({index for level, index in wanted if level == 0})
        nodes = sorted({(level, index) for level, index in wanted if level > 0})
        if leaves:
            for row in await fetch(db, _LEAF_HASHES, leaves):
                found[(0, int(row["leaf_index"]))] = bytes(row["leaf_hash"])
        if nodes:
            rows = await fetch(db, _NODE_HASHES, [n[0] for n in nodes], [n[1] for n in nodes])
            for row in rows:
                found[(int(row["level"]), int(row["node_index"]))] = bytes(row["hash"])
        missing = [b for b in wanted if b not in found]
        if missing:
            raise TreeTooSmall(f"subtree hashes missing from the audit tables: {missing[:5]}")
        return found

    async def _ranges(self, db: Executor, ranges: Sequence[tuple[int, int]]) -> list[Hash]:
        wanted = [b for a, z in ranges for b in blocks_of(a, z)]
        found = await self.blocks(db, wanted)
        return [range_hash(a, z, lambda level, index: found[(level, index)]) for a, z in ranges]

    async def root(self, db: Executor, size: int) -> Hash:
        if size == 0:
            return EMPTY_ROOT
        [root] = await self._ranges(db, [(0, size)])
        return root

    async def inclusion_proof(self, db: Executor, index: int, size: int) -> list[Hash]:
        if size > await self.size(db) or not 0 <= index < size:
            raise TreeTooSmall(f"leaf {index} is not in a tree of {size} of this log")
        return await self._ranges(db, inclusion_ranges(index, size))

    async def consistency_proof(self, db: Executor, old_size: int, new_size: int) -> list[Hash]:
        if not 0 <= old_size <= new_size or new_size > await self.size(db):
            raise TreeTooSmall(f"no consistency proof from {old_size} to {new_size} in this log")
        if old_size in (0, new_size):
            return []
        return await self._ranges(db, consistency_ranges(old_size, new_size))

    # -- signed tree heads ------------------------------------------------------------------

    async def issue_head(self, db: Executor) -> SignedTreeHead:
        """Sign the tree as it is and store the head (in the caller's transaction)."""
        size = await self.size(db)
        head = self.keys.sign(self.service, size, await self.root(db, size))
        await fetch(
            db,
            _INSERT_HEAD,
            head.tree_size,
            head.root_hash,
            head.timestamp,
            head.key_id,
            head.signature,
        )
        return head

    async def latest_head(self, db: Executor) -> SignedTreeHead | None:
        rows = await fetch(db, _LATEST_HEAD)
        return _head(rows[0], self.service) if rows else None

    async def heads(self, db: Executor, limit: int = 10_000) -> list[SignedTreeHead]:
        return [_head(r, self.service) for r in await fetch(db, _HEADS, limit)]

    # -- how far the log covers the store ------------------------------------------------------

    async def status(self, db: Executor, quarantined_listed: int = 20) -> AuditStatus:
        """How far the log lags behind the store, and what it quarantined (a few indexed
        reads; events without a leaf are counted up to ``PENDING_COUNT_LIMIT``)."""
        size, xid, position = await self._end(db)
        head = await fetch(db, _STATUS_HEAD)
        signed = int(head[0]["tree_size"]) if head else 0
        [pending] = await fetch(db, _STATUS_PENDING, xid, position, PENDING_COUNT_LIMIT)
        waiting = []
        if signed < size:
            waiting += await fetch(db, _STATUS_FIRST_UNSIGNED, signed)
        if int(pending["n"]):
            waiting += await fetch(db, _STATUS_FIRST_PENDING, xid, position)
        [last_position] = await fetch(db, _STATUS_LAST_POSITION)
        [quarantined] = await fetch(db, _STATUS_QUARANTINED)
        listed = (
            await fetch(db, _STATUS_QUARANTINED_LEAVES, quarantined_listed)
            if int(quarantined["n"])
            else []
        )
        return AuditStatus(
            log=self.service,
            tree_size=size,
            signed_tree_size=signed,
            head_age_seconds=int(head[0]["age_ms"]) / 1000 if head else None,
            events_without_leaf=int(pending["n"]),
            events_without_leaf_counted_to=PENDING_COUNT_LIMIT,
            waiting_seconds=max((float(r["waited"]) for r in waiting), default=0.0),
            last_global_position=(
                int(last_position["last"]) if last_position["last"] is not None else None
            ),
            quarantined=int(quarantined["n"]),
            quarantined_leaves=[
                QuarantinedLeaf(
                    leaf_index=int(r["leaf_index"]),
                    event_id=str(r["event_id"]),
                    global_position=int(r["global_position"]),
                    event_type=r["event_type"],
                )
                for r in listed
            ],
        )

    # -- entries ------------------------------------------------------------------------------

    async def entries(self, db: Executor, start: int, end: int) -> list[Entry]:
        """Leaves ``[start, end)`` as stored, each beside the event now in its slot."""
        stored = [_leaf_row(r) for r in await fetch(db, _LEAVES, start, end)]
        if not stored:
            return []
        if start == 0:
            xid, position = "0", 0
        else:
            before = await self.leaf_row(db, start - 1)
            if before is None:
                raise TreeTooSmall(f"leaf {start - 1} is missing from the leaf table")
            xid, position = str(before.transaction_id), before.global_position
        slot_rows = await fetch(db, _FEED, xid, position, len(stored))
        slot_leaves, _ = await self.leaves_of(
            db, slot_rows, [leaf.leaf_format for leaf in stored[: len(slot_rows)]]
        )
        slots = [_FeedRow.of(row) for row in slot_rows]
        present = {
            uuid.UUID(str(r["event_id"]))
            for r in await fetch(db, _PRESENT_EVENTS, [leaf.event_id for leaf in stored])
        }
        leafed = {
            uuid.UUID(str(r["event_id"]))
            for r in await fetch(db, _LEAFED_EVENTS, [s.event_id for s in slots])
        }
        result = []
        for offset, leaf in enumerate(stored):
            slot = slots[offset] if offset < len(slots) else None
            result.append(
                Entry(
                    index=leaf.index,
                    leaf=slot_leaves[offset][1] if slot is not None else None,
                    stored=leaf,
                    stored_event_present=leaf.event_id in present,
                    slot_event_id=slot.event_id if slot is not None else None,
                    slot_event_leafed=slot is not None and slot.event_id in leafed,
                )
            )
        return result


class TreeBuilder:
    """The background worker that keeps a service's tree up to date and signs heads.

    It catches up with the log every ``poll_seconds`` (at once when poked), reading the feed
    to its end each time, so a leaf is added within about ``poll_seconds`` of its commit (a
    fresh tree head asked for by an auditor catches up itself first, ``shared.audit.api``, and
    the relay builds the leaves it publishes).

    Every ``status_interval_seconds``, whether its last step succeeded or failed, it reads the
    log's status and publishes the audit metrics; each failure is counted
    (``kelisim_audit_builder_failures_total``) and the last one kept for ``/health/audit``.
    """

    CATCH_UP_STEPS = 1000
    """Steps (each at most ``batch_size`` events, its own transaction) in one catch-up."""

    def __init__(
        self,
        audit: AuditLog,
        sessions: async_sessionmaker[AsyncSession],
        *,
        poll_seconds: float = 1.0,
        head_interval_seconds: float = 60.0,
        batch_size: int = 2000,
        status_interval_seconds: float = 5.0,
    ) -> None:
        self.audit = audit
        self.sessions = sessions
        self.poll_seconds = poll_seconds
        self.head_interval_seconds = head_interval_seconds
        self.batch_size = batch_size
        self.status_interval_seconds = status_interval_seconds
        self._wake = asyncio.Event()
        self.running = False
        self.failures = 0
        self.last_failure: str | None = None
        self.last_failure_at: float | None = None
        """Unix time of the last failure."""
        self._status_at = -float("inf")

    def poke(self) -> None:
        self._wake.set()

    def to_json(self) -> dict[str, Any]:
        """This process's builder, for ``/health/audit``."""
        return {
            "running_here": self.running,
            "failures": self.failures,
            "last_failure": self.last_failure,
            "last_failure_at_ms": (
                int(self.last_failure_at * 1000) if self.last_failure_at is not None else None
            ),
        }

    async def run(self) -> None:
        """Run until cancelled; a service database without the audit tables is left alone."""
        while True:
            try:
                async with self.sessions() as db:
                    present = await self.audit.has_tables(db)
                break
            except Exception:
                self._failed("the audit tables could not be looked up")
                await asyncio.sleep(self.poll_seconds)
        if not present:
            log.warning("no audit tables: the tree builder does not run", log=self.audit.service)
            return
        self.running = True
        try:
            await self._loop()
        finally:
            self.running = False

    async def _loop(self) -> None:
        last_head = 0.0
        while True:
            added = 0
            try:
                added = await self.audit.catch_up(
                    self.sessions, self.batch_size, self.CATCH_UP_STEPS
                )
                now = time.monotonic()
                if now - last_head >= self.head_interval_seconds:
                    async with self.sessions() as db, db.begin():
                        latest = await self.audit.latest_head(db)
                        size = await self.audit.size(db)
                        if latest is None or latest.tree_size != size:
                            head = await self.audit.issue_head(db)
                            log.info("signed tree head issued", tree_size=head.tree_size)
                    last_head = now
            except asyncio.CancelledError:
                raise
            except Exception:
                self._failed("tree builder failed; retrying")
            await self._report_status()
            if added >= self.batch_size * self.CATCH_UP_STEPS:
                continue  # stopped at its bound, not at the feed's end: more is waiting
            # Otherwise the catch-up read the feed to its end: the builder is level with the
            # log and waits for the next poll (or a poke), whether or not it added leaves;
            # going round again at once would spin on the few events committed meanwhile,
            # paying a whole round's statements each time, for as long as commands come.
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)

    def _failed(self, message: str) -> None:
        """Log the exception being handled, count it and keep it for the health endpoint."""
        error = sys.exc_info()[1]
        self.failures += 1
        self.last_failure = f"{type(error).__name__}: {error}"[:500] if error else message
        self.last_failure_at = time.time()
        AUDIT_BUILDER_FAILURES.labels(service=self.audit.service).inc()
        log.exception(message, log=self.audit.service)

    async def _report_status(self) -> None:
        now = time.monotonic()
        if now - self._status_at < self.status_interval_seconds:
            return
        self._status_at = now
        try:
            async with self.sessions() as db:
                publish(await self.audit.status(db))
        except Exception:
            log.warning("audit status unavailable", log=self.audit.service, exc_info=True)
