"""The programme documents' handlers (Reg2024 §31–32): drafting, opinions, the Council's
discussion and the Session's consideration, submission, approval, return and orders."""

from __future__ import annotations

import uuid

from services.programmes import projections
from services.programmes.application.acts import not_after, received_resolution
from services.programmes.application.bodies import bodies
from services.programmes.domain.commands import (
    AddVersion,
    Approve,
    DraftDocument,
    IssueOrder,
    RecordCouncilDiscussion,
    RecordOpinion,
    RecordSessionConsideration,
    ReturnDocument,
    Submit,
)
from services.programmes.domain.document import (
    OpinionBy,
    ProgrammeDocument,
    Superseded,
)
from services.programmes.domain.errors import (
    AlreadyDone,
    ConceptInForce,
    NotInForce,
    UnknownAct,
)
from services.programmes.domain.events import (
    BodyKind,
    DocumentKind,
)
from services.programmes.domain.procedures import procedure_on
from shared.application import Repository, UnitOfWork
from shared.errors import InvalidInput

documents = Repository(ProgrammeDocument)


async def draft_document(command: DraftDocument, uow: UnitOfWork) -> ProgrammeDocument:
    not_after("drafted_on", command.drafted_on, command.today)
    document = ProgrammeDocument.draft(
        uuid.uuid4(), command.kind, command.title, command.text, command.attachments,
        command.drafted_on,
    )  # fmt: skip
    await documents.save(uow, document)
    return document


async def _document(
    uow: UnitOfWork, document_id: uuid.UUID, expected: int | None
) -> ProgrammeDocument:
    return await documents.load(uow, str(document_id), expected)


async def add_version(command: AddVersion, uow: UnitOfWork) -> ProgrammeDocument:
    not_after("added_on", command.added_on, command.today)
    document = await _document(uow, command.document_id, command.expected_version)
    document.add_version(command.text, command.attachments, command.added_on, command.note)
    await documents.save(uow, document)
    return document


async def record_opinion(command: RecordOpinion, uow: UnitOfWork) -> ProgrammeDocument:
    """A body's opinion adopted at its meeting; the Scientific-Expert Council's is the one
    Reg2024 §31 asks for."""
    not_after("given_on", command.given_on, command.today)
    rule = procedure_on(command.given_on).programme_document.expert_opinion.citation
    body = await bodies.get(uow, str(command.body_id), lock=False)
    if body is None:
        raise UnknownAct(rule, "body", str(command.body_id))
    if not body.active_on(command.given_on):
        raise NotInForce(rule, "body", str(command.body_id), command.given_on)
    if command.meeting_id is not None:
        held_on = body.meetings.get(command.meeting_id)
        if held_on is None:
            raise UnknownAct(rule, "meeting", str(command.meeting_id))
        if held_on != command.given_on:
            raise InvalidInput(
                None, reason="programmes_opinion_not_on_meeting_day", held_on=str(held_on)
            )
    by = OpinionBy(
        body_id=command.body_id,
        kind=body.kind.value,
        meeting_id=command.meeting_id,
        counts=body.kind is BodyKind.SCIENTIFIC_EXPERT_COUNCIL,
    )
    document = await _document(uow, command.document_id, command.expected_version)
    document.record_opinion(uuid.uuid4(), by, command.conclusion, command.summary, command.given_on)
    await documents.save(uow, document)
    return document


async def record_council_discussion(
    command: RecordCouncilDiscussion, uow: UnitOfWork
) -> ProgrammeDocument:
    """The Council's resolution on the document, as received on ``kelisim.council.v1``."""
    document = await _document(uow, command.document_id, command.expected_version)
    rule = procedure_on(command.today).route(document.kind).council_discussion.citation
    resolution = await received_resolution(uow, command.resolution_id, rule)
    not_after("discussed_on", resolution.adopted_on, command.today)
    document.record_council_discussion(
        resolution.resolution_id, resolution.protocol, resolution.adopted_on, command.outcome
    )
    await documents.save(uow, document)
    return document


async def record_session_consideration(
    command: RecordSessionConsideration, uow: UnitOfWork
) -> ProgrammeDocument:
    """The Session's decision on the document, as received on ``kelisim.sessions.v1``."""
    document = await _document(uow, command.document_id, command.expected_version)
    rule = procedure_on(command.today).route(document.kind).session_consideration.citation
    decision = await projections.received.decision(uow.db, command.decision_id)
    if decision is None:
        raise UnknownAct(rule, "decision", str(command.decision_id))
    not_after("considered_on", decision.adopted_on, command.today)
    document.record_session_consideration(
        decision.decision_id, decision.session_id, decision.adopted_on
    )
    await documents.save(uow, document)
    return document


async def submit(command: Submit, uow: UnitOfWork) -> ProgrammeDocument:
    not_after("submitted_on", command.submitted_on, command.today)
    document = await _document(uow, command.document_id, command.expected_version)
    document.submit(command.submitted_on, command.submitted_to, command.letter)
    await documents.save(uow, document)
    return document


async def approve(command: Approve, uow: UnitOfWork) -> ProgrammeDocument:
    """Approved; one Development Concept at a time (Reg2024 §32): a Concept approved while
    another is in force on its effective day must supersede that one."""
    not_after("approved_on", command.approved_on, command.today)
    document = await _document(uow, command.document_id, command.expected_version)
    effective_from = command.effective_from or command.approved_on
    rule = procedure_on(command.approved_on).route(document.kind).approved_by.citation
    superseded = None
    if command.supersedes is not None:
        # Its lock serialises two approvals superseding the same document.
        old = await documents.get(uow, str(command.supersedes))
        row = await projections.documents.document(uow.db, command.supersedes)
        if old is None or row is None or old.approval is None:
            raise NotInForce(rule, "document", str(command.supersedes), effective_from)
        if row["superseded_by"] is not None:
            raise AlreadyDone("superseded", str(command.supersedes))
        superseded = Superseded(command.supersedes, old.kind, old.approval.effective_from)
    if document.kind is DocumentKind.CONCEPT:
        current = await projections.documents.concept_in_force(
            uow.db, effective_from, document.document_id
        )
        if current is not None and current != command.supersedes:
            raise ConceptInForce(rule, str(current), effective_from)
    document.approve(
        command.approved_on, command.approved_by, command.act, effective_from,
        command.valid_until, superseded,
    )  # fmt: skip
    await documents.save(uow, document)
    return document


async def return_document(command: ReturnDocument, uow: UnitOfWork) -> ProgrammeDocument:
    not_after("returned_on", command.returned_on, command.today)
    document = await _document(uow, command.document_id, command.expected_version)
    document.return_for_revision(
        command.returned_on, command.returned_by, command.reason, command.act
    )
    await documents.save(uow, document)
    return document


async def issue_order(command: IssueOrder, uow: UnitOfWork) -> tuple[ProgrammeDocument, uuid.UUID]:
    """The Chairman's order to carry out the approved document (Reg2024 §32)."""
    not_after("issued_on", command.issued_on, command.today)
    document = await _document(uow, command.document_id, None)
    row = await projections.documents.document(uow.db, command.document_id)
    superseded_from = row["superseded_from"] if row else None
    order_id = uuid.uuid4()
    document.issue_order(order_id, command.act, command.text, command.issued_on, superseded_from)
    await documents.save(uow, document)
    return document, order_id
