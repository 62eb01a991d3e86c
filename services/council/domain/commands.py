"""Council commands: imperative requests that may be refused.

``today`` and ``now`` are the Kazakhstan day and the instant of the service's clock when the
command arrives (``shared.clock``): act dates may record an earlier day, never a later one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from services.council.domain.control import NewAssignment
from services.council.domain.events import (
    COUNCIL_BODY,
    COUNCIL_MEMBER_POST,
    AgendaItem,
    Choice,
    Consent,
    Content,
    ConvenedBy,
    Counts,
    DecisionRef,
    PersonName,
    Text,
    Title,
)
from shared.assemblies import body_key, council_post
from shared.rulebooks.registry import NATIONAL_ASSEMBLY


@dataclass(frozen=True)
class CouncilBody:
    """Which council: the assembly (its rulebooks), the body key of its composition in
    membership and the post its members hold. Regional assemblies pass their own
    (:func:`council_for`)."""

    assembly: str = NATIONAL_ASSEMBLY
    body: str = COUNCIL_BODY
    member_post: str = COUNCIL_MEMBER_POST


def council_for(assembly: str) -> CouncilBody:
    """The council of ``assembly``: the Assembly's Council (``council``, its members holding
    ``council_member``: Reg2024 §12) for a national code, a regional assembly's council
    (``regional_assembly.<region>``, ``regional_council_member``: Law 2008 Art. 14) for a
    region's code."""
    return CouncilBody(
        assembly=assembly, body=body_key(assembly), member_post=council_post(assembly)
    )


@dataclass(frozen=True)
class ConveneMeeting:
    council: CouncilBody
    number: str
    held_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    chair: PersonName | None
    consent: Consent | None
    today: date


@dataclass(frozen=True)
class OpenMeeting:
    meeting_id: uuid.UUID
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordAttendance:
    meeting_id: uuid.UUID
    member_id: uuid.UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class WithdrawAttendance:
    meeting_id: uuid.UUID
    member_id: uuid.UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class VoteOnItem:
    meeting_id: uuid.UUID
    item_id: uuid.UUID
    text: Text
    content: Content
    counts: Counts


@dataclass(frozen=True)
class CloseMeeting:
    meeting_id: uuid.UUID
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class OpenWrittenPoll:
    council: CouncilBody
    number: str
    text: Text
    content: Content
    deadline: datetime
    now: datetime
    today: date


@dataclass(frozen=True)
class CastPollBallot:
    resolution_id: uuid.UUID
    choice: Choice
    now: datetime
    today: date


@dataclass(frozen=True)
class ClosePollAtDeadline:
    resolution_id: uuid.UUID
    now: datetime
    today: date


@dataclass(frozen=True)
class RecordMeeting:
    """A meeting held before, from its protocol (``source``). ``council_total``: the number of
    Council members the protocol states (checked against the composition of the day, used
    when the composition of that day is not known here)."""

    council: CouncilBody
    number: str
    held_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    chair: PersonName | None
    convened_by: ConvenedBy
    present: int
    council_total: int | None
    source: DecisionRef
    today: date


@dataclass(frozen=True)
class RecordWrittenPoll:
    """A written poll held before, from its protocol (``source``); ``council_total`` as in
    :class:`RecordMeeting`."""

    council: CouncilBody
    number: str
    text: Text
    content: Content
    held_on: date
    counts: Counts
    council_total: int | None
    source: DecisionRef
    today: date


@dataclass(frozen=True)
class Assign:
    card_id: uuid.UUID
    assignments: tuple[NewAssignment, ...]
    assigned_on: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class FileReport:
    assignment_id: uuid.UUID
    text: str
    filed_on: date
    today: date


@dataclass(frozen=True)
class AcceptReport:
    assignment_id: uuid.UUID
    today: date


@dataclass(frozen=True)
class ReturnReport:
    assignment_id: uuid.UUID
    reason: str
    today: date


@dataclass(frozen=True)
class SubmitSenateProposal:
    """A regional assembly's proposal of a Senate candidate, by its decision (Law 2008
    Art. 14)."""

    assembly: str
    candidate: PersonName
    decision: DecisionRef
    today: date


@dataclass(frozen=True)
class PutSenateProposalsOnAgenda:
    """The Secretariat puts pending proposals on a national meeting's agenda, one item."""

    meeting_id: uuid.UUID
    title: Title
    proposals: tuple[uuid.UUID, ...]
    today: date
    expected_version: int | None = None
