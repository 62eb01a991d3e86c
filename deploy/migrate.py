"""Migrate one service's database to head; safe when several replicas start at once.

    python deploy/migrate.py membership

The URL comes from the service's own settings (``KELISIM_<SERVICE>_DATABASE_URL``), so a
container migrates exactly the database it will serve. Every replica's init container runs
this: the first takes a PostgreSQL advisory lock and runs the same Alembic upgrade as
``kelisim migrate``; the others wait for the lock, then find the database at head and do
nothing. Without the lock two first deployments would both try to create the tables and one
would fail (PostgreSQL's transactional DDL keeps the database consistent either way).
"""

from __future__ import annotations

import asyncio
import importlib
import sys

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.logging import configure_logging
from shared.migrations import upgrade_async
from shared.runtime.catalog import get_service
from shared.runtime.embedded import redact_url, sqlalchemy_url
from shared.settings import ServiceSettings

log = structlog.get_logger("kelisim.migrate")

_LOCK = text("SELECT pg_advisory_lock(hashtextextended(:name, 0))")
_UNLOCK = text("SELECT pg_advisory_unlock(hashtextextended(:name, 0))")


def service_settings(service: str) -> ServiceSettings:
    """The service's settings class, read from the environment."""
    spec = get_service(service)
    module = importlib.import_module(f"{spec.module}.settings")
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, ServiceSettings)
            and value is not ServiceSettings
            and getattr(value, "service", None) == service
        ):
            return value()
    raise LookupError(f"{spec.module}.settings has no settings class for {service!r}")


async def migrate(service: str) -> None:
    settings = service_settings(service)
    if not settings.database_url:
        raise SystemExit(f"{get_service(service).database_env} is not set")
    url = sqlalchemy_url(settings.database_url)
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


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: python deploy/migrate.py <service>\n")
        return 2
    configure_logging("migrate", "INFO", json=True)
    asyncio.run(migrate(argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
