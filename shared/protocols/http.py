"""The HTTP side of protocols, the same for every service: request bodies of the Secretariat's
commands, the record's JSON view, and serving a document (the bytes as signed, checked against
the digests in the log, to anyone; a draft to those allowed to read drafts), always with a file
name (``Content-Disposition``).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import Forbidden, NotFound
from shared.protocols import archive
from shared.protocols import projection as records
from shared.protocols.model import Protocol, ProtocolLanguage
from shared.protocols.record import LongText, Name, Officer, SpeakerRole
from shared.protocols.render import render_html, render_pdf


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OfficersRequest(_Body):
    """The chair and the secretary of the sitting with their posts; the place in both
    languages (as the protocol prints it)."""

    chair: Officer
    secretary: Officer
    place: Name | None = None


class SpeakerRequest(_Body):
    """A reporter or a speaker on an agenda item: a member by ``member_id`` (named as on the
    roster of the day), or anyone by ``name``; ``post`` as the protocol should print it."""

    item_id: uuid.UUID
    role: SpeakerRole = SpeakerRole.SPEAKER
    member_id: uuid.UUID | None = None
    name: Name | None = None
    post: Name | None = None


class GuestRequest(_Body):
    name: Name
    post: Name | None = None


class CorrigendumRequest(_Body):
    text: LongText


class RecordState(BaseModel):
    id: uuid.UUID
    version: int
    signed: bool


class CorrigendumView(BaseModel):
    sequence: int
    text: LongText
    signed_at: datetime
    digests: dict[str, str]


class ProtocolRecordView(BaseModel):
    """What the log records of a protocol: its signatories, and once signed its number, time
    and the SHA-256 of each rendering (``kk_pdf``, ...), which every read checks."""

    subject_id: uuid.UUID
    chair: Officer | None = None
    secretary: Officer | None = None
    place: Name | None = None
    number: str | None = None
    signed_at: datetime | None = None
    digests: dict[str, str] | None = None
    corrigenda: list[CorrigendumView] = Field(default_factory=list)


async def record_view(db: AsyncSession, subject_id: uuid.UUID) -> ProtocolRecordView:
    row = await records.record(db, subject_id) or {}
    place = None
    if row.get("place_kk"):
        place = Name(kk=row["place_kk"], ru=row["place_ru"])
    return ProtocolRecordView(
        subject_id=subject_id,
        chair=row.get("chair"),
        secretary=row.get("secretary"),
        place=place,
        number=row.get("number"),
        signed_at=row.get("signed_at"),
        digests=row.get("digests"),
        corrigenda=[
            CorrigendumView(
                sequence=c["sequence"],
                text=LongText(kk=c["text_kk"], ru=c["text_ru"]),
                signed_at=c["signed_at"],
                digests=c["digests"],
            )
            for c in await records.corrigenda(db, subject_id)
        ],
    )


def _response(content: bytes, number: str, lang: ProtocolLanguage, fmt: str, signed: bool,
              sequence: int | None = None) -> Response:  # fmt: skip
    return Response(
        content,
        media_type=archive.MEDIA_TYPES[fmt],
        headers={
            "X-Signed": "true" if signed else "false",
            "Content-Disposition": archive.content_disposition(number, lang, fmt, sequence),
        },
    )


async def serve_protocol(
    db: AsyncSession,
    subject_id: uuid.UUID,
    lang: ProtocolLanguage,
    fmt: str,
    *,
    draft_readers: frozenset[str],
    roles: frozenset[str],
    draft: Callable[[], Awaitable[Protocol]],
) -> Response:
    """A signed protocol: the bytes as signed, checked against the digest in the log, for
    anyone. A draft (not signed yet): rendered now, for ``draft_readers`` only."""
    row = await records.record(db, subject_id)
    if row is not None and row["digests"] is not None:
        content = await archive.signed(db, subject_id, archive.PROTOCOL, row["digests"], lang, fmt)
        return _response(content, row["number"], lang, fmt, signed=True)
    if not roles & draft_readers:
        raise Forbidden(None, reason="role_required", roles=", ".join(sorted(draft_readers)))
    protocol = await draft()
    content = render_pdf(protocol, lang) if fmt == "pdf" else render_html(protocol, lang).encode()
    return _response(content, protocol.number, lang, fmt, signed=False)


async def serve_corrigendum(
    db: AsyncSession, subject_id: uuid.UUID, sequence: int, lang: ProtocolLanguage, fmt: str
) -> Response:
    """A signed corrigendum (public), checked against its digest in the log."""
    row = await records.record(db, subject_id)
    found: dict[str, Any] | None = next(
        (c for c in await records.corrigenda(db, subject_id) if c["sequence"] == sequence), None
    )
    if row is None or found is None:
        raise NotFound(None, resource="corrigendum", id=f"{subject_id}/{sequence}")
    document = archive.corrigendum(sequence)
    content = await archive.signed(db, subject_id, document, found["digests"], lang, fmt)
    return _response(content, row["number"], lang, fmt, signed=True, sequence=sequence)
