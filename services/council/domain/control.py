"""Execution control of the Assembly's decisions (Reg2024 §4.5, §28; Reg2002 §12). Pure.

Each adopted Session decision and each adopted Council resolution opens one control card
(stream ``card-<id>``, its id derived from the source: opening twice is a no-op). The
Secretariat assigns the card to named state bodies with deadlines; a state body files a report
on its own assignment; the Secretariat accepts it or returns it with a reason. When every
assignment's report is accepted the card closes, in the same append as the last acceptance.

An assignment is overdue on day D when its deadline is before D and it is neither carried out
(report accepted) nor waiting for the Secretariat's review of a report.

The task, the report and a return's reason are published: an IIN or BIN, a phone number or an
e-mail address in them is refused (``shared.personal_data``); a state body reports on what was
done, not whom it was done for by their identifiers.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.council.domain.errors import (
    AssignmentClosed,
    AssignmentNotFound,
    CardClosed,
    DateBefore,
    NoReportPending,
    NotYourAssignment,
    ReportPending,
)
from services.council.domain.events import (
    AssignmentMade,
    CardSource,
    ControlCardClosed,
    ControlCardOpened,
    ReportAccepted,
    ReportFiled,
    ReportReturned,
    Text,
)
from shared.domain import Aggregate
from shared.personal_data import refuse_personal_data

CARDS = uuid.UUID("c0a1c11e-7c0d-5e55-9a57-4b656c6973c0")
"""Namespace of card ids: one card per source, ``uuid5(CARDS, "<source>:<id>")``."""


def card_id_of(source: CardSource, source_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(CARDS, f"{source.value}:{source_id}")


class AssignmentStatus(StrEnum):
    ASSIGNED = "assigned"
    REPORTED = "reported"
    """A report awaits the Secretariat's review."""
    RETURNED = "returned"
    DONE = "done"


def is_overdue(status: AssignmentStatus | str, deadline: date, day: date) -> bool:
    """Overdue on ``day``: past its deadline, not carried out, no report under review."""
    return deadline < day and AssignmentStatus(status) in (
        AssignmentStatus.ASSIGNED,
        AssignmentStatus.RETURNED,
    )


@dataclass(frozen=True)
class NewAssignment:
    assignment_id: uuid.UUID
    state_body: str
    task: Text
    deadline: date


@dataclass
class Assignment:
    state_body: str
    assigned_on: date
    deadline: date
    status: AssignmentStatus = AssignmentStatus.ASSIGNED
    pending_report: uuid.UUID | None = None


class ControlCard(Aggregate):
    stream_type = "card"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.adopted_on: date | None = None
        self.assembly = ""
        self.closed = False
        self.assignments: dict[uuid.UUID, Assignment] = {}

    @classmethod
    def open(
        cls,
        source: CardSource,
        source_id: uuid.UUID,
        *,
        assembly: str,
        kind: str,
        text: Text,
        adopted_on: date,
        rulebook: str,
        rule: str,
    ) -> ControlCard:
        card_id = card_id_of(source, source_id)
        card = cls(str(card_id))
        card._record(
            ControlCardOpened(
                card_id=card_id,
                source=source,
                source_id=source_id,
                assembly=assembly,
                kind=kind,
                text=text,
                adopted_on=adopted_on,
                rulebook=rulebook,
                rule=rule,
            )
        )
        return card

    def _assignment(self, assignment_id: uuid.UUID) -> Assignment:
        found = self.assignments.get(assignment_id)
        if found is None:
            raise AssignmentNotFound(None, resource="assignment", id=str(assignment_id))
        return found

    def assign(self, assignments: Sequence[NewAssignment], assigned_on: date) -> None:
        """The Secretariat assigns the decision to state bodies, each with its deadline."""
        if self.closed:
            raise CardClosed(None, card_id=self.id)
        assert self.adopted_on is not None
        if assigned_on < self.adopted_on:
            raise DateBefore("assigned_on", self.adopted_on)
        for new in assignments:
            if new.deadline < assigned_on:
                raise DateBefore("deadline", assigned_on)
            refuse_personal_data("task", new.task.kk)
            refuse_personal_data("task", new.task.ru)
            self._record(
                AssignmentMade(
                    card_id=uuid.UUID(self.id),
                    assignment_id=new.assignment_id,
                    state_body=new.state_body,
                    task=new.task,
                    assigned_on=assigned_on,
                    deadline=new.deadline,
                )
            )

    def file_report(
        self,
        assignment_id: uuid.UUID,
        state_body: str,
        report_id: uuid.UUID,
        text: str,
        filed_on: date,
    ) -> None:
        """A state body reports on its own assignment, one report under review at a time."""
        assignment = self._assignment(assignment_id)
        if assignment.state_body != state_body:
            raise NotYourAssignment()
        if assignment.status is AssignmentStatus.DONE:
            raise AssignmentClosed(None, assignment_id=str(assignment_id))
        if assignment.status is AssignmentStatus.REPORTED:
            raise ReportPending(None, assignment_id=str(assignment_id))
        if filed_on < assignment.assigned_on:
            raise DateBefore("filed_on", assignment.assigned_on)
        refuse_personal_data("text", text)
        self._record(
            ReportFiled(
                card_id=uuid.UUID(self.id),
                assignment_id=assignment_id,
                report_id=report_id,
                state_body=state_body,
                text=text,
                filed_on=filed_on,
            )
        )

    def _report_under_review(self, assignment_id: uuid.UUID) -> uuid.UUID:
        assignment = self._assignment(assignment_id)
        if assignment.pending_report is None:
            raise NoReportPending(None, assignment_id=str(assignment_id))
        return assignment.pending_report

    def accept(self, assignment_id: uuid.UUID, accepted_on: date) -> None:
        """The Secretariat accepts the report: the assignment is carried out; the last one
        closes the card."""
        report_id = self._report_under_review(assignment_id)
        self._record(
            ReportAccepted(
                card_id=uuid.UUID(self.id),
                assignment_id=assignment_id,
                report_id=report_id,
                accepted_on=accepted_on,
            )
        )
        if all(a.status is AssignmentStatus.DONE for a in self.assignments.values()):
            self._record(ControlCardClosed(card_id=uuid.UUID(self.id), closed_on=accepted_on))

    def return_report(self, assignment_id: uuid.UUID, reason: str, returned_on: date) -> None:
        report_id = self._report_under_review(assignment_id)
        refuse_personal_data("reason", reason)
        self._record(
            ReportReturned(
                card_id=uuid.UUID(self.id),
                assignment_id=assignment_id,
                report_id=report_id,
                reason=reason,
                returned_on=returned_on,
            )
        )

    # -- evolution -------------------------------------------------------------------------

    def when_ControlCardOpened(self, event: ControlCardOpened) -> None:
        self.adopted_on = event.adopted_on
        self.assembly = event.assembly

    def when_AssignmentMade(self, event: AssignmentMade) -> None:
        self.assignments[event.assignment_id] = Assignment(
            event.state_body, event.assigned_on, event.deadline
        )

    def when_ReportFiled(self, event: ReportFiled) -> None:
        assignment = self.assignments[event.assignment_id]
        assignment.status = AssignmentStatus.REPORTED
        assignment.pending_report = event.report_id

    def when_ReportAccepted(self, event: ReportAccepted) -> None:
        assignment = self.assignments[event.assignment_id]
        assignment.status = AssignmentStatus.DONE
        assignment.pending_report = None

    def when_ReportReturned(self, event: ReportReturned) -> None:
        assignment = self.assignments[event.assignment_id]
        assignment.status = AssignmentStatus.RETURNED
        assignment.pending_report = None

    def when_ControlCardClosed(self, event: ControlCardClosed) -> None:
        self.closed = True
