"""The procedure of the rulebook in force on a day, and the acts of other services this one
has received (what documents, awards and work-plan items may cite)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.programmes import projections
from services.programmes.api.auth import Readers
from services.programmes.api.common import Limit, Offset, Today
from services.programmes.domain.procedures import procedure_on
from shared.api.deps import PlatformDep
from shared.dates import CalendarDay

router = APIRouter(prefix="/v1", tags=["reference"])


@router.get("/procedures")
async def get_procedure(day: Today, as_of: CalendarDay | None = None) -> dict[str, Any]:
    """What the rulebook in force on ``as_of`` (today by default) says: the steps of a
    programme document and of the Concept, who approves them, who creates each body, and
    the paragraph behind each rule."""
    when = as_of or day
    return {"as_of": when, **procedure_on(when).model_dump(mode="json")}


@router.get("/council-resolutions")
async def council_resolutions(
    _: Readers,
    platform: PlatformDep,
    kind: Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$", max_length=40)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """The Council's adopted resolutions received on ``kelisim.council.v1``."""
    async with platform.sessions() as db:
        return await projections.received.council_resolutions(db, kind, limit, offset)


@router.get("/session-decisions")
async def session_decisions(
    _: Readers, platform: PlatformDep, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    """The Session's adopted decisions received on ``kelisim.sessions.v1``."""
    async with platform.sessions() as db:
        return await projections.received.session_decisions(db, limit, offset)
