"""The event store: append with optimistic concurrency, read streams, read the global feed.

One table per service database (``shared.eventstore.schema``). All methods take the SQLAlchemy
session (or connection) of the caller's unit of work, so an append, its read-model updates and
its idempotency record commit or roll back together.

Rule of use: an append is the first write of its transaction, and a transaction appends once.
The writing transaction's id orders the global feed, so a transaction that wrote before its
append could have an id older than events it read; ``append`` refuses that (EventStoreMisuse).

One exception, :meth:`EventStore.for_bulk_load`: a store whose transaction first takes the
events table in SHARE ROW EXCLUSIVE mode (``lock_for_bulk_load``), so no other transaction
writes an event until it ends, and then appends many times (an archive loaded all or nothing,
``shared.archive``). Its events share one transaction id and keep their order by position, and
no event of another transaction can come between them or be ordered before them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.errors import ConcurrentAppend, Conflict, EventStoreMisuse
from shared.eventstore.model import (
    EventMetadata,
    EventRegistry,
    FeedPosition,
    NewEvent,
    RecordedEvent,
)
from shared.eventstore.unit import UnitSession, translated
from shared.jsoncodec import loads_json

Executor = AsyncSession | AsyncConnection
"""What the store runs on: a SQLAlchemy session or connection of the caller's unit of work.
``append`` also takes a bare asyncpg connection (the benchmark measures the store that way)."""

_COLUMNS = (
    # The order of ``RecordedEvent.stored``'s row. The transaction id leaves as a bigint under
    # another name (asyncpg has no xid8 codec; an xid8 stays below 2**63): an alias named
    # ``transaction_id`` would make ``ORDER BY transaction_id`` sort the alias. Data and
    # metadata leave as JSON text, decoded only when a reader looks at them.
    "global_position, transaction_id::text::bigint AS xid, stream_id, stream_type, version,"
    " event_id, event_type, schema_version, data::text AS data, metadata::text AS metadata,"
    " recorded_at"
)

# The hot path: one statement, a prepared plan, in the caller's transaction. $1 stream id,
# $2 stream type, $3 expected version (NULL: any), $4 event ids, $5 event types, $6 schema
# versions, $7 data, $8 metadata. It always answers with the guard (the stream's head before
# the insert, and whether the transaction had written before), joined to the rows inserted.
# A stale version, a taken version or a stored event id inserts fewer rows than asked;
# ``_refused`` then tells which, in the same (still usable) transaction.
_APPEND_SQL = """
WITH guard AS MATERIALIZED (
    SELECT (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1) AS head,
           pg_current_xact_id_if_assigned() IS NULL AS fresh
), inserted AS (
    INSERT INTO events
        (stream_id, stream_type, version, event_id, event_type, schema_version, data, metadata)
    SELECT $1, $2, guard.head + e.ord, e.event_id, e.event_type, e.schema_version,
           e.data::jsonb, $8::jsonb
    FROM guard,
         unnest($4::uuid[], $5::text[], $6::int[], $7::text[])
             WITH ORDINALITY AS e(event_id, event_type, schema_version, data, ord)
    WHERE guard.fresh AND ($3::int IS NULL OR guard.head = $3::int)
    ORDER BY e.ord
    ON CONFLICT DO NOTHING
    RETURNING global_position, transaction_id::text AS xid, version, event_id, recorded_at
)
SELECT guard.fresh, inserted.* FROM guard LEFT JOIN inserted ON true
"""

# The same with each event's own metadata ($8 an array like $4-$7): the events of independent
# commands on one stream committed together (the attendance intake of the sessions service).
_APPEND_METAS_SQL = (
    _APPEND_SQL.replace(
        "unnest($4::uuid[], $5::text[], $6::int[], $7::text[])",
        "unnest($4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[])",
    )
    .replace(
        "AS e(event_id, event_type, schema_version, data, ord)",
        "AS e(event_id, event_type, schema_version, data, metadata, ord)",
    )
    .replace("e.data::jsonb, $8::jsonb", "e.data::jsonb, e.metadata::jsonb")
)

# The same for the common case of one event, with scalar parameters (no arrays to encode and
# unnest: measured 12-15 % more appends per second with 16 writers).
_APPEND_ONE_SQL = """
WITH guard AS MATERIALIZED (
    SELECT (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1) AS head,
           pg_current_xact_id_if_assigned() IS NULL AS fresh
), inserted AS (
    INSERT INTO events
        (stream_id, stream_type, version, event_id, event_type, schema_version, data, metadata)
    SELECT $1, $2, guard.head + 1, $4::uuid, $5::text, $6::int, $7::jsonb, $8::jsonb
    FROM guard
    WHERE guard.fresh AND ($3::int IS NULL OR guard.head = $3::int)
    ON CONFLICT DO NOTHING
    RETURNING global_position, transaction_id::text AS xid, version, event_id, recorded_at
)
SELECT guard.fresh, inserted.* FROM guard LEFT JOIN inserted ON true
"""

# One event on each of several streams (the group commit of independent commands, such as the
# ballots of a plenary vote): $1 stream ids, $2 stream types, $3 expected versions, $4 event
# ids, $5 event types, $6 schema versions, $7 data, $8 metadata. A stream not at its expected
# version, a version taken meanwhile or a stored event id inserts nothing for that stream (the
# others are inserted); a stream named twice gets the first of its events.
_APPEND_EACH_SQL = """
WITH guard AS MATERIALIZED (
    SELECT pg_current_xact_id_if_assigned() IS NULL AS fresh
), inserted AS (
    INSERT INTO events
        (stream_id, stream_type, version, event_id, event_type, schema_version, data, metadata)
    SELECT e.stream_id, e.stream_type, e.expected + 1, e.event_id, e.event_type,
           e.schema_version, e.data::jsonb, e.metadata::jsonb
    FROM guard,
         unnest($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::int[],
                $7::text[], $8::text[]) WITH ORDINALITY
             AS e(stream_id, stream_type, expected, event_id, event_type, schema_version, data,
                  metadata, ord)
    WHERE guard.fresh
      AND (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = e.stream_id)
          = e.expected
    ORDER BY e.ord
    ON CONFLICT DO NOTHING
    RETURNING global_position, transaction_id::text AS xid, version, event_id, recorded_at
)
SELECT guard.fresh, inserted.* FROM guard LEFT JOIN inserted ON true
"""

_DIAGNOSE_SQL = """
SELECT
    (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1) AS head,
    (SELECT count(*) FROM events WHERE event_id = ANY($2::uuid[]) AND stream_id = $1) AS same,
    (SELECT count(*) FROM events WHERE event_id = ANY($2::uuid[])) AS stored
"""

_READ_STREAM_SQL = f"""
SELECT {_COLUMNS} FROM events
WHERE stream_id = $1
  AND ($2::int IS NULL OR version <= $2::int)
  AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
  AND version > $4::int
ORDER BY version
"""

_STREAM_VERSION_SQL = "SELECT coalesce(max(version), 0) AS version FROM events WHERE stream_id = $1"

_READ_EVENTS_BY_ID_SQL = (
    f"SELECT {_COLUMNS} FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY version"
)

_READ_FEED_SQL = f"""
SELECT {_COLUMNS} FROM events
WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY transaction_id, global_position
LIMIT $3
"""

_READ_ALL_SQL = (
    f"SELECT {_COLUMNS} FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2"
)

_READ_ALL_OF_TYPES_SQL = (
    f"SELECT {_COLUMNS} FROM events WHERE global_position > $1 AND event_type = ANY($3::text[])"
    " ORDER BY global_position LIMIT $2"
)


async def _fetch(db: Executor | Any, sql: str, *args: Any) -> Sequence[Mapping[str, Any]]:
    """Run a $-parameter statement in the caller's transaction, with a cached prepared plan,
    on the driver's connection (``_driver``); rows as the driver's records. A bare asyncpg
    connection (whose caller owns the transaction, as the benchmark does) is used as it is.
    """
    if isinstance(db, UnitSession):  # a unit of work's: its transaction is the driver's
        return await db.driver_fetch(sql, args)
    if isinstance(db, AsyncSession):
        db = await db.connection()
    if isinstance(db, AsyncConnection):
        driver = await _driver(db)
        if driver is None:  # not asyncpg: SQLAlchemy's own way
            result = await db.exec_driver_sql(sql, args)
            return [dict(row) for row in result.mappings()]
        return await _on_driver(db, driver, sql, args)
    return list(await db.fetch(sql, *args))


async def _fetch_rows(db: Executor | Any, sql: str, *args: Any) -> Sequence[Sequence[Any]]:
    """``_fetch`` for the reads of whole events (``_COLUMNS``): a reader of thousands of
    events pays for no result object or mapping per row."""
    if isinstance(db, UnitSession):
        return await db.driver_fetch(sql, args)
    if isinstance(db, AsyncSession):
        db = await db.connection()
    if isinstance(db, AsyncConnection):
        driver = await _driver(db)
        if driver is None:  # not asyncpg
            rows: Sequence[Any] = (await db.exec_driver_sql(sql, args)).all()
            return [(*row[:5], uuid.UUID(str(row[5])), *row[6:]) for row in rows]
        return await _on_driver(db, driver, sql, args)
    return list(await db.fetch(sql, *args))


async def _driver(db: AsyncConnection) -> Any:
    """The asyncpg connection under a SQLAlchemy connection, in the transaction SQLAlchemy
    has begun or would begin at its next statement (begun here, as SQLAlchemy begins it, with
    the connection's isolation level; none in autocommit); None if the driver is not asyncpg.

    The store's statements then run on the driver directly: no hop through SQLAlchemy's
    greenlet and no result object per statement, and the transaction is begun without a
    statement of its own. SQLAlchemy still owns the transaction (commit, rollback,
    savepoints) and the connection (pool, invalidation); the driver's errors reach the caller
    as SQLAlchemy's (``_translated``)."""
    sync = db.sync_connection
    if sync is not None and not sync.invalidated and not sync.closed:
        pooled = sync.connection  # established: no I/O to get it
    else:
        pooled = await db.get_raw_connection()
    adapted: Any = pooled.dbapi_connection
    driver: Any = pooled.driver_connection
    if not hasattr(driver, "is_in_transaction"):
        return None
    if getattr(adapted, "_transaction", True) is None:
        # The asyncpg dialect's adapter begins its transaction lazily, at the first statement.
        try:
            await adapted._start_transaction()
        except Exception as error:
            raise await _translated(db, None, (), error) from error
    elif not hasattr(adapted, "_start_transaction") and not driver.is_in_transaction():
        await db.exec_driver_sql(_BEGUN)  # an adapter without it: SQLAlchemy begins
    return driver


async def _on_driver(db: AsyncConnection, driver: Any, sql: str, args: Sequence[Any]) -> list[Any]:
    try:
        return list(await driver.fetch(sql, *args))
    except Exception as error:
        raise await _translated(db, sql, args, error) from error


_translated = translated


_BEGUN = "SELECT 1"


@dataclass(frozen=True)
class StreamAppend:
    """One event to append to a stream at its expected version, with its own metadata."""

    stream_id: str
    stream_type: str
    expected_version: int
    event: NewEvent
    metadata: EventMetadata


# The same statements without the first-write guard, for a bulk load (the lock stands in).
_UNGUARDED = {
    sql: sql.replace("WHERE guard.fresh AND", "WHERE").replace(
        "WHERE guard.fresh\n", "WHERE TRUE\n"
    )
    for sql in (_APPEND_SQL, _APPEND_METAS_SQL, _APPEND_ONE_SQL, _APPEND_EACH_SQL)
}
_LOCK_FOR_BULK_LOAD = "LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE"


async def lock_for_bulk_load(db: AsyncSession | AsyncConnection) -> None:
    """Keep every other transaction from writing events until this one ends (they wait)."""
    await db.execute(text(_LOCK_FOR_BULK_LOAD))


class EventStore:
    """Append-only store of one service's events; stateless, bound to a session per call."""

    def __init__(self, registry: EventRegistry, *, bulk: bool = False) -> None:
        self.registry = registry
        self._bulk = bulk

    @classmethod
    def for_bulk_load(cls, registry: EventRegistry) -> EventStore:
        """A store that appends many times in one transaction, which must first have called
        :func:`lock_for_bulk_load` (see the module's note)."""
        return cls(registry, bulk=True)

    def _sql(self, sql: str) -> str:
        return _UNGUARDED[sql] if self._bulk else sql

    async def append(
        self,
        db: Executor,
        stream_id: str,
        expected_version: int | None,
        events: Sequence[NewEvent],
        metadata: EventMetadata | Sequence[EventMetadata],
        *,
        stream_type: str,
    ) -> list[RecordedEvent]:
        """Append ``events`` to a stream at ``expected_version`` (None: whatever it is), all
        with ``metadata``, or each with its own (a sequence as long as ``events``).

        Raises ConcurrencyConflict when the stream is not at ``expected_version`` (or a
        concurrent writer took the same versions). Appending event ids that are all stored
        already in this stream stores nothing and returns the stored events.
        """
        if not events:
            return []
        if isinstance(metadata, EventMetadata):
            meta = metadata.model_dump(mode="json")  # serialised once: stored and returned
            metas = [meta] * len(events)
            metadata_json: str | list[str] = json.dumps(meta, ensure_ascii=False)
        else:
            if len(metadata) != len(events):
                raise EventStoreMisuse("one metadata per event, or one for all")
            metas = [m.model_dump(mode="json") for m in metadata]
            metadata_json = [json.dumps(m, ensure_ascii=False) for m in metas]
        if len(events) == 1:
            [one] = events
            rows = await _fetch(
                db,
                self._sql(_APPEND_ONE_SQL),
                stream_id,
                stream_type,
                expected_version,
                one.event_id,
                one.event_type,
                one.schema_version,
                json.dumps(one.data, ensure_ascii=False),
                metadata_json if isinstance(metadata_json, str) else metadata_json[0],
            )
        else:
            rows = await _fetch(
                db,
                self._sql(_APPEND_SQL if isinstance(metadata_json, str) else _APPEND_METAS_SQL),
                stream_id,
                stream_type,
                expected_version,
                [e.event_id for e in events],
                [e.event_type for e in events],
                [e.schema_version for e in events],
                [json.dumps(e.data, ensure_ascii=False) for e in events],
                metadata_json,
            )
        if not rows[0]["fresh"] and not self._bulk:
            raise EventStoreMisuse(
                "an append must be the first write of its transaction (see shared.eventstore)"
            )
        rows = [row for row in rows if row["global_position"] is not None]
        if len(rows) != len(events):
            return await self._refused(db, stream_id, expected_version, events, inserted=len(rows))
        by_id = {uuid.UUID(str(row["event_id"])): row for row in rows}
        return [
            self._recorded(stream_id, stream_type, event, meta, by_id[event.event_id])
            for event, meta in zip(events, metas, strict=True)
        ]

    @staticmethod
    def _recorded(
        stream_id: str,
        stream_type: str,
        event: NewEvent,
        meta: Mapping[str, Any],
        row: Mapping[str, Any],
    ) -> RecordedEvent:
        """An event just appended, from what the append returned for it."""
        return RecordedEvent(
            global_position=row["global_position"],
            transaction_id=int(row["xid"]),
            stream_id=stream_id,
            stream_type=stream_type,
            version=row["version"],
            event_id=event.event_id,
            event_type=event.event_type,
            schema_version=event.schema_version,
            data=event.data,
            metadata={**meta, "recorded_at": row["recorded_at"].isoformat()},
            recorded_at=row["recorded_at"],
            stored_schema_version=event.schema_version,
        )

    async def append_each(
        self, db: Executor, appends: Sequence[StreamAppend]
    ) -> list[RecordedEvent | None]:
        """Append one event to each of several streams, in one statement: the events of
        independent commands committed together (each with its own actor and correlation).
        Answers, in order, the recorded event or None where the stream was not at its expected
        version (or its event id is stored already): those streams are left as they were, the
        others appended. Like ``append``, it must be the transaction's first write."""
        if not appends:
            return []
        metas = [a.metadata.model_dump(mode="json") for a in appends]
        rows = await _fetch(
            db,
            self._sql(_APPEND_EACH_SQL),
            [a.stream_id for a in appends],
            [a.stream_type for a in appends],
            [a.expected_version for a in appends],
            [a.event.event_id for a in appends],
            [a.event.event_type for a in appends],
            [a.event.schema_version for a in appends],
            [json.dumps(a.event.data, ensure_ascii=False) for a in appends],
            [json.dumps(m, ensure_ascii=False) for m in metas],
        )
        if not rows[0]["fresh"] and not self._bulk:
            raise EventStoreMisuse(
                "an append must be the first write of its transaction (see shared.eventstore)"
            )
        by_id = {
            uuid.UUID(str(row["event_id"])): row
            for row in rows
            if row["global_position"] is not None
        }
        recorded: list[RecordedEvent | None] = []
        for append, meta in zip(appends, metas, strict=True):
            row = by_id.get(append.event.event_id)
            recorded.append(
                None
                if row is None
                else self._recorded(append.stream_id, append.stream_type, append.event, meta, row)
            )
        return recorded

    async def _refused(
        self,
        db: Executor,
        stream_id: str,
        expected_version: int | None,
        events: Sequence[NewEvent],
        inserted: int,
    ) -> list[RecordedEvent]:
        ids = [e.event_id for e in events]
        [diag] = await _fetch(db, _DIAGNOSE_SQL, stream_id, ids)
        if inserted == 0 and diag["stored"] == len(ids) and diag["same"] == len(ids):
            # A retry of an append that is already stored: idempotent, nothing is added.
            stored = await _fetch_rows(db, _READ_EVENTS_BY_ID_SQL, ids)
            return self._records(stored)
        if diag["stored"]:
            raise Conflict(
                f"{diag['stored']} of {len(ids)} event ids are already stored",
                stream_id=stream_id,
            )
        raise ConcurrentAppend(stream_id, expected_version, int(diag["head"]))

    async def read_stream(
        self,
        db: Executor,
        stream_id: str,
        *,
        to_version: int | None = None,
        as_of: datetime | None = None,
        after_version: int = 0,
    ) -> list[RecordedEvent]:
        """A stream's events in version order; up to a version or as recorded by an instant;
        only those after ``after_version`` (a reader that already holds the earlier ones)."""
        rows = await _fetch_rows(db, _READ_STREAM_SQL, stream_id, to_version, as_of, after_version)
        return self._records(rows)

    async def stream_version(self, db: Executor, stream_id: str) -> int:
        [row] = await _fetch(db, _STREAM_VERSION_SQL, stream_id)
        return int(row["version"])

    async def read_feed(
        self, db: Executor, after: FeedPosition, limit: int = 1000
    ) -> list[RecordedEvent]:
        """Events after ``after`` in feed order, only from transactions that have finished.

        Safe under concurrent writers: an event is returned only once every transaction with
        an older id has ended, so no event can later appear before a position already read.
        """
        rows = await _fetch_rows(
            db, _READ_FEED_SQL, str(after.transaction_id), after.global_position, limit
        )
        return self._records(rows)

    async def read_all(
        self,
        db: Executor,
        *,
        after_position: int = 0,
        limit: int = 1000,
        event_types: Collection[str] | None = None,
    ) -> list[RecordedEvent]:
        """Every event visible to the caller's snapshot, by global position (for rebuilds);
        with ``event_types``, only events of those types (the others are neither sent nor
        decoded: a rebuild reads only what its projection applies).

        Unlike the feed this does not wait for older transactions: use it only inside one
        snapshot that is read to the end, never as a resumable cursor.
        """
        if event_types is None:
            rows = await _fetch_rows(db, _READ_ALL_SQL, after_position, limit)
        else:
            rows = await _fetch_rows(
                db, _READ_ALL_OF_TYPES_SQL, after_position, limit, sorted(event_types)
            )
        return self._records(rows)

    def _records(self, rows: Sequence[Sequence[Any]]) -> list[RecordedEvent]:
        """Events from rows of ``_COLUMNS``, each kept as the driver's row: its data and
        metadata are decoded when first read (``RecordedEvent``), except for data stored under
        an older schema version, decoded and upcast here (a missing upcaster fails the read,
        not a later look at the event). No model validation: the event was validated when it
        was appended. A loop with its lookups bound once: it runs for every event read."""
        versions = self.registry.current_versions
        stored = RecordedEvent.stored
        events = []
        for row in rows:
            stored_version = row[7]
            target = versions.get(row[6], stored_version)
            if target == stored_version:
                events.append(stored(row, stored_version))
            else:
                version, data = self.registry.upcast(row[6], stored_version, loads_json(row[8]))
                events.append(stored(row, version, data))
        return events
