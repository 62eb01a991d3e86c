"""Request and response bodies of the sessions API (validated at the edge)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import BaseModel, Field, computed_field

from services.sessions.domain.events import (
    Choice,
    DecisionKind,
    Motion,
    PersonName,
    SessionKind,
    SourceDocument,
    Title,
    VoteMethod,
)
from shared.api.schemas import RequestBody
from shared.dates import CalendarDay, Instant
from shared.rulebooks import provisional as provisional_verdict
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

ASSEMBLY_PATTERN = r"^[a-z0-9_-]{2,40}$"
Reason = Field(min_length=1, max_length=2000)
DecisionRefField = Field(
    min_length=1,
    max_length=200,
    description="The id of the decision this Session adopted for the change (Reg2024 §10–11).",
)


class ConveneRequest(RequestBody):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    opens_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    announced_on: CalendarDay | None = Field(default=None, description="Default: today.")


class ConveneExtraordinaryRequest(RequestBody):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    opens_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    decided_on: CalendarDay | None = Field(default=None, description="Default: today.")
    request_id: uuid.UUID | None = Field(
        default=None, description="A supported members' request; none: the Chairman's initiative."
    )


class PostponeRequest(RequestBody):
    opens_on: CalendarDay
    reason: str = Reason
    postponed_on: CalendarDay | None = None


class CancelRequest(RequestBody):
    reason: str = Reason
    cancelled_on: CalendarDay | None = None


class AttendanceRequest(RequestBody):
    member_id: uuid.UUID


class AddAgendaItemRequest(RequestBody):
    title: Title
    decision_ref: str = DecisionRefField


class ReorderAgendaRequest(RequestBody):
    order: list[uuid.UUID] = Field(min_length=1, max_length=200)
    decision_ref: str = DecisionRefField


class DecisionRequest(RequestBody):
    decision_ref: str = DecisionRefField


class OpenRequestBody(RequestBody):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    reason: str = Reason
    agenda: list[Title] = Field(min_length=1, max_length=100)
    requested_on: CalendarDay | None = None


class SignRequest(RequestBody):
    signed_on: CalendarDay | None = None


class CommandState(BaseModel):
    id: uuid.UUID
    version: int
    status: str


class SessionView(BaseModel):
    session_id: uuid.UUID
    assembly: str
    kind: str
    initiative: str | None
    request_id: uuid.UUID | None
    status: str
    opens_on: CalendarDay
    place: str
    announced_on: CalendarDay | None
    """None for a Session recorded from its protocol."""
    deadline: CalendarDay | None
    rulebook: str
    rule: str
    postponements: int
    cancel_reason: str | None
    cancelled_on: CalendarDay | None
    sitting_on: CalendarDay | None
    closed_on: CalendarDay | None
    rules_of_procedure: str | None
    source_number: str | None = None
    """A Session recorded from its protocol: the protocol's number and date, and when it was
    recorded here."""
    source_date: CalendarDay | None = None
    recorded_at: Instant | None = None
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The rule applied to its convening (or its recorded quorum) is a provisional value."""
        return provisional_verdict(self.rulebook, self.rule)


class AgendaItemView(BaseModel):
    item_id: uuid.UUID
    position: int | None
    title_kk: str
    title_ru: str
    provisional: bool
    added_by: str | None
    withdrawn_by: str | None


class PostponementView(BaseModel):
    previous_opens_on: CalendarDay
    opens_on: CalendarDay
    reason: str
    postponed_on: CalendarDay
    rule: str


class AttendanceView(BaseModel):
    member_id: uuid.UUID
    name_kk: str | None
    name_ru: str | None
    present: bool
    registered_by: str
    withdrawn_by: str | None


class QuorumView(BaseModel):
    sitting_on: CalendarDay
    open: bool
    present: int
    total: int
    required: int
    quorate: bool
    rulebook: str
    rule: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The quorum applied is a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.rule)


class SessionDetail(SessionView):
    agenda: list[AgendaItemView]
    postponements_history: list[PostponementView]
    quorum: QuorumView | None
    attendance: list[AttendanceView] | None = Field(
        description="Who registered: for members, officials and auditors; null for the public."
    )


class YearWithoutSession(BaseModel):
    year: int
    held: int
    required: int
    rulebook: str
    rule: str


class Compliance(BaseModel):
    assembly: str
    from_year: int
    to_year: int
    years: list[YearWithoutSession]


class AssemblySessions(BaseModel):
    assembly: str = Field(description="`national` or a region's code.")
    held: int = Field(description="Sessions whose sitting opened in the year.")


class SessionsByAssembly(BaseModel):
    year: int
    assemblies: list[AssemblySessions] = Field(
        description="Every one of the 21 assemblies, the national Assembly first."
    )
    without_session: list[str] = Field(description="The assemblies that held no Session.")


class ExtraordinaryRequestView(BaseModel):
    request_id: uuid.UUID
    assembly: str
    reason: str
    agenda: list[dict[str, Any]]
    requested_by: uuid.UUID
    requested_on: CalendarDay
    signatures: int
    roster_total: int | None
    required: int | None
    rulebook: str | None
    rule: str | None
    supported_on: CalendarDay | None
    session_id: uuid.UUID | None
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The share of signatures applied is a provisional value."""
        return provisional_verdict(self.rulebook, self.rule)


# -- polls, decisions and ballots --------------------


class OpenPollRequest(RequestBody):
    item_id: uuid.UUID
    method: VoteMethod
    motion: Motion
    decision_kind: DecisionKind = DecisionKind.OTHER
    deadline: Instant | None = Field(default=None, description="With a time zone.")


class VoteRequest(RequestBody):
    choice: Choice


class PublicationRequest(RequestBody):
    outlet: str = Field(min_length=1, max_length=500)
    published_on: CalendarDay | None = Field(default=None, description="Default: today.")


RECEIPT_PATTERN = "^[a-z2-7]+$"


class ReceiptLookup(RequestBody):
    receipt: str = Field(min_length=16, max_length=64, pattern=RECEIPT_PATTERN)


class VoteReceipt(BaseModel):
    """An open or roll-call vote, as recorded."""

    poll_id: uuid.UUID
    member_id: uuid.UUID
    choice: Choice
    cast_at: Instant


class SecretBallotReceipt(BaseModel):
    """A secret ballot went into the box: keep the receipt to find the ballot, with its choice,
    among those published at the close. It is shown once and stored nowhere with the voter."""

    poll_id: uuid.UUID
    receipt: str
    cast_at: Instant


class PublishedBallotView(BaseModel):
    receipt: str
    choice: Choice


class BallotView(BaseModel):
    member_id: uuid.UUID
    name_kk: str | None
    name_ru: str | None
    choice: Choice


class PollResult(BaseModel):
    poll_id: uuid.UUID
    session_id: uuid.UUID
    item_id: uuid.UUID
    method: VoteMethod
    motion_kk: str
    motion_ru: str
    decision_kind: DecisionKind
    sitting_on: CalendarDay
    present: int = Field(description="Members present at the opening: the majority's basis.")
    roster_total: int
    required: int = Field(description="Votes for needed to adopt.")
    rulebook: str
    rule: str
    opened_at: Instant | None
    """None for a vote recorded from its protocol (``source_*``, ``recorded_at``)."""
    deadline: Instant | None
    deadline_passed: bool
    status: str
    closed_at: Instant | None
    close_reason: str | None
    adopted: bool | None
    turnout: int = Field(description="Ballots cast so far.")
    votes_for: int | None = Field(description="Null for a secret poll until its close.")
    against: int | None
    abstain: int | None
    source_number: str | None = None
    source_date: CalendarDay | None = None
    recorded_at: Instant | None = None
    version: int
    ballots: list[BallotView] | None = Field(
        description="Each member's vote, for a roll-call poll; null for an open one."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The majority applied is a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.rule)


class DecisionView(BaseModel):
    decision_id: uuid.UUID
    poll_id: uuid.UUID
    session_id: uuid.UUID
    item_id: uuid.UUID
    assembly: str
    kind: DecisionKind
    text_kk: str
    text_ru: str
    adopted_on: CalendarDay
    method: VoteMethod
    votes_for: int
    against: int
    abstain: int
    present: int
    required: int
    rulebook: str
    rule: str
    published_in: str | None
    published_on: CalendarDay | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The majority applied is a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.rule)


class RecordEntry(BaseModel):
    poll_id: uuid.UUID
    session_id: uuid.UUID
    item_id: uuid.UUID
    method: VoteMethod
    motion_kk: str
    motion_ru: str
    choice: Choice
    cast_at: Instant
    status: str
    adopted: bool | None


# -- records of past Sessions --------------------


Count = Annotated[int, Field(ge=0, le=100_000)]


class RecordSessionRequest(RequestBody):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    kind: SessionKind = SessionKind.REGULAR
    sitting_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    present: Count = Field(description="The members present, as the protocol states.")
    roster_total: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None,
        description="All members that day as the protocol states; checked against the roster "
        "of the day, which decides when it is known.",
    )
    source: SourceDocument = Field(description="The protocol: its number and date.")


class RecordVoteRequest(RequestBody):
    item_id: uuid.UUID
    method: VoteMethod
    motion: Motion
    decision_kind: DecisionKind = DecisionKind.OTHER
    votes_for: Count
    against: Count
    abstain: Count


class CandidateIn(RequestBody):
    name: PersonName
    member_id: uuid.UUID | None = None
    votes_for: Count


class RecordElectionRequest(RequestBody):
    participants: Count = Field(description="The members who took part in the vote.")
    candidates: list[CandidateIn] = Field(min_length=1, max_length=100)
    term_from: CalendarDay
    term_until: CalendarDay | None = None
    source: SourceDocument = Field(description="The counting commission's protocol.")


class CandidateView(BaseModel):
    name_kk: str
    name_ru: str
    member_id: uuid.UUID | None
    votes_for: int
    elected: bool


class ElectionView(BaseModel):
    election_id: uuid.UUID
    session_id: uuid.UUID
    assembly: str
    sitting_on: CalendarDay
    participants: int
    seats: int
    required: int = Field(description="The votes for a candidate needs to be elected.")
    rulebook: str
    rule: str
    majority_rule: str
    term_from: CalendarDay
    term_until: CalendarDay | None
    source_number: str
    source_date: CalendarDay
    recorded_at: Instant
    candidates: list[CandidateView]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The seats applied are a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.rule)
