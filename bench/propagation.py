"""Benchmark of propagation across services: a member included in membership, on the sessions
roster.

    python -m bench.propagation [--database-url URL] [--members 100] [--interval 0.05]

Starts an embedded broker (Tansu) and, each on its own fresh database (an embedded PostgreSQL
in a temporary directory unless --database-url is given) and as its own process on 127.0.0.1,
the membership service (its relay publishing to the broker) and the sessions service (its
consumer applying membership's events to its roster), both as deployed. Then includes members
one at a time over HTTP, ``--interval`` apart (steady state, not a burst), and for each one
polls the sessions database (a plain asyncpg query every millisecond) until the member is on
the roster. Prints JSON: the time from membership's 201 answer (its transaction committed) to
the member being on the sessions roster, p50/p95/p99/max over the members after the first, and
the first one's (after start) on its own. Target: p99 at most 100 ms. Every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

from bench.commands import SECRET, inclusion, migrated, people
from bench.plenary_vote import percentile
from ops.runtime.embedded import (
    EmbeddedBroker,
    EmbeddedPostgres,
    asyncpg_dsn,
    drop_database,
    free_port,
)
from ops.runtime.supervisor import Supervisor
from shared.api.auth import AuthSettings, mint_token
from shared.runtime.catalog import get_service

VISIBLE_DEADLINE = 30.0  # seconds one member may take to appear before the bench gives up
_ON_ROSTER = "SELECT 1 FROM membership_replica WHERE member_id = $1"


async def until_on_roster(conn: asyncpg.Connection, member_id: uuid.UUID) -> float:
    """perf_counter() when the member is first seen on the roster (polled every millisecond)."""
    deadline = time.perf_counter() + VISIBLE_DEADLINE
    while time.perf_counter() < deadline:
        if await conn.fetchval(_ON_ROSTER, member_id) is not None:
            return time.perf_counter()
        await asyncio.sleep(0.001)
    raise RuntimeError(f"member {member_id} not on the sessions roster after {VISIBLE_DEADLINE} s")


async def propagate(
    membership: str, sessions_dsn: str, members: int, interval: float
) -> dict[str, Any]:
    token = mint_token(AuthSettings(secret=SECRET), "chairman", ["chairman"])
    body = inclusion(people())
    delays: list[float] = []
    answers: list[float] = []
    conn = await asyncpg.connect(sessions_dsn)
    try:
        async with aiohttp.ClientSession(
            membership, headers={"Authorization": f"Bearer {token}"}
        ) as client:
            for _ in range(members):
                sent = time.perf_counter()
                async with client.post("/v1/members", json=body()) as response:
                    answer = await response.json()
                    if response.status != 201:
                        raise RuntimeError(f"inclusion: {response.status} {answer}")
                answered = time.perf_counter()
                seen = await until_on_roster(conn, uuid.UUID(answer["member_id"]))
                answers.append(answered - sent)
                delays.append(seen - answered)
                await asyncio.sleep(interval)
    finally:
        await conn.close()
    first, steady = delays[0], delays[1:] or delays
    return {
        "members": members,
        "interval_seconds": interval,
        "first_after_start_ms": round(first * 1000, 1),
        "answer_to_roster_ms": {
            "p50": round(percentile(steady, 0.5) * 1000, 1),
            "p95": round(percentile(steady, 0.95) * 1000, 1),
            "p99": round(percentile(steady, 0.99) * 1000, 1),
            "max": round(max(steady) * 1000, 1),
            "mean": round(statistics.mean(steady) * 1000, 1),
        },
        "inclusion_answer_ms_p50": round(percentile(answers, 0.5) * 1000, 1),
        "target": "p99 <= 100 ms",
        "target_met": percentile(steady, 0.99) <= 0.1,
    }


async def run(
    admin_url: str, workdir: Path, broker: str, members: int, interval: float
) -> dict[str, Any]:
    created: list[str] = []
    urls = {name: await migrated(admin_url, name, created) for name in ("membership", "sessions")}
    ports = {name: free_port() for name in urls}
    env = {
        "KELISIM_ENVIRONMENT": "test",
        "KELISIM_HOME": str(workdir / "home"),
        "KELISIM_JWT_SECRET": SECRET,
        "KELISIM_LOG_LEVEL": "WARNING",
        "KELISIM_KAFKA_BOOTSTRAP_SERVERS": broker,
        **{f"KELISIM_{name.upper()}_DATABASE_URL": url for name, url in urls.items()},
    }
    supervisor = Supervisor(
        [get_service(name) for name in urls],
        ports=ports,
        env=env,
        log_dir=workdir / "logs",
        ready_path="/health",
    )
    try:
        await supervisor.start_async()
        try:
            figures = await propagate(
                f"http://127.0.0.1:{ports['membership']}",
                asyncpg_dsn(urls["sessions"]),
                members,
                interval,
            )
        finally:
            supervisor.stop()
    finally:
        for name in created:
            await drop_database(admin_url, name)
    return {**figures, "measured_at": datetime.now(UTC).isoformat(timespec="seconds")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL of a server where databases can be created"
    )
    parser.add_argument("--members", type=int, default=100, help="members included, one by one")
    parser.add_argument(
        "--interval", type=float, default=0.05, help="seconds between two inclusions"
    )
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kelisim-")))
        (workdir / "logs").mkdir()
        broker = stack.enter_context(EmbeddedBroker(log_path=workdir / "broker.log"))

        def measured(admin_url: str) -> dict[str, Any]:
            return asyncio.run(
                run(admin_url, workdir, broker.bootstrap_servers, args.members, args.interval)
            )

        if args.database_url:
            results = measured(args.database_url)
        else:
            with EmbeddedPostgres(workdir / "pgdata") as server:
                results = measured(server.admin_url)
    json.dump(results, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
