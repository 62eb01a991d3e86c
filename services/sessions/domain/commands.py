"""Sessions commands: imperative requests that may be refused.

``today`` is the Kazakhstan day of the service's clock when the command arrives
(``shared.clock``): act dates (announcement, decision, signature) may record an earlier day,
never a later one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from services.sessions.domain.election import Candidate
from services.sessions.domain.events import (
    AgendaItem,
    Choice,
    DecisionKind,
    Motion,
    SessionKind,
    SourceDocument,
    Title,
    VoteMethod,
)
from shared.rulebooks.registry import NATIONAL_ASSEMBLY


@dataclass(frozen=True)
class ConveneRegular:
    opens_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    announced_on: date
    today: date
    assembly: str = NATIONAL_ASSEMBLY


@dataclass(frozen=True)
class ConveneExtraordinary:
    opens_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    decided_on: date
    today: date
    request_id: uuid.UUID | None = None
    assembly: str = NATIONAL_ASSEMBLY


@dataclass(frozen=True)
class PostponeSession:
    session_id: uuid.UUID
    opens_on: date
    reason: str
    postponed_on: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class CancelSession:
    session_id: uuid.UUID
    reason: str
    cancelled_on: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class OpenSitting:
    session_id: uuid.UUID
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class CloseSitting:
    session_id: uuid.UUID
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class RegisterAttendance:
    session_id: uuid.UUID
    member_id: uuid.UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class WithdrawAttendance:
    session_id: uuid.UUID
    member_id: uuid.UUID
    expected_version: int | None = None


@dataclass(frozen=True)
class AddAgendaItem:
    session_id: uuid.UUID
    title: Title
    decision_ref: str
    expected_version: int | None = None


@dataclass(frozen=True)
class ReorderAgenda:
    session_id: uuid.UUID
    order: tuple[uuid.UUID, ...]
    decision_ref: str
    expected_version: int | None = None


@dataclass(frozen=True)
class WithdrawAgendaItem:
    session_id: uuid.UUID
    item_id: uuid.UUID
    decision_ref: str
    expected_version: int | None = None


@dataclass(frozen=True)
class AdoptRulesOfProcedure:
    session_id: uuid.UUID
    decision_ref: str
    expected_version: int | None = None


@dataclass(frozen=True)
class OpenExtraordinaryRequest:
    reason: str
    agenda: tuple[AgendaItem, ...]
    requested_on: date
    today: date
    assembly: str = NATIONAL_ASSEMBLY


@dataclass(frozen=True)
class SignExtraordinaryRequest:
    request_id: uuid.UUID
    signed_on: date
    today: date
    expected_version: int | None = None


# -- polls, votes and decisions ----------------------------------------------------------------
# ``now`` is the server's instant when the command arrives (UTC).


@dataclass(frozen=True)
class OpenPoll:
    session_id: uuid.UUID
    item_id: uuid.UUID
    method: VoteMethod
    motion: Motion
    decision_kind: DecisionKind
    now: datetime
    deadline: datetime | None = None


@dataclass(frozen=True)
class CastVote:
    poll_id: uuid.UUID
    choice: Choice
    now: datetime


@dataclass(frozen=True)
class ClosePoll:
    poll_id: uuid.UUID
    now: datetime
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class RecordAddressPublication:
    decision_id: uuid.UUID
    outlet: str
    published_on: date
    today: date


# -- acts recorded from their protocols --------------------------------------------------------


@dataclass(frozen=True)
class RecordSession:
    """A Session held before, from its protocol. ``roster_total``: the members the protocol
    states (checked against the roster of the day, used when the roster of that day is not
    known here)."""

    kind: SessionKind
    sitting_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    present: int
    roster_total: int | None
    source: SourceDocument
    today: date
    assembly: str = NATIONAL_ASSEMBLY


@dataclass(frozen=True)
class RecordSessionVote:
    session_id: uuid.UUID
    item_id: uuid.UUID
    method: VoteMethod
    motion: Motion
    decision_kind: DecisionKind
    votes_for: int
    against: int
    abstain: int


@dataclass(frozen=True)
class RecordMazhilisElection:
    """The Session's election of Mazhilis deputies as the counting protocol records it."""

    session_id: uuid.UUID
    participants: int
    candidates: tuple[Candidate, ...]
    term_from: date
    term_until: date | None
    source: SourceDocument
