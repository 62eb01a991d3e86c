"""Programme documents and the Development Concept (Reg2024 §31–32): drafting and versions,
the Scientific-Expert Council's opinions, the Council's discussion, the Session's
consideration, submission, approval or return, the Chairman's orders; the documents in force
on any day.

The Secretariat records every step (with the step's date and its source document); a step
the rulebook of its date does not allow yet is refused citing the paragraph. Approved
documents are public; drafts are for officials.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from services.programmes import projections
from services.programmes.api.auth import Readers, Secretariat
from services.programmes.api.common import (
    CommandAnswer,
    Format,
    Limit,
    Offset,
    Today,
    is_official,
    listing,
    state,
    with_new,
)
from services.programmes.application import documents
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
from services.programmes.domain.document import ProgrammeDocument
from services.programmes.domain.events import (
    Act,
    Attachment,
    Authority,
    DiscussionOutcome,
    DocumentKind,
    DocumentText,
    OpinionConclusion,
    Paragraph,
    Reason,
    Summary,
    Title,
)
from shared.api.auth import CurrentActor
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.schemas import RequestBody
from shared.dates import CalendarDay
from shared.errors import NotFound

router = APIRouter(prefix="/v1/documents", tags=["documents"])

Attachments = Annotated[list[Attachment], Field(default_factory=list, max_length=50)]


class DraftRequest(RequestBody):
    kind: DocumentKind
    title: Title
    text: DocumentText
    attachments: Attachments
    drafted_on: CalendarDay | None = None


class VersionRequest(RequestBody):
    text: DocumentText
    attachments: Attachments
    added_on: CalendarDay | None = None
    note: Paragraph | None = None


class OpinionRequest(RequestBody):
    body_id: uuid.UUID
    meeting_id: uuid.UUID | None = None
    """The body's meeting that adopted the opinion (held on ``given_on``)."""
    conclusion: OpinionConclusion
    summary: Summary
    given_on: CalendarDay


class CouncilDiscussionRequest(RequestBody):
    resolution_id: uuid.UUID
    """The Council's resolution, as received on ``kelisim.council.v1``: its date is the step's."""
    outcome: DiscussionOutcome = DiscussionOutcome.ENDORSED


class SessionConsiderationRequest(RequestBody):
    decision_id: uuid.UUID
    """The Session's decision, as received on ``kelisim.sessions.v1``: its date is the step's."""


class SubmissionRequest(RequestBody):
    submitted_to: Authority
    letter: Act
    submitted_on: CalendarDay | None = None


class ApprovalRequest(RequestBody):
    approved_by: Authority
    act: Act
    """The decree or order that approved it."""
    approved_on: CalendarDay
    effective_from: CalendarDay | None = None
    valid_until: CalendarDay | None = None
    supersedes: uuid.UUID | None = None


class ReturnRequest(RequestBody):
    returned_by: Authority
    reason: Reason
    act: Act | None = None
    returned_on: CalendarDay | None = None


class OrderRequest(RequestBody):
    act: Act
    text: Summary
    issued_on: CalendarDay | None = None


def _state(document: ProgrammeDocument, **extra: Any) -> dict[str, Any]:
    return state(document.id, document.version, document.status.value, **extra)


@router.post("", status_code=201, response_model=CommandAnswer)
async def draft_document(
    body: DraftRequest, _: Secretariat, commands: CommandsDep, day: Today
) -> JSONResponse:
    """Drafting begins with the first version of the text (Reg2024 §31–32)."""
    command = DraftDocument(
        body.kind, body.title, body.text, tuple(body.attachments), body.drafted_on or day, day
    )
    return await commands.execute(documents.draft_document, command, _state, 201)


@router.post("/{document_id}/versions", response_model=CommandAnswer)
async def add_version(
    document_id: uuid.UUID,
    body: VersionRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = AddVersion(
        document_id, body.text, tuple(body.attachments), body.added_on or day, body.note, day,
        parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(documents.add_version, command, _state)


@router.post("/{document_id}/opinions", response_model=CommandAnswer)
async def record_opinion(
    document_id: uuid.UUID,
    body: OpinionRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    """A body's opinion on the current version (the Scientific-Expert Council's, Reg2024 §31)."""
    command = RecordOpinion(
        document_id, body.body_id, body.meeting_id, body.conclusion, body.summary, body.given_on,
        day, parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(documents.record_opinion, command, _state)


@router.post("/{document_id}/council-discussion", response_model=CommandAnswer)
async def council_discussion(
    document_id: uuid.UUID,
    body: CouncilDiscussionRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    """The Council discussed the current version (Reg2024 §31)."""
    command = RecordCouncilDiscussion(
        document_id, body.resolution_id, body.outcome, day, parse_if_match(if_match)
    )
    return await commands.execute(documents.record_council_discussion, command, _state)


@router.post("/{document_id}/session-consideration", response_model=CommandAnswer)
async def session_consideration(
    document_id: uuid.UUID,
    body: SessionConsiderationRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    """The Session considered the current version (Reg2024 §31)."""
    command = RecordSessionConsideration(
        document_id, body.decision_id, day, parse_if_match(if_match)
    )
    return await commands.execute(documents.record_session_consideration, command, _state)


@router.post("/{document_id}/submission", response_model=CommandAnswer)
async def submit_document(
    document_id: uuid.UUID,
    body: SubmissionRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Sent for approval: to the President (Reg2024 §31), the Concept to the Chairman (§32)."""
    command = Submit(
        document_id, body.submitted_on or day, body.submitted_to, body.letter, day,
        parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(documents.submit, command, _state)


@router.post("/{document_id}/approval", response_model=CommandAnswer)
async def approve_document(
    document_id: uuid.UUID,
    body: ApprovalRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Approved by the authority the rulebook of its day names (Reg2024 §6, §32)."""
    command = Approve(
        document_id, body.approved_on, body.approved_by, body.act, body.effective_from,
        body.valid_until, body.supersedes, day, parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(documents.approve, command, _state)


@router.post("/{document_id}/return", response_model=CommandAnswer)
async def return_document(
    document_id: uuid.UUID,
    body: ReturnRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = ReturnDocument(
        document_id, body.returned_on or day, body.returned_by, body.reason, body.act, day,
        parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(documents.return_document, command, _state)


@router.post("/{document_id}/orders", status_code=201, response_model=CommandAnswer)
async def issue_order(
    document_id: uuid.UUID, body: OrderRequest, _: Secretariat, commands: CommandsDep, day: Today
) -> JSONResponse:
    """The Chairman's order to carry out the approved document (Reg2024 §32)."""
    command = IssueOrder(document_id, body.act, body.text, body.issued_on or day, day)
    return await commands.execute(documents.issue_order, command, with_new(_state, "order_id"), 201)


DOCUMENT_CSV = (
    "document_id", "kind", "title_kk", "title_ru", "status", "text_version", "drafted_on",
    "submitted_on", "approved_on", "approved_by", "act_number", "act_date", "effective_from",
    "valid_until", "supersedes", "superseded_by", "superseded_from", "rulebook", "rule",
)  # fmt: skip
KindQuery = Annotated[DocumentKind | None, Query()]


@router.get("", response_model=None)
async def list_documents(
    actor: CurrentActor,
    platform: PlatformDep,
    kind: KindQuery = None,
    status: Annotated[
        str | None, Query(pattern=r"^(drafting|submitted|approved)$", max_length=9)
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    """Documents, newest first (the public sees approved ones only)."""
    async with platform.sessions() as db:
        rows = await projections.documents.documents(
            db, kind=kind, status=status, approved_only=not is_official(actor), limit=limit,
            offset=offset,
        )  # fmt: skip
    return listing(rows, fmt, DOCUMENT_CSV, "documents")


@router.get("/in-force", response_model=None)
async def in_force(
    platform: PlatformDep,
    day: Today,
    kind: KindQuery = None,
    as_of: CalendarDay | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    """The documents in force on ``as_of`` (today by default): approved, effective, within
    their term and not superseded; the Development Concept is one at a time."""
    async with platform.sessions() as db:
        rows = await projections.documents.in_force(db, kind, as_of or day, limit, offset)
    return listing(rows, fmt, DOCUMENT_CSV, "documents-in-force")


async def _visible(
    platform: PlatformDep, actor: CurrentActor, document_id: uuid.UUID
) -> dict[str, Any]:
    async with platform.sessions() as db:
        row = await projections.documents.document(db, document_id)
    if row is None or (row["status"] != "approved" and not is_official(actor)):
        raise NotFound(None, resource="document", id=str(document_id))
    return row


@router.get("/{document_id}")
async def get_document(
    document_id: uuid.UUID, actor: CurrentActor, platform: PlatformDep
) -> dict[str, Any]:
    """A document: its state, versions (without their texts), opinions, the Chairman's orders
    and (for officials) the action plans carrying it out."""
    row = await _visible(platform, actor, document_id)
    async with platform.sessions() as db:
        versions = await projections.documents.versions(db, document_id, with_text=False)
        opinions = await projections.documents.opinions(db, document_id=document_id)
        orders = await projections.documents.orders(db, document_id)
        plans = (
            await projections.action_plans.plans(
                db, state_body=None, basis_id=document_id, limit=500, offset=0
            )
            if is_official(actor)
            else []
        )
    return {**row, "versions": versions, "opinions": opinions, "orders": orders, "plans": plans}


@router.get("/{document_id}/versions/{version}")
async def version_text(
    document_id: uuid.UUID,
    version: Annotated[int, Path(ge=1, le=100_000)],
    actor: CurrentActor,
    platform: PlatformDep,
) -> dict[str, Any]:
    """One version with its text in Kazakh and Russian."""
    await _visible(platform, actor, document_id)
    async with platform.sessions() as db:
        found = [
            v
            for v in await projections.documents.versions(db, document_id, True)
            if v["version"] == version
        ]
    if not found:
        raise NotFound(None, resource="document_version", id=f"{document_id}/{version}")
    return found[0]


@router.get("/{document_id}/history")
async def document_history(
    document_id: uuid.UUID,
    _: Readers,
    platform: PlatformDep,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Every event of the document with its actor and time: who took each step, when, on
    which source document, under which rule."""
    async with platform.sessions() as db:
        rows = await projections.history.history(db, f"document-{document_id}", limit, offset)
    if not rows and offset == 0:
        raise NotFound(None, resource="document", id=str(document_id))
    return rows
