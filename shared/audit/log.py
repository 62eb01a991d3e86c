"""The store-backed audit log of one service: leaves in commit order, proofs, signed heads.

``AuditLog`` works in the caller's transaction (a SQLAlchemy session or connection), like the
event store. ``TreeBuilder`` is the background worker: it follows the global feed (commit order,
``docs/architecture.md``) after the last leaf, appends leaves and the subtree hashes they
complete, and issues a signed tree head every ``audit_head_interval_seconds`` while the log
grows. A step holds a transaction-scoped advisory lock, so any number of builders (one per
process, and the relay when it needs leaf indices for its headers) can run: they take turns.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from shared.audit.canonical import StoredEvent, canonical_leaf
from shared.audit.heads import AuditKeys, SignedTreeHead
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

_EVENT_COLUMNS = (
    "global_position, transaction_id::text AS xid, stream_id, stream_type, version,"
    " event_id, event_type, schema_version, data, metadata, recorded_at"
)
_FEED = f"""
SELECT {_EVENT_COLUMNS} FROM events
WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY transaction_id, global_position
LIMIT $3
"""
_EVENTS_AT = f"SELECT {_EVENT_COLUMNS} FROM events WHERE global_position = ANY($1::bigint[])"
_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('kelisim-audit-tree-builder', 0))"
_LAST_LEAF = (
    "SELECT leaf_index, transaction_id::text AS xid, global_position FROM audit_leaves"
    " ORDER BY leaf_index DESC LIMIT 1"
)
_LEAF_AT = (
    "SELECT leaf_index, transaction_id::text AS xid, global_position, event_id, leaf_hash"
    " FROM audit_leaves WHERE leaf_index = $1"
)
_LEAVES = (
    "SELECT leaf_index, transaction_id::text AS xid, global_position, event_id, leaf_hash"
    " FROM audit_leaves WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index"
)
_LEAF_OF_EVENT = "SELECT leaf_index FROM audit_leaves WHERE event_id = $1"
_LEAVES_AT_POSITIONS = (
    "SELECT leaf_index, global_position FROM audit_leaves WHERE global_position = ANY($1::bigint[])"
)
_LEAFED_EVENTS = "SELECT event_id FROM audit_leaves WHERE event_id = ANY($1::uuid[])"
_PRESENT_EVENTS = "SELECT event_id FROM events WHERE event_id = ANY($1::uuid[])"
_INSERT_LEAVES = """
INSERT INTO audit_leaves (leaf_index, transaction_id, global_position, event_id, leaf_hash)
SELECT i, x::xid8, p, e, h
FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::bytea[]) AS t(i, x, p, e, h)
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


async def fetch(db: Executor | Any, sql: str, *args: Any) -> list[Mapping[str, Any]]:
    """A $-parameter statement in the caller's transaction (SQLAlchemy or bare asyncpg)."""
    if isinstance(db, AsyncSession):
        db = await db.connection()
    if isinstance(db, AsyncConnection):
        result = await db.exec_driver_sql(sql, args)
        return [dict(row) for row in result.mappings()] if result.returns_rows else []
    return list(await db.fetch(sql, *args))


class TreeTooSmall(ValueError):
    """A proof or head asked of a tree larger than the log, or of a leaf not in it."""


@dataclass(frozen=True)
class LeafRow:
    index: int
    transaction_id: int
    global_position: int
    event_id: uuid.UUID
    leaf_hash: Hash


def _leaf_row(row: Mapping[str, Any]) -> LeafRow:
    return LeafRow(
        index=int(row["leaf_index"]),
        transaction_id=int(row["xid"]),
        global_position=int(row["global_position"]),
        event_id=uuid.UUID(str(row["event_id"])),
        leaf_hash=bytes(row["leaf_hash"]),
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

    def canonical(self, event: StoredEvent) -> bytes:
        """The canonical leaf of a stored event (``shared.audit.canonical``)."""
        public = self.registry.public_data(event.event_type, event.data)
        private = frozenset(event.data) - frozenset(public)
        return canonical_leaf(event, private, self.keys.commitment)

    async def has_tables(self, db: Executor) -> bool:
        [row] = await fetch(db, _HAS_TABLES)
        return bool(row["present"])

    async def size(self, db: Executor) -> int:
        rows = await fetch(db, _LAST_LEAF)
        return int(rows[0]["leaf_index"]) + 1 if rows else 0

    async def step(self, db: Executor, limit: int = 2000) -> int:
        """Append leaves for the next events of the feed; returns how many (0: caught up)."""
        await fetch(db, _LOCK)
        last = await fetch(db, _LAST_LEAF)
        if last:
            size = int(last[0]["leaf_index"]) + 1
            xid, position = str(last[0]["xid"]), int(last[0]["global_position"])
        else:
            size, xid, position = 0, "0", 0
        rows = await fetch(db, _FEED, xid, position, limit)
        if not rows:
            return 0
        events = [StoredEvent.from_row(row) for row in rows]
        hashes = [leaf_hash(self.canonical(event)) for event in events]
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
        """Canonical leaves of the events stored at ``positions`` (absent ones left out)."""
        rows = await fetch(db, _EVENTS_AT, list(positions))
        return {int(r["global_position"]): self.canonical(StoredEvent.from_row(r)) for r in rows}

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
        slots = [
            StoredEvent.from_row(r) for r in await fetch(db, _FEED, xid, position, len(stored))
        ]
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
                    leaf=self.canonical(slot) if slot is not None else None,
                    stored=leaf,
                    stored_event_present=leaf.event_id in present,
                    slot_event_id=slot.event_id if slot is not None else None,
                    slot_event_leafed=slot is not None and slot.event_id in leafed,
                )
            )
        return result


class TreeBuilder:
    """The background worker that keeps a service's tree up to date and signs heads."""

    def __init__(
        self,
        audit: AuditLog,
        sessions: async_sessionmaker[AsyncSession],
        *,
        poll_seconds: float = 1.0,
        head_interval_seconds: float = 60.0,
        batch_size: int = 2000,
    ) -> None:
        self.audit = audit
        self.sessions = sessions
        self.poll_seconds = poll_seconds
        self.head_interval_seconds = head_interval_seconds
        self.batch_size = batch_size
        self._wake = asyncio.Event()

    def poke(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Run until cancelled; a service database without the audit tables is left alone."""
        async with self.sessions() as db:
            if not await self.audit.has_tables(db):
                log.warning(
                    "no audit tables: the tree builder does not run", log=self.audit.service
                )
                return
        last_head = 0.0
        while True:
            try:
                added = await self.audit.catch_up(self.sessions, self.batch_size)
                now = time.monotonic()
                if now - last_head >= self.head_interval_seconds:
                    async with self.sessions() as db, db.begin():
                        latest = await self.audit.latest_head(db)
                        size = await self.audit.size(db)
                        if latest is None or latest.tree_size != size:
                            head = await self.audit.issue_head(db)
                            log.info("signed tree head issued", tree_size=head.tree_size)
                    last_head = now
                if added:
                    continue
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("tree builder failed; retrying", log=self.audit.service)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
