"""Benchmark of the event store alone, against plain asyncpg INSERTs as the baseline.

    python -m bench.eventstore [--database-url URL] [--seconds 3] [--rounds 3]

Prints JSON: appends per second with 1 and 16 concurrent writers (one event per transaction),
global-feed reads per second, and in the same run, against the same database, plain asyncpg
INSERTs of one row per transaction into an equivalent table (same columns, keys and indexes,
no triggers). Without --database-url it starts an embedded PostgreSQL in a temporary directory.
Every loop is bounded by time.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shared.eventstore import EventMetadata, EventRegistry, EventStore, FeedPosition, NewEvent
from shared.eventstore.schema import UPGRADE
from shared.runtime.embedded import (
    EmbeddedPostgres,
    asyncpg_dsn,
    database_url,
    drop_database,
    ensure_database,
)

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


async def feed_reads(sessions: async_sessionmaker[AsyncSession], store: EventStore) -> float:
    position, read = FeedPosition(), 0
    started = time.perf_counter()
    while True:
        async with sessions() as db:
            batch = await store.read_feed(db, position, limit=1000)
        if not batch:
            break
        read += len(batch)
        position = batch[-1].feed_position
    return read / (time.perf_counter() - started)


async def run(admin_url: str, seconds: float, rounds: int) -> dict[str, Any]:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    await ensure_database(admin_url, name)
    url = database_url(admin_url, name)
    engine = create_async_engine(url, pool_size=16, max_overflow=4)
    try:
        async with engine.begin() as conn:
            for statement in UPGRADE:
                await conn.execute(text(statement))
            for statement in BASELINE_DDL:
                await conn.execute(text(statement))
            server = (await conn.execute(text("SHOW server_version"))).scalar_one()
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        store = EventStore(EventRegistry())
        dsn = asyncpg_dsn(url)
        await appends(dsn, store, 16, 1.0)  # warm the server's caches
        await baseline(dsn, 16, 1.0)
        # Rounds alternate baseline and store, so drift on a shared machine hits both alike;
        # each figure is the median over the rounds, each ratio the median of per-round ratios.
        results: dict[str, Any] = {
            "appends_per_second": {},
            "baseline_inserts_per_second": {},
            "appends_through_sqlalchemy_per_second": {},
            "ratio_to_baseline": {},
        }
        for writers in (1, 16):
            base, store_rates, orm, ratios = [], [], [], []
            for _ in range(rounds):
                base.append(await baseline(dsn, writers, seconds))
                store_rates.append(await appends(dsn, store, writers, seconds))
                orm.append(await appends_through_sqlalchemy(engine, store, writers, seconds))
                ratios.append(store_rates[-1] / base[-1])
            key = str(writers)
            results["baseline_inserts_per_second"][key] = round(statistics.median(base))
            results["appends_per_second"][key] = round(statistics.median(store_rates))
            results["appends_through_sqlalchemy_per_second"][key] = round(statistics.median(orm))
            results["ratio_to_baseline"][key] = round(statistics.median(ratios), 3)
        results["feed_events_per_second"] = round(await feed_reads(sessions, store))
        results["target"] = "appends with 16 writers >= 50% of the baseline"
        results["target_met"] = results["ratio_to_baseline"]["16"] >= 0.5
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
    args = parser.parse_args()
    if args.database_url:
        results = asyncio.run(run(args.database_url, args.seconds, args.rounds))
    else:
        with (
            tempfile.TemporaryDirectory(prefix="kelisim-bench-") as tmp,
            EmbeddedPostgres(Path(tmp) / "pgdata") as server,
        ):
            results = asyncio.run(run(server.admin_url, args.seconds, args.rounds))
    json.dump(results, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
