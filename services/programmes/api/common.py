"""What every programmes route shares: bounded inputs, pagination, the day, CSV export.

Every string a request carries is bounded and refuses the NUL character (the domain's value
types, ``NO_NUL``); every integer and list is bounded; every list endpoint takes ``limit`` and
``offset``.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from services.programmes.api.auth import OFFICIALS
from shared.api.deps import PlatformDep
from shared.application import JsonDict
from shared.context import Actor
from shared.dates import CalendarDay

PRIVATE_READERS = frozenset({"secretariat", "auditor"})
"""Who reads an expert's IIN, masked (membership's rule for a member's)."""

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Format = Annotated[Literal["json", "csv"], Query(alias="format")]
CodeQuery = Annotated[str | None, Query(pattern=r"^[a-z0-9][a-z0-9_.-]{1,80}$", max_length=81)]


class CommandState(BaseModel):
    id: uuid.UUID
    version: int
    status: str | None = None


class CommandAnswer(CommandState):
    """The answer of a command: the aggregate's id, its version (send it back in
    ``If-Match``) and its state; a command that made something new adds that thing's id
    (``seat_id``, ``meeting_id``, ``conferral_id``, ``order_id``)."""

    model_config = ConfigDict(extra="allow")


class WorkPlanAnswer(BaseModel):
    """The answer of a change to a year's work plan."""

    year: int
    version: int
    items: int = Field(description="How many items the plan has.")


def is_official(actor: Actor) -> bool:
    return not actor.roles.isdisjoint(OFFICIALS)


async def day_of(platform: PlatformDep) -> date:
    """Today in Kazakhstan, from the service's clock (``platform.clock``)."""
    return platform.clock.today()


Today = Annotated[CalendarDay, Depends(day_of)]


def with_new(
    present: Callable[..., JsonDict], name: str
) -> Callable[[tuple[Any, uuid.UUID]], JsonDict]:
    """The answer of a command that made something new: the aggregate's state (``present``)
    and the new thing's id under ``name`` (``seat_id``, ``order_id``, ...)."""

    def answer(outcome: tuple[Any, uuid.UUID]) -> JsonDict:
        aggregate, new_id = outcome
        return present(aggregate, **{name: new_id})

    return answer


def state(
    aggregate_id: str, version: int, status: str | None = None, **extra: Any
) -> dict[str, Any]:
    body = CommandState(id=uuid.UUID(aggregate_id), version=version, status=status)
    return {**body.model_dump(mode="json"), **{k: str(v) for k, v in extra.items()}}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def listing(
    rows: list[dict[str, Any]], fmt: str, columns: Sequence[str], name: str
) -> list[dict[str, Any]] | Response:
    """A list as JSON, or as CSV (``format=csv``: UTF-8 with a byte-order mark, so
    spreadsheets read Kazakh letters) with ``columns``, in a file ``name``.csv."""
    if fmt != "csv":
        return rows
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
