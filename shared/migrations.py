"""Alembic, driven programmatically: each service has its own script directory.

A service's ``migrations/env.py`` is two lines (``from shared.migrations import run_env``;
``run_env()``); its first revision calls ``platform_upgrade`` to create the platform tables.
Migrations run on an async engine by sharing its connection with Alembic (the Alembic
cookbook's "programmatic API use with asyncio" recipe).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.eventstore import schema


def platform_upgrade(op: Any) -> None:
    """Create the event store, inbox, idempotency, relay and dead-letter tables."""
    for statement in schema.UPGRADE:
        op.execute(text(statement))


def platform_downgrade(op: Any) -> None:
    for statement in schema.DOWNGRADE:
        op.execute(text(statement))


def _config(script_location: Path, connection: Connection | None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    return config


def _upgrade_sync(connection: Connection, script_location: Path, revision: str) -> None:
    from alembic import command

    command.upgrade(_config(script_location, connection), revision)


async def upgrade_async(database_url: str, script_location: Path, revision: str = "head") -> None:
    """Migrate a database to ``revision`` with the service's Alembic scripts."""
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_sync, script_location, revision)
    finally:
        await engine.dispose()


def upgrade(database_url: str, script_location: Path, revision: str = "head") -> None:
    """Synchronous wrapper of ``upgrade_async`` for command-line use."""
    asyncio.run(upgrade_async(database_url, script_location, revision))


def run_env() -> None:
    """The body of every service's ``migrations/env.py``."""
    from alembic import context

    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "run migrations through shared.migrations.upgrade (or `kelisim migrate`), "
            "which hands Alembic a connection"
        )
    context.configure(connection=connection, transaction_per_migration=False)
    with context.begin_transaction():
        context.run_migrations()
