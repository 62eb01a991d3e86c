"""A migrated sessions database and an in-process app (relay and consumer off)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import text

from services.sessions.main import create_app
from services.sessions.settings import SessionsSettings
from shared.api.auth import mint_token
from shared.migrations import upgrade_async
from shared.settings import PlatformSettings

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
TEST_SECRET = "kelisim-test-secret-" + "x" * 32


@pytest_asyncio.fixture
async def sessions_db(fresh_database: Any) -> str:
    url: str = await fresh_database("sessions")
    await upgrade_async(url, MIGRATIONS)
    return url


@pytest_asyncio.fixture
async def app(sessions_db: str) -> AsyncIterator[FastAPI]:
    settings = SessionsSettings(
        database_url=sessions_db,
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
    async with httpx.AsyncClient(transport=transport, base_url="http://sessions") as c:
        yield c


def auth(app: FastAPI, subject: str, *roles: str) -> dict[str, str]:
    token = mint_token(app.state.auth_settings, subject, list(roles))
    return {"Authorization": f"Bearer {token}"}


async def add_to_roster(
    app: FastAPI, count: int, joined_on: date = date(2020, 1, 1), left_on: date | None = None
) -> list[uuid.UUID]:
    """Members on the roster (the consumer's projection), written directly."""
    ids = [uuid.uuid4() for _ in range(count)]
    async with app.state.platform.sessions() as db, db.begin():
        for n, member_id in enumerate(ids):
            await db.execute(
                text(
                    "INSERT INTO roster (member_id, name_kk, name_ru, region, joined_on, left_on)"
                    " VALUES (:id, :kk, :ru, 'astana', :joined, :left)"
                ),
                {
                    "id": member_id,
                    "kk": f"Мүше {n:03d}",
                    "ru": f"Член {n:03d}",
                    "joined": joined_on,
                    "left": left_on,
                },
            )
    return ids
