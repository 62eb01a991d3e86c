"""Programmes commands: imperative requests that may be refused.

``today`` is the Kazakhstan calendar day the command arrives on (from the service's clock): an
act may be recorded on an earlier day, never a later one.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.programmes.domain.action_plan import NewMeasure
from services.programmes.domain.events import (
    Act,
    Attachment,
    Authority,
    Basis,
    BodyKind,
    DiscussionOutcome,
    DocumentKind,
    DocumentText,
    OpinionConclusion,
    PersonName,
    Recipient,
    SeatEndGround,
    SeatRole,
    Summary,
    Title,
)

# -- documents ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftDocument:
    kind: DocumentKind
    title: Title
    text: DocumentText
    attachments: Sequence[Attachment]
    drafted_on: date
    today: date


@dataclass(frozen=True)
class AddVersion:
    document_id: uuid.UUID
    text: DocumentText
    attachments: Sequence[Attachment]
    added_on: date
    note: str | None
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordOpinion:
    document_id: uuid.UUID
    body_id: uuid.UUID
    meeting_id: uuid.UUID | None
    conclusion: OpinionConclusion
    summary: Summary
    given_on: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordCouncilDiscussion:
    document_id: uuid.UUID
    resolution_id: uuid.UUID
    outcome: DiscussionOutcome
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordSessionConsideration:
    document_id: uuid.UUID
    decision_id: uuid.UUID
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class Submit:
    document_id: uuid.UUID
    submitted_on: date
    submitted_to: Authority
    letter: Act
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class Approve:
    document_id: uuid.UUID
    approved_on: date
    approved_by: Authority
    act: Act
    effective_from: date | None
    valid_until: date | None
    supersedes: uuid.UUID | None
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class ReturnDocument:
    document_id: uuid.UUID
    returned_on: date
    returned_by: Authority
    reason: str
    act: Act | None
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class IssueOrder:
    document_id: uuid.UUID
    act: Act
    text: Summary
    issued_on: date
    today: date


# -- action plans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterPlan:
    state_body: str
    title: Title
    basis: Basis
    approved: Act
    registered_on: date
    measures: Sequence[NewMeasure]
    today: date


@dataclass(frozen=True)
class AddMeasure:
    plan_id: uuid.UUID
    measure: NewMeasure
    added_on: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class CoordinatePlan:
    plan_id: uuid.UUID
    coordinated_on: date
    today: date
    expected_version: int | None = None


# -- the work plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddWorkPlanItems:
    year: int
    title: Title | None
    resolution_id: uuid.UUID | None
    due_on: date | None
    added_on: date
    today: date


@dataclass(frozen=True)
class CloseWorkPlanItem:
    year: int
    item_id: uuid.UUID
    completed: bool
    on: date
    text: str | None
    today: date


# -- awards ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EstablishAward:
    resolution_id: uuid.UUID
    today: date


@dataclass(frozen=True)
class AmendStatute:
    award_id: uuid.UUID
    resolution_id: uuid.UUID
    effective_from: date | None
    today: date


@dataclass(frozen=True)
class ConferAward:
    award_id: uuid.UUID
    recipient: Recipient
    decided_by: Authority
    decision: Act
    resolution_id: uuid.UUID | None
    conferred_on: date
    today: date


# -- bodies and people without membership ---------------------------------------------------------


@dataclass(frozen=True)
class EstablishBody:
    kind: BodyKind
    name: Title
    region: str | None
    established_on: date
    decided_by: Authority
    act: Act
    today: date


@dataclass(frozen=True)
class ApproveBodyStatute:
    body_id: uuid.UUID
    text: DocumentText
    attachments: Sequence[Attachment]
    approved_on: date
    approved_by: Authority
    act: Act
    today: date


@dataclass(frozen=True)
class FillSeat:
    body_id: uuid.UUID
    role: SeatRole
    member_id: uuid.UUID | None
    expert_id: uuid.UUID | None
    start_on: date
    act: Act
    today: date


@dataclass(frozen=True)
class EndSeat:
    body_id: uuid.UUID
    seat_id: uuid.UUID
    end_on: date
    ground: SeatEndGround
    act: Act | None
    today: date


@dataclass(frozen=True)
class HoldMeeting:
    body_id: uuid.UUID
    number: str
    held_on: date
    place: str
    agenda: Sequence[Title]
    documents: Sequence[uuid.UUID]
    present: int
    today: date


@dataclass(frozen=True)
class DissolveBody:
    body_id: uuid.UUID
    dissolved_on: date
    act: Act
    today: date


@dataclass(frozen=True)
class RegisterExpert:
    name: PersonName
    affiliation: Title | None
    citizenship: str
    iin: str | None
    document: str | None
    today: date
