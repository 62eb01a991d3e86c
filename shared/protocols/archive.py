"""The signed documents as signed: every rendering's bytes, kept beside the event that records
their digests, and checked against it on every read.

The table ``protocol_documents`` (each service's migration creates it) is not a read model: a
rebuild never touches it, since a later fpdf2 or font could render other bytes. A document is
``"protocol"`` or ``"corrigendum-<n>"``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Final, Literal
from urllib.parse import quote

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.protocols.errors import ProtocolTampered
from shared.protocols.model import PROTOCOL_LANGUAGES, Protocol, ProtocolLanguage
from shared.protocols.record import Digests
from shared.protocols.render import digest, file_name, render_html, render_pdf

Format = Literal["html", "pdf"]
FORMATS: Final[tuple[Format, ...]] = ("html", "pdf")
MEDIA_TYPES: Final[dict[str, str]] = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
PROTOCOL: Final = "protocol"

Renderings = dict[tuple[str, str], bytes]


def corrigendum(sequence: int) -> str:
    return f"corrigendum-{sequence}"


def render_all(protocol: Protocol) -> Renderings:
    """Every rendering: (language, format) → bytes."""
    out: Renderings = {}
    for lang in PROTOCOL_LANGUAGES:
        out[(lang, "html")] = render_html(protocol, lang).encode()
        out[(lang, "pdf")] = render_pdf(protocol, lang)
    return out


def digests_of(renderings: Mapping[tuple[str, str], bytes]) -> Digests:
    return Digests(
        kk_html=digest(renderings[("kk", "html")]),
        kk_pdf=digest(renderings[("kk", "pdf")]),
        ru_html=digest(renderings[("ru", "html")]),
        ru_pdf=digest(renderings[("ru", "pdf")]),
    )


_STORE = text(
    "INSERT INTO protocol_documents (subject_id, document, lang, format, content, sha256)"
    " VALUES (:id, :document, :lang, :format, :content, :sha)"
)
_STORED = text(
    "SELECT content, sha256 FROM protocol_documents"
    " WHERE subject_id = :id AND document = :document AND lang = :lang AND format = :format"
)


async def store(
    db: AsyncSession,
    subject_id: uuid.UUID,
    document: str,
    renderings: Mapping[tuple[str, str], bytes],
) -> None:
    """Keep the bytes as signed (in the sign-off's transaction, after its append)."""
    for (lang, fmt), content in renderings.items():
        await db.execute(
            _STORE,
            {"id": subject_id, "document": document, "lang": lang, "format": fmt,
             "content": content, "sha": digest(content)},
        )  # fmt: skip


async def signed(
    db: AsyncSession,
    subject_id: uuid.UUID,
    document: str,
    digests: Mapping[str, str],
    lang: str,
    fmt: str,
) -> bytes:
    """The bytes as signed, checked against the digest the sign-off recorded in the log;
    :class:`ProtocolTampered` when they differ (or were deleted)."""
    params = {"id": subject_id, "document": document, "lang": lang, "format": fmt}
    row = (await db.execute(_STORED, params)).first()
    expected = digests[f"{lang}_{fmt}"]
    if row is None:
        raise ProtocolTampered(None, subject_id=str(subject_id), lang=lang, format=fmt)
    content = bytes(row.content)
    if digest(content) != expected or row.sha256 != expected:
        raise ProtocolTampered(None, subject_id=str(subject_id), lang=lang, format=fmt)
    return content


def content_disposition(
    number: str, lang: ProtocolLanguage, fmt: str, sequence: int | None = None
) -> str:
    """``inline`` for HTML, ``attachment`` for PDF, with the file name in the document's language
    and an ASCII one for older clients (RFC 6266, RFC 8187)."""
    name = file_name(number, lang, fmt, sequence=sequence)
    fallback = file_name(number, lang, fmt, sequence=sequence, ascii=True)
    disposition = "inline" if fmt == "html" else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
