"""Council events: immutable, versioned, past-tense facts of the Council (Reg2024 §12–15;
Reg2011 §9; Reg2002 §9) and of execution control (Reg2024 §4.5, §28; Reg2002 §12).

Four streams:

- ``meeting-<uuid>``: one Council meeting, from convening to the sign-off of its protocol;
- ``resolution-<uuid>``: one question put to the Council, at a meeting (one append: the vote,
  and when adopted the resolution and its effects) or by the Secretariat's written poll (opened,
  ballots, closed; adopted in the append that decides it). The effects of a candidacy review
  or a Deputy Chairman recommendation are one event per person, in the resolution's append:
  membership applies each (``services/membership/consumers/council.py``);
- ``card-<uuid>``: one control card of an adopted Session decision or Council resolution, its
  assignments to state bodies, their reports and the Secretariat's acceptance or return;
- ``senate-proposal-<uuid>``: a regional assembly's proposal of a Senate candidate for the
  Council (Law 2008 Art. 14; Reg2024 §13), put on a national meeting's agenda by the
  Secretariat (``SenateProposalsPutOnAgenda`` in the meeting's stream).

Every event carries the assembly and the body (``apk`` and ``council`` for the Assembly's
Council; a region's code and ``regional_assembly.<region>`` for a regional assembly's council,
``shared.assemblies``).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.dates import CalendarDay
from shared.eventstore.model import DomainEvent, EventRegistry

registry = EventRegistry()

COUNCIL_BODY = "council"
"""The Assembly's Council: membership's ``body-council`` stream."""
COUNCIL_MEMBER_POST = "council_member"


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Value):
    """A text in Kazakh and in Russian."""

    kk: str = Field(min_length=1, max_length=20000)
    ru: str = Field(min_length=1, max_length=20000)


class Title(_Value):
    kk: str = Field(min_length=1, max_length=500)
    ru: str = Field(min_length=1, max_length=500)


class PersonName(_Value):
    kk: str = Field(min_length=1, max_length=200)
    ru: str = Field(min_length=1, max_length=200)


class DecisionRef(_Value):
    """A document: number and date (the contract's ``protocol`` field)."""

    number: str = Field(min_length=1, max_length=100)
    date: CalendarDay


class AgendaItem(_Value):
    item_id: uuid.UUID
    title: Title


class ConvenedBy(StrEnum):
    """Who convened the meeting (Reg2024 §12)."""

    CHAIRMAN = "chairman"
    DEPUTY_CHAIRMAN = "deputy_chairman"
    """With the Chairman's consent, which is recorded."""
    REGIONAL_ASSEMBLY = "regional_assembly"
    """A regional assembly's council, convened by that assembly (its chair, the akim: Law 2008
    Art. 14)."""


class Consent(_Value):
    """The Chairman's consent to a meeting convened by the Deputy Chairmen (Reg2024 §12)."""

    reference: str = Field(min_length=1, max_length=200)
    given_on: CalendarDay


# -- typed resolutions (Reg2024 §13) ----------------------------------------------------------


class ResolutionKind(StrEnum):
    CANDIDACY_REVIEW = "candidacy_review"
    """Consideration of membership candidacies (Reg2024 §13.2)."""
    SENATE_CANDIDATES = "senate_candidates"
    """The candidates for the five Senate deputies appointed by the President (Reg2024 §13.1)."""
    NEXT_SESSION = "next_session"
    """A proposal to the President to convene the next Session, with its agenda (Reg2024 §13.3)."""
    WORK_PLAN = "work_plan"
    """Items for the Secretariat's work plan (Reg2024 §13.4)."""
    PUBLIC_AWARD = "public_award"
    """A public award of the Assembly and its statute (Reg2024 §13.5)."""
    DEPUTY_CHAIRMAN_RECOMMENDATION = "deputy_chairman_recommendation"
    """A recommendation for an ethnocultural Deputy Chairman's seat (Reg2024 §16)."""
    OTHER = "other"
    """Other decisions outside the Session's exclusive competence (Reg2024 §13.6)."""


class CandidacyReview(_Value):
    member_id: uuid.UUID
    recommended: bool
    name: PersonName | None = None


class NamedPerson(_Value):
    member_id: uuid.UUID | None = None
    name: PersonName


class CandidacyReviews(_Value):
    kind: Literal[ResolutionKind.CANDIDACY_REVIEW] = ResolutionKind.CANDIDACY_REVIEW
    reviews: tuple[CandidacyReview, ...] = Field(min_length=1, max_length=500)


class SenateCandidates(_Value):
    kind: Literal[ResolutionKind.SENATE_CANDIDATES] = ResolutionKind.SENATE_CANDIDATES
    candidates: tuple[NamedPerson, ...] = Field(min_length=1, max_length=20)


class NextSessionProposal(_Value):
    kind: Literal[ResolutionKind.NEXT_SESSION] = ResolutionKind.NEXT_SESSION
    proposed_opens_on: CalendarDay | None = None
    agenda: tuple[Title, ...] = Field(min_length=1, max_length=100)


class WorkPlanItems(_Value):
    kind: Literal[ResolutionKind.WORK_PLAN] = ResolutionKind.WORK_PLAN
    items: tuple[Title, ...] = Field(min_length=1, max_length=200)


class PublicAward(_Value):
    kind: Literal[ResolutionKind.PUBLIC_AWARD] = ResolutionKind.PUBLIC_AWARD
    award: Title
    statute: Text
    award_id: uuid.UUID | None = None
    """The award whose statute this resolution amends (kept by the programmes service);
    absent, the resolution establishes a new award with this statute."""


class DeputyChairmanRecommendations(_Value):
    kind: Literal[ResolutionKind.DEPUTY_CHAIRMAN_RECOMMENDATION] = (
        ResolutionKind.DEPUTY_CHAIRMAN_RECOMMENDATION
    )
    recommended: tuple[NamedPerson, ...] = Field(min_length=1, max_length=2)


class OtherResolution(_Value):
    kind: Literal[ResolutionKind.OTHER] = ResolutionKind.OTHER


Content = Annotated[
    CandidacyReviews
    | SenateCandidates
    | NextSessionProposal
    | WorkPlanItems
    | PublicAward
    | DeputyChairmanRecommendations
    | OtherResolution,
    Field(discriminator="kind"),
]


class Counts(_Value):
    votes_for: int = Field(ge=0)
    against: int = Field(ge=0)
    abstain: int = Field(ge=0)


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class CloseReason(StrEnum):
    OUTCOME_DECIDED = "outcome_decided"
    """Closed early: the remaining ballots can no longer change the outcome."""
    DEADLINE = "deadline"
    """Closed by the Secretariat at or after the deadline."""
    ALL_VOTED = "all_voted"


class Method(StrEnum):
    MEETING = "meeting"
    WRITTEN_POLL = "written_poll"


# -- the meeting ------------------------------------------------------------------------------


@registry.register
class MeetingConvened(DomainEvent):
    """The Chairman, or a Deputy Chairman with the Chairman's consent, convened a Council
    meeting (Reg2024 §12): its protocol number, date, place and agenda."""

    event_type = "MeetingConvened"
    schema_version = 1

    meeting_id: uuid.UUID
    assembly: str
    body: str
    number: str
    held_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    chair: PersonName | None
    convened_by: ConvenedBy
    consent: Consent | None
    convened_on: date
    rule: str


@registry.register
class MeetingOpened(DomainEvent):
    """The Secretariat opened the meeting; ``council_total`` is the number of Council members
    on the meeting's date, the base of its quorum (Reg2024 §14)."""

    event_type = "MeetingOpened"
    schema_version = 1

    meeting_id: uuid.UUID
    council_total: int
    required: int
    rulebook: str
    rule: str


@registry.register
class AttendanceRecorded(DomainEvent):
    """A Council member is present; the name as it stood that day goes into the protocol."""

    event_type = "AttendanceRecorded"
    schema_version = 1

    meeting_id: uuid.UUID
    member_id: uuid.UUID
    name: PersonName


@registry.register
class AttendanceWithdrawn(DomainEvent):
    event_type = "AttendanceWithdrawn"
    schema_version = 1

    meeting_id: uuid.UUID
    member_id: uuid.UUID


@registry.register
class MeetingClosed(DomainEvent):
    """The meeting closed: ``quorate`` (under the rule named) makes it a meeting held."""

    event_type = "MeetingClosed"
    schema_version = 1

    meeting_id: uuid.UUID
    present: int
    council_total: int
    quorate: bool
    required: int
    rulebook: str
    rule: str
    closed_on: date


class Digests(_Value):
    """SHA-256 of each rendering of the signed-off protocol."""

    kk_html: str
    kk_pdf: str
    ru_html: str
    ru_pdf: str


@registry.register
class ProtocolSignedOff(DomainEvent):
    """The Secretariat signed the protocol off: from now on it never changes (Reg2024 §15)."""

    event_type = "ProtocolSignedOff"
    schema_version = 1

    meeting_id: uuid.UUID
    signed_by: str
    position: Title | None
    signed_at: datetime
    digests: Digests


@registry.register
class MeetingRecorded(DomainEvent):
    """A Council meeting held before it was entered here, recorded by the Secretariat from its
    protocol (``source``: number and date): the members present and the Council's members on
    ``held_on``, and its quorum under the rulebook in force that day (Reg2024 §14; Law 2008
    Art. 10 under Reg2011; Reg2002 §9). The votes taken at it are recorded after it, each as
    a resolution (``MeetingVoteTaken``). When it was recorded is the event's own time."""

    event_type = "MeetingRecorded"
    schema_version = 1

    meeting_id: uuid.UUID
    assembly: str
    body: str
    number: str
    held_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    chair: PersonName | None
    convened_by: ConvenedBy
    present: int
    council_total: int
    required: int
    quorate: bool
    rulebook: str
    rule: str
    source: DecisionRef


@registry.register
class SenateProposalsPutOnAgenda(DomainEvent):
    """The Secretariat put regional assemblies' Senate-candidate proposals (Law 2008 Art. 14)
    on a national Council meeting's agenda, as an item of its own (Reg2024 §13): the Council
    proposes the candidates for the Senate deputies (``senate_deputy``, from the rulebook in
    force on the meeting's day: ``rule`` cites it)."""

    event_type = "SenateProposalsPutOnAgenda"
    schema_version = 1

    meeting_id: uuid.UUID
    item: AgendaItem
    proposals: tuple[uuid.UUID, ...]
    put_on: date
    rulebook: str
    rule: str


# -- resolutions: at a meeting, or by written poll --------------------------------------------


@registry.register
class MeetingVoteTaken(DomainEvent):
    """The Council voted at a meeting on a question of its agenda (Reg2024 §14–15): quorum
    and majority judged under the rulebook in force on the meeting's date."""

    event_type = "MeetingVoteTaken"
    schema_version = 1

    resolution_id: uuid.UUID
    meeting_id: uuid.UUID
    assembly: str
    body: str
    item_id: uuid.UUID
    text: Text
    content: Content
    held_on: date
    counts: Counts
    present: int
    council_total: int
    quorum_required: int
    quorum_rule: str
    required: int
    adopted: bool
    rulebook: str
    rule: str


@registry.register
class WrittenPollOpened(DomainEvent):
    """The Secretariat put a question to the Council members by written poll (Reg2011 §9;
    Reg2002 §9): adopted when the rule's share of ALL Council members vote for it.

    ``electorate``: the Council members on the opening day, who alone may vote."""

    event_type = "WrittenPollOpened"
    schema_version = 1

    resolution_id: uuid.UUID
    assembly: str
    body: str
    number: str
    text: Text
    content: Content
    opened_on: date
    deadline: datetime
    electorate: tuple[uuid.UUID, ...]
    council_total: int
    required: int
    rulebook: str
    rule: str


@registry.register
class WrittenPollBallotCast(DomainEvent):
    event_type = "WrittenPollBallotCast"
    schema_version = 1

    resolution_id: uuid.UUID
    member_id: uuid.UUID
    choice: Choice
    cast_at: datetime


@registry.register
class WrittenPollClosed(DomainEvent):
    event_type = "WrittenPollClosed"
    schema_version = 1

    resolution_id: uuid.UUID
    reason: CloseReason
    counts: Counts
    council_total: int
    required: int
    adopted: bool
    rulebook: str
    rule: str
    closed_at: datetime


@registry.register
class WrittenPollRecorded(DomainEvent):
    """A written poll held before it was entered here (Reg2011 §9; Reg2002 §9), recorded by
    the Secretariat from its protocol (``source``): the counts, the number of ALL the Council's
    members on ``held_on`` and the verdict under the rulebook in force that day. Adopted, the
    resolution follows in the same append."""

    event_type = "WrittenPollRecorded"
    schema_version = 1

    resolution_id: uuid.UUID
    assembly: str
    body: str
    number: str
    text: Text
    content: Content
    held_on: date
    counts: Counts
    council_total: int
    required: int
    adopted: bool
    rulebook: str
    rule: str
    source: DecisionRef


@registry.register
class ResolutionAdopted(DomainEvent):
    """The Council adopted a resolution; ``protocol`` is the document that records it."""

    event_type = "ResolutionAdopted"
    schema_version = 1

    resolution_id: uuid.UUID
    assembly: str
    body: str
    kind: ResolutionKind
    text: Text
    content: Content
    method: Method
    meeting_id: uuid.UUID | None
    protocol: DecisionRef
    adopted_on: date
    counts: Counts
    rulebook: str
    rule: str


@registry.register
class CandidacyReviewAdopted(DomainEvent):
    """CONTRACT with membership: the Council's review of one candidacy (Reg2024 §13.2), one
    event per candidate in the resolution's append."""

    event_type = "CandidacyReviewAdopted"
    schema_version = 1

    resolution_id: uuid.UUID
    member_id: uuid.UUID
    recommended: bool
    protocol: DecisionRef


@registry.register
class DeputyChairmanRecommended(DomainEvent):
    """CONTRACT with membership: the Council recommended a member for an ethnocultural Deputy
    Chairman's seat (Reg2024 §16)."""

    event_type = "DeputyChairmanRecommended"
    schema_version = 1

    resolution_id: uuid.UUID
    member_id: uuid.UUID
    protocol: DecisionRef


# -- Senate-candidate proposals of the regional assemblies -------------------------------------


@registry.register
class SenateCandidateProposed(DomainEvent):
    """A regional assembly proposed a Senate candidate to the Council by its decision
    (``decision``: number and date; Law 2008 Art. 14), while the Council proposes the Senate
    deputies (Reg2024 §13; ``rule`` cites the post's rule in force on ``submitted_on``)."""

    event_type = "SenateCandidateProposed"
    schema_version = 1

    proposal_id: uuid.UUID
    assembly: str
    candidate: PersonName
    decision: DecisionRef
    submitted_on: date
    rulebook: str
    rule: str


# -- execution control -------------------------------------------------------------------------


class CardSource(StrEnum):
    SESSION_DECISION = "session_decision"
    COUNCIL_RESOLUTION = "council_resolution"
    ACTION_PLAN = "action_plan"
    """A state body's action plan coordinated by the Secretariat (Reg2024 §28), received on
    ``kelisim.programmes.v1``: one assignment per measure."""


@registry.register
class ControlCardOpened(DomainEvent):
    """An adopted Session decision or Council resolution came under the Secretariat's control
    (Reg2024 §4.5, §28)."""

    event_type = "ControlCardOpened"
    schema_version = 1

    card_id: uuid.UUID
    source: CardSource
    source_id: uuid.UUID
    assembly: str
    kind: str
    text: Text
    adopted_on: date
    rulebook: str
    rule: str


@registry.register
class AssignmentMade(DomainEvent):
    """The Secretariat assigned the decision's execution to a state body with a deadline."""

    event_type = "AssignmentMade"
    schema_version = 1

    card_id: uuid.UUID
    assignment_id: uuid.UUID
    state_body: str
    task: Text
    assigned_on: date
    deadline: date


@registry.register
class ReportFiled(DomainEvent):
    event_type = "ReportFiled"
    schema_version = 1

    card_id: uuid.UUID
    assignment_id: uuid.UUID
    report_id: uuid.UUID
    state_body: str
    text: str
    filed_on: date


@registry.register
class ReportAccepted(DomainEvent):
    event_type = "ReportAccepted"
    schema_version = 1

    card_id: uuid.UUID
    assignment_id: uuid.UUID
    report_id: uuid.UUID
    accepted_on: date


@registry.register
class ReportReturned(DomainEvent):
    event_type = "ReportReturned"
    schema_version = 1

    card_id: uuid.UUID
    assignment_id: uuid.UUID
    report_id: uuid.UUID
    reason: str
    returned_on: date


@registry.register
class ControlCardClosed(DomainEvent):
    """Every assignment's report was accepted: the decision is carried out."""

    event_type = "ControlCardClosed"
    schema_version = 1

    card_id: uuid.UUID
    closed_on: date
