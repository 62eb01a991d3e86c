"""Sessions routes: the roster of the day (the basis of every quorum, Reg2024 §9)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from services.sessions.projections.roster import members_on
from shared.api.deps import PlatformDep
from shared.dates import CalendarDay

router = APIRouter(prefix="/v1/roster", tags=["roster"])


class RosterMember(BaseModel):
    member_id: uuid.UUID
    name_kk: str
    name_ru: str
    region: str | None
    included_on: CalendarDay = Field(description="The first day of membership (Asia/Almaty).")
    ended_on: CalendarDay | None = Field(
        description="The first day without membership (Asia/Almaty); null while it lasts."
    )
    joined_on: CalendarDay = Field(
        deprecated=True, description="Deprecated: read `included_on` (Asia/Almaty)."
    )
    left_on: CalendarDay | None = Field(
        deprecated=True, description="Deprecated: read `ended_on` (Asia/Almaty)."
    )


class Roster(BaseModel):
    as_of: CalendarDay
    total: int
    members: list[RosterMember]


@router.get("", response_model=Roster)
async def get_roster(
    platform: PlatformDep, as_of: Annotated[CalendarDay | None, Query()] = None
) -> Roster:
    """Members on the roster on ``as_of`` (today by default)."""
    day = as_of or platform.clock.today()
    async with platform.sessions() as db:
        members = [
            RosterMember.model_validate(
                {**r, "included_on": r["joined_on"], "ended_on": r["left_on"]}
            )
            for r in await members_on(db, day)
        ]
    return Roster(as_of=day, total=len(members), members=members)
