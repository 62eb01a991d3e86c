"""Request and response bodies of the council API (validated at the edge)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, computed_field

from services.council.domain.commands import CouncilBody, council_for
from services.council.domain.errors import CouncilBodyMismatch
from services.council.domain.events import (
    Choice,
    Consent,
    Content,
    Counts,
    DecisionRef,
    PersonName,
    Text,
    Title,
)
from shared.api.schemas import RequestBody
from shared.assemblies import NATIONAL, body_key, known
from shared.dates import CalendarDay, Instant
from shared.rulebooks import national_rulebook_on
from shared.rulebooks import provisional as provisional_verdict
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

ASSEMBLY_PATTERN = r"^[a-z0-9_-]{2,40}$"
BODY_PATTERN = r"^[a-z][a-z0-9_.]{1,80}$"
STATE_BODY_PATTERN = r"^[a-z0-9][a-z0-9_.-]{1,80}$"


AssemblyCode = Annotated[str, AfterValidator(known)]
"""``national``, a national rulebook code (``apk``, ``hk``) or a region's code
(``shared.assemblies``)."""


def assembly_on(assembly: str, day: date) -> str:
    """The assembly's code in Council events: ``national`` is the national rulebook in force on
    ``day`` (``apk``, or ``hk`` from the succession); other codes as they are."""
    return national_rulebook_on(day).assembly if assembly == NATIONAL else assembly


class CouncilIn(RequestBody):
    assembly: AssemblyCode = Field(
        default=NATIONAL_ASSEMBLY,
        pattern=ASSEMBLY_PATTERN,
        description="The assembly whose council meets: ``apk`` (or ``national``) for the"
        " Assembly's Council, a region's code (``abai``, ...) for a regional assembly's council"
        " (Law 2008 Art. 14), judged by that assembly's rulebook.",
    )
    body: str | None = Field(
        default=None,
        pattern=BODY_PATTERN,
        description="The council's body key; default and only value: the assembly's own"
        " (``council``, or ``regional_assembly.<region>``).",
    )

    def council(self, day: date) -> CouncilBody:
        """The council this request names on ``day`` (its body checked against the assembly)."""
        found = council_for(assembly_on(self.assembly, day))
        if self.body is not None and self.body != found.body:
            raise CouncilBodyMismatch(self.assembly, self.body, body_key(self.assembly))
        return found


class ConveneRequest(CouncilIn):
    number: str = Field(min_length=1, max_length=100, description="The protocol's number.")
    held_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    chair: PersonName | None = None
    consent: Consent | None = Field(
        default=None, description="The Chairman's consent: required of a Deputy Chairman."
    )


class AttendanceRequest(RequestBody):
    member_id: uuid.UUID


class VoteRequest(RequestBody):
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


class BallotRequest(RequestBody):
    choice: Choice


class AssignmentIn(RequestBody):
    state_body: str = Field(pattern=STATE_BODY_PATTERN)
    task: Text
    deadline: CalendarDay


class AssignRequest(RequestBody):
    assignments: list[AssignmentIn] = Field(min_length=1, max_length=100)
    assigned_on: CalendarDay | None = Field(default=None, description="Default: today.")


class ReportRequest(RequestBody):
    text: str = Field(min_length=1, max_length=20000)
    filed_on: CalendarDay | None = None


class ReturnRequest(RequestBody):
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
    senate_proposals: list[uuid.UUID] = Field(
        default_factory=list,
        description="The regional assemblies' Senate-candidate proposals this item considers.",
    )


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


class AssemblyGap(BaseModel):
    """One assembly's council and its last meeting held (closed with quorum) on ``as_of``."""

    assembly: str
    body: str
    last_meeting: CalendarDay | None = Field(
        description="None: no meeting of this council held on record."
    )
    due_by: CalendarDay | None
    overdue: bool | None = Field(
        description="The gap since the last meeting exceeds the rulebook's maximum (Law 2008"
        " Art. 10; a regional assembly's own rulebook); None without a meeting on record."
    )
    rulebook: str | None
    rule: str | None
    provisional: bool


class AssemblyGaps(BaseModel):
    as_of: CalendarDay
    assemblies: list[AssemblyGap]
    overdue: int


class SenateProposalRequest(RequestBody):
    """A regional assembly's proposal of a Senate candidate (Law 2008 Art. 14)."""

    assembly: AssemblyCode = Field(pattern=ASSEMBLY_PATTERN, description="The region's code.")
    candidate: PersonName = Field(description="The candidate's name in Kazakh and Russian.")
    decision: DecisionRef = Field(description="The regional assembly's decision: number, date.")


class SenateAgendaRequest(RequestBody):
    """Pending proposals put on a national meeting's agenda as one item."""

    proposals: list[uuid.UUID] = Field(
        min_length=1, max_length=100, description="The pending proposals' ids."
    )
    title: Title = Field(
        description="The agenda item's title (by default: the regional assemblies' proposals"
        " of Senate candidates).",
        default=Title(
            kk="Сенат депутаттығына кандидатуралар туралы өңір ассамблеяларының ұсыныстары",
            ru="Предложения ассамблей регионов по кандидатурам в депутаты Сената",
        ),
    )


class SenateProposalView(BaseModel):
    proposal_id: uuid.UUID
    assembly: str
    candidate_kk: str
    candidate_ru: str
    decision_number: str
    decision_date: CalendarDay
    submitted_on: CalendarDay
    rulebook: str
    rule: str
    status: str
    meeting_id: uuid.UUID | None
    item_id: uuid.UUID | None
    put_on: CalendarDay | None
    version: int


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
    assembly: str
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
