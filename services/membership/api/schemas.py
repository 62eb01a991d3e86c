"""Request and response bodies of the membership API (validated at the edge)."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.membership.domain.events import DecisionRef, EndGround, MemberCategory, PersonName

REGION_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"


class IncludeMemberRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PersonName
    region: str | None = Field(default=None, pattern=REGION_PATTERN)
    category: MemberCategory
    decision: DecisionRef
    effective_on: date


class EndMembershipRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ground: EndGround
    effective_on: date
    decision: DecisionRef | None = None


class CorrectNameRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PersonName
    reason: str = Field(min_length=3, max_length=1000)


class MemberState(BaseModel):
    member_id: uuid.UUID
    version: int
    active: bool


class MemberView(BaseModel):
    member_id: uuid.UUID
    name_kk: str
    name_ru: str
    region: str | None
    category: MemberCategory
    status: str
    included_on: date
    ended_on: date | None
    end_ground: EndGround | None
    version: int
