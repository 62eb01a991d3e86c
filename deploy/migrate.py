"""Migrate one service's database, or check that it can serve this image's code.

    python deploy/migrate.py membership                   upgrade to this image's newest revision
    python deploy/migrate.py membership --check --wait 600
                                                          wait until the database is at least
                                                          at that revision (newer is fine)

The URL is the service's ``KELISIM_<SERVICE>_DATABASE_URL``, so a container migrates exactly the
database it serves, and nothing else: neither command reads the service's other settings or
secrets.

Upgrades run once per release: the Kubernetes Job ``<service>-migrate``, compose's
``<service>-migrate``, or ``kelisim migrate`` by hand. Several upgrades started together take a
PostgreSQL advisory lock in turn; the later ones find the database at head and do nothing.

Every pod's init container runs ``--check``: it never migrates, it waits for the upgrade, and
it lets a pod start on a database that is *ahead* of its code (an older image during a rollout
or after ``kubectl rollout undo``), which expand-only migrations keep working
(``shared/migrations.py``, docs/operations.md "Upgrade").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.runtime.embedded import redact_url, sqlalchemy_url
from shared.logging import configure_logging
from shared.migrations import check_async, upgrade_async
from shared.runtime.catalog import get_service

log = structlog.get_logger("kelisim.migrate")

_LOCK = text("SELECT pg_advisory_lock(hashtextextended(:name, 0))")
_UNLOCK = text("SELECT pg_advisory_unlock(hashtextextended(:name, 0))")


def database_url(service: str) -> str:
    variable = get_service(service).database_env
    url = os.environ.get(variable, "")
    if not url:
        raise SystemExit(f"{variable} is not set")
    return sqlalchemy_url(url)


async def migrate(service: str) -> None:
    url = database_url(service)
    lock_name = f"kelisim-migrate:{service}"
    engine = create_async_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as lock:
            log.info("waiting for the migration lock", service=service, database=redact_url(url))
            await lock.execute(_LOCK, {"name": lock_name})
            await lock.commit()
            try:
                await upgrade_async(url, get_service(service).migrations_dir())
            finally:
                await lock.execute(_UNLOCK, {"name": lock_name})
                await lock.commit()
    finally:
        await engine.dispose()
    log.info("database migrated", service=service)


async def check(service: str, wait_seconds: float, poll_seconds: float = 2.0) -> bool:
    """True once the database can serve this code; False if it is still behind after
    ``wait_seconds`` (0: look once)."""
    url = database_url(service)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            result = await check_async(url, get_service(service).migrations_dir())
        except OSError as exc:  # the database is not reachable yet
            log.warning("database not reachable", service=service, error=str(exc))
        else:
            if result.servable:
                log.info(
                    "database schema serves this code",
                    service=service,
                    database_revision=result.database,
                    needed_revision=result.needed,
                    state=result.state,
                )
                return True
            log.info(
                "waiting for the migration",
                service=service,
                database_revision=result.database,
                needed_revision=result.needed,
            )
        if time.monotonic() >= deadline:
            log.error("the database was not migrated in time", service=service)
            return False
        await asyncio.sleep(poll_seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python deploy/migrate.py")
    parser.add_argument("service")
    parser.add_argument("--check", action="store_true", help="check, never migrate")
    parser.add_argument("--wait", type=float, default=0.0, help="seconds --check waits")
    args = parser.parse_args(argv)
    configure_logging("migrate", "INFO", json=True)
    if args.check:
        return 0 if asyncio.run(check(args.service, args.wait)) else 1
    asyncio.run(migrate(args.service))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
