"""A migrated monitoring database and an in-process app (relay and consumer off)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

from ops.testing.services import (
    asgi_client,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.monitoring.main import create_app
from services.monitoring.settings import MonitoringSettings
from shared.api.auth import mint_token
from shared.identity import is_valid_bin, is_valid_iin


@pytest_asyncio.fixture
async def monitoring_db(fresh_database: Any) -> str:
    return await migrated_database(fresh_database, "monitoring")


@pytest_asyncio.fixture
async def app(monitoring_db: str) -> AsyncIterator[FastAPI]:
    settings = settings_for_test(MonitoringSettings, monitoring_db, evaluate_on_change=False)
    async with running_app(create_app(settings)) as a:
        yield a


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, "monitoring") as c:
        yield c


def token(app: FastAPI, subject: str, *roles: str, region: str | None = None) -> dict[str, str]:
    value = mint_token(app.state.auth_settings, subject, list(roles), region=region)
    return {"Authorization": f"Bearer {value}"}


def secretariat(app: FastAPI) -> dict[str, str]:
    return token(app, "secretariat-officer-1", "secretariat")


def head(app: FastAPI) -> dict[str, str]:
    return token(app, "head-of-secretariat", "deputy_chairman")


def regional(app: FastAPI, region: str) -> dict[str, str]:
    return token(app, f"assembly-{region}", "regional_assembly", region=region)


def valid_iin(serial: int, birth: str = "900101") -> str:
    for century_and_sex in "3456":
        prefix = f"{birth}{century_and_sex}{serial:04d}"
        for check in range(10):
            if is_valid_iin(prefix + str(check)):
                return prefix + str(check)
    raise AssertionError(f"no valid IIN for serial {serial}")


def valid_bin(serial: int) -> str:
    for check in range(10):
        candidate = f"1907400{serial:04d}{check}"
        if is_valid_bin(candidate):
            return candidate
    return valid_bin(serial + 1)
