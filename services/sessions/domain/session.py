"""The Session aggregate: convening, postponement or cancellation, the sitting, attendance
and the agenda (Reg2024 §7–11; Reg2002 §8). Pure: no I/O.

One stream per Session (``session-<id>``): convened → (postponed)* → sitting open → held,
or cancelled before its sitting opens. Every threshold comes from the rulebook in force on the
act's date (``shared.rulebooks``): the announcement for the notice period, the decision to
convene for an extraordinary Session's time limit, the Session's date for the quorum. Roster
numbers (how many members, whether one is on the roster) are inputs: the handler reads them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.sessions.domain.errors import (
    RULES_OF_PROCEDURE,
    AgendaItemNotFound,
    AgendaOrderInvalid,
    AlreadyRegistered,
    AssemblyMismatch,
    CountExceedsRoster,
    DateBefore,
    DateInFuture,
    DecisionNotAdopted,
    DecisionOfAnotherKind,
    ExtraordinaryTooLate,
    InsufficientNotice,
    NotARecordedSession,
    NotOnRoster,
    NotRegistered,
    PostponementNotLater,
    QuorumNotPresent,
    RequestNotSupported,
    SessionIsCancelled,
    SittingAlreadyOpened,
    SittingBeforeSessionDate,
    SittingNotOpen,
)
from services.sessions.domain.events import (
    AgendaItem,
    AgendaItemAdded,
    AgendaItemWithdrawn,
    AgendaReordered,
    AttendanceRegistered,
    AttendanceWithdrawn,
    DecisionKind,
    Initiative,
    RegisteredBy,
    RulesOfProcedureAdopted,
    SessionCancelled,
    SessionConvened,
    SessionKind,
    SessionPostponed,
    SessionRecorded,
    SittingClosed,
    SittingOpened,
    SourceDocument,
    Title,
)
from services.sessions.domain.request import ExtraordinaryRequest
from services.sessions.domain.sitting_record import SittingRecordFixed
from shared.domain import Aggregate
from shared.personal_data import refuse_personal_data
from shared.rulebooks import (
    DateVerdict,
    Verdict,
    extraordinary_held_in_time,
    notice_sufficient,
    rulebook_on,
    session_quorum,
)
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

SESSION_DECISIONS = "Reg2024 §10"
"""A Session decision is adopted by more than half of the members present."""


@dataclass(frozen=True)
class AdoptedDecision:
    """A decision the Session adopted (the polls read model), as a command's evidence."""

    decision_id: uuid.UUID
    session_id: uuid.UUID
    kind: DecisionKind


class Status(StrEnum):
    CONVENED = "convened"
    SITTING = "sitting"
    HELD = "held"
    CANCELLED = "cancelled"


class Session(Aggregate):
    stream_type = "session"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.status: Status | None = None
        self.assembly = NATIONAL_ASSEMBLY
        self.kind: SessionKind | None = None
        self.opens_on: date | None = None
        self.sitting_on: date | None = None
        """The Kazakhstan day the sitting opened: its roster and rulebook count."""
        self.announced_on: date | None = None
        self.place = ""
        self.agenda: list[AgendaItem] = []
        self.withdrawn: list[AgendaItem] = []
        self.present: dict[uuid.UUID, RegisteredBy] = {}
        self.request_id: uuid.UUID | None = None
        self.rules_of_procedure: str | None = None
        self.record_fixed = False
        self.recorded: SessionRecorded | None = None
        """A Session recorded from its protocol: the record (its count of members present)."""

    # -- convening ---------------------------------------------------------------------------

    @classmethod
    def convene_regular(
        cls,
        session_id: uuid.UUID,
        opens_on: date,
        place: str,
        agenda: Sequence[AgendaItem],
        announced_on: date,
        assembly: str = NATIONAL_ASSEMBLY,
    ) -> Session:
        """The Chairman convenes a Session: date, place and provisional agenda announced at
        least the rulebook's notice period before it opens (Reg2002 §8)."""
        book = rulebook_on(announced_on, assembly)
        verdict = notice_sufficient(book, announced_on, opens_on)
        if not verdict.satisfied:
            raise InsufficientNotice(verdict)
        return cls._convened(
            session_id, assembly, SessionKind.REGULAR, None, None, opens_on, place, agenda,
            announced_on, None, verdict,
        )  # fmt: skip

    @classmethod
    def convene_extraordinary(
        cls,
        session_id: uuid.UUID,
        opens_on: date,
        place: str,
        agenda: Sequence[AgendaItem],
        decided_on: date,
        assembly: str = NATIONAL_ASSEMBLY,
        request: ExtraordinaryRequest | None = None,
    ) -> Session:
        """An extraordinary Session, on the Chairman's initiative or on a members' request that
        reached its threshold; held within the time limit of the decision (Reg2002 §8)."""
        initiative = Initiative.CHAIRMAN
        if request is not None:
            if request.assembly != assembly:
                raise AssemblyMismatch(request.assembly, assembly)
            if request.supported_on is None:
                book = rulebook_on(decided_on, assembly)
                raise RequestNotSupported(
                    book.extraordinary_request_share.citation, request.signatures
                )
            if decided_on < request.supported_on:
                raise DateBefore("decided_on", request.supported_on)
            initiative = Initiative.MEMBERS_REQUEST
        verdict = _in_time(assembly, decided_on, opens_on)
        return cls._convened(
            session_id, assembly, SessionKind.EXTRAORDINARY, initiative,
            None if request is None else uuid.UUID(request.id), opens_on, place, agenda,
            decided_on, verdict.deadline, verdict,
        )  # fmt: skip

    @classmethod
    def _convened(
        cls,
        session_id: uuid.UUID,
        assembly: str,
        kind: SessionKind,
        initiative: Initiative | None,
        request_id: uuid.UUID | None,
        opens_on: date,
        place: str,
        agenda: Sequence[AgendaItem],
        announced_on: date,
        deadline: date | None,
        verdict: Verdict | DateVerdict,
    ) -> Session:
        session = cls(str(session_id))
        session._record(
            SessionConvened(
                session_id=session_id,
                assembly=assembly,
                kind=kind,
                initiative=initiative,
                request_id=request_id,
                opens_on=opens_on,
                place=place,
                agenda=tuple(agenda),
                announced_on=announced_on,
                deadline=deadline,
                rulebook=verdict.rulebook,
                rule=verdict.rule,
            )
        )
        return session

    @classmethod
    def record(
        cls,
        session_id: uuid.UUID,
        *,
        kind: SessionKind,
        sitting_on: date,
        place: str,
        agenda: Sequence[AgendaItem],
        present: int,
        roster_total: int,
        source: SourceDocument,
        today: date,
        assembly: str = NATIONAL_ASSEMBLY,
    ) -> Session:
        """A Session held before, entered from its protocol (``source``): its quorum under the
        rulebook in force on its sitting's day, against the members on the roster that day
        (Reg2024 §9; Reg2002 §8). Held as recorded: its votes are recorded after it."""
        if sitting_on > today:
            raise DateInFuture("sitting_on", sitting_on)
        if source.date < sitting_on:
            raise DateBefore("source", sitting_on)
        if present > roster_total:
            raise CountExceedsRoster(present, roster_total)
        verdict = session_quorum(rulebook_on(sitting_on, assembly), present, roster_total)
        session = cls(str(session_id))
        session._record(
            SessionRecorded(
                session_id=session_id,
                assembly=assembly,
                kind=kind,
                sitting_on=sitting_on,
                place=place,
                agenda=tuple(agenda),
                present=present,
                roster_total=roster_total,
                required=verdict.required,
                quorate=verdict.satisfied,
                rulebook=verdict.rulebook,
                rule=verdict.rule,
                source=source,
            )
        )
        return session

    def require_recorded_quorum(self) -> SessionRecorded:
        """A vote or an election is recorded only for a recorded Session that had its quorum
        (Reg2024 §9)."""
        if self.recorded is None:
            raise NotARecordedSession(None, session_id=self.id)
        if not self.recorded.quorate:
            record = self.recorded
            verdict = Verdict(
                check="session_quorum", satisfied=False, rulebook=record.rulebook,
                rule=record.rule, required=record.required, actual=record.present,
            )  # fmt: skip
            raise QuorumNotPresent(verdict, record.roster_total)
        return self.recorded

    def postpone(self, opens_on: date, reason: str, postponed_on: date) -> None:
        """Move the Session to a later date, with a reason. The new date is announced now:
        a regular Session gets the full notice period again, an extraordinary one stays within
        the time limit of the decision that convened it (Reg2002 §8)."""
        self._check_not_opened()
        assert self.opens_on is not None and self.announced_on is not None
        if opens_on <= self.opens_on:
            raise PostponementNotLater(self.opens_on)
        if postponed_on < self.announced_on:
            raise DateBefore("postponed_on", self.announced_on)
        refuse_personal_data("reason", reason)
        verdict: Verdict | DateVerdict
        if self.kind is SessionKind.REGULAR:
            verdict = notice_sufficient(
                rulebook_on(postponed_on, self.assembly), postponed_on, opens_on
            )
            if not verdict.satisfied:
                raise InsufficientNotice(verdict)
        else:
            verdict = _in_time(self.assembly, self.announced_on, opens_on)
        self._record(
            SessionPostponed(
                session_id=uuid.UUID(self.id),
                previous_opens_on=self.opens_on,
                opens_on=opens_on,
                reason=reason,
                postponed_on=postponed_on,
                rulebook=verdict.rulebook,
                rule=verdict.rule,
            )
        )

    def cancel(self, reason: str, cancelled_on: date) -> None:
        self._check_not_opened()
        assert self.announced_on is not None
        if cancelled_on < self.announced_on:
            raise DateBefore("cancelled_on", self.announced_on)
        refuse_personal_data("reason", reason)
        self._record(
            SessionCancelled(
                session_id=uuid.UUID(self.id), reason=reason, cancelled_on=cancelled_on
            )
        )

    # -- the sitting -------------------------------------------------------------------------

    def open_sitting(self, today: date) -> None:
        """Open the sitting, not before the announced date (Reg2002 §8). The sitting is dated
        the day it opens (``today``: the Kazakhstan day, from the service's clock): the members
        on the roster of that day take part and count for its quorum (Reg2024 §9)."""
        self._check_not_opened()
        assert self.opens_on is not None
        if today < self.opens_on:
            raise SittingBeforeSessionDate(self.opens_on)
        self._record(
            SittingOpened(session_id=uuid.UUID(self.id), sitting_on=today, opened_on=today)
        )

    def close_sitting(self, closed_on: date) -> None:
        self._check_sitting()
        assert self.sitting_on is not None
        if closed_on < self.sitting_on:
            raise DateBefore("closed_on", self.sitting_on)
        self._record(SittingClosed(session_id=uuid.UUID(self.id), closed_on=closed_on))

    def fix_record(self, record: SittingRecordFixed) -> None:
        """With the closing: the protocol's number and who was there, as they stood (see
        ``sitting_record``); once."""
        if self.status is not Status.HELD or self.record_fixed:
            raise SittingNotOpen(self.id)
        self._record(record)

    def register_attendance(self, member_id: uuid.UUID, by: RegisteredBy, on_roster: bool) -> None:
        """A member on the roster of the sitting's day takes part (Reg2024 §7, §9), once."""
        self._check_sitting()
        assert self.sitting_on is not None
        if not on_roster:
            raise NotOnRoster(str(member_id), self.sitting_on)
        if member_id in self.present:
            raise AlreadyRegistered(None, member_id=str(member_id))
        self._record(
            AttendanceRegistered(session_id=uuid.UUID(self.id), member_id=member_id, by=by)
        )

    def withdraw_attendance(self, member_id: uuid.UUID, by: RegisteredBy) -> None:
        self._check_sitting()
        if member_id not in self.present:
            raise NotRegistered(None, member_id=str(member_id))
        self._record(AttendanceWithdrawn(session_id=uuid.UUID(self.id), member_id=member_id, by=by))

    def quorum(self, roster_total: int) -> Verdict:
        """The live quorum: members present of ``roster_total`` members on the roster of the
        sitting's day, under the rulebook in force that day (Reg2024 §9)."""
        assert self.sitting_on is not None
        return session_quorum(
            rulebook_on(self.sitting_on, self.assembly), len(self.present), roster_total
        )

    def require_quorum(self, roster_total: int) -> Verdict:
        """For the polls slice: no vote opens without quorum (Reg2024 §9)."""
        self._check_sitting()
        verdict = self.quorum(roster_total)
        if not verdict.satisfied:
            raise QuorumNotPresent(verdict, roster_total)
        return verdict

    # -- the agenda and the Rules of Procedure, by Session decision --------------------------
    # ``decision``: the adopted decision ``decision_ref`` names (read model), or None.

    def add_agenda_item(
        self,
        item_id: uuid.UUID,
        title: Title,
        decision_ref: str,
        decision: AdoptedDecision | None,
    ) -> None:
        self._check_sitting()
        self._require_decision(decision_ref, decision)
        item = AgendaItem(item_id=item_id, title=title)
        self._record(
            AgendaItemAdded(
                session_id=uuid.UUID(self.id),
                item=item,
                position=len(self.agenda) + 1,
                decision_ref=decision_ref,
            )
        )

    def reorder_agenda(
        self, order: Sequence[uuid.UUID], decision_ref: str, decision: AdoptedDecision | None
    ) -> None:
        """``order``: every item still on the agenda, each once, in the new order."""
        self._check_sitting()
        self._require_decision(decision_ref, decision)
        current = [item.item_id for item in self.agenda]
        if len(order) != len(current) or set(order) != set(current):
            raise AgendaOrderInvalid()
        self._record(
            AgendaReordered(
                session_id=uuid.UUID(self.id), order=tuple(order), decision_ref=decision_ref
            )
        )

    def withdraw_agenda_item(
        self, item_id: uuid.UUID, decision_ref: str, decision: AdoptedDecision | None
    ) -> None:
        self._check_sitting()
        self._require_decision(decision_ref, decision)
        if all(item.item_id != item_id for item in self.agenda):
            raise AgendaItemNotFound(None, resource="agenda_item", id=str(item_id))
        self._record(
            AgendaItemWithdrawn(
                session_id=uuid.UUID(self.id), item_id=item_id, decision_ref=decision_ref
            )
        )

    def adopt_rules_of_procedure(self, decision_ref: str, decision: AdoptedDecision | None) -> None:
        """The Session approves its Rules of Procedure by its decision (Reg2024 §11), one of
        that kind."""
        self._check_sitting()
        self._require_decision(decision_ref, decision, DecisionKind.RULES_OF_PROCEDURE)
        self._record(
            RulesOfProcedureAdopted(
                session_id=uuid.UUID(self.id), decision_ref=decision_ref, rule=RULES_OF_PROCEDURE
            )
        )

    # -- guards --------------------------------------------------------------------------------

    def _check_not_opened(self) -> None:
        if self.status is Status.CANCELLED:
            raise SessionIsCancelled(None, session_id=self.id)
        if self.status is not Status.CONVENED:
            raise SittingAlreadyOpened(None, session_id=self.id)

    def _require_decision(
        self,
        decision_ref: str,
        decision: AdoptedDecision | None,
        kind: DecisionKind | None = None,
    ) -> None:
        """The Session changes its agenda and approves its Rules of Procedure by its own
        decisions, adopted by a majority of the members present (Reg2024 §10–11)."""
        if decision is None or str(decision.session_id) != self.id:
            raise DecisionNotAdopted(SESSION_DECISIONS, decision_ref)
        if kind is not None and decision.kind is not kind:
            raise DecisionOfAnotherKind(RULES_OF_PROCEDURE, decision_ref, decision.kind, kind)

    def _check_sitting(self) -> None:
        if self.status is Status.CANCELLED:
            raise SessionIsCancelled(None, session_id=self.id)
        if self.status is not Status.SITTING:
            raise SittingNotOpen(self.id)

    # -- evolution -----------------------------------------------------------------------------

    def when_SessionConvened(self, event: SessionConvened) -> None:
        self.status = Status.CONVENED
        self.assembly = event.assembly
        self.kind = event.kind
        self.opens_on = event.opens_on
        self.announced_on = event.announced_on
        self.place = event.place
        self.agenda = list(event.agenda)
        self.request_id = event.request_id

    def when_SessionRecorded(self, event: SessionRecorded) -> None:
        self.status = Status.HELD
        self.assembly = event.assembly
        self.kind = event.kind
        self.opens_on = event.sitting_on
        self.sitting_on = event.sitting_on
        self.place = event.place
        self.agenda = list(event.agenda)
        self.recorded = event

    def when_SessionPostponed(self, event: SessionPostponed) -> None:
        self.opens_on = event.opens_on

    def when_SessionCancelled(self, event: SessionCancelled) -> None:
        self.status = Status.CANCELLED

    def when_SittingOpened(self, event: SittingOpened) -> None:
        self.status = Status.SITTING
        self.sitting_on = event.sitting_on

    def when_SittingClosed(self, event: SittingClosed) -> None:
        self.status = Status.HELD

    def when_AttendanceRegistered(self, event: AttendanceRegistered) -> None:
        self.present[event.member_id] = event.by

    def when_AttendanceWithdrawn(self, event: AttendanceWithdrawn) -> None:
        self.present.pop(event.member_id, None)

    def when_AgendaItemAdded(self, event: AgendaItemAdded) -> None:
        self.agenda.insert(event.position - 1, event.item)

    def when_AgendaReordered(self, event: AgendaReordered) -> None:
        by_id = {item.item_id: item for item in self.agenda}
        self.agenda = [by_id[item_id] for item_id in event.order]

    def when_AgendaItemWithdrawn(self, event: AgendaItemWithdrawn) -> None:
        self.withdrawn += [item for item in self.agenda if item.item_id == event.item_id]
        self.agenda = [item for item in self.agenda if item.item_id != event.item_id]

    def when_RulesOfProcedureAdopted(self, event: RulesOfProcedureAdopted) -> None:
        self.rules_of_procedure = event.decision_ref

    def when_SittingRecordFixed(self, event: SittingRecordFixed) -> None:
        self.record_fixed = True


def _in_time(assembly: str, decided_on: date, opens_on: date) -> DateVerdict:
    verdict = extraordinary_held_in_time(rulebook_on(decided_on, assembly), decided_on, opens_on)
    if not verdict.satisfied:
        raise ExtraordinaryTooLate(verdict)
    return verdict
