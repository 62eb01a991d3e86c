"""Benchmark of commands over HTTP against real service processes, with a baseline endpoint.

    python -m bench.commands [--database-url URL] [--seconds 3] [--rounds 2] [--clients 1,16]
        [--only membership,monitoring] [--api-processes 1] [--worker]

Starts, each on its own fresh database (an embedded PostgreSQL in a temporary directory unless
--database-url is given) and as its own process on 127.0.0.1:

- the membership service (``POST /v1/members``: the Chairman includes a member; a fresh person
  each time, in a region, of an ethnic group and in a category of its reference data);
- the monitoring service (``POST /v1/appeals``: a citizen's appeal registered online, with its
  receipt number and secret);
- the baseline (``bench.baseline_app``): a minimal FastAPI + asyncpg endpoint doing one INSERT
  of an event-shaped row per request, under the same uvicorn.

Then, for 1 and 16 concurrent clients (aiohttp, keep-alive), each command is sent in a loop
for ``--seconds``, in rounds that alternate the three so drift on a shared machine hits all
alike. Prints JSON: per command and client count, the rate (commands/s), latency p50/p99, and
the server's CPU time per command (user + system of its processes, not PostgreSQL's or the
client's), medians over the rounds; and the ratio of each command's rate to the baseline's in
the same run. Every answer must be 201: anything else stops the benchmark.

The services run as deployed, without a broker: their relay is off (nothing to publish to) and
their audit tree builder on, in the API process. With ``--worker`` (implied by
``--api-processes N`` above 1) the tree builder runs in a worker process of its own
(``background_in_worker``), and each service serves from N uvicorn processes; the server CPU
then counts all of them, the worker's too. Every loop is bounded by time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from bench.plenary_vote import cpu_seconds, percentile
from ops.runtime.embedded import (
    EmbeddedPostgres,
    asyncpg_dsn,
    database_url,
    drop_database,
    ensure_database,
    free_port,
)
from ops.runtime.supervisor import Supervisor
from services.membership.domain.iin import is_valid_iin
from shared.api.auth import AuthSettings, mint_token
from shared.migrations import upgrade_async
from shared.runtime.catalog import get_service

SECRET = "kelisim-bench-" + uuid.uuid4().hex + uuid.uuid4().hex
READY_SECONDS = 60.0


def people() -> Iterator[str]:
    """Distinct well-formed IINs: one per birth day and serial."""
    birth = date(1950, 1, 1)
    while True:
        for serial in range(1, 10_000):
            prefix = f"{birth:%y%m%d}3{serial:04d}"
            for check in range(10):
                if is_valid_iin(prefix + str(check)):
                    yield prefix + str(check)
                    break
        birth += timedelta(days=1)


def inclusion(iins: Iterator[str]) -> Callable[[], dict[str, Any]]:
    def body() -> dict[str, Any]:
        return {
            "person": {
                "name": {"kk": "Әлия Нұрланқызы", "ru": "Алия Нурлановна"},
                "iin": next(iins),
                "gender": "female",
                "ethnic_group": "kazakh",
            },
            "region": "almaty_city",
            "category": "public_figure",
            "decision": {"number": "Р-17", "date": "2026-03-01"},
            "effective_on": "2026-03-02",
        }

    return body


def appeal(iins: Iterator[str]) -> Callable[[], dict[str, Any]]:
    def body() -> dict[str, Any]:
        return {
            "applicant": {
                "name": "Ерлан Сейітұлы",
                "id_number": next(iins),
                "address": "Түркістан, Тәуке хан к-сі, 1",
                "contact": "erlan@example.kz",
            },
            "text": "Ауылдағы мектепте өзбек сыныптары жабылып жатыр.",
            "language": "kk",
            "region": "turkistan",
            "topic": "language_use",
        }

    return body


@dataclass
class Target:
    """One command to measure: where it is sent, its body, and the server's process."""

    name: str
    base_url: str
    path: str
    body: Callable[[], dict[str, Any]]
    pid: int
    token: str | None = None


async def measure(target: Target, clients: int, seconds: float) -> dict[str, float]:
    """``clients`` concurrent clients, each sending the command in a loop for ``seconds``."""
    headers = {"Authorization": f"Bearer {target.token}"} if target.token else {}
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        target.base_url, connector=connector, timeout=timeout, headers=headers
    ) as client:

        async def one_client(deadline: float) -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                async with client.post(target.path, json=target.body()) as response:
                    answer = await response.read()
                    if response.status != 201:
                        raise RuntimeError(f"{target.name}: {response.status} {answer[:500]!r}")
                latencies.append(time.perf_counter() - started)

        cpu_before = cpu_seconds(target.pid)
        started = time.perf_counter()
        await asyncio.gather(*(one_client(started + seconds) for _ in range(clients)))
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(target.pid) - cpu_before
    return {
        "per_second": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "server_cpu_ms": cpu * 1000 / max(1, len(latencies)),
    }


async def compare(
    targets: list[Target], client_counts: list[int], seconds: float, rounds: int
) -> dict[str, Any]:
    for target in targets:  # warm up: connections, caches, the server's first requests
        await measure(target, 4, min(1.0, seconds))
    results: dict[str, Any] = {}
    for clients in client_counts:
        runs: dict[str, list[dict[str, float]]] = {t.name: [] for t in targets}
        ratios: dict[str, list[float]] = {t.name: [] for t in targets if t.name != "baseline"}
        for _ in range(rounds):
            this_round = {t.name: await measure(t, clients, seconds) for t in targets}
            for name, figures in this_round.items():
                runs[name].append(figures)
            if "baseline" in this_round:
                base = this_round["baseline"]["per_second"]
                for name in ratios:
                    ratios[name].append(this_round[name]["per_second"] / base)
        by_command: dict[str, Any] = {}
        for name, figures in runs.items():
            by_command[name] = {
                "per_second": round(statistics.median(f["per_second"] for f in figures)),
                "p50_ms": round(statistics.median(f["p50_ms"] for f in figures), 1),
                "p99_ms": round(statistics.median(f["p99_ms"] for f in figures), 1),
                "server_cpu_ms_per_command": round(
                    statistics.median(f["server_cpu_ms"] for f in figures), 2
                ),
            }
            if ratios.get(name):
                by_command[name]["ratio_to_baseline"] = round(statistics.median(ratios[name]), 3)
        results[f"{clients}_clients"] = by_command
    return results


async def migrated(admin_url: str, service: str, created: list[str]) -> str:
    name = f"bench_{service}_{uuid.uuid4().hex[:8]}"
    await ensure_database(admin_url, name)
    created.append(name)
    url = database_url(admin_url, name)
    await upgrade_async(url, get_service(service).migrations_dir())
    return url


def service_env(
    workdir: Path, service: str, url: str, processes: int = 1, worker: bool = False
) -> dict[str, str]:
    prefix = f"KELISIM_{service.upper()}_"
    apart = {"WEB_CONCURRENCY": str(processes), prefix + "BACKGROUND_IN_WORKER": "true"}
    return {
        **(apart if processes > 1 or worker else {}),
        "KELISIM_ENVIRONMENT": "test",
        "KELISIM_HOME": str(workdir / "home"),
        "KELISIM_JWT_SECRET": SECRET,
        "KELISIM_LOG_LEVEL": "WARNING",
        prefix + "DATABASE_URL": url,
        prefix + "RUN_RELAY": "false",
        prefix + "RUN_CONSUMER": "false",
        prefix + "DB_POOL_SIZE": "16",
        prefix + "HTTP_KEEP_ALIVE_SECONDS": "60",
    }


def start_baseline(port: int, dsn: str, log_dir: Path) -> subprocess.Popen[bytes]:
    """The baseline endpoint under uvicorn, its own process."""
    with (log_dir / "baseline.log").open("ab") as log:
        return subprocess.Popen(
            [
                sys.executable,
                *("-m", "uvicorn", "bench.baseline_app:app"),
                *("--host", "127.0.0.1", "--port", str(port)),
                *("--log-level", "warning", "--no-access-log"),
            ],
            env={**os.environ, "KELISIM_BENCH_BASELINE_DSN": dsn},
            stdout=log,
            stderr=subprocess.STDOUT,
        )


async def wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_SECONDS
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the baseline exited with {process.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(url + "/health")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError("the baseline did not become ready")


async def run(
    admin_url: str,
    workdir: Path,
    seconds: float,
    rounds: int,
    client_counts: list[int],
    only: list[str],
    processes: int = 1,
    worker: bool = False,
) -> dict[str, Any]:
    created: list[str] = []
    urls = {name: await migrated(admin_url, name, created) for name in only}
    baseline_db = f"bench_baseline_{uuid.uuid4().hex[:8]}"
    await ensure_database(admin_url, baseline_db)
    created.append(baseline_db)
    baseline_url = database_url(admin_url, baseline_db)
    auth = AuthSettings(secret=SECRET)
    chairman = mint_token(auth, "chairman", ["chairman"])
    supervisors: list[Supervisor] = []
    baseline: subprocess.Popen[bytes] | None = None
    iins = people()
    try:
        targets: list[Target] = []
        for name in only:
            port = free_port()
            supervisor = Supervisor(
                [get_service(name)],
                ports={name: port},
                env=service_env(workdir, name, urls[name], processes, worker),
                log_dir=workdir / "logs",
                ready_path="/health",
            )
            supervisors.append(supervisor)
            await supervisor.start_async()
            [server] = supervisor.services
            assert server.process is not None
            if name == "membership":
                targets.append(
                    Target(
                        "member_inclusion",
                        server.url,
                        "/v1/members",
                        inclusion(iins),
                        server.process.pid,
                        chairman,
                    )
                )
            elif name == "monitoring":
                targets.append(
                    Target(
                        "appeal_registration",
                        server.url,
                        "/v1/appeals",
                        appeal(iins),
                        server.process.pid,
                    )
                )
        port = free_port()
        baseline = start_baseline(port, asyncpg_dsn(baseline_url), workdir / "logs")
        base_url = f"http://127.0.0.1:{port}"
        await wait_ready(base_url, baseline)
        targets.append(
            Target(
                "baseline",
                base_url,
                "/v1/things",
                inclusion(iins),
                baseline.pid,
            )
        )
        figures = await compare(targets, client_counts, seconds, rounds)
    finally:
        if baseline is not None:
            baseline.terminate()
            try:
                baseline.wait(timeout=20)
            except subprocess.TimeoutExpired:
                baseline.kill()
                baseline.wait(timeout=10)
        for supervisor in supervisors:
            supervisor.stop()
        for name in created:
            await drop_database(admin_url, name)
    sixteen = figures.get("16_clients", {}).get("member_inclusion")
    return {
        **figures,
        "target": "member inclusion with 16 clients: >= 1000/s and p99 <= 50 ms,"
        " or >= half the baseline's rate in the same run",
        "target_met": None
        if sixteen is None
        else (sixteen["per_second"] >= 1000 and sixteen["p99_ms"] <= 50)
        or sixteen.get("ratio_to_baseline", 0) >= 0.5,
        "api_processes_per_service": processes,
        "background_in_worker": processes > 1 or worker,
        "seconds_per_measurement": seconds,
        "rounds": rounds,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL of a server where databases can be created"
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (medians)")
    parser.add_argument("--clients", default="1,16", help="concurrent client counts")
    parser.add_argument(
        "--only", default="membership,monitoring", help="services whose command is measured"
    )
    parser.add_argument(
        "--api-processes",
        type=int,
        default=1,
        help="API processes per service; above 1 with the background work in a worker",
    )
    parser.add_argument(
        "--worker",
        action="store_true",
        help="the services' background work (the tree builder) in a worker process",
    )
    args = parser.parse_args()
    client_counts = [int(c) for c in args.clients.split(",")]
    only = [s for s in args.only.split(",") if s]
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kelisim-")))
        (workdir / "logs").mkdir()

        def measured(admin_url: str) -> dict[str, Any]:
            return asyncio.run(
                run(
                    admin_url,
                    workdir,
                    args.seconds,
                    args.rounds,
                    client_counts,
                    only,
                    args.api_processes,
                    args.worker,
                )
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
