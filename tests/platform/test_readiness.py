"""Readiness is what a pod can serve: the database, never the broker (events wait in the
outbox while the broker is away)."""

from __future__ import annotations

import socket

import httpx
import pytest

from services.council.main import create_app
from services.council.settings import CouncilSettings
from shared.settings import PlatformSettings

pytestmark = pytest.mark.integration


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def ready(database_url: str) -> httpx.Response:
    platform = PlatformSettings(
        environment="test", kafka_bootstrap_servers=f"127.0.0.1:{closed_port()}"
    )
    settings = CouncilSettings(
        database_url=database_url,
        run_relay=False,
        run_consumer=False,
        run_tree_builder=False,
        platform=platform,
    )
    app = create_app(settings)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/ready")
    finally:
        await app.state.platform.dispose()


async def test_ready_without_a_broker_when_the_database_answers(platform_db: str) -> None:
    response = await ready(platform_db)
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True}


async def test_not_ready_without_the_database() -> None:
    response = await ready(f"postgresql+asyncpg://kelisim@127.0.0.1:{closed_port()}/none")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False}
