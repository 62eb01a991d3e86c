"""Rendering a :class:`~shared.protocols.model.Protocol` as HTML (Jinja2) or PDF (fpdf2).

Both renderers first resolve the protocol into one language (:func:`_resolve`), so the HTML and
the PDF always say the same thing, and a document holds one language only: every name, place and
rule reference in it is the one written for that language. The PDF is deterministic: the same
protocol gives the same bytes (fixed creation date and producer, no random identifiers, the
vendored DejaVu fonts), so the bytes of a signed-off protocol can be stored with their
:func:`digest`. The bytes depend on the fpdf2 version and the vendored fonts: keep the bytes
stored at sign-off, do not expect a re-render after an upgrade to give the same digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import cache
from importlib.resources import as_file, files
from typing import Final, Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from shared.citations import cite
from shared.protocols.model import (
    PROTOCOL_LANGUAGES,
    Agenda,
    Annex,
    Attendance,
    Block,
    Heading,
    KeyValues,
    Paragraph,
    Protocol,
    ProtocolLanguage,
    Signatory,
    Table,
    VoteResult,
    format_date,
    format_date_attributive,
    format_datetime,
    format_time,
    label,
    text_in,
)
from shared.protocols.names import collation_key

_PACKAGE: Final = "shared.protocols"
_FONT_FAMILY: Final = "DejaVu"
_FONTS: Final[dict[Literal["", "B"], str]] = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
_PRODUCER: Final = "Kelisim"


# --- One protocol in one language ----------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    key: str
    value: str


@dataclass(frozen=True)
class _Heading:
    text: str
    level: int
    kind: str = "heading"


@dataclass(frozen=True)
class _Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class _Lines:
    lines: tuple[_Line, ...]
    kind: str = "lines"


@dataclass(frozen=True)
class _Table:
    caption: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: str = "table"


@dataclass(frozen=True)
class _Vote:
    heading: str
    motion: str | None
    counts: tuple[_Line, ...]
    required: str | None
    annex: str | None
    outcome: str
    adopted: bool


@dataclass(frozen=True)
class _Item:
    number: int
    title: str
    reporters: tuple[str, ...]
    speakers: tuple[str, ...]
    discussion: tuple[str, ...]
    votes: tuple[_Vote, ...]
    decision: str | None
    no_vote: str | None


@dataclass(frozen=True)
class _Agenda:
    heading: str
    items: tuple[_Item, ...]
    kind: str = "agenda"


_Block = _Heading | _Paragraph | _Lines | _Table | _Agenda


@dataclass(frozen=True)
class _Signature:
    capacity: str
    role: str
    name: str


@dataclass(frozen=True)
class _Annex:
    label: str
    to: str
    title: str
    blocks: tuple[_Block, ...]


@dataclass(frozen=True)
class _Document:
    lang: ProtocolLanguage
    body: str
    heading: str
    number: str
    facts: tuple[_Line, ...]
    blocks: tuple[_Block, ...]
    signatures: tuple[_Signature, ...]
    signed_at: str | None
    annexes: tuple[_Annex, ...]
    draft: str
    draft_note: str
    footer: str
    labels: dict[str, str]

    @property
    def is_draft(self) -> bool:
        return self.signed_at is None


def _with_rule(
    text: str, rule: str | None, lang: ProtocolLanguage, provisional: bool = False
) -> str:
    """A verdict with the rule it applied, in words; a provisional value says so."""
    words = cite(rule, lang) if rule else ""
    if words and provisional:
        words = f"{words}; {label('provisional', lang)}"
    return f"{text} ({words})" if words else text


def _vote(vote: VoteResult, lang: ProtocolLanguage) -> _Vote:
    counts = [
        _Line(label("in_favour", lang), str(vote.in_favour)),
        _Line(label("against", lang), str(vote.against)),
        _Line(label("abstained", lang), str(vote.abstained)),
    ]
    if vote.not_voting is not None:
        present = label("of_present", lang, present=vote.present)
        counts.append(_Line(label("not_voting", lang), f"{vote.not_voting} ({present})"))
    required = None
    if vote.required is not None:
        required = _with_rule(
            label("required", lang, required=vote.required), vote.rule, lang, vote.provisional
        )
    outcome = label("adopted" if vote.adopted else "rejected", lang)
    if vote.required is None:
        outcome = _with_rule(outcome, vote.rule, lang, vote.provisional)
    return _Vote(
        heading=label("vote", lang, method=label(f"vote_{vote.method}", lang)),
        motion=None if vote.motion is None else text_in(vote.motion, lang),
        counts=tuple(counts),
        required=required,
        annex=None if vote.annex is None else label("roll_call_annex", lang, number=vote.annex),
        outcome=outcome,
        adopted=vote.adopted,
    )


def _agenda(agenda: Agenda, lang: ProtocolLanguage) -> _Agenda:
    return _Agenda(
        heading=label("agenda", lang),
        items=tuple(
            _Item(
                number=number,
                title=text_in(item.title, lang),
                reporters=tuple(text_in(s, lang) for s in item.reporters),
                speakers=tuple(text_in(s, lang) for s in item.speakers),
                discussion=tuple(text_in(d, lang) for d in item.discussion),
                votes=tuple(_vote(v, lang) for v in item.votes),
                decision=None if item.decision is None else text_in(item.decision, lang),
                no_vote=label("no_vote", lang)
                if not item.votes and item.decision is None
                else None,
            )
            for number, item in enumerate(agenda.items, start=1)
        ),
    )


def _table_in(table: Table, lang: ProtocolLanguage) -> _Table:
    rows = [[text_in(cell, lang) for cell in row] for row in table.rows]
    if table.sort_by is not None:
        column = table.sort_by
        rows.sort(key=lambda row: collation_key(row[column], lang))
    if table.numbered:
        for number, row in enumerate(rows, start=1):
            row[0] = str(number)
    return _Table(
        caption=None if table.caption is None else text_in(table.caption, lang),
        header=tuple(text_in(h, lang) for h in table.header),
        rows=tuple(tuple(row) for row in rows),
    )


def _blocks(blocks: tuple[Block, ...], lang: ProtocolLanguage) -> tuple[_Block, ...]:
    out: list[_Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(_Heading(text_in(block.text, lang), block.level))
        elif isinstance(block, Paragraph):
            out.append(_Paragraph(text_in(block.text, lang)))
        elif isinstance(block, KeyValues):
            lines = (_Line(text_in(i.key, lang), text_in(i.value, lang)) for i in block.items)
            out.append(_Lines(tuple(lines)))
        elif isinstance(block, Table):
            out.append(_table_in(block, lang))
        else:
            out.append(_agenda(block, lang))
    return tuple(out)


def _attendance(attendance: Attendance, lang: ProtocolLanguage) -> list[_Line]:
    present = label("present_value", lang, present=attendance.present, total=attendance.total)
    if attendance.present_annex is not None:
        present = f"{present}, {label('in_annex', lang, number=attendance.present_annex)}"
    quorum = label("quorum_yes" if attendance.quorum else "quorum_no", lang)
    if attendance.required is not None:
        quorum = f"{quorum}, {label('quorum_required', lang, required=attendance.required)}"
    lines = [
        _Line(label("present", lang), present),
        _Line(
            label("quorum", lang), _with_rule(quorum, attendance.rule, lang, attendance.provisional)
        ),
    ]
    if attendance.absent_annex is not None:
        absent = f"{attendance.total - attendance.present}"
        absent = f"{absent}, {label('in_annex', lang, number=attendance.absent_annex)}"
        lines.insert(1, _Line(label("absent", lang), absent))
    return lines


def _signature(capacity: str, person: Signatory, lang: ProtocolLanguage) -> _Signature:
    return _Signature(label(capacity, lang), text_in(person.role, lang), text_in(person.name, lang))


def _resolve(protocol: Protocol, lang: ProtocolLanguage) -> _Document:
    if lang not in PROTOCOL_LANGUAGES:
        raise ValueError(f"a protocol is rendered in one of {PROTOCOL_LANGUAGES}, not {lang!r}")
    signatures = tuple(
        _signature(capacity, person, lang)
        for capacity, person in (("chair", protocol.chair), ("secretary", protocol.secretary))
        if person is not None
    )
    dated = format_date_attributive(protocol.date, lang)
    annex_to = label("annex_to", lang, date=dated, number=protocol.number)
    facts: list[_Line] = []
    if protocol.document == "corrigendum":
        heading = label("corrigendum", lang, sequence=protocol.sequence)
        number = annex_to
        footer = label("footer_corrigendum", lang, date=dated, number=protocol.number)
    else:
        title = None if protocol.title is None else text_in(protocol.title, lang)
        heading = (
            label("protocol", lang) if title is None else label("protocol_of", lang, title=title)
        )
        number = label("number", lang, number=protocol.number)
        footer = label("footer", lang, date=dated, number=protocol.number)
        facts = [
            _Line(label("date", lang), format_date(protocol.date, lang)),
            _Line(label("place", lang), text_in(protocol.place, lang)),
        ]
        if protocol.opened_at is not None:
            facts.append(_Line(label("opened", lang), format_time(protocol.opened_at, lang)))
        if protocol.closed_at is not None:
            facts.append(_Line(label("closed", lang), format_time(protocol.closed_at, lang)))
        facts += [_Line(s.capacity, f"{s.name}, {s.role}") for s in signatures]
        if protocol.attendance is not None:
            facts += _attendance(protocol.attendance, lang)
    facts += [_Line(text_in(f.key, lang), text_in(f.value, lang)) for f in protocol.facts]
    return _Document(
        lang=lang,
        body=text_in(protocol.body, lang),
        heading=heading,
        number=number,
        facts=tuple(facts),
        blocks=_blocks(protocol.content, lang),
        signatures=signatures,
        signed_at=(
            None
            if protocol.sign_off is None
            else format_datetime(protocol.sign_off.signed_at, lang)
        ),
        annexes=tuple(
            _annex(n, annex, annex_to, lang) for n, annex in enumerate(protocol.annexes, start=1)
        ),
        draft=label("draft", lang),
        draft_note=label("draft_note", lang),
        footer=footer,
        labels={
            key: label(key, lang)
            for key in (
                "agenda",
                "reporters",
                "speakers",
                "discussion",
                "decision",
                "put_to_vote",
                "signed_at",
            )
        },
    )


def _annex(number: int, annex: Annex, to: str, lang: ProtocolLanguage) -> _Annex:
    return _Annex(
        label=label("annex", lang, number=number),
        to=to,
        title=text_in(annex.title, lang),
        blocks=_blocks(annex.content, lang),
    )


# --- HTML ------------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader(_PACKAGE, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _css_string(text: str) -> str:
    """A CSS string literal of a catalogue label (no user input ever reaches it)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return f'"{escaped}"'


def _page_counter(lang: ProtocolLanguage) -> Markup:
    """The CSS ``content`` of the printed page footer, e.g. "Стр. " counter(page) " из " ..."""
    template = label("page", lang, page="\0", pages="\1")
    parts: list[str] = []
    text = ""
    for char in template:
        if char in "\0\1":
            if text:
                parts.append(_css_string(text))
            parts.append("counter(page)" if char == "\0" else "counter(pages)")
            text = ""
        else:
            text += char
    if text:
        parts.append(_css_string(text))
    return Markup(" ".join(parts))  # noqa: S704 - built from the catalogue only, CSS-quoted


def render_html(protocol: Protocol, lang: ProtocolLanguage) -> str:
    """The protocol as a self-contained HTML document in ``lang`` (print CSS embedded)."""
    document = _resolve(protocol, lang)
    template = _environment().get_template("protocol.html")
    return template.render(doc=document, page_counter=_page_counter(lang))


# --- PDF -------------------------------------------------------------------------------------

_MARGIN_LEFT: Final = 25.0
_MARGIN_RIGHT: Final = 15.0
_MARGIN_TOP: Final = 20.0
_MARGIN_BOTTOM: Final = 20.0
_BODY_SIZE: Final = 11.0
_LINE: Final = 5.5
_DRAFT_RED: Final = (170, 20, 20)
_GREY: Final = (90, 90, 90)


class _ProtocolPDF(FPDF):
    def __init__(self, document: _Document, total_pages: int | None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document = document
        self.total_pages = total_pages
        # The total number of pages comes from a first pass, never from an alias that a
        # protocol's own text could contain.
        self.alias_nb_pages("")

    def header(self) -> None:
        if self.document.is_draft:
            self.set_font(_FONT_FAMILY, "B", 10)
            self.set_text_color(*_DRAFT_RED)
            self.set_draw_color(*_DRAFT_RED)
            self.set_line_width(0.5)
            marker = f"{self.document.draft.upper()}. {self.document.draft_note}"
            self.cell(0, 7, marker, border=1, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_line_width(0.2)
            self.set_draw_color(0, 0, 0)
            self.set_text_color(0, 0, 0)
            self.ln(3)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(_FONT_FAMILY, "", 8)
        self.set_text_color(*_GREY)
        self.set_draw_color(*_GREY)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)
        pages = self.total_pages if self.total_pages is not None else 0
        page = label("page", self.document.lang, page=self.page_no(), pages=pages)
        self.cell(0, 5, self.document.footer, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, page, align="R")
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)


def _font_paths(stack: ExitStack) -> dict[Literal["", "B"], str]:
    """The vendored fonts as file paths (extracted to a temporary file only from a zip)."""
    folder = files(_PACKAGE).joinpath("fonts")
    return {
        style: str(stack.enter_context(as_file(folder.joinpath(name))))
        for style, name in _FONTS.items()
    }


@contextmanager
def _fonts() -> Iterator[dict[Literal["", "B"], str]]:
    with ExitStack() as stack:
        yield _font_paths(stack)


def _creation_date(protocol: Protocol) -> datetime:
    """A fixed creation date: the sign-off time, or midnight UTC of the protocol's date."""
    if protocol.sign_off is not None:
        return protocol.sign_off.signed_at
    return datetime.combine(protocol.date, time(0, 0), tzinfo=UTC)


def _write_line(pdf: FPDF, key: str, value: str) -> None:
    """ "Key: value", the key in bold, wrapped over the text width."""
    pdf.set_font(_FONT_FAMILY, "B", _BODY_SIZE)
    pdf.write(_LINE, f"{key}: ")
    pdf.set_font(_FONT_FAMILY, "", _BODY_SIZE)
    pdf.write(_LINE, value)
    pdf.ln(_LINE)


def _paragraph(
    pdf: FPDF,
    text: str,
    *,
    bold: bool = False,
    size: float = _BODY_SIZE,
    align: Literal["L", "C", "R", "J"] = "L",
) -> None:
    pdf.set_font(_FONT_FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, _LINE, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _keep_with_next(pdf: FPDF, lines: int) -> None:
    if pdf.will_page_break(_LINE * lines):
        pdf.add_page()


def _heading(pdf: FPDF, text: str, level: int = 2) -> None:
    size = {2: 13.0, 3: 12.0}.get(level, _BODY_SIZE)
    pdf.ln(2)
    _keep_with_next(pdf, 4)  # a heading stays with the first lines after it
    _paragraph(pdf, text, bold=True, size=size)
    pdf.ln(1)


def _numbered(pdf: FPDF, number: str, text: str, *, bold: bool = False) -> None:
    pdf.set_font(_FONT_FAMILY, "B" if bold else "", _BODY_SIZE)
    pdf.cell(8, _LINE, number)
    pdf.multi_cell(0, _LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _column_widths(table: _Table) -> tuple[int, ...]:
    """Relative column widths by the longest text of each column, within bounds."""
    columns = zip(table.header, *table.rows, strict=True)
    return tuple(min(max(max(len(text) for text in column), 3), 40) for column in columns)


def _table(pdf: FPDF, table: _Table) -> None:
    _keep_with_next(pdf, 5)  # a caption stays with the table's first rows
    if table.caption:
        _paragraph(pdf, table.caption, bold=True)
        pdf.ln(1)
    pdf.set_font(_FONT_FAMILY, "", 9)
    with pdf.table(
        width=pdf.epw,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        line_height=4.8,
        text_align="LEFT",
        repeat_headings=1,
        col_widths=_column_widths(table),
        padding=1,
    ) as grid:
        for row in (table.header, *table.rows):
            cells = grid.row()
            for value in row:
                cells.cell(value)
    pdf.ln(2)


def _labelled(pdf: FPDF, key: str, values: tuple[str, ...]) -> None:
    _keep_with_next(pdf, 2)
    _paragraph(pdf, f"{key}:", bold=True)
    for value in values:
        _paragraph(pdf, value)
    pdf.ln(1)


def _agenda_pdf(pdf: FPDF, agenda: _Agenda, labels: dict[str, str]) -> None:
    _heading(pdf, f"{agenda.heading}:")
    for item in agenda.items:
        _numbered(pdf, f"{item.number}.", item.title)
    for item in agenda.items:
        pdf.ln(3)
        _keep_with_next(pdf, 5)
        _numbered(pdf, f"{item.number}.", item.title, bold=True)
        pdf.ln(1)
        if item.reporters:
            _labelled(pdf, labels["reporters"], item.reporters)
        if item.speakers:
            _labelled(pdf, labels["speakers"], item.speakers)
        if item.discussion:
            _labelled(pdf, labels["discussion"], item.discussion)
        for vote in item.votes:
            _vote_pdf(pdf, vote, labels)
        if item.no_vote:
            _paragraph(pdf, item.no_vote)
        if item.decision is not None:
            _labelled(pdf, labels["decision"], (item.decision,))


def _vote_pdf(pdf: FPDF, vote: _Vote, labels: dict[str, str]) -> None:
    _keep_with_next(pdf, 4)
    if vote.motion is not None:
        _labelled(pdf, labels["put_to_vote"], (vote.motion,))
    _paragraph(pdf, f"{vote.heading}:", bold=True)
    _paragraph(pdf, "; ".join(f"{line.key} — {line.value}" for line in vote.counts) + ".")
    if vote.required:
        _paragraph(pdf, f"{vote.required}.")
    if vote.annex:
        _paragraph(pdf, f"{vote.annex}.")
    _paragraph(pdf, f"{vote.outcome}.", bold=True)
    pdf.ln(1)


def _signatures_pdf(pdf: FPDF, document: _Document) -> None:
    pdf.ln(6)
    _keep_with_next(pdf, 6 * max(len(document.signatures), 1))
    for signature in document.signatures:
        y = pdf.get_y()
        pdf.set_font(_FONT_FAMILY, "B", _BODY_SIZE)
        pdf.multi_cell(
            75, _LINE, signature.capacity, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_font(_FONT_FAMILY, "", 9)
        pdf.multi_cell(75, 4.5, signature.role, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = pdf.get_y()
        line_from = pdf.l_margin + 80
        pdf.line(line_from, y + _LINE, line_from + 35, y + _LINE)
        pdf.set_xy(line_from + 38, y)
        pdf.set_font(_FONT_FAMILY, "", _BODY_SIZE)
        pdf.multi_cell(0, _LINE, signature.name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(bottom, pdf.get_y()) + 5)
    if document.signed_at is not None:
        _write_line(pdf, document.labels["signed_at"], document.signed_at)
        return
    pdf.set_text_color(*_DRAFT_RED)
    _paragraph(pdf, f"{document.draft.upper()}. {document.draft_note}", bold=True)
    pdf.set_text_color(0, 0, 0)


def _blocks_pdf(pdf: FPDF, blocks: tuple[_Block, ...], labels: dict[str, str]) -> None:
    for block in blocks:
        if isinstance(block, _Heading):
            _heading(pdf, block.text, block.level)
        elif isinstance(block, _Paragraph):
            _paragraph(pdf, block.text, align="J")
            pdf.ln(2)
        elif isinstance(block, _Lines):
            for line in block.lines:
                _write_line(pdf, line.key, line.value)
            pdf.ln(2)
        elif isinstance(block, _Table):
            _table(pdf, block)
        else:
            _agenda_pdf(pdf, block, labels)


def _annex_pdf(pdf: FPDF, annex: _Annex, labels: dict[str, str]) -> None:
    pdf.add_page()
    pdf.set_font(_FONT_FAMILY, "", 10)
    for line in (annex.label, annex.to):
        pdf.multi_cell(0, 5, line, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(_FONT_FAMILY, "B", 12)
    pdf.multi_cell(0, 6, annex.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    _blocks_pdf(pdf, annex.blocks, labels)


def _layout(document: _Document, fonts: dict[Literal["", "B"], str], total: int | None) -> FPDF:
    pdf = _ProtocolPDF(document, total)
    for style, path in fonts.items():
        pdf.add_font(_FONT_FAMILY, style, path)
    pdf.set_margins(_MARGIN_LEFT, _MARGIN_TOP, _MARGIN_RIGHT)
    pdf.set_auto_page_break(auto=True, margin=_MARGIN_BOTTOM)
    pdf.add_page()

    pdf.set_font(_FONT_FAMILY, "B", 12)
    pdf.multi_cell(0, 6, document.body, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(_FONT_FAMILY, "B", 14)
    pdf.multi_cell(0, 7, document.heading, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FONT_FAMILY, "B", 13)
    pdf.multi_cell(0, 7, document.number, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    for fact in document.facts:
        _write_line(pdf, fact.key, fact.value)
    pdf.ln(2)
    _blocks_pdf(pdf, document.blocks, document.labels)
    _signatures_pdf(pdf, document)
    for annex in document.annexes:
        _annex_pdf(pdf, annex, document.labels)
    return pdf


def render_pdf(protocol: Protocol, lang: ProtocolLanguage) -> bytes:
    """The protocol as an A4 PDF in ``lang``; the same protocol always gives the same bytes."""
    document = _resolve(protocol, lang)
    with _fonts() as fonts:
        # First pass: count the pages; second pass: write "page N of M" with the count.
        total = _layout(document, fonts, None).pages_count
        pdf = _layout(document, fonts, total)
    pdf.set_title(f"{document.body}. {document.heading} {document.number}")
    pdf.set_lang(lang)
    pdf.set_creator(_PRODUCER)
    pdf.set_producer(_PRODUCER)
    pdf.set_creation_date(_creation_date(protocol))
    return bytes(pdf.output())


def digest(pdf_bytes: bytes) -> str:
    """The SHA-256 of a rendered document, as lowercase hex: what a sign-off records."""
    return hashlib.sha256(pdf_bytes).hexdigest()


def file_name(
    number: str,
    lang: ProtocolLanguage,
    fmt: str,
    *,
    sequence: int | None = None,
    ascii: bool = False,
) -> str:
    """The download's file name: "хаттама-2026-2-kk.pdf" (``ascii``: "protocol-2026-2-kk.pdf");
    a corrigendum (``sequence``) "түзету-2026-2-1-kk.pdf"."""
    if sequence is None:
        word = "protocol" if ascii else {"kk": "хаттама", "ru": "протокол"}[lang]
    else:
        word = "corrigendum" if ascii else {"kk": "түзету", "ru": "исправление"}[lang]
    cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in number)
    parts = [part for part in cleaned.split("-") if part]
    if sequence is not None:
        parts.append(str(sequence))
    return "-".join([word, *parts, lang]) + f".{fmt}"
