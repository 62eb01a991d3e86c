"""Request and response bodies of the council API (validated at the edge)."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from services.council.domain.events import (
    COUNCIL_BODY,
    Choice,
    Consent,
    Content,
    Counts,
    PersonName,
    Text,
    Title,
)
from shared.dates import CalendarDay, Instant
from shared.rulebooks import provisional as provisional_verdict
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

ASSEMBLY_PATTERN = r"^[a-z0-9-]{2,40}$"
BODY_PATTERN = r"^[a-z][a-z0-9_.]{1,80}$"
STATE_BODY_PATTERN = r"^[a-z0-9][a-z0-9_.-]{1,80}$"


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CouncilIn(Request):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    body: str = Field(default=COUNCIL_BODY, pattern=BODY_PATTERN)


class ConveneRequest(CouncilIn):
    number: str = Field(min_length=1, max_length=100, description="The protocol's number.")
    held_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    chair: PersonName | None = None
    consent: Consent | None = Field(
        default=None, description="The Chairman's consent: required of a Deputy Chairman."
    )


class AttendanceRequest(Request):
    member_id: uuid.UUID


class VoteRequest(Request):
    text: Text
    content: Content
    counts: Counts


class WrittenPollRequest(CouncilIn):
    number: str = Field(min_length=1, max_length=100)
    text: Text
    content: Content
    deadline: Instant = Field(
        description="The instant the written poll closes, in ISO 8601 with its UTC offset"
        " (e.g. 2026-03-20T18:00:00+05:00, Almaty time)."
    )


class BallotRequest(Request):
    choice: Choice


class AssignmentIn(Request):
    state_body: str = Field(pattern=STATE_BODY_PATTERN)
    task: Text
    deadline: CalendarDay


class AssignRequest(Request):
    assignments: list[AssignmentIn] = Field(min_length=1, max_length=100)
    assigned_on: CalendarDay | None = Field(default=None, description="Default: today.")


class ReportRequest(Request):
    text: str = Field(min_length=1, max_length=20000)
    filed_on: CalendarDay | None = None


class ReturnRequest(Request):
    reason: str = Field(min_length=3, max_length=2000)


class CommandState(BaseModel):
    id: uuid.UUID
    version: int
    status: str


class ReportState(CommandState):
    report_id: uuid.UUID


class CouncilMember(BaseModel):
    member_id: uuid.UUID
    name_kk: str
    name_ru: str
    start_on: CalendarDay
    end_on: CalendarDay | None


class Composition(BaseModel):
    assembly: str
    body: str
    as_of: CalendarDay
    total: int
    quorum_required: int | None
    rulebook: str | None
    rule: str | None
    members: list[CouncilMember]


class MeetingView(BaseModel):
    meeting_id: uuid.UUID
    assembly: str
    body: str
    number: str
    held_on: CalendarDay
    place: str
    chair_kk: str | None
    chair_ru: str | None
    convened_by: str
    consent_reference: str | None
    consent_given_on: CalendarDay | None
    convened_on: CalendarDay | None
    """None for a meeting recorded from its protocol."""
    convening_rule: str | None
    status: str
    council_total: int | None
    quorum_required: int | None
    rulebook: str | None
    quorum_rule: str | None
    present: int
    quorate: bool | None
    closed_on: CalendarDay | None
    signed_by: str | None
    signed_at: Instant | None
    digests: dict[str, str] | None
    source_number: str | None = None
    """A meeting recorded from its protocol: the protocol's number and date, and when it was
    recorded here."""
    source_date: CalendarDay | None = None
    recorded_at: Instant | None = None
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The quorum applied is a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.quorum_rule)


class AgendaItemView(BaseModel):
    item_id: uuid.UUID
    position: int
    title_kk: str
    title_ru: str


class AttendanceView(BaseModel):
    member_id: uuid.UUID
    name_kk: str
    name_ru: str
    present: bool


class ResolutionView(BaseModel):
    resolution_id: uuid.UUID
    assembly: str
    body: str
    method: str
    meeting_id: uuid.UUID | None
    item_id: uuid.UUID | None
    number: str | None
    kind: str
    text_kk: str
    text_ru: str
    content: dict[str, Any]
    status: str
    votes_for: int
    against: int
    abstain: int
    present: int | None
    council_total: int
    required: int
    quorum_required: int | None
    quorum_rule: str | None
    rulebook: str
    rule: str
    voted_on: CalendarDay
    deadline: Instant | None
    closed_at: Instant | None
    close_reason: str | None
    protocol_number: str | None
    protocol_date: CalendarDay | None
    adopted_on: CalendarDay | None
    source_number: str | None = None
    """A written poll recorded from its protocol: the protocol's number and date, and when it
    was recorded here."""
    source_date: CalendarDay | None = None
    recorded_at: Instant | None = None
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The majority applied is a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.rule)


class MeetingDetail(MeetingView):
    agenda: list[AgendaItemView]
    attendance: list[AttendanceView]
    resolutions: list[ResolutionView]
    quorum_now: bool | None


class BallotView(BaseModel):
    member_id: uuid.UUID
    choice: Choice
    cast_at: Instant


class WrittenPollView(ResolutionView):
    ballots: list[BallotView] | None


class Gap(BaseModel):
    from_meeting: CalendarDay
    to_meeting: CalendarDay
    due_by: CalendarDay | None
    rulebook: str
    rule: str


class CurrentGap(BaseModel):
    last_meeting: CalendarDay
    due_by: CalendarDay | None
    overdue: bool
    rulebook: str
    rule: str


class MeetingGaps(BaseModel):
    assembly: str
    body: str
    as_of: CalendarDay
    flagged: bool = Field(description="No meeting held for longer than the rulebook allows.")
    current: CurrentGap | None
    past_gaps: list[Gap]


class CardView(BaseModel):
    card_id: uuid.UUID
    source: str
    source_id: uuid.UUID
    assembly: str
    kind: str
    text_kk: str
    text_ru: str
    adopted_on: CalendarDay
    rulebook: str
    rule: str
    status: str
    closed_on: CalendarDay | None
    version: int
    assignments: int
    done: int


class AssignmentView(BaseModel):
    assignment_id: uuid.UUID
    card_id: uuid.UUID
    state_body: str
    task_kk: str
    task_ru: str
    assigned_on: CalendarDay
    deadline: CalendarDay
    status: str
    pending_report_id: uuid.UUID | None
    completed_on: CalendarDay | None
    overdue: bool
    source: str
    source_id: uuid.UUID
    kind: str
    card_text_kk: str
    card_text_ru: str


class ReportView(BaseModel):
    report_id: uuid.UUID
    assignment_id: uuid.UUID
    state_body: str
    text: str
    filed_on: CalendarDay
    outcome: str
    reason: str | None
    decided_on: CalendarDay | None


class HistoryEntry(BaseModel):
    version: int
    event_type: str
    assignment_id: uuid.UUID | None
    actor: str
    recorded_at: Instant
    data: dict[str, Any]


class Progress(BaseModel):
    assignments: int
    done: int
    overdue: int
    percent: int


class CardDetail(BaseModel):
    card: CardView
    progress: Progress
    assignment_list: list[AssignmentView]
    reports: list[ReportView]
    history: list[HistoryEntry]


class CandidacyView(BaseModel):
    member_id: uuid.UUID
    name_kk: str
    name_ru: str
    nominated_on: CalendarDay
    reviewed: bool
    recommended: bool | None
