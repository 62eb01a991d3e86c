"""Protocol documents (хаттама / протокол) of sittings and meetings, as HTML and PDF.

Build a :class:`Protocol` from blocks, then render it in one language::

    html = render_html(protocol, "kk")
    pdf = render_pdf(protocol, "ru")      # deterministic: same protocol, same bytes
    sha = digest(pdf)                     # record it with the sign-off

The PDF uses the DejaVu Sans fonts vendored in ``fonts/`` (licence in ``fonts/LICENSE.txt``).
"""

from __future__ import annotations

from shared.protocols.model import (
    LABELS,
    PROTOCOL_LANGUAGES,
    Agenda,
    AgendaItem,
    Attendance,
    Block,
    Heading,
    KeyValue,
    KeyValues,
    Localized,
    Paragraph,
    Protocol,
    ProtocolKind,
    ProtocolLanguage,
    SignOff,
    Table,
    Text,
    VoteMethod,
    VoteResult,
    format_date,
    format_datetime,
    text_in,
)
from shared.protocols.render import digest, render_html, render_pdf

__all__ = [
    "LABELS",
    "PROTOCOL_LANGUAGES",
    "Agenda",
    "AgendaItem",
    "Attendance",
    "Block",
    "Heading",
    "KeyValue",
    "KeyValues",
    "Localized",
    "Paragraph",
    "Protocol",
    "ProtocolKind",
    "ProtocolLanguage",
    "SignOff",
    "Table",
    "Text",
    "VoteMethod",
    "VoteResult",
    "digest",
    "format_date",
    "format_datetime",
    "render_html",
    "render_pdf",
    "text_in",
]
