"""A migrated membership database and an in-process app (relay and consumer off)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

from ops.testing.services import (
    TEST_SECRET,
    asgi_client,
    auth,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.membership.main import create_app
from services.membership.settings import MembershipSettings

__all__ = ["TEST_SECRET", "auth", "valid_iin"]


@pytest_asyncio.fixture
async def membership_db(fresh_database: Any) -> str:
    return await migrated_database(fresh_database, "membership")


@pytest_asyncio.fixture
async def app(membership_db: str) -> AsyncIterator[FastAPI]:
    async with running_app(create_app(settings_for_test(MembershipSettings, membership_db))) as a:
        yield a


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, "membership") as c:
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
