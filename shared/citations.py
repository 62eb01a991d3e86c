"""Rule references in words: "Reg2024 §10" is written "Ереженің 10-тармағы" in Kazakh and
"пункт 10 Положения" in Russian, as an official text cites it.

The code keeps compact references (``Reg2024 §10``, ``Law 2008 Art. 10``, ``APPC 2020 Art. 76``)
in events and problem members: they are stable identifiers. Everything a person reads (protocols,
error messages) names the document and the paragraph in words instead:

- ``Reg2024``: the Regulation on the Assembly approved by Decree No. 747 of 27 December 2024, the
  one in force ("Ереже" / "Положение"); the repealed ones carry their year ("2002 жылғы Ереже" /
  "Положение 2002 года");
- ``Law 2008``: the Law "On the Assembly of the People of Kazakhstan" ("Заң" / "Закон");
- ``APPC 2020``: the Administrative Procedural and Process Code ("ӘРПК" / "АППК").

Two grammatical forms are given: the nominative ("Ереженің 9-тармағы", "пункт 9 Положения") and
"according to" ("Ереженің 9-тармағына сәйкес", "согласно пункту 9 Положения").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Lang = Literal["kk", "ru", "en"]
Form = Literal["nominative", "according"]
DocumentKind = Literal["regulation", "law", "appc"]

CURRENT_REGULATION: Final = "Reg2024"

_LAW_TITLE: Final[dict[Lang, str]] = {
    "kk": "«Қазақстан халқы Ассамблеясы туралы» Заң",
    "ru": "Закон «Об Ассамблее народа Казахстана»",
    "en": "the Law on the Assembly of the People of Kazakhstan",
}


@dataclass(frozen=True)
class _Document:
    kind: DocumentKind
    year: int


@dataclass(frozen=True)
class _Reference:
    document: _Document
    units: tuple[str, ...]
    """Paragraph or article numbers as written: "9", "13.2" (subparagraph 2 of 13), "13–14"."""
    note: str | None = None
    """A reference in parentheses after the main one (e.g. "by Reg2011 §7")."""


_DOCUMENT = re.compile(r"^(Reg|Law|APPC) ?(\d{4})\b")
_UNITS = re.compile(r"(?:§|Art\. ?)(\d+(?:\.\d+)?(?:[–-]\d+)?)")
_KINDS: Final[dict[str, DocumentKind]] = {"Reg": "regulation", "Law": "law", "APPC": "appc"}


def _parse(rule: str) -> _Reference | None:
    head = _DOCUMENT.match(rule)
    if head is None:
        return None
    document = _Document(_KINDS[head.group(1)], int(head.group(2)))
    rest = rule[head.end() :].strip()
    note = None
    if rest.startswith("(") and rest.endswith(")"):
        note = rest[1:-1].removeprefix("by ").strip()
        rest = ""
    if document.kind == "law":
        return _Reference(document, tuple(_UNITS.findall(rest)), note)
    units = tuple(_UNITS.findall(rest))
    if rest and not units:
        return None
    return _Reference(document, units, note)


def document_kind(rule: str) -> DocumentKind | None:
    """Which act a rule comes from (None for a check no act names, e.g. a checksum)."""
    reference = _parse(rule)
    return None if reference is None else reference.document.kind


def _is_current(document: _Document) -> bool:
    return document.kind != "regulation" or f"Reg{document.year}" == CURRENT_REGULATION


# -- Kazakh ------------------------------------------------------------------------------------


def _kk_document_genitive(document: _Document) -> str:
    if document.kind == "regulation":
        return "Ереженің" if _is_current(document) else f"{document.year} жылғы Ереженің"
    if document.kind == "law":
        return f"{_LAW_TITLE['kk']}ның"
    return "ӘРПК-нің"


def _kk_document(document: _Document, form: Form) -> str:
    if document.kind == "regulation":
        base = "Ереже" if _is_current(document) else f"{document.year} жылғы Ереже"
        return base if form == "nominative" else f"{base}ге сәйкес"
    if document.kind == "law":
        return _LAW_TITLE["kk"] if form == "nominative" else f"{_LAW_TITLE['kk']}ға сәйкес"
    return "ӘРПК" if form == "nominative" else "ӘРПК-ге сәйкес"


def _kk(reference: _Reference, form: Form) -> str:
    document = reference.document
    if not reference.units:
        text = _kk_document(document, form)
    else:
        word, dative = (
            ("бабы", "бабына") if document.kind != "regulation" else ("тармағы", "тармағына")
        )
        plural, plural_dative = (
            ("баптары", "баптарына")
            if document.kind != "regulation"
            else ("тармақтары", "тармақтарына")
        )
        units = reference.units
        if len(units) == 1 and "." in units[0]:
            paragraph, sub = units[0].split(".", 1)
            ending = "тармақшасы" if form == "nominative" else "тармақшасына"
            text = f"{_kk_document_genitive(document)} {paragraph}-тармағының {sub}) {ending}"
        elif len(units) == 1 and not re.search(r"[–-]", units[0]):
            ending = word if form == "nominative" else dative
            text = f"{_kk_document_genitive(document)} {units[0]}-{ending}"
        else:
            numbers = " және ".join(units).replace("-", "–")
            ending = plural if form == "nominative" else plural_dative
            text = f"{_kk_document_genitive(document)} {numbers}-{ending}"
        if form == "according":
            text = f"{text} сәйкес"
    if reference.note:
        text = f"{text} ({cite(reference.note, 'kk')})"
    return text


# -- Russian -----------------------------------------------------------------------------------

# (nominative singular, dative singular, nominative plural, dative plural)
_RU_UNIT: Final[dict[str, tuple[str, str, str, str]]] = {
    "paragraph": ("пункт", "пункту", "пункты", "пунктам"),
    "article": ("статья", "статье", "статьи", "статьям"),
}


def _ru_document_genitive(document: _Document) -> str:
    if document.kind == "regulation":
        return "Положения" if _is_current(document) else f"Положения {document.year} года"
    if document.kind == "law":
        return "Закона «Об Ассамблее народа Казахстана»"
    return "АППК"


def _ru_document(document: _Document, form: Form) -> str:
    if document.kind == "regulation":
        base = ("Положение", "Положению")[form == "according"]
        text = base if _is_current(document) else f"{base} {document.year} года"
    elif document.kind == "law":
        text = ("Закон", "Закону")[form == "according"] + " «Об Ассамблее народа Казахстана»"
    else:
        text = "АППК"
    return text if form == "nominative" else f"согласно {text}"


def _ru(reference: _Reference, form: Form) -> str:
    document = reference.document
    if not reference.units:
        text = _ru_document(document, form)
    else:
        unit = _RU_UNIT["paragraph" if document.kind == "regulation" else "article"]
        units = reference.units
        genitive = _ru_document_genitive(document)
        if len(units) == 1 and "." in units[0]:
            paragraph, sub = units[0].split(".", 1)
            head = "подпункт" if form == "nominative" else "подпункту"
            text = f"{head} {sub}) пункта {paragraph} {genitive}"
        elif len(units) == 1 and not re.search(r"[–-]", units[0]):
            text = f"{unit[0] if form == 'nominative' else unit[1]} {units[0]} {genitive}"
        else:
            numbers = " и ".join(units).replace("-", "–")
            text = f"{unit[2] if form == 'nominative' else unit[3]} {numbers} {genitive}"
        if form == "according":
            text = f"согласно {text}"
    if reference.note:
        text = f"{text} ({cite(reference.note, 'ru')})"
    return text


# -- English -----------------------------------------------------------------------------------


def _en(reference: _Reference, form: Form) -> str:
    document = reference.document
    if document.kind == "regulation":
        name = "the Regulation" if _is_current(document) else f"the {document.year} Regulation"
    elif document.kind == "law":
        name = _LAW_TITLE["en"]
    else:
        name = "the APPC"
    if not reference.units:
        text = name
    else:
        units = reference.units
        unit = "paragraph" if document.kind == "regulation" else "Article"
        if len(units) == 1 and "." in units[0]:
            paragraph, sub = units[0].split(".", 1)
            text = f"subparagraph {sub}) of paragraph {paragraph} of {name}"
        elif len(units) == 1 and not re.search(r"[–-]", units[0]):
            text = f"{unit} {units[0]} of {name}"
        else:
            text = f"{unit}s {' and '.join(units).replace('-', '–')} of {name}"
    if form == "according":
        text = f"under {text}"
    if reference.note:
        text = f"{text} ({cite(reference.note, 'en')})"
    return text


def cite(rule: str, lang: Lang, form: Form = "nominative") -> str:
    """``rule`` in words in ``lang``; a reference to no act (e.g. "IIN check digit") is
    returned as the empty string, for the caller to leave out."""
    reference = _parse(rule)
    if reference is None:
        return ""
    if lang == "kk":
        return _kk(reference, form)
    if lang == "ru":
        return _ru(reference, form)
    return _en(reference, form)


DOCUMENT_NAMES: Final[dict[DocumentKind, dict[Lang, str]]] = {
    "regulation": {"kk": "Ереже", "ru": "Положение", "en": "Regulation"},
    "law": {"kk": "Заң", "ru": "Закон", "en": "Law"},
    "appc": {"kk": "ӘРПК", "ru": "АППК", "en": "APPC"},
}
