"""Polls and votes of the Session, and its decisions (Reg2024 §10; Reg2002 §8). Pure: no I/O.

A poll (stream ``poll-<uuid>``) puts a motion on an agenda item to the vote, open or by roll
call, at a quorate open sitting. It snapshots the members present at its opening: they are its
electorate and their count the basis of the majority ("more than half of the members present",
the rulebook in force on the sitting's date). It closes by the Secretariat's command; with a
deadline, votes after it are refused and a close after it records the deadline as the closing
time. If adopted, the decision is appended in the same append as the closing; an adopted
Address then gets its publication record.

Each ballot is its own stream (``vote-<poll>-<member>``, appended at version 0): 400 members
vote at once without contending on the poll's stream, and a second ballot of the same member
fails its append, so a cast vote cannot change. The handler tells the domain whether the member
already voted and is present now (read models); the ballots read model feeds the closing.

A secret poll keeps the voter roll and the ballot box apart (docs/secret-ballot.md): the
member's stream gets ``SecretBallotCast`` (who voted, never how) and the choice goes, sealed
with a random receipt, into the ballot box outside the event store. At the close the box is
opened and checked against the roll in the event store, batch by batch (``BallotBoxChecked``
records the check and its result); only a box that matches is published, in shuffled order
with its receipts (``BallotsPublished``), and counted like any other.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from services.sessions.domain.errors import (
    AgendaItemNotFound,
    AlreadyPublished,
    AlreadyVoted,
    BallotBoxMismatch,
    CountExceedsPresent,
    DateBefore,
    DeadlineNotLater,
    DeadlinePassed,
    NoLegislativeInitiative,
    NotAnAdoptedAddress,
    NotPresentToVote,
    PollAlreadyOpen,
    PollNotOpen,
)
from services.sessions.domain.events import (
    AddressPublished,
    BallotBoxChecked,
    BallotsPublished,
    BoxFailure,
    Choice,
    CloseReason,
    DecisionAdopted,
    DecisionKind,
    Motion,
    PollClosed,
    PollOpened,
    PollRecorded,
    PublishedBallot,
    SecretBallotCast,
    VoteCast,
    VoteMethod,
)
from services.sessions.domain.session import Session
from shared.domain import Aggregate
from shared.rulebooks import Verdict, legislative_initiative, rulebook_on, session_adopted
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

DECISIONS = uuid.UUID("6f1c1d1e-4b7a-5c1e-9a57-4b656c6973d1")
"""Namespace of decision ids: a poll adopts at most one decision, ``uuid5(DECISIONS, poll)``."""


class PollStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Tally:
    votes_for: int = 0
    against: int = 0
    abstain: int = 0

    @classmethod
    def of(cls, choices: Iterable[Choice]) -> Tally:
        listed = list(choices)
        return cls(
            votes_for=listed.count(Choice.FOR),
            against=listed.count(Choice.AGAINST),
            abstain=listed.count(Choice.ABSTAIN),
        )

    @property
    def total(self) -> int:
        return self.votes_for + self.against + self.abstain


@dataclass(frozen=True)
class BoxCheck:
    """What the close of a secret poll found. ``roll``: the voter roll in the event store, as
    the number of members in each batch (the transaction that committed their roll entries and
    their ballots together); ``sealed``: the ballots in the box; ``opened``: the authentic ones,
    by batch; ``unreadable``: why the box could not be opened at all."""

    roll: Mapping[int, int]
    sealed: int = 0
    opened: Mapping[int, Sequence[PublishedBallot]] = field(default_factory=dict)
    unreadable: BoxFailure | None = None

    @property
    def ballots(self) -> list[PublishedBallot]:
        return [ballot for batch in self.opened.values() for ballot in batch]

    @property
    def failure(self) -> BoxFailure | None:
        """Why the box does not match the roll, or None: every sealed ballot authentic, as many
        in each batch as the roll has members in it, and every receipt once."""
        if self.unreadable is not None:
            return self.unreadable
        ballots = self.ballots
        if len(ballots) != self.sealed:
            return BoxFailure.FORGED
        if {b: len(v) for b, v in self.opened.items() if v} != {
            b: n for b, n in self.roll.items() if n
        }:
            return BoxFailure.COUNT
        if len({b.receipt for b in ballots}) != len(ballots):
            return BoxFailure.RECEIPT_TWICE
        return None


def decision_id_of(poll_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(DECISIONS, str(poll_id))


class Poll(Aggregate):
    stream_type = "poll"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.status: PollStatus | None = None
        self.session_id: uuid.UUID | None = None
        self.assembly = NATIONAL_ASSEMBLY
        self.item_id: uuid.UUID | None = None
        self.method: VoteMethod | None = None
        self.motion: Motion | None = None
        self.kind: DecisionKind | None = None
        self.sitting_on: date | None = None
        self.present = 0
        self.electorate: frozenset[uuid.UUID] = frozenset()
        self.rule = ""
        self.deadline: datetime | None = None
        self.adopted: bool | None = None
        self.decision_id: uuid.UUID | None = None
        self.adopted_on: date | None = None
        self.published = False

    @classmethod
    def open(
        cls,
        poll_id: uuid.UUID,
        session: Session,
        item_id: uuid.UUID,
        method: VoteMethod,
        motion: Motion,
        kind: DecisionKind,
        roster_total: int,
        item_has_open_poll: bool,
        opened_at: datetime,
        deadline: datetime | None = None,
    ) -> Poll:
        """Open a vote on an agenda item: only at an open sitting with quorum (Reg2024 §9),
        one open poll per item. The majority's basis is fixed now: the members present."""
        session.require_quorum(roster_total)
        if all(item.item_id != item_id for item in session.agenda):
            raise AgendaItemNotFound(None, resource="agenda_item", id=str(item_id))
        if item_has_open_poll:
            raise PollAlreadyOpen(None, item_id=str(item_id))
        if deadline is not None and deadline <= opened_at:
            raise DeadlineNotLater()
        assert session.sitting_on is not None
        check_decision_kind(kind, session.sitting_on, session.assembly)
        electorate = tuple(sorted(session.present, key=str))
        basis = _verdict(session.sitting_on, session.assembly, 0, len(electorate))
        poll = cls(str(poll_id))
        poll._record(
            PollOpened(
                poll_id=poll_id,
                session_id=uuid.UUID(session.id),
                assembly=session.assembly,
                item_id=item_id,
                method=method,
                motion=motion,
                decision_kind=kind,
                sitting_on=session.sitting_on,
                present=len(electorate),
                roster_total=roster_total,
                electorate=electorate,
                required=basis.required,
                rulebook=basis.rulebook,
                rule=basis.rule,
                opened_at=opened_at,
                deadline=deadline,
            )
        )
        return poll

    @classmethod
    def record(
        cls,
        poll_id: uuid.UUID,
        session: Session,
        item_id: uuid.UUID,
        method: VoteMethod,
        motion: Motion,
        kind: DecisionKind,
        tally: Tally,
    ) -> Poll:
        """A vote of a Session recorded from its protocol: judged by the rulebook in force on
        the sitting's day against the members present (Reg2024 §10; Reg2002 §8); adopted, the
        decision is dated the sitting's day and recorded in the same append."""
        record = session.require_recorded_quorum()
        if all(item.item_id != item_id for item in session.agenda):
            raise AgendaItemNotFound(None, resource="agenda_item", id=str(item_id))
        if tally.total > record.present:
            raise CountExceedsPresent(tally.total, record.present)
        check_decision_kind(kind, record.sitting_on, record.assembly)
        verdict = _verdict(record.sitting_on, record.assembly, tally.votes_for, record.present)
        counts = _counts(tally, record.present, verdict)
        poll = cls(str(poll_id))
        poll._record(
            PollRecorded(
                poll_id=poll_id,
                session_id=uuid.UUID(session.id),
                assembly=record.assembly,
                item_id=item_id,
                method=method,
                motion=motion,
                decision_kind=kind,
                sitting_on=record.sitting_on,
                roster_total=record.roster_total,
                adopted=verdict.satisfied,
                source=record.source,
                **counts,
            )
        )
        if verdict.satisfied:
            poll._record_decision(record.sitting_on, counts)
        return poll

    def require_open(self) -> None:
        if self.status is not PollStatus.OPEN:
            raise PollNotOpen(None, poll_id=self.id)

    def accepts_votes(self, now: datetime) -> None:
        self.require_open()
        if self.deadline is not None and now >= self.deadline:
            raise DeadlinePassed(None, poll_id=self.id, deadline=self.deadline.isoformat())

    def close(self, tally: Tally, now: datetime, today: date) -> Verdict:
        """Close an open or roll-call poll with the tally of the ballots cast; judged by the
        rulebook in force on the sitting's date against the members present at the opening.
        Adopted: the decision is recorded in the same append."""
        self.require_open()
        if self.method is VoteMethod.SECRET:  # only ever with its box (close_secret)
            raise BallotBoxMismatch(self.id, BoxCheck(roll={}), BoxFailure.COUNT)
        return self._close(tally, now, today)

    def check_box(self, check: BoxCheck) -> BoxFailure | None:
        """Record the check of a secret poll's box against its roll (``BallotBoxChecked``, in
        the audit log whatever its result); what failed, or None."""
        self.require_open()
        assert self.method is VoteMethod.SECRET and self.session_id is not None
        failure = check.failure
        sizes = [n for n in check.roll.values() if n]
        self._record(
            BallotBoxChecked(
                poll_id=uuid.UUID(self.id),
                session_id=self.session_id,
                roll=sum(sizes),
                batches=len(sizes),
                sealed=check.sealed,
                authentic=len(check.ballots),
                smallest_batch=min(sizes, default=0),
                failure=failure,
            )
        )
        return failure

    def close_secret(
        self, check: BoxCheck, now: datetime, today: date, shuffler: random.Random
    ) -> Verdict:
        """Close a secret poll with its opened ballot box, only if the box matches the voter
        roll (``check_box``: every ballot authentic, as many as the roll in each batch, each
        receipt once); else BallotBoxMismatch names what failed, and nothing is closed. The
        ballots are published in the order ``shuffler`` gives them (a CSPRNG in production),
        with the counts and the decision."""
        self.require_open()
        if self.method is not VoteMethod.SECRET:
            raise BallotBoxMismatch(self.id, check, BoxFailure.COUNT)
        failure = self.check_box(check)
        if failure is not None:
            raise BallotBoxMismatch(self.id, check, failure)
        published = check.ballots
        shuffler.shuffle(published)
        return self._close(Tally.of(b.choice for b in published), now, today, tuple(published))

    def _close(
        self,
        tally: Tally,
        now: datetime,
        today: date,
        published: tuple[PublishedBallot, ...] | None = None,
    ) -> Verdict:
        assert self.sitting_on is not None and self.session_id is not None
        assert self.motion is not None and self.kind is not None and self.method is not None
        assert self.item_id is not None
        late = self.deadline is not None and now >= self.deadline
        closed_at = self.deadline if late and self.deadline is not None else now
        verdict = _verdict(self.sitting_on, self.assembly, tally.votes_for, self.present)
        poll_id = uuid.UUID(self.id)
        counts = _counts(tally, self.present, verdict)
        self._record(
            PollClosed(
                poll_id=poll_id,
                session_id=self.session_id,
                closed_at=closed_at,
                reason=CloseReason.DEADLINE if late else CloseReason.COMMAND,
                adopted=verdict.satisfied,
                **counts,
            )
        )
        if published is not None:
            self._record(
                BallotsPublished(poll_id=poll_id, session_id=self.session_id, ballots=published)
            )
        if verdict.satisfied:
            self._record_decision(today, counts)
        return verdict

    def _record_decision(self, adopted_on: date, counts: dict[str, Any]) -> None:
        """The decision the poll adopted, in the append that closes (or records) it."""
        assert self.session_id is not None and self.item_id is not None
        assert self.motion is not None and self.kind is not None and self.method is not None
        poll_id = uuid.UUID(self.id)
        self._record(
            DecisionAdopted(
                decision_id=decision_id_of(poll_id),
                poll_id=poll_id,
                session_id=self.session_id,
                item_id=self.item_id,
                assembly=self.assembly,
                kind=self.kind,
                text=self.motion,
                adopted_on=adopted_on,
                method=self.method,
                **counts,
            )
        )

    def publish_address(self, outlet: str, published_on: date) -> None:
        """The publication record of an adopted Address, once."""
        if not self.adopted or self.kind is not DecisionKind.ADDRESS:
            raise NotAnAdoptedAddress(None, poll_id=self.id)
        if self.published:
            raise AlreadyPublished(None, decision_id=str(self.decision_id))
        assert self.decision_id is not None and self.adopted_on is not None
        assert self.session_id is not None
        if published_on < self.adopted_on:
            raise DateBefore("published_on", self.adopted_on)
        self._record(
            AddressPublished(
                decision_id=self.decision_id,
                poll_id=uuid.UUID(self.id),
                session_id=self.session_id,
                outlet=outlet,
                published_on=published_on,
            )
        )

    # -- evolution -----------------------------------------------------------------------------

    def when_PollOpened(self, event: PollOpened) -> None:
        self.status = PollStatus.OPEN
        self.session_id = event.session_id
        self.assembly = event.assembly
        self.item_id = event.item_id
        self.method = event.method
        self.motion = event.motion
        self.kind = event.decision_kind
        self.sitting_on = event.sitting_on
        self.present = event.present
        self.electorate = frozenset(event.electorate)
        self.rule = event.rule
        self.deadline = event.deadline

    def when_PollRecorded(self, event: PollRecorded) -> None:
        self.status = PollStatus.CLOSED
        self.session_id = event.session_id
        self.assembly = event.assembly
        self.item_id = event.item_id
        self.method = event.method
        self.motion = event.motion
        self.kind = event.decision_kind
        self.sitting_on = event.sitting_on
        self.present = event.present
        self.rule = event.rule
        self.adopted = event.adopted

    def when_PollClosed(self, event: PollClosed) -> None:
        self.status = PollStatus.CLOSED
        self.adopted = event.adopted

    def when_BallotBoxChecked(self, event: BallotBoxChecked) -> None:
        """A check that failed leaves the poll open; one that passed comes with the close."""

    def when_BallotsPublished(self, event: BallotsPublished) -> None:
        """The published ballots are read from the read model; the poll needs nothing of them."""

    def when_DecisionAdopted(self, event: DecisionAdopted) -> None:
        self.decision_id = event.decision_id
        self.adopted_on = event.adopted_on

    def when_AddressPublished(self, event: AddressPublished) -> None:
        self.published = True


class Vote(Aggregate):
    """One member's ballot in one poll."""

    stream_type = "vote"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.choice: Choice | None = None
        self.cast_at: datetime | None = None

    @staticmethod
    def key(poll_id: uuid.UUID, member_id: uuid.UUID) -> str:
        return f"{poll_id}-{member_id}"

    @classmethod
    def cast(
        cls,
        poll: Poll,
        member_id: uuid.UUID,
        choice: Choice,
        present_now: bool,
        now: datetime,
        existing: Vote | None = None,
    ) -> Vote:
        """A member votes for themself, once: present at the poll's opening and now, while the
        poll is open and before its deadline. ``existing``: their ballot, if any. In a secret
        poll only the voter roll entry is recorded here: the choice goes to the ballot box."""
        if existing is not None:
            raise AlreadyVoted(None, poll_id=poll.id, member_id=str(member_id))
        poll.accepts_votes(now)
        if not present_now or member_id not in poll.electorate:
            raise NotPresentToVote(poll.rule, str(member_id))
        poll_id = uuid.UUID(poll.id)
        assert poll.session_id is not None
        vote = cls(cls.key(poll_id, member_id))
        if poll.method is VoteMethod.SECRET:
            vote._record(
                SecretBallotCast(
                    poll_id=poll_id, session_id=poll.session_id, member_id=member_id, cast_at=now
                )
            )
        else:
            vote._record(
                VoteCast(
                    poll_id=poll_id,
                    session_id=poll.session_id,
                    member_id=member_id,
                    choice=choice,
                    cast_at=now,
                )
            )
        return vote

    def when_VoteCast(self, event: VoteCast) -> None:
        self.choice = event.choice
        self.cast_at = event.cast_at

    def when_SecretBallotCast(self, event: SecretBallotCast) -> None:
        self.cast_at = event.cast_at


def _counts(tally: Tally, present: int, verdict: Verdict) -> dict[str, Any]:
    """The counts and the verdict a closing, a recorded vote and their decision all carry."""
    return {
        "votes_for": tally.votes_for,
        "against": tally.against,
        "abstain": tally.abstain,
        "present": present,
        "required": verdict.required,
        "rulebook": verdict.rulebook,
        "rule": verdict.rule,
    }


def _verdict(sitting_on: date, assembly: str, votes_for: int, present: int) -> Verdict:
    return session_adopted(rulebook_on(sitting_on, assembly), votes_for, present)


def check_decision_kind(kind: DecisionKind, day: date, assembly: str) -> None:
    """A draft law for the Kurultai only where the rulebook of the day gives the right of
    legislative initiative (the Halyq Kenesi: Constitution 2026); refused otherwise, citing the
    Session's powers under the Regulation of the day (Reg2024 §8, §11)."""
    if kind is DecisionKind.DRAFT_LAW:
        verdict = legislative_initiative(rulebook_on(day, assembly))
        if not verdict.satisfied:
            raise NoLegislativeInitiative(verdict.rule, assembly)
