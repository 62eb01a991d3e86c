"""The event store: append with optimistic concurrency, read streams, read the global feed.

One table per service database (``shared.eventstore.schema``). All methods take the SQLAlchemy
session (or connection) of the caller's unit of work, so an append, its read-model updates and
its idempotency record commit or roll back together.

Rule of use: an append is the first write of its transaction, and a transaction appends once.
The writing transaction's id orders the global feed, so a transaction that wrote before its
append could have an id older than events it read; ``append`` refuses that (EventStoreMisuse).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.errors import ConcurrencyConflict, Conflict, EventStoreMisuse
from shared.eventstore.model import (
    EventMetadata,
    EventRegistry,
    FeedPosition,
    NewEvent,
    RecordedEvent,
)

Executor = AsyncSession | AsyncConnection

_COLUMNS = (
    "global_position, transaction_id::text AS transaction_id, stream_id, stream_type, version,"
    " event_id, event_type, schema_version, data, metadata, recorded_at"
)

_APPEND = text(
    """
    WITH guard AS MATERIALIZED (
        SELECT
            (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = :stream_id) AS head,
            pg_current_xact_id_if_assigned() IS NULL AS fresh,
            NOT EXISTS (
                SELECT 1 FROM events WHERE event_id = ANY(CAST(:event_ids AS uuid[]))
            ) AS novel
    )
    INSERT INTO events
        (stream_id, stream_type, version, event_id, event_type, schema_version, data, metadata)
    SELECT :stream_id, :stream_type, guard.head + e.ord, e.event_id, e.event_type,
           e.schema_version, CAST(e.data AS jsonb), CAST(:metadata AS jsonb)
    FROM guard,
         unnest(CAST(:event_ids AS uuid[]), CAST(:event_types AS text[]),
                CAST(:schema_versions AS int[]), CAST(:datas AS text[]))
             WITH ORDINALITY AS e(event_id, event_type, schema_version, data, ord)
    WHERE guard.fresh AND guard.novel
      AND (CAST(:expected AS int) IS NULL OR guard.head = CAST(:expected AS int))
    ORDER BY e.ord
    ON CONFLICT DO NOTHING
    RETURNING global_position, transaction_id::text AS transaction_id, version, event_id,
              recorded_at
    """
)

_DIAGNOSE = text(
    """
    SELECT
        (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = :stream_id) AS head,
        pg_current_xact_id_if_assigned() IS NULL AS fresh,
        (SELECT count(*) FROM events
          WHERE event_id = ANY(CAST(:event_ids AS uuid[])) AND stream_id = :stream_id) AS same,
        (SELECT count(*) FROM events WHERE event_id = ANY(CAST(:event_ids AS uuid[]))) AS stored
    """
)

_READ_STREAM = text(
    f"""
    SELECT {_COLUMNS} FROM events
    WHERE stream_id = :stream_id
      AND (CAST(:to_version AS int) IS NULL OR version <= CAST(:to_version AS int))
      AND (CAST(:as_of AS timestamptz) IS NULL OR recorded_at <= CAST(:as_of AS timestamptz))
    ORDER BY version
    """
)

_READ_EVENTS_BY_ID = text(
    f"SELECT {_COLUMNS} FROM events WHERE event_id = ANY(CAST(:event_ids AS uuid[]))"
    " ORDER BY version"
)

_READ_FEED = text(
    f"""
    SELECT {_COLUMNS} FROM events
    WHERE (transaction_id, global_position)
          > (CAST(CAST(:xid AS text) AS xid8), CAST(:pos AS bigint))
      AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY transaction_id, global_position
    LIMIT :limit
    """
)

_READ_ALL = text(
    f"SELECT {_COLUMNS} FROM events WHERE global_position > :after"
    " ORDER BY global_position LIMIT :limit"
)

_FEED_COUNT = text(
    """
    SELECT count(*) FROM events
    WHERE (transaction_id, global_position)
          <= (CAST(CAST(:xid AS text) AS xid8), CAST(:pos AS bigint))
    """
)


class EventStore:
    """Append-only store of one service's events; stateless, bound to a session per call."""

    def __init__(self, registry: EventRegistry) -> None:
        self.registry = registry

    async def append(
        self,
        db: Executor,
        stream_id: str,
        expected_version: int | None,
        events: Sequence[NewEvent],
        metadata: EventMetadata,
        *,
        stream_type: str,
    ) -> list[RecordedEvent]:
        """Append ``events`` to a stream at ``expected_version`` (None: whatever it is).

        Raises ConcurrencyConflict when the stream is not at ``expected_version`` (or a
        concurrent writer took the same versions). Appending event ids that are all stored
        already in this stream stores nothing and returns the stored events.
        """
        if not events:
            return []
        params: dict[str, Any] = {
            "stream_id": stream_id,
            "stream_type": stream_type,
            "expected": expected_version,
            "event_ids": [e.event_id for e in events],
            "event_types": [e.event_type for e in events],
            "schema_versions": [e.schema_version for e in events],
            "datas": [json.dumps(e.data, ensure_ascii=False) for e in events],
            "metadata": metadata.model_dump_json(),
        }
        rows = (await db.execute(_APPEND, params)).all()
        if len(rows) != len(events):
            return await self._refused(db, stream_id, expected_version, events, inserted=len(rows))
        meta = metadata.model_dump(mode="json")
        by_id = {uuid.UUID(str(row.event_id)): row for row in rows}
        recorded = []
        for event in events:
            row = by_id[event.event_id]
            recorded.append(
                RecordedEvent(
                    global_position=row.global_position,
                    transaction_id=int(row.transaction_id),
                    stream_id=stream_id,
                    stream_type=stream_type,
                    version=row.version,
                    event_id=event.event_id,
                    event_type=event.event_type,
                    schema_version=event.schema_version,
                    data=event.data,
                    metadata={**meta, "recorded_at": row.recorded_at.isoformat()},
                    recorded_at=row.recorded_at,
                    stored_schema_version=event.schema_version,
                )
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
        diag = (await db.execute(_DIAGNOSE, {"stream_id": stream_id, "event_ids": ids})).one()
        if inserted == 0 and not diag.fresh:
            raise EventStoreMisuse(
                "an append must be the first write of its transaction (see shared.eventstore)"
            )
        if inserted == 0 and diag.stored == len(ids) and diag.same == len(ids):
            # A retry of an append that is already stored: idempotent, nothing is added.
            stored = (await db.execute(_READ_EVENTS_BY_ID, {"event_ids": ids})).all()
            return [self._record(row) for row in stored]
        if diag.stored:
            raise Conflict(
                f"{diag.stored} of {len(ids)} event ids are already stored", stream_id=stream_id
            )
        raise ConcurrencyConflict(stream_id, expected_version, int(diag.head))

    async def read_stream(
        self,
        db: Executor,
        stream_id: str,
        *,
        to_version: int | None = None,
        as_of: datetime | None = None,
    ) -> list[RecordedEvent]:
        """A stream's events in version order; up to a version or as recorded by an instant."""
        rows = await db.execute(
            _READ_STREAM, {"stream_id": stream_id, "to_version": to_version, "as_of": as_of}
        )
        return [self._record(row) for row in rows]

    async def stream_version(self, db: Executor, stream_id: str) -> int:
        result = await db.execute(
            text("SELECT coalesce(max(version), 0) FROM events WHERE stream_id = :s"),
            {"s": stream_id},
        )
        return int(result.scalar_one())

    async def read_feed(
        self, db: Executor, after: FeedPosition, limit: int = 1000
    ) -> list[RecordedEvent]:
        """Events after ``after`` in feed order, only from transactions that have finished.

        Safe under concurrent writers: an event is returned only once every transaction with
        an older id has ended, so no event can later appear before a position already read.
        """
        rows = await db.execute(
            _READ_FEED,
            {"xid": str(after.transaction_id), "pos": after.global_position, "limit": limit},
        )
        return [self._record(row) for row in rows]

    async def read_all(
        self, db: Executor, *, after_position: int = 0, limit: int = 1000
    ) -> list[RecordedEvent]:
        """Every event visible to the caller's snapshot, by global position (for rebuilds).

        Unlike the feed this does not wait for older transactions: use it only inside one
        snapshot that is read to the end, never as a resumable cursor.
        """
        rows = await db.execute(_READ_ALL, {"after": after_position, "limit": limit})
        return [self._record(row) for row in rows]

    async def count_through(self, db: Executor, position: FeedPosition) -> int:
        """How many events the feed holds up to and including ``position``."""
        result = await db.execute(
            _FEED_COUNT, {"xid": str(position.transaction_id), "pos": position.global_position}
        )
        return int(result.scalar_one())

    def _record(self, row: Row[Any]) -> RecordedEvent:
        version, data = self.registry.upcast(row.event_type, row.schema_version, row.data)
        return RecordedEvent(
            global_position=row.global_position,
            transaction_id=int(row.transaction_id),
            stream_id=row.stream_id,
            stream_type=row.stream_type,
            version=row.version,
            event_id=uuid.UUID(str(row.event_id)),
            event_type=row.event_type,
            schema_version=version,
            data=data,
            metadata={**row.metadata, "recorded_at": row.recorded_at.isoformat()},
            recorded_at=row.recorded_at,
            stored_schema_version=row.schema_version,
        )
