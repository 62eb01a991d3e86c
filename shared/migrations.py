"""Alembic, driven programmatically: each service has its own script directory.

A service's ``migrations/env.py`` is two lines (``from shared.migrations import run_env``;
``run_env()``); its first revision calls ``platform_upgrade`` to create the platform tables.
Migrations run on an async engine by sharing its connection with Alembic (the Alembic
cookbook's "programmatic API use with asyncio" recipe).

Expand, then contract (docs/operations.md, "Upgrade"): one release's migrations only add what
the previous release can ignore, so a pod of the previous release runs on the newer schema.
Upgrades run once per release (the migration Job, compose's ``<service>-migrate``); a pod only
checks that its database is at least at the revision its code needs (``check_async``) and
starts on a newer one. Revision ids are sequence numbers (``0001``, ``0002``, ...) in one
line of history, so "at least" needs no script the pod does not have.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

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


def relay_leases_upgrade(op: Any) -> None:
    """The relay's leadership lease (``shared/messaging/relay.py``): who publishes a topic,
    until when, and the epoch that fences a deposed leader. Expand-only: an older relay
    ignores the table."""
    op.execute(text(schema.RELAY_LEASES_UPGRADE))


def relay_leases_downgrade(op: Any) -> None:
    op.execute(text("DROP TABLE IF EXISTS relay_leases"))


MIGRATION_LOCK_TIMEOUT = "10s"
"""A migration waiting longer than this for a table lock fails (and its Job retries) instead
of queueing every query of the live service behind its ALTER TABLE."""

_REVISION_ID = re.compile(r"^\d{4}$")

SchemaState = Literal["missing", "behind", "current", "ahead"]


@dataclass(frozen=True)
class SchemaCheck:
    """Where a database stands against the revision this code needs."""

    database: str | None
    """The database's revision (``None``: never migrated)."""
    needed: str
    """The newest revision of this code's scripts."""

    @property
    def state(self) -> SchemaState:
        if self.database is None:
            return "missing"
        if self.database == self.needed:
            return "current"
        newer = revision_number(self.database) > revision_number(self.needed)
        return "ahead" if newer else "behind"

    @property
    def servable(self) -> bool:
        """This code can run on the database: it is at the needed revision or newer."""
        return self.state in ("current", "ahead")


def revision_number(revision: str) -> int:
    if not _REVISION_ID.match(revision):
        raise ValueError(f"revision ids are four-digit sequence numbers, not {revision!r}")
    return int(revision)


def head_revision(script_location: Path) -> str:
    """The newest revision of a script directory; its history must be one numbered line."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(script_location))
    scripts = ScriptDirectory.from_config(config)
    heads = scripts.get_heads()
    if len(heads) != 1:
        raise ValueError(f"{script_location}: one line of history expected, heads {heads}")
    for script in scripts.walk_revisions():
        number = revision_number(script.revision)
        if script.down_revision is None:
            expected_parent = None
        else:
            assert isinstance(script.down_revision, str), "no merge revisions"
            expected_parent = f"{number - 1:04d}"
        if script.down_revision != expected_parent:
            raise ValueError(
                f"{script_location}: revision {script.revision} revises "
                f"{script.down_revision!r}, expected {expected_parent!r}"
            )
    return heads[0]


async def check_async(database_url: str, script_location: Path) -> SchemaCheck:
    """The database's revision against the one this code needs; never changes the database."""
    needed = head_revision(script_location)
    engine = create_async_engine(database_url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            exists = (
                await connection.execute(text("SELECT to_regclass('alembic_version')"))
            ).scalar_one()
            current = None
            if exists is not None:
                rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
                versions = [row[0] for row in rows]
                if len(versions) > 1:
                    raise ValueError(f"one revision expected in alembic_version, not {versions}")
                current = versions[0] if versions else None
    finally:
        await engine.dispose()
    return SchemaCheck(database=current, needed=needed)


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
            await connection.execute(text(f"SET LOCAL lock_timeout = '{MIGRATION_LOCK_TIMEOUT}'"))
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
