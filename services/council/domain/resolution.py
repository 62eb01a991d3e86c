"""A question put to the Council and, when adopted, its resolution (Reg2024 §13–15;
Reg2011 §9; Reg2002 §9). Pure: no I/O.

One stream per question (``resolution-<id>``), decided one of two ways:

- at a meeting: one append holds the vote (quorum and majority under the rulebook in force on
  the meeting's date: at least two thirds of all Council members present, at least two thirds
  of those present for, Reg2024 §14–15) and, when adopted, the resolution and its effects;
- by the Secretariat's written poll, where the rulebook in force allows one (Reg2011 §9,
  Reg2002 §9; not Reg2024 §15): adopted when at least two thirds of ALL Council members vote
  for. It closes by itself with the ballot after which the outcome can no longer change, or by
  the Secretariat at its deadline.

The effects members must act on are one event per person, in the adopting append:
``CandidacyReviewAdopted`` (Reg2024 §13.2) and ``DeputyChairmanRecommended`` (Reg2024 §16).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date, datetime
from enum import StrEnum

from services.council.domain.errors import (
    AgendaItemUnknown,
    AlreadyVoted,
    CandidacyNotAwaitingReview,
    CountsExceedMembers,
    CountsExceedPresent,
    DateBefore,
    DeadlineNotLater,
    DuplicatePerson,
    ItemAlreadyDecided,
    MeetingInFuture,
    NationalCouncilPower,
    NotInElectorate,
    PollDeadlineNotReached,
    PollDeadlinePassed,
    PollNotOpen,
    SenateCandidatesNotFive,
    TooManyDeputyChairmen,
)
from services.council.domain.events import (
    CandidacyReviewAdopted,
    CandidacyReviews,
    Choice,
    CloseReason,
    Content,
    Counts,
    DecisionRef,
    DeputyChairmanRecommendations,
    DeputyChairmanRecommended,
    MeetingVoteTaken,
    Method,
    ResolutionAdopted,
    ResolutionKind,
    SenateCandidates,
    Text,
    WrittenPollBallotCast,
    WrittenPollClosed,
    WrittenPollOpened,
    WrittenPollRecorded,
)
from services.council.domain.meeting import Meeting
from shared.assemblies import is_national
from shared.domain import Aggregate
from shared.errors import InvalidInput
from shared.rulebooks import (
    Verdict,
    body_seats,
    council_adopted,
    council_quorum,
    post_rule,
    rulebook_on,
    written_poll_adopted,
)
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

SENATE_POST = "senate_deputy"
"""The post whose candidates the Council proposes (Reg2024 §5, §13): its seats and the period
in which the Council proposes them come from the rulebook of the proposal's date."""
DEPUTY_POST = "deputy_chairman_ethnocultural"
"""The post the Council recommends for (Reg2002 §7; Reg2011 §10; Reg2024 §16)."""


NATIONAL_POWERS = frozenset(
    {
        ResolutionKind.CANDIDACY_REVIEW,
        ResolutionKind.SENATE_CANDIDATES,
        ResolutionKind.PUBLIC_AWARD,
        ResolutionKind.DEPUTY_CHAIRMAN_RECOMMENDATION,
    }
)
"""The powers of the Assembly's Council alone (Reg2024 §13, §16): a regional assembly's
council takes its other decisions (Law 2008 Art. 14), and its Senate candidates reach the
Council as proposals (``senate.py``)."""


class ResolutionStatus(StrEnum):
    POLLING = "polling"
    ADOPTED = "adopted"
    REJECTED = "rejected"


def check_content(
    content: Content,
    awaiting_review: Collection[uuid.UUID],
    day: date,
    assembly: str = NATIONAL_ASSEMBLY,
) -> None:
    """A resolution's typed content is well-formed under the Council's powers on ``day``
    (Reg2024 §13), by the rulebook in force that day.

    ``awaiting_review``: the candidacies nominated and not yet reviewed (from membership).
    Senate candidates: as many as the Senate seats the Council proposes for, and only while it
    does (from the amendments of 8 Jun 2022 until the Constitution of 2026 takes effect on
    1 Jul 2026): refused otherwise, citing the change. A regional assembly's council has none
    of the national Council's own powers (``NATIONAL_POWERS``)."""
    if not is_national(assembly) and content.kind in NATIONAL_POWERS:
        raise NationalCouncilPower(content.kind, assembly)
    if isinstance(content, CandidacyReviews):
        seen: set[uuid.UUID] = set()
        for review in content.reviews:
            if review.member_id in seen:
                raise DuplicatePerson(str(review.member_id))
            seen.add(review.member_id)
            if review.member_id not in awaiting_review:
                raise CandidacyNotAwaitingReview(str(review.member_id))
    elif isinstance(content, SenateCandidates):
        senate, citation, _ = post_rule(rulebook_on(day, assembly), SENATE_POST, day)
        keys = [
            str(c.member_id) if c.member_id else f"{c.name.kk}|{c.name.ru}".casefold()
            for c in content.candidates
        ]
        if len(set(keys)) != len(keys):
            raise DuplicatePerson(next(k for k in keys if keys.count(k) > 1))
        if len(keys) != senate.seats:
            raise SenateCandidatesNotFive(len(keys), senate.seats or 0, citation)
    elif isinstance(content, DeputyChairmanRecommendations):
        book = rulebook_on(day, assembly)
        deputy, citation, _ = post_rule(book, DEPUTY_POST, day)
        body = body_seats(book, deputy.body)
        seats = deputy.seats or (body.value if body is not None else None)
        ids = [p.member_id for p in content.recommended]
        if any(i is None for i in ids):
            raise InvalidInput(None, reason="council_member_id_required")
        if len(set(ids)) != len(ids):
            raise DuplicatePerson(str(next(i for i in ids if ids.count(i) > 1)))
        if seats is not None and len(ids) > seats:
            raise TooManyDeputyChairmen(len(ids), seats, citation)


def meeting_verdicts(
    held_on: date, assembly: str, present: int, total: int, votes_for: int
) -> tuple[Verdict, Verdict]:
    """The quorum and the majority of a meeting's vote, both under the rulebook in force on the
    meeting's date (Reg2024 §14–15; Law 2008 Art. 10 under Reg2011; Reg2002 §9)."""
    book = rulebook_on(held_on, assembly)
    return council_quorum(book, present, total), council_adopted(book, votes_for, present, total)


class Resolution(Aggregate):
    stream_type = "resolution"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.status: ResolutionStatus | None = None
        self.method: Method | None = None
        self.assembly = ""
        self.body = ""
        self.number = ""
        self.text: Text | None = None
        self.content: Content | None = None
        self.meeting_id: uuid.UUID | None = None
        self.opened_on: date | None = None
        self.deadline: datetime | None = None
        self.electorate: frozenset[uuid.UUID] = frozenset()
        self.ballots: dict[uuid.UUID, Choice] = {}
        self.council_total = 0
        self.required = 0
        self.rulebook = ""
        self.rule = ""

    # -- at a meeting ----------------------------------------------------------------------

    @classmethod
    def vote_at_meeting(
        cls,
        resolution_id: uuid.UUID,
        meeting: Meeting,
        item_id: uuid.UUID,
        text: Text,
        content: Content,
        counts: Counts,
        *,
        item_decided: bool,
        awaiting_review: Collection[uuid.UUID] = (),
    ) -> Resolution:
        """The Council votes on an agenda item of an open, quorate meeting (Reg2024 §14);
        adopted with at least two thirds of those present for (Reg2024 §15)."""
        meeting.require_quorum()
        if meeting.item(item_id) is None:
            raise AgendaItemUnknown(None, resource="agenda_item", id=str(item_id))
        if item_decided:
            raise ItemAlreadyDecided(None, item_id=str(item_id))
        present = meeting.present_count
        cast = counts.votes_for + counts.against + counts.abstain
        if cast > present:
            raise CountsExceedPresent(cast, present)
        assert meeting.held_on is not None
        check_content(content, awaiting_review, meeting.held_on, meeting.assembly)
        quorum, majority = meeting_verdicts(
            meeting.held_on, meeting.assembly, present, meeting.council_total, counts.votes_for
        )
        resolution = cls(str(resolution_id))
        resolution._record(
            MeetingVoteTaken(
                resolution_id=resolution_id,
                meeting_id=uuid.UUID(meeting.id),
                assembly=meeting.assembly,
                body=meeting.body,
                item_id=item_id,
                text=text,
                content=content,
                held_on=meeting.held_on,
                counts=counts,
                present=present,
                council_total=meeting.council_total,
                quorum_required=quorum.required,
                quorum_rule=quorum.rule,
                required=majority.required,
                adopted=majority.satisfied,
                rulebook=majority.rulebook,
                rule=majority.rule,
            )
        )
        if majority.satisfied:
            resolution._adopt(
                DecisionRef(number=meeting.number, date=meeting.held_on), meeting.held_on, counts
            )
        return resolution

    # -- by written poll -------------------------------------------------------------------

    @classmethod
    def open_written_poll(
        cls,
        resolution_id: uuid.UUID,
        *,
        assembly: str,
        body: str,
        number: str,
        text: Text,
        content: Content,
        opened_on: date,
        now: datetime,
        deadline: datetime,
        electorate: Collection[uuid.UUID],
        awaiting_review: Collection[uuid.UUID] = (),
    ) -> Resolution:
        """Only where the rulebook in force on the opening day provides a poll (Reg2011 §9,
        Reg2002 §9); refused under Reg2024 §15, citing it."""
        book = rulebook_on(opened_on, assembly)
        basis = written_poll_adopted(book, 0, len(electorate))  # RuleViolation under Reg2024
        if deadline <= now:
            raise DeadlineNotLater()
        check_content(content, awaiting_review, opened_on, assembly)
        resolution = cls(str(resolution_id))
        resolution._record(
            WrittenPollOpened(
                resolution_id=resolution_id,
                assembly=assembly,
                body=body,
                number=number,
                text=text,
                content=content,
                opened_on=opened_on,
                deadline=deadline,
                electorate=tuple(sorted(electorate, key=str)),
                council_total=len(electorate),
                required=basis.required,
                rulebook=basis.rulebook,
                rule=basis.rule,
            )
        )
        return resolution

    @classmethod
    def record_written_poll(
        cls,
        resolution_id: uuid.UUID,
        *,
        assembly: str,
        body: str,
        number: str,
        text: Text,
        content: Content,
        held_on: date,
        counts: Counts,
        council_total: int,
        source: DecisionRef,
        today: date,
        awaiting_review: Collection[uuid.UUID] = (),
    ) -> Resolution:
        """A written poll held before, entered from its protocol (``source``): adopted when at
        least two thirds of ALL the Council's members on ``held_on`` voted for it (Reg2011 §9;
        Reg2002 §9), under the rulebook in force that day; refused where that rulebook has no
        written poll (Reg2024 §15), citing it. Adopted, the resolution is dated ``held_on`` and
        its document is the protocol."""
        if held_on > today:
            raise MeetingInFuture(held_on)
        if source.date < held_on:
            raise DateBefore("source", held_on)
        book = rulebook_on(held_on, assembly)
        cast = counts.votes_for + counts.against + counts.abstain
        if cast > council_total:
            raise CountsExceedMembers(cast, council_total)
        verdict = written_poll_adopted(book, counts.votes_for, council_total)
        check_content(content, awaiting_review, held_on, assembly)
        resolution = cls(str(resolution_id))
        resolution._record(
            WrittenPollRecorded(
                resolution_id=resolution_id,
                assembly=assembly,
                body=body,
                number=number,
                text=text,
                content=content,
                held_on=held_on,
                counts=counts,
                council_total=council_total,
                required=verdict.required,
                adopted=verdict.satisfied,
                rulebook=verdict.rulebook,
                rule=verdict.rule,
                source=source,
            )
        )
        if verdict.satisfied:
            resolution._adopt(source, held_on, counts)
        return resolution

    def counts(self) -> Counts:
        choices = list(self.ballots.values())
        return Counts(
            votes_for=choices.count(Choice.FOR),
            against=choices.count(Choice.AGAINST),
            abstain=choices.count(Choice.ABSTAIN),
        )

    def _poll_verdict(self) -> Verdict:
        assert self.opened_on is not None
        return written_poll_adopted(
            rulebook_on(self.opened_on, self.assembly), self.counts().votes_for, self.council_total
        )

    def outcome_decided(self) -> bool:
        """Adopted already, or rejected whatever the members who have not voted do."""
        votes_for = self.counts().votes_for
        outstanding = len(self.electorate) - len(self.ballots)
        return votes_for >= self.required or votes_for + outstanding < self.required

    def cast(self, member_id: uuid.UUID, choice: Choice, now: datetime, today: date) -> None:
        """A Council member of the opening day votes once, before the deadline; the ballot
        after which the outcome cannot change closes the poll (Reg2011 §9; Reg2002 §9)."""
        if self.status is not ResolutionStatus.POLLING:
            raise PollNotOpen(None, resolution_id=self.id)
        assert self.deadline is not None
        if now >= self.deadline:
            raise PollDeadlinePassed(None, resolution_id=self.id, deadline=str(self.deadline))
        if member_id not in self.electorate:
            raise NotInElectorate(self.rule, str(member_id))
        if member_id in self.ballots:
            raise AlreadyVoted(None, member_id=str(member_id))
        self._record(
            WrittenPollBallotCast(
                resolution_id=uuid.UUID(self.id),
                member_id=member_id,
                choice=choice,
                cast_at=now,
            )
        )
        if self.outcome_decided():
            everyone = len(self.ballots) == len(self.electorate)
            self._close(CloseReason.ALL_VOTED if everyone else CloseReason.OUTCOME_DECIDED, now)
            self._maybe_adopt(today)

    def close_at_deadline(self, now: datetime, today: date) -> None:
        if self.status is not ResolutionStatus.POLLING:
            raise PollNotOpen(None, resolution_id=self.id)
        assert self.deadline is not None
        if now < self.deadline:
            raise PollDeadlineNotReached(None, deadline=str(self.deadline))
        self._close(CloseReason.DEADLINE, self.deadline)
        self._maybe_adopt(today)

    def _close(self, reason: CloseReason, closed_at: datetime) -> None:
        verdict = self._poll_verdict()
        self._record(
            WrittenPollClosed(
                resolution_id=uuid.UUID(self.id),
                reason=reason,
                counts=self.counts(),
                council_total=self.council_total,
                required=verdict.required,
                adopted=verdict.satisfied,
                rulebook=verdict.rulebook,
                rule=verdict.rule,
                closed_at=closed_at,
            )
        )

    def _maybe_adopt(self, today: date) -> None:
        if self.status is ResolutionStatus.ADOPTED:
            self._adopt(DecisionRef(number=self.number, date=today), today, self.counts())

    # -- adoption ----------------------------------------------------------------------------

    def _adopt(self, protocol: DecisionRef, adopted_on: date, counts: Counts) -> None:
        assert self.text is not None and self.content is not None and self.method is not None
        resolution_id = uuid.UUID(self.id)
        self._record(
            ResolutionAdopted(
                resolution_id=resolution_id,
                assembly=self.assembly,
                body=self.body,
                kind=ResolutionKind(self.content.kind),
                text=self.text,
                content=self.content,
                method=self.method,
                meeting_id=self.meeting_id,
                protocol=protocol,
                adopted_on=adopted_on,
                counts=counts,
                rulebook=self.rulebook,
                rule=self.rule,
            )
        )
        content = self.content
        if isinstance(content, CandidacyReviews):
            for review in content.reviews:
                self._record(
                    CandidacyReviewAdopted(
                        resolution_id=resolution_id,
                        member_id=review.member_id,
                        recommended=review.recommended,
                        protocol=protocol,
                    )
                )
        elif isinstance(content, DeputyChairmanRecommendations):
            for person in content.recommended:
                assert person.member_id is not None
                self._record(
                    DeputyChairmanRecommended(
                        resolution_id=resolution_id, member_id=person.member_id, protocol=protocol
                    )
                )

    # -- evolution -------------------------------------------------------------------------

    def when_MeetingVoteTaken(self, event: MeetingVoteTaken) -> None:
        self.method = Method.MEETING
        self.assembly = event.assembly
        self.body = event.body
        self.text = event.text
        self.content = event.content
        self.meeting_id = event.meeting_id
        self.rulebook = event.rulebook
        self.rule = event.rule
        self.status = ResolutionStatus.ADOPTED if event.adopted else ResolutionStatus.REJECTED

    def when_WrittenPollOpened(self, event: WrittenPollOpened) -> None:
        self.method = Method.WRITTEN_POLL
        self.status = ResolutionStatus.POLLING
        self.assembly = event.assembly
        self.body = event.body
        self.number = event.number
        self.text = event.text
        self.content = event.content
        self.opened_on = event.opened_on
        self.deadline = event.deadline
        self.electorate = frozenset(event.electorate)
        self.council_total = event.council_total
        self.required = event.required
        self.rulebook = event.rulebook
        self.rule = event.rule

    def when_WrittenPollRecorded(self, event: WrittenPollRecorded) -> None:
        self.method = Method.WRITTEN_POLL
        self.status = ResolutionStatus.ADOPTED if event.adopted else ResolutionStatus.REJECTED
        self.assembly = event.assembly
        self.body = event.body
        self.number = event.number
        self.text = event.text
        self.content = event.content
        self.opened_on = event.held_on
        self.council_total = event.council_total
        self.required = event.required
        self.rulebook = event.rulebook
        self.rule = event.rule

    def when_WrittenPollBallotCast(self, event: WrittenPollBallotCast) -> None:
        self.ballots[event.member_id] = event.choice

    def when_WrittenPollClosed(self, event: WrittenPollClosed) -> None:
        self.status = ResolutionStatus.ADOPTED if event.adopted else ResolutionStatus.REJECTED

    def when_ResolutionAdopted(self, event: ResolutionAdopted) -> None:
        self.status = ResolutionStatus.ADOPTED

    def when_CandidacyReviewAdopted(self, event: CandidacyReviewAdopted) -> None:
        pass

    def when_DeputyChairmanRecommended(self, event: DeputyChairmanRecommended) -> None:
        pass
