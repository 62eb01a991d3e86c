"""Request and response bodies of the sessions API (validated at the edge)."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from services.sessions.domain.events import Title
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


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConveneRequest(Request):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    opens_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    announced_on: CalendarDay | None = Field(default=None, description="Default: today.")


class ConveneExtraordinaryRequest(Request):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    opens_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    decided_on: CalendarDay | None = Field(default=None, description="Default: today.")
    request_id: uuid.UUID | None = Field(
        default=None, description="A supported members' request; none: the Chairman's initiative."
    )


class PostponeRequest(Request):
    opens_on: CalendarDay
    reason: str = Reason
    postponed_on: CalendarDay | None = None


class CancelRequest(Request):
    reason: str = Reason
    cancelled_on: CalendarDay | None = None


class AttendanceRequest(Request):
    member_id: uuid.UUID


class AddAgendaItemRequest(Request):
    title: Title
    decision_ref: str = DecisionRefField


class ReorderAgendaRequest(Request):
    order: list[uuid.UUID] = Field(min_length=1, max_length=200)
    decision_ref: str = DecisionRefField


class DecisionRequest(Request):
    decision_ref: str = DecisionRefField


class OpenRequestBody(Request):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    reason: str = Reason
    agenda: list[Title] = Field(min_length=1, max_length=100)
    requested_on: CalendarDay | None = None


class SignRequest(Request):
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
