"""Benchmark of the event store alone, against plain asyncpg INSERTs as the baseline.

    python -m bench.eventstore [--database-url URL] [--seconds 3] [--rounds 3]
        [--feed-events 100000] [--feed-batch 5000]

Prints JSON: appends per second with 1 and 16 concurrent writers (one event per transaction)
through the store on asyncpg connections, through SQLAlchemy transactions, and through the
services' own path (a unit of work of ``shared.application``: session, transaction, projector,
commit), and in the same run, against the same database, plain asyncpg INSERTs of one row per
transaction into an equivalent table (same columns, keys and indexes, no triggers), and, when
it is installed (``pip install "eventsourcing[postgres]"``), the eventsourcing library saving
one event per transaction from as many threads. Then the
feed read: the table filled to ``--feed-events`` events, read by the store's feed reader (as
the relay and audit replay read it, and again reading every event's data and metadata), by its
``read_all`` (as a rebuild reads it) and by a plain asyncpg cursor over the same table (rows as
text, and each row's JSON decoded), in alternating rounds. Without --database-url it starts an
embedded PostgreSQL in a temporary directory. Every loop is bounded by time or by the table.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ops.runtime.embedded import (
    EmbeddedPostgres,
    asyncpg_dsn,
    database_url,
    drop_database,
    ensure_database,
)
from shared.application import CommandResult, CommandRunner, UnitOfWork
from shared.context import Actor
from shared.eventstore import EventMetadata, EventRegistry, EventStore, FeedPosition, NewEvent
from shared.eventstore.model import DomainEvent
from shared.eventstore.schema import UPGRADE
from shared.projections import Projector
from shared.service import create_engine_for

BASELINE_DDL = (
    """
CREATE TABLE baseline_events (
    global_position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id  XID8 NOT NULL DEFAULT pg_current_xact_id(),
    stream_id       TEXT NOT NULL,
    stream_type     TEXT NOT NULL,
    version         INTEGER NOT NULL,
    event_id        UUID NOT NULL UNIQUE,
    event_type      TEXT NOT NULL,
    schema_version  INTEGER NOT NULL,
    data            JSONB NOT NULL,
    metadata        JSONB NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (stream_id, version)
)""",
    "CREATE INDEX ON baseline_events (transaction_id, global_position)",
    "CREATE INDEX ON baseline_events (event_type)",
)

BASELINE_INSERT = (
    "INSERT INTO baseline_events (stream_id, stream_type, version, event_id, event_type,"
    " schema_version, data, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
)

DATA = {"member_id": "8a4e2b7c-0000-4000-8000-000000000000", "name": {"kk": "Әлия", "ru": "Алия"}}
META = EventMetadata(actor="bench", roles=("secretariat",), correlation_id="bench")


# One write: given the writer's stream and how many it wrote so far, write one more.
Write = Callable[[str, int], Awaitable[None]]


async def rate(writers: int, seconds: float, open_writer: Callable[[], Any]) -> float:
    """Writes per second of ``writers`` concurrent writers, each looping for ``seconds``.

    ``open_writer()`` is an async context manager giving one writer its ``Write``.
    """
    deadline = time.perf_counter() + seconds
    counts = [0] * writers

    async def writer(w: int) -> None:
        stream = f"bench-{w}-{uuid.uuid4().hex[:8]}"
        async with open_writer() as write:
            while time.perf_counter() < deadline:
                await write(stream, counts[w])
                counts[w] += 1

    started = time.perf_counter()
    await asyncio.gather(*(writer(w) for w in range(writers)))
    return sum(counts) / (time.perf_counter() - started)


async def pooled_rate(
    dsn: str,
    writers: int,
    seconds: float,
    write: Callable[[asyncpg.Connection, str, int], Awaitable[None]],
) -> float:
    """``rate`` with each writer holding one asyncpg connection of a pool."""
    pool = await asyncpg.create_pool(dsn, min_size=writers, max_size=writers)

    @asynccontextmanager
    async def open_writer() -> AsyncIterator[Write]:
        async with pool.acquire() as conn:
            yield functools.partial(write, conn)

    try:
        return await rate(writers, seconds, open_writer)
    finally:
        await pool.close()


async def baseline(dsn: str, writers: int, seconds: float) -> float:
    """Plain asyncpg: one INSERT per transaction into the equivalent table."""
    data, meta = json.dumps(DATA), META.model_dump_json()

    async def write(conn: asyncpg.Connection, stream: str, written: int) -> None:
        async with conn.transaction():
            await conn.execute(
                BASELINE_INSERT, stream, "bench", written + 1, uuid.uuid4(), "Bench", 1, data, meta
            )

    return await pooled_rate(dsn, writers, seconds, write)


async def appends(dsn: str, store: EventStore, writers: int, seconds: float) -> float:
    """The store alone: ``EventStore.append`` on the same driver and pool as the baseline."""

    async def write(conn: asyncpg.Connection, stream: str, written: int) -> None:
        async with conn.transaction():
            event = NewEvent("Bench", 1, DATA)
            await store.append(conn, stream, written, [event], META, stream_type="b")

    return await pooled_rate(dsn, writers, seconds, write)


async def appends_through_sqlalchemy(
    engine: AsyncEngine, store: EventStore, writers: int, seconds: float
) -> float:
    """The path a service takes: a SQLAlchemy connection and transaction per append."""

    @asynccontextmanager
    async def open_writer() -> AsyncIterator[Write]:
        async def write(stream: str, written: int) -> None:
            async with engine.begin() as conn:
                event = NewEvent("Bench", 1, DATA)
                await store.append(conn, stream, written, [event], META, stream_type="b")

        yield write

    return await rate(writers, seconds, open_writer)


async def appends_through_unit_of_work(
    runner: CommandRunner, writers: int, seconds: float
) -> float:
    """The path a command takes: a unit of work (session, transaction, projection, commit and
    the relay's poke) around each append, as ``CommandRunner.run`` gives it to a handler."""
    actor = Actor("bench", frozenset({"secretariat"}))

    @asynccontextmanager
    async def open_writer() -> AsyncIterator[Write]:
        async def write(stream: str, written: int) -> None:
            async def work(uow: UnitOfWork) -> CommandResult:
                await uow.append(stream, "b", written, [Benchmarked(n=written)])
                return CommandResult(201, {})

            await runner.run(work, actor)

        yield write

    return await rate(writers, seconds, open_writer)


class Benchmarked(DomainEvent):
    """The event the unit-of-work path appends (registered in the bench's registry)."""

    event_type = "Benchmarked"
    n: int


@functools.cache
def _library_aggregate() -> type[Any] | None:
    """The eventsourcing library's aggregate the benchmark saves (defined once: the library
    registers each class by its name), or None when the library is not installed."""
    try:
        from eventsourcing.domain import Aggregate, event  # optional: not a dependency
    except ImportError:
        return None

    class Counter(Aggregate):
        @event("Created")
        def __init__(self) -> None:
            self.n = 0

        @event("Counted")
        def count(self, n: int) -> None:
            self.n = n

    return Counter


def eventsourcing_writer(url: str, writers: int) -> Callable[[float], float] | None:
    """The eventsourcing library (``pip install "eventsourcing[postgres]"``, not a project
    dependency) on the same database: ``writers`` threads, each saving one aggregate with one
    new event per transaction (its own stored-events table, created by the library); None when
    the library is not installed."""
    counter_type = _library_aggregate()
    if counter_type is None:
        return None
    from eventsourcing.application import Application

    parsed = make_url(url)
    app: Application[Any] = Application(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parsed.database or "",
            "POSTGRES_HOST": str(parsed.query.get("host") or parsed.host or "127.0.0.1"),
            "POSTGRES_PORT": str(parsed.query.get("port") or parsed.port or 5432),
            "POSTGRES_USER": parsed.username or "postgres",
            "POSTGRES_PASSWORD": parsed.password or "",
            "POSTGRES_POOL_SIZE": str(writers),
            "CREATE_TABLE": "y",
        }
    )

    def measure(seconds: float) -> float:
        counts = [0] * writers
        failures: list[BaseException] = []

        def write(w: int) -> None:
            try:
                counter = counter_type()
                app.save(counter)
                deadline = time.perf_counter() + seconds
                while time.perf_counter() < deadline:
                    counter.count(counter.n + 1)
                    app.save(counter)
                    counts[w] += 1
            except BaseException as failure:  # reported by the caller, not lost in a thread
                failures.append(failure)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        return sum(counts) / (time.perf_counter() - started)

    return measure


FILL_SQL = """
INSERT INTO events (stream_id, stream_type, version, event_id, event_type, schema_version,
                    data, metadata)
SELECT 'feed-' || (g / 10), 'feed', g % 10 + 1, gen_random_uuid(), 'Bench', 1, $1::jsonb,
       $2::jsonb
FROM generate_series($3::int, $3::int + $4::int - 1) AS g
"""

PLAIN_FEED_SQL = (
    "SELECT global_position, transaction_id::text AS xid, stream_id, stream_type, version,"
    " event_id, event_type, schema_version, data, metadata, recorded_at FROM events"
    " ORDER BY transaction_id, global_position"
)


async def fill(dsn: str, events: int) -> int:
    """Bring the events table to at least ``events`` rows (plain INSERTs, 10 per stream)."""
    conn = await asyncpg.connect(dsn)
    try:
        have = await conn.fetchval("SELECT count(*) FROM events")
        if have < events:
            start = await conn.fetchval("SELECT count(*) FROM events WHERE stream_type = 'feed'")
            await conn.execute(
                FILL_SQL, json.dumps(DATA), META.model_dump_json(), start, events - have
            )
        await conn.execute("ANALYZE events")
        return int(await conn.fetchval("SELECT count(*) FROM events"))
    finally:
        await conn.close()


async def feed_reads(
    sessions: async_sessionmaker[AsyncSession], store: EventStore, batch: int, decode: bool = False
) -> float:
    """The store's feed reader, as the relay and the audit replay read it: a session per
    batch, ``RecordedEvent``s whose data and metadata are decoded when first read; with
    ``decode``, each event's data and metadata read (decoded), as the relay does."""
    position, read = FeedPosition(), 0
    started = time.perf_counter()
    while True:
        async with sessions() as db:
            events = await store.read_feed(db, position, limit=batch)
        if not events:
            break
        if decode:
            for event in events:
                _ = event.data, event.metadata
        read += len(events)
        position = events[-1].feed_position
    return read / (time.perf_counter() - started)


async def rebuild_reads(
    sessions: async_sessionmaker[AsyncSession], store: EventStore, batch: int
) -> float:
    """The store's ``read_all`` as a rebuild reads it: one snapshot, batches by position."""
    after, read = 0, 0
    started = time.perf_counter()
    async with sessions() as db, db.begin():
        while events := await store.read_all(db, after_position=after, limit=batch):
            read += len(events)
            after = events[-1].global_position
    return read / (time.perf_counter() - started)


async def plain_cursor_reads(dsn: str, decode: bool = False) -> float:
    """A plain asyncpg cursor over the same table in feed order, rows left as asyncpg gives
    them (jsonb as text); with ``decode``, each row's data and metadata decoded by the
    standard library's ``json.loads`` (the least a reader of events must do)."""
    conn = await asyncpg.connect(dsn)
    try:
        read = 0
        started = time.perf_counter()
        async with conn.transaction():
            async for row in conn.cursor(PLAIN_FEED_SQL, prefetch=5000):
                if decode:
                    json.loads(row["data"]), json.loads(row["metadata"])
                read += 1
        return read / (time.perf_counter() - started)
    finally:
        await conn.close()


async def run(
    admin_url: str, seconds: float, rounds: int, feed_events: int, feed_batch: int
) -> dict[str, Any]:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    await ensure_database(admin_url, name)
    url = database_url(admin_url, name)
    # The engine as a service builds it (shared.service.create_engine_for).
    engine = create_engine_for(url, pool_size=16, max_overflow=4)
    try:
        async with engine.begin() as conn:
            for statement in UPGRADE:
                await conn.execute(text(statement))
            for statement in BASELINE_DDL:
                await conn.execute(text(statement))
            server = (await conn.execute(text("SHOW server_version"))).scalar_one()
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        registry = EventRegistry()
        registry.register(Benchmarked)
        store = EventStore(registry)
        runner = CommandRunner(sessions, store, Projector(()), "bench")
        dsn = asyncpg_dsn(url)
        await appends(dsn, store, 16, 1.0)  # warm the server's caches
        await baseline(dsn, 16, 1.0)
        # Rounds alternate baseline and store, so drift on a shared machine hits both alike;
        # each figure is the median over the rounds, each ratio the median of per-round ratios.
        results: dict[str, Any] = {
            "appends_per_second": {},
            "baseline_inserts_per_second": {},
            "appends_through_sqlalchemy_per_second": {},
            "appends_through_unit_of_work_per_second": {},
            "ratio_to_baseline": {},
            "unit_of_work_ratio_to_baseline": {},
        }
        library: dict[str, list[float]] = {}
        for writers in (1, 16):
            base, store_rates, orm, uow, ratios, uow_ratios = [], [], [], [], [], []
            other = eventsourcing_writer(url, writers)
            for _ in range(rounds):
                if other is not None:
                    library.setdefault(str(writers), []).append(
                        await asyncio.to_thread(other, seconds)
                    )
                base.append(await baseline(dsn, writers, seconds))
                store_rates.append(await appends(dsn, store, writers, seconds))
                orm.append(await appends_through_sqlalchemy(engine, store, writers, seconds))
                uow.append(await appends_through_unit_of_work(runner, writers, seconds))
                ratios.append(store_rates[-1] / base[-1])
                uow_ratios.append(uow[-1] / base[-1])
            key = str(writers)
            results["baseline_inserts_per_second"][key] = round(statistics.median(base))
            results["appends_per_second"][key] = round(statistics.median(store_rates))
            results["appends_through_sqlalchemy_per_second"][key] = round(statistics.median(orm))
            results["appends_through_unit_of_work_per_second"][key] = round(statistics.median(uow))
            results["ratio_to_baseline"][key] = round(statistics.median(ratios), 3)
            results["unit_of_work_ratio_to_baseline"][key] = round(statistics.median(uow_ratios), 3)
        if library:
            results["eventsourcing_library_per_second"] = {
                key: round(statistics.median(figures)) for key, figures in library.items()
            }
            results["unit_of_work_ratio_to_eventsourcing_library"] = {
                key: round(
                    results["appends_through_unit_of_work_per_second"][key]
                    / statistics.median(figures),
                    3,
                )
                for key, figures in library.items()
            }
        stored = await fill(dsn, feed_events)
        # Alternating again: the store's two readers and a plain cursor over the same table.
        feed, feed_decoded, rebuild, plain, decoded = [], [], [], [], []
        for _ in range(rounds):
            plain.append(await plain_cursor_reads(dsn))
            decoded.append(await plain_cursor_reads(dsn, decode=True))
            feed.append(await feed_reads(sessions, store, feed_batch))
            feed_decoded.append(await feed_reads(sessions, store, feed_batch, decode=True))
            rebuild.append(await rebuild_reads(sessions, store, feed_batch))
        results["feed"] = {
            "events": stored,
            "batch": feed_batch,
            "plain_cursor_per_second": round(statistics.median(plain)),
            "plain_cursor_json_decoded_per_second": round(statistics.median(decoded)),
            "read_feed_per_second": round(statistics.median(feed)),
            "read_feed_data_decoded_per_second": round(statistics.median(feed_decoded)),
            "read_all_per_second": round(statistics.median(rebuild)),
            "read_feed_ratio_to_plain_cursor": round(
                statistics.median(f / p for f, p in zip(feed, plain, strict=True)), 3
            ),
            "read_feed_data_decoded_ratio_to_decoding_cursor": round(
                statistics.median(f / p for f, p in zip(feed_decoded, decoded, strict=True)), 3
            ),
        }
        results["targets"] = {
            "store_appends_16_writers_vs_baseline": ">= 0.5",
            "services_path_16_writers_vs_baseline": ">= 0.5",
            "feed_read": ">= 150k events/s or >= 0.75 of the plain cursor",
        }
        results["targets_met"] = {
            "store_appends_16_writers_vs_baseline": results["ratio_to_baseline"]["16"] >= 0.5,
            "services_path_16_writers_vs_baseline": (
                results["unit_of_work_ratio_to_baseline"]["16"] >= 0.5
            ),
            "feed_read": results["feed"]["read_feed_per_second"] >= 150_000
            or results["feed"]["read_feed_ratio_to_plain_cursor"] >= 0.75,
        }
        if "1" in library:
            results["targets"]["services_path_1_writer_vs_eventsourcing_library"] = "> 1"
            results["targets_met"]["services_path_1_writer_vs_eventsourcing_library"] = (
                results["unit_of_work_ratio_to_eventsourcing_library"]["1"] > 1
            )
        results["postgres"] = server
        results["seconds_per_measurement"] = seconds
        results["rounds"] = rounds
        return results
    finally:
        await engine.dispose()
        await drop_database(admin_url, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL of a server where databases can be created"
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (medians)")
    parser.add_argument(
        "--feed-events", type=int, default=100_000, help="events in the table the feed reads"
    )
    parser.add_argument(
        "--feed-batch", type=int, default=5000, help="events per read of the store's readers"
    )
    args = parser.parse_args()
    figures = (args.seconds, args.rounds, args.feed_events, args.feed_batch)
    if args.database_url:
        results = asyncio.run(run(args.database_url, *figures))
    else:
        with (
            tempfile.TemporaryDirectory(prefix="kelisim-bench-") as tmp,
            EmbeddedPostgres(Path(tmp) / "pgdata") as server,
        ):
            results = asyncio.run(run(server.admin_url, *figures))
    json.dump(results, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
