"""The SQL helpers the programmes read models share: running a statement, reading rows, a
page's clause and the columns an act or a list of values is kept in. Not a read model."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import Act

Row = dict[str, Any]

PAGE: Final = " LIMIT :limit OFFSET :offset"
"""Every list is paginated by the caller's ``limit`` and ``offset``."""


async def write(db: AsyncSession, sql: str, **params: Any) -> None:
    await db.execute(text(sql), params)


async def fetch_all(db: AsyncSession, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
    result = await db.execute(text(sql), params or {})
    return [dict(r) for r in result.mappings().all()]


async def fetch_one(db: AsyncSession, sql: str, params: dict[str, Any]) -> Row | None:
    rows = await fetch_all(db, sql, params)
    return rows[0] if rows else None


def act_columns(act: Act | None, prefix: str = "act") -> dict[str, Any]:
    """An act's number and date as the tables keep them (``act_number``, ``act_date``)."""
    return {
        f"{prefix}_number": act.number if act else None,
        f"{prefix}_date": act.date if act else None,
    }


def json_list(values: Sequence[BaseModel]) -> str:
    """Values for a ``jsonb`` column."""
    return json.dumps([value.model_dump(mode="json") for value in values])
