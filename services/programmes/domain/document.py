"""A programme document or the Development Concept, from drafting to approval. Pure.

One stream per document (``document-<id>``). The Secretariat drafts it with the
Scientific-Expert Council, brings it to the Council, organises its consideration at a Session
and sends it to the President for approval (Reg2024 §31); the Concept goes to the Chairman, who
approves it (Reg2024 §32). Each step is taken on the version current at the time and judged by
the procedure of the rulebook in force on the step's date: a step the rulebook requires before
another (the Session before the submission, Reg2024 §31) must have been taken on the version
being submitted, or the later step is refused citing its paragraph.

The text changes only while drafting; a new version needs its steps again. Approved, the
document is in force from its effective date until its ``valid_until`` or until a later
document that supersedes it takes effect; the Chairman's orders carry it out (Reg2024 §32).
Nothing is overwritten: a return sends it back to drafting, and its history stays.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.programmes.domain.errors import (
    NotCompetent,
    NotInForce,
    StepMissing,
    StepRefused,
    date_before,
)
from services.programmes.domain.events import (
    Act,
    Attachment,
    Authority,
    ChairmanOrderIssued,
    CouncilDiscussionRecorded,
    DiscussionOutcome,
    DocumentApproved,
    DocumentDrafted,
    DocumentKind,
    DocumentReturned,
    DocumentSubmitted,
    DocumentText,
    DocumentVersionAdded,
    ExpertOpinionRecorded,
    OpinionConclusion,
    SessionConsiderationRecorded,
    Step,
    Summary,
    Title,
)
from services.programmes.domain.procedures import Procedure, Route, procedure_on
from shared.domain import Aggregate
from shared.personal_data import refuse_personal_data
from shared.rulebooks import Rule

ORDER = (
    Step.EXPERT_OPINION,
    Step.COUNCIL_DISCUSSION,
    Step.SESSION_CONSIDERATION,
    Step.SUBMISSION,
    Step.APPROVAL,
)


class DocumentStatus(StrEnum):
    DRAFTING = "drafting"
    SUBMITTED = "submitted"
    APPROVED = "approved"


def refuse_personal_data_in(field_name: str, text: Title | Summary | DocumentText) -> None:
    """Texts of acts are published: an identifier in either language is refused."""
    refuse_personal_data(field_name, text.kk)
    refuse_personal_data(field_name, text.ru)


@dataclass(frozen=True)
class OpinionBy:
    """The body an opinion comes from, as the handler found it."""

    body_id: uuid.UUID
    kind: str
    meeting_id: uuid.UUID | None
    counts: bool
    """Whether it is the opinion the rulebook asks for (the Scientific-Expert Council's)."""


@dataclass(frozen=True)
class Superseded:
    """The approved document a new one supersedes, as the handler found it."""

    document_id: uuid.UUID
    kind: DocumentKind
    effective_from: date


def _competent(rule: Rule[tuple[Authority, ...]], book: str, act: str, given: Authority) -> None:
    if given not in rule.value:
        raise NotCompetent(
            rule.citation, book, act, given.value, ", ".join(a.value for a in rule.value)
        )


def _not_before_act(field_name: str, day: date, act: Act) -> None:
    """A step is not taken before the document that records it is dated."""
    if day < act.date:
        raise date_before(field_name, day, act.date)


@dataclass
class Approval:
    approved_on: date
    effective_from: date
    valid_until: date | None


class ProgrammeDocument(Aggregate):
    stream_type = "document"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.kind = DocumentKind.PROGRAMME
        self.status = DocumentStatus.DRAFTING
        self.version_number = 0
        self.last_on: date | None = None
        self.done: dict[Step, set[int]] = {step: set() for step in ORDER}
        self.submitted_on: date | None = None
        self.approval: Approval | None = None
        self.orders: list[uuid.UUID] = []

    @property
    def document_id(self) -> uuid.UUID:
        return uuid.UUID(self.id)

    # -- drafting -----------------------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        document_id: uuid.UUID,
        kind: DocumentKind,
        title: Title,
        text: DocumentText,
        attachments: Sequence[Attachment],
        drafted_on: date,
    ) -> ProgrammeDocument:
        """Drafting begins with the first version, by the working body the rulebook names."""
        procedure = procedure_on(drafted_on)
        rule = procedure.route(kind).drafted_by
        refuse_personal_data_in("title", title)
        refuse_personal_data_in("text", text)
        document = cls(str(document_id))
        document._record(
            DocumentDrafted(
                document_id=document_id,
                kind=kind,
                title=title,
                drafted_by=rule.value[0],
                drafted_on=drafted_on,
                rulebook=procedure.rulebook,
                rule=rule.citation,
            )
        )
        document._record(
            DocumentVersionAdded(
                document_id=document_id,
                version=1,
                text=text,
                attachments=tuple(attachments),
                added_on=drafted_on,
                note=None,
            )
        )
        return document

    def _in_drafting(self, step: str) -> None:
        if self.status is not DocumentStatus.DRAFTING:
            raise StepRefused(step, self.status.value)

    def _not_before_last(self, field_name: str, day: date) -> None:
        assert self.last_on is not None
        if day < self.last_on:
            raise date_before(field_name, day, self.last_on)

    def add_version(
        self,
        text: DocumentText,
        attachments: Sequence[Attachment],
        added_on: date,
        note: str | None,
    ) -> None:
        """A new text while drafting; the steps already taken stay with the earlier version."""
        self._in_drafting("version")
        self._not_before_last("added_on", added_on)
        refuse_personal_data_in("text", text)
        refuse_personal_data("note", note)
        self._record(
            DocumentVersionAdded(
                document_id=self.document_id,
                version=self.version_number + 1,
                text=text,
                attachments=tuple(attachments),
                added_on=added_on,
                note=note,
            )
        )

    # -- the steps (Reg2024 §31) --------------------------------------------------------------

    def _route(self, day: date) -> tuple[Procedure, Route]:
        procedure = procedure_on(day)
        return procedure, procedure.route(self.kind)

    def _ready_for(self, step: Step, day: date, field_name: str) -> tuple[Procedure, Route]:
        """Refuse ``step`` on ``day`` unless the document is drafting, no later step was taken
        on this version, and every earlier step the rulebook of ``day`` requires was."""
        self._in_drafting(step.value)
        self._not_before_last(field_name, day)
        position = ORDER.index(step)
        for later in ORDER[position + 1 :]:
            if self.version_number in self.done[later]:
                raise StepRefused(step.value, f"{later.value} taken")
        procedure, route = self._route(day)
        for earlier in ORDER[:position]:
            required = route.requirement(earlier)
            if required.value and self.version_number not in self.done[earlier]:
                raise StepMissing(
                    required.citation,
                    procedure.rulebook,
                    step.value,
                    earlier.value,
                    self.version_number,
                )
        return procedure, route

    def record_opinion(
        self,
        opinion_id: uuid.UUID,
        by: OpinionBy,
        conclusion: OpinionConclusion,
        summary: Summary,
        given_on: date,
    ) -> None:
        """A body's opinion on the current version (the Scientific-Expert Council's is the one
        Reg2024 §31 asks for)."""
        self._ready_for(Step.EXPERT_OPINION, given_on, "given_on")
        refuse_personal_data_in("summary", summary)
        self._record(
            ExpertOpinionRecorded(
                document_id=self.document_id,
                opinion_id=opinion_id,
                version=self.version_number,
                body_id=by.body_id,
                body_kind=by.kind,
                meeting_id=by.meeting_id,
                conclusion=conclusion,
                summary=summary,
                given_on=given_on,
                counts=by.counts,
            )
        )

    def record_council_discussion(
        self,
        resolution_id: uuid.UUID,
        protocol: Act,
        discussed_on: date,
        outcome: DiscussionOutcome,
    ) -> None:
        """The Council's resolution on the current version (Reg2024 §31)."""
        procedure, route = self._ready_for(Step.COUNCIL_DISCUSSION, discussed_on, "discussed_on")
        self._record(
            CouncilDiscussionRecorded(
                document_id=self.document_id,
                version=self.version_number,
                resolution_id=resolution_id,
                protocol=protocol,
                discussed_on=discussed_on,
                outcome=outcome,
                rulebook=procedure.rulebook,
                rule=route.council_discussion.citation,
            )
        )

    def record_session_consideration(
        self, decision_id: uuid.UUID, session_id: uuid.UUID, considered_on: date
    ) -> None:
        """The Session's decision on the current version (Reg2024 §31)."""
        procedure, route = self._ready_for(
            Step.SESSION_CONSIDERATION, considered_on, "considered_on"
        )
        self._record(
            SessionConsiderationRecorded(
                document_id=self.document_id,
                version=self.version_number,
                decision_id=decision_id,
                session_id=session_id,
                considered_on=considered_on,
                rulebook=procedure.rulebook,
                rule=route.session_consideration.citation,
            )
        )

    def submit(self, submitted_on: date, submitted_to: Authority, letter: Act) -> None:
        """Send the current version for approval: to the President (Reg2024 §31), the Concept
        to the Chairman (Reg2024 §32)."""
        procedure, route = self._ready_for(Step.SUBMISSION, submitted_on, "submitted_on")
        _not_before_act("submitted_on", submitted_on, letter)
        _competent(route.submitted_to, procedure.rulebook, "submission", submitted_to)
        self._record(
            DocumentSubmitted(
                document_id=self.document_id,
                version=self.version_number,
                submitted_on=submitted_on,
                submitted_to=submitted_to,
                letter=letter,
                rulebook=procedure.rulebook,
                rule=route.submitted_to.citation,
            )
        )

    def approve(
        self,
        approved_on: date,
        approved_by: Authority,
        act: Act,
        effective_from: date,
        valid_until: date | None,
        supersedes: Superseded | None,
    ) -> None:
        """Approved by the authority the rulebook of ``approved_on`` names (Reg2024 §6, §32)."""
        if self.status is not DocumentStatus.SUBMITTED:
            raise StepRefused(Step.APPROVAL.value, self.status.value)
        self._not_before_last("approved_on", approved_on)
        _not_before_act("approved_on", approved_on, act)
        procedure, route = self._route(approved_on)
        _competent(route.approved_by, procedure.rulebook, "approval", approved_by)
        if effective_from < approved_on:
            raise date_before("effective_from", effective_from, approved_on)
        if valid_until is not None and valid_until <= effective_from:
            raise date_before("valid_until", valid_until, effective_from)
        if supersedes is not None:
            if supersedes.document_id == self.document_id or supersedes.kind != self.kind:
                raise StepRefused("supersedes", supersedes.kind.value)
            if supersedes.effective_from >= effective_from:
                raise date_before("effective_from", effective_from, supersedes.effective_from)
        self._record(
            DocumentApproved(
                document_id=self.document_id,
                kind=self.kind,
                version=self.version_number,
                approved_on=approved_on,
                approved_by=approved_by,
                act=act,
                effective_from=effective_from,
                valid_until=valid_until,
                supersedes=supersedes.document_id if supersedes else None,
                rulebook=procedure.rulebook,
                rule=route.approved_by.citation,
            )
        )

    def return_for_revision(
        self, returned_on: date, returned_by: Authority, reason: str, act: Act | None
    ) -> None:
        """Sent back instead of approved: drafting goes on."""
        if self.status is not DocumentStatus.SUBMITTED:
            raise StepRefused("return", self.status.value)
        self._not_before_last("returned_on", returned_on)
        if act is not None:
            _not_before_act("returned_on", returned_on, act)
        procedure, route = self._route(returned_on)
        _competent(route.approved_by, procedure.rulebook, "return", returned_by)
        refuse_personal_data("reason", reason)
        self._record(
            DocumentReturned(
                document_id=self.document_id,
                version=self.version_number,
                returned_on=returned_on,
                returned_by=returned_by,
                reason=reason,
                act=act,
            )
        )

    # -- carrying it out (Reg2024 §32) --------------------------------------------------------

    def in_force_on(self, day: date, superseded_from: date | None) -> bool:
        """In force on ``day``: approved, effective, not past its term, not yet superseded
        (``superseded_from``: when the document superseding it took effect, if any)."""
        approval = self.approval
        if approval is None or day < approval.effective_from:
            return False
        if approval.valid_until is not None and day >= approval.valid_until:
            return False
        return superseded_from is None or day < superseded_from

    def issue_order(
        self, order_id: uuid.UUID, act: Act, text: Summary, issued_on: date,
        superseded_from: date | None,
    ) -> None:  # fmt: skip
        """The Chairman's order to carry out the approved document, while it is in force."""
        procedure, route = self._route(issued_on)
        approval = self.approval
        if approval is None:
            raise StepRefused("order", self.status.value)
        if issued_on < approval.approved_on:
            raise date_before("issued_on", issued_on, approval.approved_on)
        _not_before_act("issued_on", issued_on, act)
        before_effect = issued_on < approval.effective_from
        if not (before_effect or self.in_force_on(issued_on, superseded_from)):
            raise NotInForce(route.orders_by.citation, self.kind.value, self.id, issued_on)
        refuse_personal_data_in("text", text)
        self._record(
            ChairmanOrderIssued(
                document_id=self.document_id,
                order_id=order_id,
                act=act,
                text=text,
                issued_on=issued_on,
                rulebook=procedure.rulebook,
                rule=route.orders_by.citation,
            )
        )

    # -- evolution ----------------------------------------------------------------------------

    def when_DocumentDrafted(self, event: DocumentDrafted) -> None:
        self.kind = event.kind
        self.last_on = event.drafted_on

    def when_DocumentVersionAdded(self, event: DocumentVersionAdded) -> None:
        self.version_number = event.version
        self.last_on = event.added_on

    def when_ExpertOpinionRecorded(self, event: ExpertOpinionRecorded) -> None:
        if event.counts:
            self.done[Step.EXPERT_OPINION].add(event.version)
        self.last_on = event.given_on

    def when_CouncilDiscussionRecorded(self, event: CouncilDiscussionRecorded) -> None:
        if event.outcome is DiscussionOutcome.ENDORSED:
            self.done[Step.COUNCIL_DISCUSSION].add(event.version)
        self.last_on = event.discussed_on

    def when_SessionConsiderationRecorded(self, event: SessionConsiderationRecorded) -> None:
        self.done[Step.SESSION_CONSIDERATION].add(event.version)
        self.last_on = event.considered_on

    def when_DocumentSubmitted(self, event: DocumentSubmitted) -> None:
        self.done[Step.SUBMISSION].add(event.version)
        self.status = DocumentStatus.SUBMITTED
        self.submitted_on = event.submitted_on
        self.last_on = event.submitted_on

    def when_DocumentApproved(self, event: DocumentApproved) -> None:
        self.done[Step.APPROVAL].add(event.version)
        self.status = DocumentStatus.APPROVED
        self.approval = Approval(event.approved_on, event.effective_from, event.valid_until)
        self.last_on = event.approved_on

    def when_DocumentReturned(self, event: DocumentReturned) -> None:
        self.done[Step.SUBMISSION].discard(event.version)
        self.status = DocumentStatus.DRAFTING
        self.last_on = event.returned_on

    def when_ChairmanOrderIssued(self, event: ChairmanOrderIssued) -> None:
        self.orders.append(event.order_id)
