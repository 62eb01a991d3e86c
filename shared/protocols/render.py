"""Rendering a :class:`~shared.protocols.model.Protocol` as HTML (Jinja2) or PDF (fpdf2).

Both renderers first resolve the protocol into one language (:func:`_resolve`), so the HTML and
the PDF always say the same thing. The PDF is deterministic: the same protocol gives the same
bytes (fixed creation date and producer, no random identifiers, the vendored DejaVu fonts), so
the bytes of a signed-off protocol can be stored with their :func:`digest`. The bytes depend on
the fpdf2 version and the vendored fonts: keep the bytes stored at sign-off, do not expect a
re-render after an upgrade to give the same digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from functools import cache
from importlib.resources import as_file, files
from typing import Final, Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from shared.protocols.model import (
    PROTOCOL_LANGUAGES,
    Agenda,
    Heading,
    KeyValues,
    Paragraph,
    Protocol,
    ProtocolLanguage,
    Table,
    VoteResult,
    format_date,
    format_datetime,
    label,
    text_in,
)

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
    counts: tuple[_Line, ...]
    outcome: str
    adopted: bool


@dataclass(frozen=True)
class _Item:
    number: int
    title: str
    speakers: tuple[str, ...]
    discussion: tuple[str, ...]
    decision: str | None
    vote: _Vote | None


@dataclass(frozen=True)
class _Agenda:
    heading: str
    items: tuple[_Item, ...]
    kind: str = "agenda"


_Block = _Heading | _Paragraph | _Lines | _Table | _Agenda


@dataclass(frozen=True)
class _SignOff:
    heading: str
    signed_by: str
    position: str | None
    signed_at: str


@dataclass(frozen=True)
class _Document:
    lang: ProtocolLanguage
    body: str
    heading: str
    title: str | None
    facts: tuple[_Line, ...]
    blocks: tuple[_Block, ...]
    sign_off: _SignOff | None
    draft: str
    draft_note: str
    footer: str
    labels: dict[str, str] = field(default_factory=dict)


def _cited(rule: str, provisional: bool, lang: ProtocolLanguage) -> str:
    """A rule as cited beside a verdict; a provisional value says so."""
    return f"{rule}; {label('provisional', lang)}" if provisional else rule


def _vote(vote: VoteResult, lang: ProtocolLanguage) -> _Vote:
    method = label(f"vote_{vote.method}", lang)
    outcome = label("adopted" if vote.adopted else "rejected", lang)
    if vote.rule:
        outcome = f"{outcome} ({_cited(vote.rule, vote.provisional, lang)})"
    return _Vote(
        heading=f"{label('vote', lang)} ({method})",
        counts=(
            _Line(label("in_favour", lang), str(vote.in_favour)),
            _Line(label("against", lang), str(vote.against)),
            _Line(label("abstained", lang), str(vote.abstained)),
        ),
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
                speakers=tuple(text_in(s, lang) for s in item.speakers),
                discussion=tuple(text_in(d, lang) for d in item.discussion),
                decision=None if item.decision is None else text_in(item.decision, lang),
                vote=None if item.vote is None else _vote(item.vote, lang),
            )
            for number, item in enumerate(agenda.items, start=1)
        ),
    )


def _resolve(protocol: Protocol, lang: ProtocolLanguage) -> _Document:
    if lang not in PROTOCOL_LANGUAGES:
        raise ValueError(f"a protocol is rendered in one of {PROTOCOL_LANGUAGES}, not {lang!r}")
    facts = [
        _Line(label("date", lang), format_date(protocol.date, lang)),
        _Line(label("place", lang), text_in(protocol.place, lang)),
    ]
    if protocol.chair is not None:
        facts.append(_Line(label("chair", lang), text_in(protocol.chair, lang)))
    if protocol.secretary is not None:
        facts.append(_Line(label("secretary", lang), text_in(protocol.secretary, lang)))
    if (attendance := protocol.attendance) is not None:
        present = label("present_value", lang, present=attendance.present, total=attendance.total)
        quorum = label("quorum_yes" if attendance.quorum else "quorum_no", lang)
        if attendance.rule:
            quorum = f"{quorum} ({_cited(attendance.rule, attendance.provisional, lang)})"
        facts += [_Line(label("present", lang), present), _Line(label("quorum", lang), quorum)]
    facts += [_Line(text_in(f.key, lang), text_in(f.value, lang)) for f in protocol.facts]

    blocks: list[_Block] = []
    for block in protocol.content:
        if isinstance(block, Heading):
            blocks.append(_Heading(text_in(block.text, lang), block.level))
        elif isinstance(block, Paragraph):
            blocks.append(_Paragraph(text_in(block.text, lang)))
        elif isinstance(block, KeyValues):
            lines = (_Line(text_in(i.key, lang), text_in(i.value, lang)) for i in block.items)
            blocks.append(_Lines(tuple(lines)))
        elif isinstance(block, Table):
            blocks.append(
                _Table(
                    caption=None if block.caption is None else text_in(block.caption, lang),
                    header=tuple(text_in(h, lang) for h in block.header),
                    rows=tuple(tuple(text_in(c, lang) for c in row) for row in block.rows),
                )
            )
        else:
            blocks.append(_agenda(block, lang))

    sign_off = None
    if (signed := protocol.sign_off) is not None:
        sign_off = _SignOff(
            heading=label("signed", lang),
            signed_by=text_in(signed.signed_by, lang),
            position=None if signed.position is None else text_in(signed.position, lang),
            signed_at=format_datetime(signed.signed_at, lang),
        )
    heading = f"{label('protocol', lang)} {label('number', lang)} {protocol.number}"
    return _Document(
        lang=lang,
        body=text_in(protocol.body, lang),
        heading=heading,
        title=None if protocol.title is None else text_in(protocol.title, lang),
        facts=tuple(facts),
        blocks=tuple(blocks),
        sign_off=sign_off,
        draft=label("draft", lang),
        draft_note=label("draft_note", lang),
        footer=f"{heading}, {format_date(protocol.date, lang)}",
        labels={
            key: label(key, lang)
            for key in ("agenda", "speakers", "discussion", "decision", "vote")
        },
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
    """The CSS ``content`` of the printed page footer: "Бет " counter(page) " / " ..."""
    before, _, rest = label("page", lang, page="\0", pages="\1").partition("\0")
    middle, _, after = rest.partition("\1")
    parts = [_css_string(before), "counter(page)", _css_string(middle), "counter(pages)"]
    if after:
        parts.append(_css_string(after))
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
        if not self.document.sign_off:
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


def _paragraph(pdf: FPDF, text: str, *, bold: bool = False, size: float = _BODY_SIZE) -> None:
    pdf.set_font(_FONT_FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, _LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str, level: int = 2) -> None:
    size = {2: 13.0, 3: 12.0}.get(level, _BODY_SIZE)
    pdf.ln(2)
    # Keep a heading with at least the first lines after it.
    if pdf.will_page_break(_LINE * 4):
        pdf.add_page()
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
    if table.caption:
        _paragraph(pdf, table.caption, bold=True)
        pdf.ln(1)
    pdf.set_font(_FONT_FAMILY, "", 9)
    with pdf.table(
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


def _agenda_pdf(pdf: FPDF, agenda: _Agenda, labels: dict[str, str]) -> None:
    _heading(pdf, f"{agenda.heading}:")
    for item in agenda.items:
        _numbered(pdf, f"{item.number}.", item.title)
    for item in agenda.items:
        pdf.ln(3)
        if pdf.will_page_break(_LINE * 5):
            pdf.add_page()
        _numbered(pdf, f"{item.number}.", item.title, bold=True)
        pdf.ln(1)
        if item.speakers:
            _write_line(pdf, labels["speakers"], "; ".join(item.speakers))
        if item.discussion:
            _paragraph(pdf, f"{labels['discussion']}:", bold=True)
            for text in item.discussion:
                _paragraph(pdf, text)
                pdf.ln(1)
        if item.decision is not None:
            _paragraph(pdf, f"{labels['decision']}:", bold=True)
            _paragraph(pdf, item.decision)
            pdf.ln(1)
        if item.vote is not None:
            _vote_pdf(pdf, item.vote)


def _vote_pdf(pdf: FPDF, vote: _Vote) -> None:
    if pdf.will_page_break(_LINE * 3):
        pdf.add_page()
    _paragraph(pdf, f"{vote.heading}:", bold=True)
    counts = "; ".join(f"{line.key} — {line.value}" for line in vote.counts)
    _paragraph(pdf, counts)
    _paragraph(pdf, f"{vote.outcome}.", bold=True)


def _sign_off_pdf(pdf: FPDF, document: _Document) -> None:
    pdf.ln(6)
    if pdf.will_page_break(_LINE * 4):
        pdf.add_page()
    y = pdf.get_y()
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.ln(2)
    signed = document.sign_off
    if signed is None:
        pdf.set_text_color(*_DRAFT_RED)
        _paragraph(pdf, f"{document.draft.upper()}. {document.draft_note}", bold=True)
        pdf.set_text_color(0, 0, 0)
        return
    who = signed.signed_by if signed.position is None else f"{signed.signed_by}, {signed.position}"
    _write_line(pdf, signed.heading, who)
    _paragraph(pdf, signed.signed_at)


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
    pdf.set_font(_FONT_FAMILY, "B", 15)
    pdf.multi_cell(0, 8, document.heading, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if document.title:
        pdf.set_font(_FONT_FAMILY, "", 12)
        pdf.multi_cell(0, 6, document.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    for fact in document.facts:
        _write_line(pdf, fact.key, fact.value)
    pdf.ln(2)

    for block in document.blocks:
        if isinstance(block, _Heading):
            _heading(pdf, block.text, block.level)
        elif isinstance(block, _Paragraph):
            _paragraph(pdf, block.text)
            pdf.ln(2)
        elif isinstance(block, _Lines):
            for line in block.lines:
                _write_line(pdf, line.key, line.value)
            pdf.ln(2)
        elif isinstance(block, _Table):
            _table(pdf, block)
        else:
            _agenda_pdf(pdf, block, document.labels)
    _sign_off_pdf(pdf, document)
    return pdf


def render_pdf(protocol: Protocol, lang: ProtocolLanguage) -> bytes:
    """The protocol as an A4 PDF in ``lang``; the same protocol always gives the same bytes."""
    document = _resolve(protocol, lang)
    with _fonts() as fonts:
        # First pass: count the pages; second pass: write "page N of M" with the count.
        total = _layout(document, fonts, None).pages_count
        pdf = _layout(document, fonts, total)
    title = document.heading if document.title is None else f"{document.heading}. {document.title}"
    pdf.set_title(f"{document.body}. {title}")
    pdf.set_lang(lang)
    pdf.set_creator(_PRODUCER)
    pdf.set_producer(_PRODUCER)
    pdf.set_creation_date(_creation_date(protocol))
    return bytes(pdf.output())


def digest(pdf_bytes: bytes) -> str:
    """The SHA-256 of a rendered document, as lowercase hex: what a sign-off records."""
    return hashlib.sha256(pdf_bytes).hexdigest()
