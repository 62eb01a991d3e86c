"""Request and response bodies of the membership API (validated at the edge)."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.membership.domain.events import (
    DecisionRef,
    EndGround,
    Gender,
    MemberCategory,
    NominationRoute,
    PersonName,
)
from shared.dates import CalendarDay

CODE_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonIn(Request):
    name: PersonName
    iin: str = Field(pattern=r"^[0-9]{12}$", description="ЖСН / ИИН: 12 digits")
    gender: Gender
    ethnic_group: str | None = Field(default=None, pattern=CODE_PATTERN)


class NominateRequest(Request):
    person: PersonIn
    region: str | None = Field(default=None, pattern=CODE_PATTERN)
    category: MemberCategory
    association_id: uuid.UUID | None = None
    route: NominationRoute
    nominating_region: str | None = Field(default=None, pattern=CODE_PATTERN)
    decision: DecisionRef
    nominated_on: CalendarDay


class CouncilReviewRequest(Request):
    """The Secretariat back-fills a review from the Council's protocol."""

    recommended: bool
    protocol: DecisionRef


class SubmitRequest(Request):
    submitted_on: CalendarDay
    decision: DecisionRef | None = None


class ApproveRequest(Request):
    decision: DecisionRef
    effective_on: CalendarDay


class RejectRequest(Request):
    decision: DecisionRef
    rejected_on: CalendarDay


class IncludeMemberRequest(Request):
    person: PersonIn
    region: str | None = Field(default=None, pattern=CODE_PATTERN)
    category: MemberCategory
    association_id: uuid.UUID | None = None
    decision: DecisionRef
    effective_on: CalendarDay


class EndMembershipRequest(Request):
    ground: EndGround
    effective_on: CalendarDay
    decision: DecisionRef | None = None


class CorrectNameRequest(Request):
    name: PersonName
    reason: str = Field(min_length=3, max_length=1000)


class MemberState(BaseModel):
    member_id: uuid.UUID
    version: int
    status: str


class MemberPublicView(BaseModel):
    """What the public reads: names, region and standing."""

    member_id: uuid.UUID
    name_kk: str
    name_ru: str
    region: str | None
    status: str
    included_on: CalendarDay | None
    ended_on: CalendarDay | None


class MemberView(MemberPublicView):
    """What the Assembly's officials and auditors read (the IIN only masked)."""

    category: MemberCategory
    route: str | None
    association_id: uuid.UUID | None
    ethnic_group: str | None
    gender: Gender | None
    iin_masked: str | None
    nomination_route: NominationRoute | None
    nominating_region: str | None
    nominated_on: CalendarDay | None
    recommended: bool | None
    submitted_on: CalendarDay | None
    rejected_on: CalendarDay | None
    end_ground: EndGround | None
    version: int


class Roster(BaseModel):
    as_of: CalendarDay
    total: int
    members: list[MemberView] | list[MemberPublicView]


class HistoryEntry(BaseModel):
    version: int
    event_type: str
    recorded_at: str
    actor: str
    data: dict[str, Any]
