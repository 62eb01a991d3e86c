"""Benchmark of ``kelisim demo load``: the year loaded into five fresh services, then again.

    python -m bench.demo_year [--members 400] [--seed 1]

Starts an embedded PostgreSQL and broker in a temporary directory and the five services as their
own processes on 127.0.0.1 (free ports, fresh migrated databases), as ``kelisim up`` runs them;
loads the year through their HTTP APIs (``ops.demo.load_year``), then loads it a second time
with the same seed. Prints JSON: the seconds of each run and of each part of the first (from its
first call to its last), the services' event counts after each run (the second adds none), the
loader's own CPU seconds, and the machine's load average (the services, the loader and
PostgreSQL share its cores with whatever else runs). Every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.demo import Counting, development_tokens, load_year
from ops.runtime.embedded import (
    EmbeddedBroker,
    EmbeddedPostgres,
    database_url,
    ensure_database,
    free_port,
)
from ops.runtime.supervisor import Supervisor
from shared.migrations import upgrade_async
from shared.runtime.catalog import SERVICES

SECRET = "bench-demo-year-jwt-secret-0123456789abcdef"


class Timed(Counting):
    """Counts calls and notes when each part started and finished."""

    def __init__(self) -> None:
        super().__init__()
        self.started: dict[str, float] = {}
        self.finished: dict[str, float] = {}

    def start(self, part: str, total: int) -> None:
        super().start(part, total)
        self.started.setdefault(part, time.monotonic())

    def finish(self, part: str) -> None:
        super().finish(part)
        self.finished[part] = time.monotonic()


async def event_counts(urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        engine = create_async_engine(url)
        try:
            async with engine.connect() as db:
                found = await db.execute(text("SELECT count(*) FROM events"))
                counts[name] = int(found.scalar_one())
        finally:
            await engine.dispose()
    return counts


async def settled(urls: dict[str, str], within: float = 120.0) -> dict[str, int]:
    """The event counts once the services stop reacting to each other (equal 2 s apart)."""
    started = time.monotonic()
    previous = await event_counts(urls)
    while time.monotonic() - started < within:
        await asyncio.sleep(2)
        now = await event_counts(urls)
        if now == previous:
            return now
        previous = now
    raise TimeoutError("the services did not settle")


async def run(admin_url: str, bootstrap: str, workdir: Path, members: int, seed: int) -> Any:
    databases = {}
    for spec in SERVICES:
        await ensure_database(admin_url, spec.database_name)
        databases[spec.name] = database_url(admin_url, spec.database_name)
        await upgrade_async(databases[spec.name], spec.migrations_dir())
    supervisor = Supervisor(
        list(SERVICES),
        ports={spec.name: free_port() for spec in SERVICES},
        env={
            "KELISIM_ENVIRONMENT": "test",
            "KELISIM_HOME": str(workdir / "home"),
            "KELISIM_JWT_SECRET": SECRET,
            "KELISIM_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "KELISIM_KAFKA_ENABLE_IDEMPOTENCE": "false",
            "KELISIM_LOG_LEVEL": "WARNING",
            **{spec.database_env: databases[spec.name] for spec in SERVICES},
        },
        log_dir=workdir / "logs",
    )
    await supervisor.start_async()
    try:
        tokens = development_tokens(secret=SECRET)
        progress = Timed()
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        began = time.monotonic()
        await load_year(supervisor.urls(), tokens, seed=seed, members=members, progress=progress)
        first = time.monotonic() - began
        used = resource.getrusage(resource.RUSAGE_SELF)
        after_first = await settled(databases)
        began = time.monotonic()
        await load_year(supervisor.urls(), tokens, seed=seed, members=members)
        second = time.monotonic() - began
        after_second = await settled(databases)
    finally:
        supervisor.stop()
    return {
        "members": members,
        "first_run_seconds": round(first, 1),
        "parts_seconds": {
            part: round(progress.finished[part] - progress.started[part], 1)
            for part in progress.finished
        },
        "calls": progress.done,
        "loader_cpu_seconds": round(used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime, 1),
        "second_run_seconds": round(second, 1),
        "events_after_first_run": after_first,
        "events_after_second_run": after_second,
        "second_run_added_nothing": after_first == after_second,
        "load_average": os.getloadavg(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kelisim-")))
        broker = stack.enter_context(EmbeddedBroker(log_path=workdir / "broker.log"))
        server = stack.enter_context(EmbeddedPostgres(workdir / "pgdata"))
        results = asyncio.run(
            run(server.admin_url, broker.bootstrap_servers, workdir, args.members, args.seed)
        )
    json.dump(results, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
