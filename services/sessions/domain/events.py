"""Sessions events: immutable, versioned, past-tense facts of the Session and of members'
requests for an extraordinary Session (Reg2024 §7–11; Reg2002 §8).

Two streams: ``session-<uuid>`` (one Session, from convening to the closing of its sitting) and
``session-request-<uuid>`` (one members' request for an extraordinary Session).

A ``decision_ref`` names the Session decision behind an agenda change or the adoption of the
Rules of Procedure. It is recorded as given: the polls slice will verify it against an adopted
Session decision (Reg2024 §10) before the command is accepted.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.dates import CalendarDay
from shared.eventstore.model import DomainEvent, EventRegistry
from shared.rulebooks import RULEBOOKS, extraordinary_request_sufficient

registry = EventRegistry()

AssemblyCode = str
DecisionRef = str


class Title(BaseModel):
    """An agenda item's title in Kazakh and in Russian."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kk: str = Field(min_length=1, max_length=500)
    ru: str = Field(min_length=1, max_length=500)


class AgendaItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    item_id: uuid.UUID
    title: Title


class SourceDocument(BaseModel):
    """The document a recorded act comes from: a protocol's (or order's) number and date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str = Field(min_length=1, max_length=100)
    date: CalendarDay


class SessionKind(StrEnum):
    REGULAR = "regular"
    EXTRAORDINARY = "extraordinary"


class Initiative(StrEnum):
    """Who initiated an extraordinary Session (Reg2002 §8)."""

    CHAIRMAN = "chairman"
    MEMBERS_REQUEST = "members_request"


class RegisteredBy(StrEnum):
    """Who registered (or withdrew) a member's attendance."""

    SECRETARIAT = "secretariat"
    SELF = "self"


# -- the Session ---------------------------------------------------------------------------


@registry.register
class SessionConvened(DomainEvent):
    """The Chairman convened a Session: date, place and provisional agenda announced.

    ``rule``/``rulebook`` name the check applied: the notice period for a regular Session, the
    time limit from the decision for an extraordinary one (``deadline``).
    """

    event_type = "SessionConvened"
    schema_version = 1

    session_id: uuid.UUID
    assembly: str
    kind: SessionKind
    initiative: Initiative | None
    request_id: uuid.UUID | None
    opens_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    announced_on: date
    deadline: date | None
    rulebook: str
    rule: str


@registry.register
class SessionPostponed(DomainEvent):
    event_type = "SessionPostponed"
    schema_version = 1

    session_id: uuid.UUID
    previous_opens_on: date
    opens_on: date
    reason: str
    postponed_on: date
    rulebook: str
    rule: str


@registry.register
class SessionCancelled(DomainEvent):
    event_type = "SessionCancelled"
    schema_version = 1

    session_id: uuid.UUID
    reason: str
    cancelled_on: date


@registry.register
class SittingOpened(DomainEvent):
    """The Secretariat opened the sitting; ``sitting_on`` is the Session's date, the day whose
    roster counts for the quorum (Reg2024 §9)."""

    event_type = "SittingOpened"
    schema_version = 1

    session_id: uuid.UUID
    sitting_on: date
    opened_on: date


@registry.register
class SittingClosed(DomainEvent):
    event_type = "SittingClosed"
    schema_version = 1

    session_id: uuid.UUID
    closed_on: date


@registry.register
class AttendanceRegistered(DomainEvent):
    event_type = "AttendanceRegistered"
    schema_version = 1

    session_id: uuid.UUID
    member_id: uuid.UUID
    by: RegisteredBy


@registry.register
class AttendanceWithdrawn(DomainEvent):
    """A registered member left the sitting: the live quorum no longer counts them."""

    event_type = "AttendanceWithdrawn"
    schema_version = 1

    session_id: uuid.UUID
    member_id: uuid.UUID
    by: RegisteredBy


@registry.register
class AgendaItemAdded(DomainEvent):
    """An item was added to the agenda by Session decision (``position`` counts from 1)."""

    event_type = "AgendaItemAdded"
    schema_version = 1

    session_id: uuid.UUID
    item: AgendaItem
    position: int
    decision_ref: DecisionRef


@registry.register
class AgendaReordered(DomainEvent):
    """The agenda's items (all not withdrawn) in their new order, by Session decision."""

    event_type = "AgendaReordered"
    schema_version = 1

    session_id: uuid.UUID
    order: tuple[uuid.UUID, ...]
    decision_ref: DecisionRef


@registry.register
class AgendaItemWithdrawn(DomainEvent):
    event_type = "AgendaItemWithdrawn"
    schema_version = 1

    session_id: uuid.UUID
    item_id: uuid.UUID
    decision_ref: DecisionRef


@registry.register
class RulesOfProcedureAdopted(DomainEvent):
    """The Session adopted its Rules of Procedure by decision (Reg2024 §11)."""

    event_type = "RulesOfProcedureAdopted"
    schema_version = 1

    session_id: uuid.UUID
    decision_ref: DecisionRef
    rule: str


@registry.register
class SessionRecorded(DomainEvent):
    """A Session held before it was entered here, recorded by the Secretariat from its protocol
    (``source``): its sitting day, place and agenda, the members present and on the roster that
    day, and its quorum under the rulebook in force that day (Reg2024 §9; Reg2002 §8). It is
    held as recorded; its votes are recorded after it (``PollRecorded``)."""

    event_type = "SessionRecorded"
    schema_version = 1

    session_id: uuid.UUID
    assembly: str
    kind: SessionKind
    sitting_on: date
    place: str
    agenda: tuple[AgendaItem, ...]
    present: int
    roster_total: int
    required: int
    quorate: bool
    rulebook: str
    rule: str
    source: SourceDocument


# -- a members' request for an extraordinary Session -----------------------------------------


@registry.register
class ExtraordinarySessionRequested(DomainEvent):
    """A member opened a request for an extraordinary Session, for members to sign: with the
    signatures it needs, a share of the ``roster_total`` members on the roster of that day
    under the rule named (Reg2002 §8: one third). Version 1 carried no count (None)."""

    event_type = "ExtraordinarySessionRequested"
    schema_version = 2

    request_id: uuid.UUID
    assembly: str
    reason: str
    agenda: tuple[AgendaItem, ...]
    requested_by: uuid.UUID
    requested_on: date
    roster_total: int | None
    required: int | None
    rulebook: str | None
    rule: str | None


@registry.upcaster(
    "ExtraordinarySessionRequested", 1, added=("roster_total", "required", "rulebook", "rule")
)
def _requested_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 did not count the roster: the signatures needed are known from the first signature.
    return {**data, "roster_total": None, "required": None, "rulebook": None, "rule": None}


@registry.register
class ExtraordinaryRequestSigned(DomainEvent):
    """A member signed for themself. ``signatures`` counts the signatures of members on the
    roster of ``signed_on``, of ``roster_total`` members that day; ``required`` is how many it
    needs that day, under the rule named (Reg2002 §8)."""

    event_type = "ExtraordinaryRequestSigned"
    schema_version = 2

    request_id: uuid.UUID
    member_id: uuid.UUID
    signed_on: date
    signatures: int
    roster_total: int
    required: int
    rulebook: str
    rule: str


@registry.upcaster("ExtraordinaryRequestSigned", 1, added=("required", "rulebook", "rule"))
def _signed_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 left the threshold to the support; it is the packaged rulebook's of the signing day.
    book = RULEBOOKS.on(date.fromisoformat(data["signed_on"]))
    verdict = extraordinary_request_sufficient(book, 0, data["roster_total"])
    return {**data, "required": verdict.required, "rulebook": book.id, "rule": verdict.rule}


@registry.register
class ExtraordinaryRequestSupported(DomainEvent):
    """The signatures reached the share of all members the rule requires (Reg2002 §8)."""

    event_type = "ExtraordinaryRequestSupported"
    schema_version = 1

    request_id: uuid.UUID
    signatures: int
    roster_total: int
    required: int
    supported_on: date
    rulebook: str
    rule: str


# -- polls, votes and decisions --------------------------------------------------------------
# Two more streams: ``poll-<uuid>`` (one poll on an agenda item: opened, closed, and when
# adopted the decision and an Address's publication) and ``vote-<poll>-<member>`` (one member's
# ballot in one poll: appended at version 0, so a member votes once and cannot change it).


class VoteMethod(StrEnum):
    """How the Session votes on an item: open, by roll call, or by secret ballot (the ballot
    kept apart from the voter roll, docs/secret-ballot.md)."""

    OPEN = "open"
    ROLL_CALL = "roll_call"
    SECRET = "secret"  # noqa: S105  (a voting method, not a credential)


class DecisionKind(StrEnum):
    CONCEPTUAL_POSITION = "conceptual_position"
    """A conceptual position to the President."""
    MEMBERS_REPORTS = "members_reports"
    """The hearing of members' reports."""
    ADDRESS = "address"
    """An Address, for publication."""
    RULES_OF_PROCEDURE = "rules_of_procedure"
    DRAFT_LAW = "draft_law"
    """A draft law submitted to the Kurultai by the chair's right of legislative initiative
    (the Halyq Kenesi, Constitution 2026); refused where the rulebook gives no such right."""
    OTHER = "other"


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class CloseReason(StrEnum):
    COMMAND = "command"
    """Closed by the Secretariat before the deadline (or without one)."""
    DEADLINE = "deadline"
    """Closed after its deadline: the deadline is the closing time, later votes were refused."""


class Motion(BaseModel):
    """The text put to the vote, in Kazakh and in Russian: the decision's text if adopted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kk: str = Field(min_length=1, max_length=20000)
    ru: str = Field(min_length=1, max_length=20000)


@registry.register
class PollOpened(DomainEvent):
    """The Secretariat opened a vote on an agenda item at a quorate sitting.

    ``electorate`` are the members present at the opening (private: not published), ``present``
    their count, the basis of the majority; ``rulebook``/``rule``/``required`` the majority rule
    in force on the sitting's date and the votes for it needs (Reg2024 §10).
    """

    event_type = "PollOpened"
    schema_version = 1
    private_fields = frozenset({"electorate"})

    poll_id: uuid.UUID
    session_id: uuid.UUID
    assembly: str
    item_id: uuid.UUID
    method: VoteMethod
    motion: Motion
    decision_kind: DecisionKind
    sitting_on: date
    present: int
    roster_total: int
    electorate: tuple[uuid.UUID, ...]
    required: int
    rulebook: str
    rule: str
    opened_at: datetime
    deadline: datetime | None


@registry.register
class PollClosed(DomainEvent):
    """The poll closed with its tally and the verdict under the rule named."""

    event_type = "PollClosed"
    schema_version = 1

    poll_id: uuid.UUID
    session_id: uuid.UUID
    closed_at: datetime
    reason: CloseReason
    votes_for: int
    against: int
    abstain: int
    present: int
    required: int
    adopted: bool
    rulebook: str
    rule: str


@registry.register
class DecisionAdopted(DomainEvent):
    """The Session adopted a decision (appended with the poll's closing). Carries what the
    council service needs to open execution control."""

    event_type = "DecisionAdopted"
    schema_version = 1

    decision_id: uuid.UUID
    poll_id: uuid.UUID
    session_id: uuid.UUID
    item_id: uuid.UUID
    assembly: str
    kind: DecisionKind
    text: Motion
    adopted_on: date
    method: VoteMethod
    votes_for: int
    against: int
    abstain: int
    present: int
    required: int
    rulebook: str
    rule: str


@registry.register
class AddressPublished(DomainEvent):
    """The publication record of an adopted Address: where and when it was published."""

    event_type = "AddressPublished"
    schema_version = 1

    decision_id: uuid.UUID
    poll_id: uuid.UUID
    session_id: uuid.UUID
    outlet: str
    published_on: date


@registry.register
class VoteCast(DomainEvent):
    """A member present voted, for themself, once (stream ``vote-<poll>-<member>``)."""

    event_type = "VoteCast"
    schema_version = 1

    poll_id: uuid.UUID
    session_id: uuid.UUID
    member_id: uuid.UUID
    choice: Choice
    cast_at: datetime


@registry.register
class SecretBallotCast(DomainEvent):
    """The voter roll of a secret poll: the member, present, cast a ballot (stream
    ``vote-<poll>-<member>``, so once only). It carries no choice and no receipt: the ballot went
    sealed into the ballot box, apart from the roll, and is published only at the close, with
    every other ballot of the poll, in shuffled order (docs/secret-ballot.md)."""

    event_type = "SecretBallotCast"
    schema_version = 1

    poll_id: uuid.UUID
    session_id: uuid.UUID
    member_id: uuid.UUID
    cast_at: datetime


class PublishedBallot(BaseModel):
    """One secret ballot as published at the close: the voter's random receipt and the choice."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    receipt: str = Field(min_length=16, max_length=64)
    choice: Choice


@registry.register
class BallotsPublished(DomainEvent):
    """A secret poll's ballot box opened at its close (appended with ``PollClosed``): every
    ballot with its receipt, in shuffled order, so each voter can check that theirs was counted
    and anyone can recount; nothing in it names a member."""

    event_type = "BallotsPublished"
    schema_version = 1

    poll_id: uuid.UUID
    session_id: uuid.UUID
    ballots: tuple[PublishedBallot, ...]


class BoxFailure(StrEnum):
    """Why a secret poll's ballot box did not pass its check at the close (nothing was
    published; docs/secret-ballot.md)."""

    LOST = "ballot_box_lost"
    """The box or its key is gone from the database."""
    KEY_REFUSED = "ballot_key_refused"
    """The stored ballot key does not authenticate under the service's key-encryption key."""
    FORGED = "ballot_forged"
    """Sealed ballots that are not authentic ballots of the poll and of a batch of its roll."""
    COUNT = "ballot_box_count"
    """The authentic ballots do not match the voter roll in the event store, batch by batch."""
    RECEIPT_TWICE = "ballot_receipt_twice"
    """A receipt appears twice."""


@registry.register
class BallotBoxChecked(DomainEvent):
    """The close of a secret poll checked its ballot box against the voter roll in the event
    store: ``roll`` members in ``batches`` batches (the transactions that committed them, each
    with its ballots); ``sealed`` ballots in the box, ``authentic`` of them sealed by the service
    for this poll in one of those batches; ``smallest_batch`` the fewest ballots committed
    together (the anonymity set the box achieved). ``failure`` is null when the box matched, and
    the poll closed in the same append; otherwise it names what failed, the poll stayed open
    and nothing was published."""

    event_type = "BallotBoxChecked"
    schema_version = 1

    poll_id: uuid.UUID
    session_id: uuid.UUID
    roll: int
    batches: int
    sealed: int
    authentic: int
    smallest_batch: int
    failure: BoxFailure | None


@registry.register
class PollRecorded(DomainEvent):
    """A vote of a recorded Session, entered from its protocol (``source``): the counts and the
    verdict under the rulebook in force on the sitting's day (Reg2024 §10; Reg2002 §8) against
    the members present. Adopted, the decision follows in the same append."""

    event_type = "PollRecorded"
    schema_version = 1

    poll_id: uuid.UUID
    session_id: uuid.UUID
    assembly: str
    item_id: uuid.UUID
    method: VoteMethod
    motion: Motion
    decision_kind: DecisionKind
    sitting_on: date
    present: int
    roster_total: int
    votes_for: int
    against: int
    abstain: int
    required: int
    adopted: bool
    rulebook: str
    rule: str
    source: SourceDocument


class PersonName(BaseModel):
    """A person's name in Kazakh and in Russian."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kk: str = Field(min_length=1, max_length=200)
    ru: str = Field(min_length=1, max_length=200)


class CandidateResult(BaseModel):
    """A candidate of the Session's election of Mazhilis deputies: the votes for, and whether
    elected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: PersonName
    member_id: uuid.UUID | None = None
    votes_for: int = Field(ge=0)
    elected: bool


@registry.register
class MazhilisDeputiesElected(DomainEvent):
    """The Session elected deputies of the Mazhilis by secret ballot (Reg2002 §8, Reg2011 §8,
    from 2007 to the amendments of 8 Jun 2022): each candidate with the votes for, elected with
    more than half of the votes of the members who took part in the vote (Election Law Art. 9
    p. 1), at most the seats the rulebook of the sitting's day gives (nine). Never an Address
    (Reg2011 §8). ``term_from``..``term_until``: the deputies' term; ``source``: the protocol of
    the vote count."""

    event_type = "MazhilisDeputiesElected"
    schema_version = 1

    election_id: uuid.UUID
    session_id: uuid.UUID
    assembly: str
    sitting_on: date
    participants: int
    candidates: tuple[CandidateResult, ...]
    seats: int
    required: int
    rulebook: str
    rule: str
    majority_rule: str
    term_from: date
    term_until: date | None
    source: SourceDocument
