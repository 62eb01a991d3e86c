"""Programmes events: immutable, versioned, past-tense facts of the Assembly's written work and
working bodies (Reg2024 §13, §20–26, §28, §31–32).

Published on ``kelisim.programmes.v1``. Six kinds of stream:

- ``document-<uuid>``: a programme document or the Development Concept, its versions and every
  step of its way from drafting to the President's approval or return (Reg2024 §31–32), and
  the Chairman's orders to carry it out (Reg2024 §32);
- ``plan-<uuid>``: a state body's action plan with its measures, coordinated by the
  Secretariat (Reg2024 §28); the council service consumes its coordination and its measures
  into execution control;
- ``workplan-<year>``: the Secretariat's work plan of a year, items proposed by the Council's
  resolution (Reg2024 §13.4) or by the Secretariat;
- ``award-<uuid>``: a public award the Council established, its statute's versions
  (Reg2024 §13.5) and the people it was conferred on;
- ``workingbody-<uuid>``: the Scientific-Expert Council, a commission, a working group
  (Reg2024 §20–26) or a public structure of the Assembly in a region (seed 003): statute
  versions, seats, meetings;
- ``expert-<uuid>``: a person without membership who sits in or works for a body (an outside
  expert, a foreigner included, Reg2024 §22).

Personal data: an outside expert's IIN and identity document are private fields, stored here
and never published (APPC 2020 Art. 63), and masked in every read. The texts of acts (documents,
opinions, orders, measures, statutes, reasons) are published: an IIN or BIN, a phone number or
an e-mail address in them is refused (``shared.personal_data``).

Every step judged by a rule names the rulebook in force on its date and the paragraph applied
(``rulebook``, ``rule``), from ``services.programmes.domain.procedures``.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.dates import CalendarDay
from shared.eventstore.model import DomainEvent, EventRegistry

registry = EventRegistry()

NO_NUL = r"^[^\x00]*$"
"""No NUL character: PostgreSQL stores none in text or jsonb."""


def _text(max_length: int, min_length: int = 1) -> StringConstraints:
    return StringConstraints(min_length=min_length, max_length=max_length, pattern=NO_NUL)


Line = Annotated[str, _text(500)]
Paragraph = Annotated[str, _text(20_000)]
Body = Annotated[str, _text(500_000)]
"""A whole document's text in one language."""
Reason = Annotated[str, _text(2000, min_length=3)]
Number = Annotated[str, _text(100)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{1,80}$")]
"""A state body's or a region's code (as in the tokens' scope claims)."""


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Title(_Value):
    kk: Line
    ru: Line


class PersonName(_Value):
    kk: Annotated[str, _text(200)]
    ru: Annotated[str, _text(200)]


class Summary(_Value):
    """A text of up to a few pages, in Kazakh and in Russian."""

    kk: Paragraph
    ru: Paragraph


class DocumentText(_Value):
    """A document's text in Kazakh (the state language) and in Russian."""

    kk: Body
    ru: Body


class Attachment(_Value):
    """A file kept outside the system, named by its SHA-256 digest."""

    name: Annotated[str, _text(255)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    media_type: Annotated[str, StringConstraints(pattern=r"^[a-z]+/[a-z0-9.+-]{1,100}$")]
    size: Annotated[int, Field(ge=0, le=10**10)]


Attachments = Annotated[tuple[Attachment, ...], Field(max_length=50)]


class Act(_Value):
    """The source document of a step: an order, a decree, a protocol, a letter."""

    number: Number
    date: CalendarDay
    title: Title | None = None


class Authority(StrEnum):
    """Who decides an act (the rulebook of the act's date says who may)."""

    CHAIRMAN = "chairman"
    """The Chairman of the Assembly (Reg2024 §5–6)."""
    PRESIDENT = "president"
    """The President of the Republic (Reg2011 §26: approves the Concept the Chairman endorsed)."""
    SESSION = "session"
    COUNCIL = "council"
    SECRETARIAT = "secretariat"
    HEAD_OF_SECRETARIAT = "head_of_secretariat"
    """The Deputy Chairman–Head of the Secretariat (Reg2024 §17, §24)."""
    REGIONAL_ASSEMBLY = "regional_assembly"
    STATE_BODY = "state_body"


# -- programme documents and the Development Concept (Reg2024 §31–32) ------------------------


class DocumentKind(StrEnum):
    PROGRAMME = "programme_document"
    """A programme document on interethnic and interfaith relations (Reg2024 §31)."""
    CONCEPT = "development_concept"
    """The Assembly's Development Concept (Reg2024 §32): one in force at a time."""


class Step(StrEnum):
    """The steps of a document's way, in their order (Reg2024 §31)."""

    EXPERT_OPINION = "expert_opinion"
    COUNCIL_DISCUSSION = "council_discussion"
    SESSION_CONSIDERATION = "session_consideration"
    SUBMISSION = "submission"
    APPROVAL = "approval"


class OpinionConclusion(StrEnum):
    SUPPORTED = "supported"
    SUPPORTED_WITH_REMARKS = "supported_with_remarks"
    NOT_SUPPORTED = "not_supported"


class DiscussionOutcome(StrEnum):
    ENDORSED = "endorsed"
    """Brought on to the Session (Reg2024 §31)."""
    RETURNED = "returned"
    """Sent back for revision: drafting goes on."""


@registry.register
class DocumentDrafted(DomainEvent):
    """Drafting of a programme document or the Concept began (Reg2024 §31–32)."""

    event_type = "DocumentDrafted"

    document_id: uuid.UUID
    kind: DocumentKind
    title: Title
    drafted_by: Authority
    drafted_on: date
    rulebook: str
    rule: str


@registry.register
class DocumentVersionAdded(DomainEvent):
    """A version of the text, numbered from 1; each later step concerns the version current
    when it was taken."""

    event_type = "DocumentVersionAdded"

    document_id: uuid.UUID
    version: Annotated[int, Field(ge=1)]
    text: DocumentText
    attachments: Attachments
    added_on: date
    note: Paragraph | None


@registry.register
class ExpertOpinionRecorded(DomainEvent):
    """A body's opinion on a version, adopted at its meeting: the Scientific-Expert Council's
    is the one the Regulation asks for (Reg2024 §31)."""

    event_type = "ExpertOpinionRecorded"

    document_id: uuid.UUID
    opinion_id: uuid.UUID
    version: int
    body_id: uuid.UUID
    body_kind: str
    meeting_id: uuid.UUID | None
    conclusion: OpinionConclusion
    summary: Summary
    given_on: date
    counts: bool
    """Whether it is the opinion the rulebook requires (the Scientific-Expert Council's)."""


@registry.register
class CouncilDiscussionRecorded(DomainEvent):
    """The Council discussed the version (Reg2024 §31): its resolution, as received on
    ``kelisim.council.v1``."""

    event_type = "CouncilDiscussionRecorded"

    document_id: uuid.UUID
    version: int
    resolution_id: uuid.UUID
    protocol: Act
    discussed_on: date
    outcome: DiscussionOutcome
    rulebook: str
    rule: str


@registry.register
class SessionConsiderationRecorded(DomainEvent):
    """The Session considered the version (Reg2024 §31): its decision, as received on
    ``kelisim.sessions.v1``."""

    event_type = "SessionConsiderationRecorded"

    document_id: uuid.UUID
    version: int
    decision_id: uuid.UUID
    session_id: uuid.UUID
    considered_on: date
    rulebook: str
    rule: str


@registry.register
class DocumentSubmitted(DomainEvent):
    """The version was sent for approval (Reg2024 §31: to the President; §32: the Concept to
    the Chairman), every earlier step the rulebook requires having been taken."""

    event_type = "DocumentSubmitted"

    document_id: uuid.UUID
    version: int
    submitted_on: date
    submitted_to: Authority
    letter: Act
    rulebook: str
    rule: str


@registry.register
class DocumentApproved(DomainEvent):
    """Approved (Reg2024 §6, §32): in force from ``effective_from`` until ``valid_until`` (if
    any) or until a later document that supersedes it takes effect."""

    event_type = "DocumentApproved"

    document_id: uuid.UUID
    kind: DocumentKind
    version: int
    approved_on: date
    approved_by: Authority
    act: Act
    effective_from: date
    valid_until: date | None
    supersedes: uuid.UUID | None
    rulebook: str
    rule: str


@registry.register
class DocumentReturned(DomainEvent):
    """Sent back instead of approved: drafting goes on."""

    event_type = "DocumentReturned"

    document_id: uuid.UUID
    version: int
    returned_on: date
    returned_by: Authority
    reason: Reason
    act: Act | None


@registry.register
class ChairmanOrderIssued(DomainEvent):
    """The Chairman's order to carry out an approved document (Reg2024 §32)."""

    event_type = "ChairmanOrderIssued"

    document_id: uuid.UUID
    order_id: uuid.UUID
    act: Act
    text: Summary
    issued_on: date
    rulebook: str
    rule: str


# -- action plans (Reg2024 §28) ------------------------------------------------------------------


class BasisKind(StrEnum):
    """What an action plan carries out (Reg2024 §28)."""

    PROGRAMME_DOCUMENT = "programme_document"
    CHAIRMAN_ORDER = "chairman_order"
    SESSION_DECISION = "session_decision"
    COUNCIL_RESOLUTION = "council_resolution"


class Basis(_Value):
    kind: BasisKind
    id: uuid.UUID
    document_id: uuid.UUID | None = None
    """For a Chairman's order: the document it carries out."""


class Measure(_Value):
    """One measure: what, by which state body, by when; ``set_on`` is the day it was set."""

    measure_id: uuid.UUID
    text: Summary
    state_body: Code
    deadline: date
    set_on: date


Measures = Annotated[tuple[Measure, ...], Field(max_length=500)]


@registry.register
class ActionPlanRegistered(DomainEvent):
    """A state body's action plan, approved by its own act, registered with the Secretariat."""

    event_type = "ActionPlanRegistered"

    plan_id: uuid.UUID
    assembly: str
    state_body: Code
    title: Title
    basis: Basis
    approved: Act
    registered_on: date
    measures: Measures


@registry.register
class MeasureAdded(DomainEvent):
    """A measure added to a plan before its coordination."""

    event_type = "MeasureAdded"

    plan_id: uuid.UUID
    measure: Measure


@registry.register
class ActionPlanCoordinated(DomainEvent):
    """CONTRACT with council: the Secretariat coordinated the plan (Reg2024 §28). Council opens
    one control card for the plan (``source_id`` = ``plan_id``) with one assignment per
    measure (``assignment_id`` = ``measure_id``), so one control board holds decisions,
    resolutions and programme documents."""

    event_type = "ActionPlanCoordinated"

    plan_id: uuid.UUID
    assembly: str
    state_body: Code
    title: Title
    basis: Basis
    approved_on: date
    coordinated_on: date
    measures: Measures
    rulebook: str
    rule: str


# -- the Secretariat's work plan (Reg2024 §13.4, §17) --------------------------------------------


class ItemSource(StrEnum):
    COUNCIL_RESOLUTION = "council_resolution"
    """Proposed by the Council's resolution (Reg2024 §13.4)."""
    SECRETARIAT = "secretariat"


@registry.register
class WorkPlanItemAdded(DomainEvent):
    event_type = "WorkPlanItemAdded"

    year: Annotated[int, Field(ge=1995, le=2100)]
    item_id: uuid.UUID
    title: Title
    source: ItemSource
    resolution_id: uuid.UUID | None
    protocol: Act | None
    due_on: date | None
    added_on: date
    rulebook: str
    rule: str


@registry.register
class WorkPlanItemCompleted(DomainEvent):
    event_type = "WorkPlanItemCompleted"

    year: int
    item_id: uuid.UUID
    completed_on: date
    note: Paragraph | None


@registry.register
class WorkPlanItemDropped(DomainEvent):
    event_type = "WorkPlanItemDropped"

    year: int
    item_id: uuid.UUID
    dropped_on: date
    reason: Reason


# -- public awards (Reg2024 §13.5) ---------------------------------------------------------------


class Statute(_Value):
    """One version of an award's statute, approved by the Council's resolution."""

    version: Annotated[int, Field(ge=1)]
    text: Summary
    resolution_id: uuid.UUID
    protocol: Act
    approved_on: date
    effective_from: date


@registry.register
class AwardEstablished(DomainEvent):
    """The Council established a public award and approved its statute (Reg2024 §13.5)."""

    event_type = "AwardEstablished"

    award_id: uuid.UUID
    name: Title
    statute: Statute
    rulebook: str
    rule: str


@registry.register
class AwardStatuteAmended(DomainEvent):
    """The Council approved a new version of the statute (Reg2024 §13.5); conferrals from its
    ``effective_from`` are under it, earlier ones keep the version of their day."""

    event_type = "AwardStatuteAmended"

    award_id: uuid.UUID
    statute: Statute
    rulebook: str
    rule: str


class Recipient(_Value):
    """Whom an award was conferred on: a name, public as the award is; the member's id when
    the recipient is a member of the Assembly."""

    name: PersonName
    member_id: uuid.UUID | None = None
    affiliation: Title | None = None


@registry.register
class AwardConferred(DomainEvent):
    """An award was conferred by a decision, under the statute in force on its day."""

    event_type = "AwardConferred"

    award_id: uuid.UUID
    conferral_id: uuid.UUID
    recipient: Recipient
    decided_by: Authority
    decision: Act
    resolution_id: uuid.UUID | None
    conferred_on: date
    statute_version: int


# -- working bodies and the regional public structures (Reg2024 §20–26; seed 003) ------------


class BodyKind(StrEnum):
    SCIENTIFIC_EXPERT_COUNCIL = "scientific_expert_council"
    """Reg2024 §21–24: its chair, deputies and members are membership's posts."""
    COMMISSION = "commission"
    """Reg2024 §20."""
    WORKING_GROUP = "working_group"
    """Reg2024 §25: information and outreach, expert or other working groups."""
    REGIONAL_SCIENTIFIC_EXPERT_GROUP = "regional_scientific_expert_group"
    """In every region, at a university (seed 003)."""
    PUBLIC_CONSENT_COUNCIL = "public_consent_council"
    """In every region (seed 003)."""
    MOTHERS_COUNCIL = "mothers_council"
    """In every region (seed 003)."""
    JOURNALISTS_CLUB = "journalists_club"
    """The Assembly's journalists' club, and its regional counterparts (seed 003)."""


REGIONAL_KINDS = frozenset(
    {
        BodyKind.REGIONAL_SCIENTIFIC_EXPERT_GROUP,
        BodyKind.PUBLIC_CONSENT_COUNCIL,
        BodyKind.MOTHERS_COUNCIL,
    }
)
"""Kinds that exist per region (a journalists' club may be national or regional)."""


class SeatRole(StrEnum):
    CHAIR = "chair"
    DEPUTY_CHAIR = "deputy_chair"
    SECRETARY = "secretary"
    MEMBER = "member"
    ENGAGED_EXPERT = "engaged_expert"
    """Not a member of the body: an expert it draws on, a foreigner included (Reg2024 §22)."""


class SeatEndGround(StrEnum):
    RELEASED = "released"
    RESIGNED = "resigned"
    TERM_EXPIRED = "term_expired"
    MEMBERSHIP_ENDED = "membership_ended"
    BODY_DISSOLVED = "body_dissolved"
    DEATH = "death"
    OTHER = "other"


@registry.register
class BodyEstablished(DomainEvent):
    event_type = "BodyEstablished"

    body_id: uuid.UUID
    kind: BodyKind
    name: Title
    region: Code | None
    established_on: date
    decided_by: Authority
    act: Act
    rulebook: str
    rule: str


@registry.register
class BodyStatuteApproved(DomainEvent):
    """A version of the body's statute (for the Scientific-Expert Council, approved by the
    Deputy Chairman–Head of the Secretariat, Reg2024 §24)."""

    event_type = "BodyStatuteApproved"

    body_id: uuid.UUID
    version: Annotated[int, Field(ge=1)]
    text: DocumentText
    attachments: Attachments
    approved_on: date
    approved_by: Authority
    act: Act
    rulebook: str
    rule: str


@registry.register
class SeatFilled(DomainEvent):
    """Someone took a seat on ``start_on``: a member of the Assembly (``member_id``) or a
    person without membership (``expert_id``); the name as it stood that day."""

    event_type = "SeatFilled"

    body_id: uuid.UUID
    seat_id: uuid.UUID
    role: SeatRole
    member_id: uuid.UUID | None
    expert_id: uuid.UUID | None
    name: PersonName
    start_on: date
    act: Act


@registry.register
class SeatEnded(DomainEvent):
    """``end_on`` is the first day the holder no longer sits."""

    event_type = "SeatEnded"

    body_id: uuid.UUID
    seat_id: uuid.UUID
    end_on: date
    ground: SeatEndGround
    act: Act | None


@registry.register
class BodyMeetingHeld(DomainEvent):
    event_type = "BodyMeetingHeld"

    body_id: uuid.UUID
    meeting_id: uuid.UUID
    number: Number
    held_on: date
    place: Line
    agenda: Annotated[tuple[Title, ...], Field(min_length=1, max_length=100)]
    documents: Annotated[tuple[uuid.UUID, ...], Field(max_length=100)]
    present: Annotated[int, Field(ge=0, le=10_000)]


@registry.register
class BodyDissolved(DomainEvent):
    event_type = "BodyDissolved"

    body_id: uuid.UUID
    dissolved_on: date
    act: Act


# -- people without membership -------------------------------------------------------------------


@registry.register
class ExpertRegistered(DomainEvent):
    """A person without membership who sits in or works for a body. The IIN (validated) and
    an identity document are private: kept here, never published, masked in every read,
    exactly as membership keeps a member's."""

    event_type = "ExpertRegistered"
    private_fields = frozenset({"private_iin", "private_document"})

    expert_id: uuid.UUID
    name: PersonName
    affiliation: Title | None
    citizenship: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    registered_on: date
    private_iin: Annotated[str, StringConstraints(pattern=r"^[0-9]{12}$")] | None
    private_document: Annotated[str, _text(50)] | None
