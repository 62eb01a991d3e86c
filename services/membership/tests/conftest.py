"""A migrated membership database and an in-process app (relay and consumer off)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

from services.membership.main import create_app
from services.membership.settings import MembershipSettings
from shared.api.auth import mint_token
from shared.migrations import upgrade_async
from shared.settings import PlatformSettings

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
TEST_SECRET = "kelisim-test-secret-" + "x" * 32


@pytest_asyncio.fixture
async def membership_db(fresh_database: Any) -> str:
    url: str = await fresh_database("membership")
    await upgrade_async(url, MIGRATIONS)
    return url


@pytest_asyncio.fixture
async def app(membership_db: str) -> AsyncIterator[FastAPI]:
    settings = MembershipSettings(
        database_url=membership_db,
        run_relay=False,
        run_consumer=False,
        platform=PlatformSettings(environment="test", jwt_secret=TEST_SECRET),
    )
    application = create_app(settings)
    yield application
    await application.state.platform.dispose()


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://membership") as c:
        yield c


def valid_iin(serial: int, birth: str = "900101") -> str:
    """A well-formed IIN (check digit included), a different one for every serial < 10,000."""
    from services.membership.domain.iin import is_valid_iin

    assert 0 <= serial < 10_000
    for century_and_sex in "3456":  # the same serial with another sex/century digit
        prefix = f"{birth}{century_and_sex}{serial:04d}"
        for check in range(10):
            if is_valid_iin(prefix + str(check)):
                return prefix + str(check)
    raise AssertionError(f"no valid IIN for serial {serial}")


def auth(app: FastAPI, subject: str, *roles: str) -> dict[str, str]:
    token = mint_token(app.state.auth_settings, subject, list(roles))
    return {"Authorization": f"Bearer {token}"}
