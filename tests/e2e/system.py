"""What the end-to-end tests share: services started as real processes on fresh migrated
databases and the test broker, tokens for them, valid IINs, and bounded waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ops.runtime.embedded import free_port
from ops.runtime.supervisor import Supervisor
from ops.testing.infra import FreshDatabase
from shared.api.auth import AuthSettings, mint_token
from shared.identity import is_valid_iin
from shared.migrations import upgrade_async
from shared.runtime.catalog import get_service
from shared.runtime.published import E2E_JWT_SECRET

SECRET = E2E_JWT_SECRET
DEADLINE = 120.0
"""Seconds any waiting for an effect across services may take (every wait is bounded)."""
T = TypeVar("T")


@dataclass(frozen=True)
class System:
    supervisor: Supervisor
    urls: dict[str, str]
    """Each service's base URL."""
    databases: dict[str, str]
    """Each service's database URL."""

    def log(self, service: str) -> str:
        return self.supervisor.log_paths()[service].read_text()


@asynccontextmanager
async def running_system(
    services: Sequence[str],
    fresh_database: FreshDatabase,
    kafka_bootstrap: str,
    workdir: Path,
    env: Mapping[str, str] | None = None,
) -> AsyncIterator[System]:
    """The services as separate processes, each on its own fresh migrated database, on the
    test broker, listening on 127.0.0.1; stopped on exit."""
    databases = {}
    for name in services:
        databases[name] = await fresh_database(name)
        await upgrade_async(databases[name], get_service(name).migrations_dir())
    supervisor = Supervisor(
        [get_service(name) for name in services],
        ports={name: free_port() for name in services},
        env={
            "KELISIM_ENVIRONMENT": "test",
            "KELISIM_HOME": str(workdir / "home"),
            "KELISIM_JWT_SECRET": SECRET,
            "KELISIM_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            **{f"KELISIM_{name.upper()}_DATABASE_URL": databases[name] for name in services},
            **(env or {}),
        },
        log_dir=workdir / "logs",
    )
    await supervisor.start_async()
    try:
        yield System(supervisor, supervisor.urls(), databases)
    finally:
        supervisor.stop()


def token(subject: str, *roles: str, **scopes: str | None) -> str:
    """A token for ``subject`` with ``roles`` (and a region or state body)."""
    return mint_token(AuthSettings(secret=SECRET), subject, list(roles), **scopes)


def bearer(subject: str, *roles: str, **scopes: str | None) -> dict[str, str]:
    """The Authorization header of ``token``."""
    return {"Authorization": f"Bearer {token(subject, *roles, **scopes)}"}


def valid_iins(count: int, born: str = "700101", start: int = 1) -> list[str]:
    """``count`` distinct valid IINs of people born on ``born`` (YYMMDD), serials from
    ``start``."""
    found: list[str] = []
    serial = start
    while len(found) < count:
        for digit in "3456":
            prefix = f"{born}{digit}{serial:04d}"
            valid = [prefix + str(c) for c in range(10) if is_valid_iin(prefix + str(c))]
            if valid:
                found.append(valid[0])
                break
        serial += 1
    return found


async def eventually(
    check: Callable[[], Awaitable[T | None]], what: str, within: float = DEADLINE
) -> T:
    """Poll ``check`` until it gives a true value, within ``within`` seconds."""
    started = time.monotonic()
    while True:
        value = await check()
        if value:
            return value
        assert time.monotonic() - started < within, f"timed out waiting for {what}"
        await asyncio.sleep(0.3)
