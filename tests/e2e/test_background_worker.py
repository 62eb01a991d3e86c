"""End to end: services whose background work runs in a worker process of its own
(``background_in_worker``), with two API processes each. A member included through one of
membership's API processes is published by membership's worker (its relay) and applied by
the sessions worker's consumer; the API processes run no relay, consumer or tree builder."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import psutil
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.testing.infra import FreshDatabase
from tests.e2e.system import System, bearer, eventually, running_system, valid_iins

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

SERVICES = ("membership", "sessions")


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    env = {
        "WEB_CONCURRENCY": "2",
        **{f"KELISIM_{name.upper()}_BACKGROUND_IN_WORKER": "true" for name in SERVICES},
    }
    async with running_system(SERVICES, fresh_database, kafka_bootstrap, tmp_path, env) as system:
        yield system


def processes(system: System, service: str) -> list[list[str]]:
    """The command lines of a service's process and all its descendants."""
    [child] = [c for c in system.supervisor.services if c.name == service]
    assert child.process is not None
    root = psutil.Process(child.process.pid)
    return [p.cmdline() for p in (root, *root.children(recursive=True))]


async def on_roster(database_url: str, member_id: str) -> bool:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            found = await conn.execute(
                text("SELECT 1 FROM membership_replica WHERE member_id = :m"),
                {"m": uuid.UUID(member_id)},
            )
            return found.first() is not None
    finally:
        await engine.dispose()


async def test_a_worker_process_relays_and_consumes_for_two_api_processes(
    system: System,
) -> None:
    for service in SERVICES:
        commands = processes(system, service)
        workers = [c for c in commands if "shared.api.worker" in c]
        assert len(workers) == 1, commands
    [iin] = valid_iins(1, born="800202")
    async with httpx.AsyncClient(base_url=system.urls["membership"], timeout=30) as client:
        included = await client.post(
            "/v1/members",
            json={
                "person": {
                    "name": {"kk": "Әлия Нұрланқызы", "ru": "Алия Нурлановна"},
                    "iin": iin,
                    "gender": "female",
                    "ethnic_group": "kazakh",
                },
                "region": "almaty_city",
                "category": "public_figure",
                "decision": {"number": "Р-17", "date": "2026-03-01"},
                "effective_on": "2026-03-02",
            },
            headers=bearer("president", "chairman"),
        )
    assert included.status_code == 201, included.text
    member_id = included.json()["member_id"]

    async def arrived() -> bool:
        return await on_roster(system.databases["sessions"], member_id)

    await eventually(arrived, "the member on the sessions roster")
    # The two API processes started no relay, consumer or tree builder; the worker did. Each
    # follows the published rulebooks into its own process.
    lines = started_lines(system.log("membership"))
    started = sorted(sorted(line["workers"]) for line in map(json.loads, lines))
    assert started == [
        ["consumer", "outbox-relay", "rulebooks", "tree-builder"],
        ["rulebooks"],
        ["rulebooks"],
    ], started


def started_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if '"service started"' in line]
