"""The roster of an assembly on a day (the basis of every quorum, Reg2024 §9;
Law 2008 Art. 14 for a regional assembly)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from shared.api.deps import PlatformDep
from shared.assemblies import NATIONAL, Assembly, roster_of
from shared.dates import CalendarDay
from shared.roster import members_on

router = APIRouter(prefix="/v1/roster", tags=["roster"])


class RosterMember(BaseModel):
    member_id: uuid.UUID
    person_id: uuid.UUID = Field(
        description="The natural person, the same in every assembly they are a member of."
    )
    assembly: str = Field(description="The roster: `national` or a region's code.")
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
    assembly: str
    as_of: CalendarDay
    total: int
    members: list[RosterMember]


@router.get("", response_model=Roster)
async def get_roster(
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
    assembly: Annotated[Assembly, Query(max_length=40)] = NATIONAL,
) -> Roster:
    """Members of ``assembly`` (the national Assembly by default, or a region's code) on the
    roster on ``as_of`` (today by default)."""
    day = as_of or platform.clock.today()
    async with platform.sessions() as db:
        members = [
            RosterMember.model_validate(
                {**r, "included_on": r["joined_on"], "ended_on": r["left_on"]}
            )
            for r in await members_on(db, assembly, day)
        ]
    return Roster(assembly=roster_of(assembly), as_of=day, total=len(members), members=members)
