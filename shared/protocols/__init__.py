"""Protocol documents (хаттама / протокол) of sittings and meetings, as HTML and PDF.

Build a :class:`Protocol` from blocks, then render it in one language::

    html = render_html(protocol, "kk")
    pdf = render_pdf(protocol, "ru")      # deterministic: same protocol, same bytes
    sha = digest(pdf)                     # record it with the sign-off

The PDF uses the DejaVu Sans fonts vendored in ``fonts/`` (licence in ``fonts/LICENSE.txt``).

The same template serves the Session's sittings and the Council's meetings. ``record`` holds
what both services record of a sitting for its protocol (chair and secretary, speakers, guests,
the sign-off and corrigenda), ``archive`` the signed bytes, ``names`` how lists of people are
written and sorted in each language.
"""

from __future__ import annotations

from shared.protocols.model import (
    ASTANA,
    LABELS,
    PROTOCOL_LANGUAGES,
    Agenda,
    AgendaItem,
    Annex,
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
    Signatory,
    SignOff,
    Table,
    Text,
    VoteMethod,
    VoteResult,
    format_date,
    format_date_attributive,
    format_datetime,
    format_time,
    text_in,
)
from shared.protocols.render import digest, file_name, render_html, render_pdf

__all__ = [
    "ASTANA",
    "LABELS",
    "PROTOCOL_LANGUAGES",
    "Agenda",
    "AgendaItem",
    "Annex",
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
    "Signatory",
    "Table",
    "Text",
    "VoteMethod",
    "VoteResult",
    "digest",
    "file_name",
    "format_date",
    "format_date_attributive",
    "format_datetime",
    "format_time",
    "render_html",
    "render_pdf",
    "text_in",
]
