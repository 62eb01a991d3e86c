"""An in-process service for API tests: a migrated database, an app, a client, tokens.

Each service's tests/conftest.py keeps its own fixture names and builds them from these.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeVar

import httpx
from fastapi import FastAPI

from ops.testing.infra import FreshDatabase
from shared.api.auth import mint_token
from shared.migrations import upgrade_async
from shared.runtime.catalog import get_service
from shared.runtime.published import TEST_JWT_SECRET
from shared.settings import PlatformSettings, ServiceSettings

TEST_SECRET = TEST_JWT_SECRET


S = TypeVar("S", bound=ServiceSettings)


async def migrated_database(fresh_database: FreshDatabase, service: str) -> str:
    """A fresh database migrated with the service's own Alembic scripts."""
    url = await fresh_database(service)
    await upgrade_async(url, get_service(service).migrations_dir())
    return url


def settings_for_test(settings: type[S], database_url: str, **overrides: object) -> S:
    """The service's settings for a test: its database, relay, consumer and tree builder
    off, test secret."""
    values: dict[str, object] = {
        "database_url": database_url,
        "run_relay": False,
        "run_consumer": False,
        "run_tree_builder": False,
        "platform": PlatformSettings(environment="test", jwt_secret=TEST_SECRET),
        **overrides,
    }
    return settings(**values)  # type: ignore[arg-type]


@asynccontextmanager
async def running_app(app: FastAPI) -> AsyncIterator[FastAPI]:
    try:
        yield app
    finally:
        await app.state.platform.dispose()


@asynccontextmanager
async def asgi_client(app: FastAPI, name: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{name}") as client:
        yield client


def auth(app: FastAPI, subject: str, *roles: str) -> dict[str, str]:
    """An Authorization header for ``subject`` with ``roles``, signed with the app's secret."""
    token = mint_token(app.state.auth_settings, subject, list(roles))
    return {"Authorization": f"Bearer {token}"}
