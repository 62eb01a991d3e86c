"""The services' engine against real PostgreSQL: pooled connections pinged only after idling,
and one whose backend is gone replaced before a command uses it."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import text

from ops.runtime.embedded import asyncpg_dsn
from shared.service import create_engine_for

pytestmark = pytest.mark.integration


async def _terminate(dsn: str, pid: int) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()


async def test_an_idle_connection_whose_backend_died_is_replaced(fresh_database) -> None:
    url = await fresh_database("engine")
    # Every checkout counts as idle: the pooled connection is pinged before it is used.
    engine = create_engine_for(url, pool_size=1, max_overflow=0, ping_idle_seconds=0)
    try:
        async with engine.connect() as conn:
            first = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        await _terminate(asyncpg_dsn(url), first)
        async with engine.connect() as conn:
            second = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        assert second != first
    finally:
        await engine.dispose()


@pytest.mark.parametrize("idle_seconds", [3600, 0])
async def test_a_connection_in_steady_use_is_not_pinged(
    fresh_database, monkeypatch, idle_seconds: float
) -> None:
    url = await fresh_database("engine")
    engine = create_engine_for(url, pool_size=1, max_overflow=0, ping_idle_seconds=idle_seconds)
    pings = 0
    try:
        async with engine.connect() as conn:
            raw = await conn.get_raw_connection()
            adapter = type(raw.dbapi_connection)
        ping = adapter.ping

        def counted(self: object) -> None:
            nonlocal pings
            pings += 1
            ping(self)

        monkeypatch.setattr(adapter, "ping", counted)
        for _ in range(4):
            async with engine.connect() as conn:
                assert (await conn.execute(text("SELECT 1"))).scalar_one() == 1
        # Returned a moment ago, the pooled connection is not pinged again within the hour;
        # with 0 it is pinged at every checkout (SQLAlchemy's pool_pre_ping).
        assert pings == (0 if idle_seconds else 4)
    finally:
        await engine.dispose()
