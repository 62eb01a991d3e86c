"""A migrated sessions database and an in-process app (relay and consumer off)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import text

from ops.testing.services import (
    TEST_SECRET,
    asgi_client,
    auth,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.sessions.main import create_app
from services.sessions.settings import SessionsSettings

__all__ = ["TEST_SECRET", "add_to_roster", "auth"]


@pytest_asyncio.fixture
async def sessions_db(fresh_database: Any) -> str:
    return await migrated_database(fresh_database, "sessions")


@pytest_asyncio.fixture
async def app(sessions_db: str) -> AsyncIterator[FastAPI]:
    async with running_app(create_app(settings_for_test(SessionsSettings, sessions_db))) as a:
        yield a


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, "sessions") as c:
        yield c


async def add_to_roster(
    app: FastAPI,
    count: int,
    joined_on: date = date(2020, 1, 1),
    left_on: date | None = None,
    assembly: str = "national",
) -> list[uuid.UUID]:
    """Members of ``assembly``'s roster (the membership replica), written directly."""
    ids = [uuid.uuid4() for _ in range(count)]
    async with app.state.platform.sessions() as db, db.begin():
        for n, member_id in enumerate(ids):
            await db.execute(
                text(
                    "INSERT INTO membership_replica (member_id, assembly, person_id, name_kk,"
                    " name_ru, region, joined_on, left_on)"
                    " VALUES (:id, :assembly, :id, :kk, :ru, 'astana', :joined, :left)"
                ),
                {
                    "id": member_id,
                    "assembly": assembly,
                    "kk": f"Мүше {n:03d}",
                    "ru": f"Член {n:03d}",
                    "joined": joined_on,
                    "left": left_on,
                },
            )
    return ids
