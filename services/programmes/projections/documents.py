"""The documents read model and its queries: a programme document from its draft to its
approval (its text versions, the expert opinions on it, the Chairman's orders), and which
documents are in force on a day."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import (
    ChairmanOrderIssued,
    CouncilDiscussionRecorded,
    DocumentApproved,
    DocumentDrafted,
    DocumentReturned,
    DocumentSubmitted,
    DocumentVersionAdded,
    ExpertOpinionRecorded,
    SessionConsiderationRecorded,
    registry,
)
from services.programmes.projections._sql import (
    PAGE,
    Row,
    act_columns,
    fetch_all,
    fetch_one,
    json_list,
    write,
)
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

DocumentStep = (
    DocumentDrafted
    | DocumentVersionAdded
    | ExpertOpinionRecorded
    | CouncilDiscussionRecorded
    | SessionConsiderationRecorded
    | DocumentSubmitted
    | DocumentApproved
    | DocumentReturned
    | ChairmanOrderIssued
)


class DocumentsProjection(EventProjection):
    name = "documents"
    tables = ("chairman_orders", "opinions", "document_versions", "documents")
    registry = registry

    @applies(
        DocumentDrafted,
        DocumentVersionAdded,
        ExpertOpinionRecorded,
        CouncilDiscussionRecorded,
        SessionConsiderationRecorded,
        DocumentSubmitted,
        DocumentApproved,
        DocumentReturned,
        ChairmanOrderIssued,
    )
    async def apply_step(
        self, db: AsyncSession, event: DocumentStep, recorded: RecordedEvent
    ) -> None:
        """Each step of a document writes what it says, then the document's stream version."""
        await self._step(db, event)
        await write(
            db, "UPDATE documents SET version = :v WHERE document_id = :id",
            id=event.document_id, v=recorded.version,
        )  # fmt: skip

    async def _step(self, db: AsyncSession, event: DocumentStep) -> None:
        match event:
            case DocumentDrafted():
                await write(
                    db,
                    "INSERT INTO documents (document_id, kind, title_kk, title_ru, status,"
                    " text_version, drafted_on, rulebook, rule, version)"
                    " VALUES (:id, :kind, :kk, :ru, 'drafting', 0, :on, :rulebook, :rule, 0)",
                    id=event.document_id, kind=event.kind, kk=event.title.kk, ru=event.title.ru,
                    on=event.drafted_on, rulebook=event.rulebook, rule=event.rule,
                )  # fmt: skip
            case DocumentVersionAdded():
                await write(
                    db,
                    "INSERT INTO document_versions (document_id, version, text_kk, text_ru,"
                    " attachments, added_on, note) VALUES (:id, :n, :kk, :ru,"
                    " CAST(:attachments AS jsonb), :on, :note)",
                    id=event.document_id, n=event.version, kk=event.text.kk, ru=event.text.ru,
                    attachments=json_list(event.attachments), on=event.added_on, note=event.note,
                )  # fmt: skip
                await write(
                    db,
                    "UPDATE documents SET text_version = :n, status = 'drafting'"
                    " WHERE document_id = :id",
                    id=event.document_id, n=event.version,
                )  # fmt: skip
            case ExpertOpinionRecorded():
                await write(
                    db,
                    "INSERT INTO opinions (opinion_id, document_id, version, body_id, body_kind,"
                    " meeting_id, conclusion, summary_kk, summary_ru, given_on, counts)"
                    " VALUES (:id, :doc, :n, :body, :kind, :meeting, :conclusion, :kk, :ru,"
                    " :on, :counts)",
                    id=event.opinion_id, doc=event.document_id, n=event.version,
                    body=event.body_id, kind=event.body_kind, meeting=event.meeting_id,
                    conclusion=event.conclusion, kk=event.summary.kk, ru=event.summary.ru,
                    on=event.given_on, counts=event.counts,
                )  # fmt: skip
            case DocumentSubmitted():
                await write(
                    db,
                    "UPDATE documents SET status = 'submitted', submitted_on = :on"
                    " WHERE document_id = :id",
                    id=event.document_id, on=event.submitted_on,
                )  # fmt: skip
            case DocumentApproved():
                await self._approved(db, event)
            case DocumentReturned():
                await write(
                    db,
                    "UPDATE documents SET status = 'drafting', submitted_on = NULL"
                    " WHERE document_id = :id",
                    id=event.document_id,
                )
            case ChairmanOrderIssued():
                await write(
                    db,
                    "INSERT INTO chairman_orders (order_id, document_id, act_number, act_date,"
                    " text_kk, text_ru, issued_on, rulebook, rule)"
                    " VALUES (:id, :doc, :act_number, :act_date, :kk, :ru, :on, :rulebook, :rule)",
                    id=event.order_id, doc=event.document_id, **act_columns(event.act),
                    kk=event.text.kk, ru=event.text.ru, on=event.issued_on,
                    rulebook=event.rulebook, rule=event.rule,
                )  # fmt: skip

    @staticmethod
    async def _approved(db: AsyncSession, event: DocumentApproved) -> None:
        """Approved: in force from its effective date; the document it supersedes is in force
        until that day."""
        await write(
            db,
            "UPDATE documents SET status = 'approved', approved_on = :on, approved_by = :by,"
            " act_number = :act_number, act_date = :act_date, effective_from = :start,"
            " valid_until = :until, supersedes = :supersedes, rulebook = :rulebook, rule = :rule"
            " WHERE document_id = :id",
            id=event.document_id, on=event.approved_on, by=event.approved_by,
            start=event.effective_from, until=event.valid_until, supersedes=event.supersedes,
            rulebook=event.rulebook, rule=event.rule, **act_columns(event.act),
        )  # fmt: skip
        if event.supersedes is not None:
            await write(
                db,
                "UPDATE documents SET superseded_by = :by, superseded_from = :start"
                " WHERE document_id = :id",
                id=event.supersedes, by=event.document_id, start=event.effective_from,
            )  # fmt: skip


_DOCUMENT_COLUMNS = (
    "document_id, kind, title_kk, title_ru, status, text_version, drafted_on, submitted_on,"
    " approved_on, approved_by, act_number, act_date, effective_from, valid_until, supersedes,"
    " superseded_by, superseded_from, rulebook, rule, version"
)


async def document(db: AsyncSession, document_id: uuid.UUID) -> Row | None:
    return await fetch_one(
        db,
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE document_id = :id",
        {"id": document_id},
    )


async def documents(
    db: AsyncSession,
    *,
    kind: str | None,
    status: str | None,
    approved_only: bool,
    limit: int,
    offset: int,
) -> list[Row]:
    return await fetch_all(
        db,
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents"
        " WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " AND (CAST(:status AS text) IS NULL OR status = :status)"
        " AND (NOT CAST(:approved AS boolean) OR status = 'approved')"
        " ORDER BY drafted_on DESC, document_id" + PAGE,
        {"kind": kind, "status": status, "approved": approved_only, "limit": limit,
         "offset": offset},
    )  # fmt: skip


_IN_FORCE = (
    " status = 'approved' AND effective_from <= :day"
    " AND (valid_until IS NULL OR :day < valid_until)"
    " AND (superseded_from IS NULL OR :day < superseded_from)"
)


async def in_force(
    db: AsyncSession, kind: str | None, day: date, limit: int, offset: int
) -> list[Row]:
    """The documents in force on ``day``: approved, effective, within their term, not yet
    superseded."""
    return await fetch_all(
        db,
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE {_IN_FORCE}"
        " AND (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " ORDER BY effective_from DESC, document_id" + PAGE,
        {"kind": kind, "day": day, "limit": limit, "offset": offset},
    )


async def concept_in_force(db: AsyncSession, day: date, exclude: uuid.UUID) -> uuid.UUID | None:
    found = await db.scalar(
        text(
            f"SELECT document_id FROM documents WHERE {_IN_FORCE}"
            " AND kind = 'development_concept' AND document_id <> :exclude"
            " ORDER BY effective_from DESC LIMIT 1"
        ),
        {"day": day, "exclude": exclude},
    )
    return found if isinstance(found, uuid.UUID) else None


async def versions(db: AsyncSession, document_id: uuid.UUID, with_text: bool) -> list[Row]:
    columns = "version, attachments, added_on, note"
    if with_text:
        columns += ", text_kk, text_ru"
    return await fetch_all(
        db,
        f"SELECT {columns} FROM document_versions WHERE document_id = :id ORDER BY version",
        {"id": document_id},
    )


async def opinions(
    db: AsyncSession,
    *,
    document_id: uuid.UUID | None = None,
    body_id: uuid.UUID | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Row]:
    """A page of opinions; all of them without ``limit`` (a detail view lists every one)."""
    return await fetch_all(
        db,
        "SELECT o.*, d.title_kk AS document_title_kk, d.title_ru AS document_title_ru"
        " FROM opinions o JOIN documents d ON d.document_id = o.document_id"
        " WHERE (CAST(:doc AS uuid) IS NULL OR o.document_id = :doc)"
        " AND (CAST(:body AS uuid) IS NULL OR o.body_id = :body)"
        " ORDER BY o.given_on, o.opinion_id" + PAGE,
        {"doc": document_id, "body": body_id, "limit": limit, "offset": offset},
    )


async def orders(db: AsyncSession, document_id: uuid.UUID) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT * FROM chairman_orders WHERE document_id = :id ORDER BY issued_on, order_id",
        {"id": document_id},
    )
