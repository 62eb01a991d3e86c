"""Personal identifiers in free text: found, masked, or refused before the text becomes an event.

Officials type free text (a forwarding reason, a notification's means, an incident's
description) and sometimes put a person's identifiers in it. The IIN is personal data
(APPC 2020 Art. 63): it never leaves the service in clear and every read shows it masked. This
module finds, pure and without I/O:

- **IIN and BIN** (``shared.identity``): twelve digits standing alone (no digit right before or
  after) whose check digit is valid; written in groups (``540403 609681``) only right after
  the words ИИН / ЖСН / БИН / БСН / IIN / BIN. A BIN's fifth digit is 4, 5 or 6; any other
  valid number is taken for an IIN. A twelve-digit number with a wrong check digit, a date or
  an amount is not an identifier.
- **Phone numbers**, by Google's libphonenumber (the ``phonenumbers`` package) read as in
  Kazakhstan: ``+7 701 111 22 33``, ``8 (7172) 55-66-77``, ``87011112233``, ``+7-701-...``,
  the ten-digit national number, and any number with a ``+`` country code; only numbers valid
  for their country. Without a ``+`` the matcher also reads amounts and dates as numbers, so
  only Kazakhstan's numbers count: ten or eleven digits beginning with the trunk prefix 8 or
  the 7 of the national number, grouped by spaces, dashes or brackets (a single digit only
  first, more than four only last), not run into a date, a time or a decimal, not digit
  groups of three. Thus ``890 01.01.2000`` is not a Russian ``8 900 ...``, ``10:30
  2000-01-01`` not ``302 ...``, ``70 2000–2005`` not ``702 ...``, ``721.25 100.25`` not
  Karaganda's ``7212 ...``, ``87 000 000 000`` an amount. Toll-free lines are an
  organisation's, not a person's. Ten or eleven digits written together (``87011112233``)
  are taken for a phone number even where they were an amount.
- **E-mail addresses**.
- **A given person's name and contact** (an appeal's applicant): each word of the name as a
  stem, so that case endings still match (Зарема → Зареме, Пробеева → Пробеевой, Сейітұлы →
  Сейітұлына), also in its Latin spelling (ICAO 9303, as in passports); a word whose stem is
  shorter than five letters counts only together with another word of the name (Мира, Ким
  are also common words). A contact counts by its digits (six or more, the last ten of a
  phone number) and by its handle-like parts (``@zarema_p``, ``t.me/zarema``).

What a service does with a finding is its choice per field (the policy is written down next
to each event): refuse the text (``refuse_personal_data``: 422 naming the field and the kind
of identifier, never the identifier itself), or keep the whole text in a private field that
is never published and show it masked (``mask_personal_data``) to readers who may not see it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from shared.errors import InvalidInput
from shared.i18n import register_messages
from shared.identity import is_valid_bin, is_valid_iin
from shared.identity import mask as mask_number


class Kind(StrEnum):
    IIN = "iin"
    BIN = "bin"
    PHONE = "phone"
    EMAIL = "email"
    NAME = "name"
    """The name of the person the text belongs to (an appeal's applicant)."""
    CONTACT = "contact"
    """The contact of the person the text belongs to, where it is not a phone or an e-mail."""


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int


@dataclass(frozen=True)
class Person:
    """Whose own name and contact must not appear in a text (e.g. an appeal's applicant)."""

    name: str | None = None
    contact: str | None = None


# -- IIN and BIN -------------------------------------------------------------------------------

_TWELVE = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")
_LABELLED = re.compile(
    r"(?<!\w)(?:ИИН|ЖСН|БИН|БСН|IIN|BIN)\W{0,3}((?:[0-9][ \u00a0\-.]?){11}[0-9])(?![0-9])",
    re.IGNORECASE,
)


def _id_kind(digits: str) -> Kind | None:
    if is_valid_bin(digits):
        return Kind.BIN
    if is_valid_iin(digits):
        return Kind.IIN
    return None


def _id_numbers(text: str) -> Iterator[Finding]:
    for match in _TWELVE.finditer(text):
        kind = _id_kind(match.group())
        if kind is not None:
            yield Finding(kind, match.start(), match.end())
    for match in _LABELLED.finditer(text):
        kind = _id_kind(re.sub(r"[^0-9]", "", match.group(1)))
        if kind is not None:
            yield Finding(kind, match.start(1), match.end(1))


# -- phone numbers and e-mail addresses --------------------------------------------------------

_REGION = "KZ"
_AMOUNT = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f.,][0-9]{3})+")
_DECIMAL_MARK = re.compile(r"[0-9][.,/:][0-9]")
_YEAR = r"(?:19|20|21)[0-9]{2}"
_DATE = re.compile(  # 2026-07-08, 08-07-2026, 2024–2026
    rf"(?<![0-9-])(?:{_YEAR}-[01][0-9]-[0-3][0-9]|[0-3][0-9]-[01][0-9]-{_YEAR}"
    rf"|{_YEAR} ?[-\u2013\u2014] ?{_YEAR})(?![0-9-])"
)
_NATIONAL_START = frozenset("87")
_NOT_PERSONAL = frozenset({phonenumbers.PhoneNumberType.TOLL_FREE})


def _phone_groups(groups: list[str]) -> bool:
    """Digit groups as a phone number of Kazakhstan is written: ten or eleven digits, one digit
    only first (the trunk prefix 8), more than four only last."""
    return (
        len("".join(groups)) in (10, 11)
        and all(len(g) > 1 for g in groups[1:])
        and all(len(g) <= 4 for g in groups[:-1])
    )


# Runs of digits that could hold a phone number: the matcher parses only these (in a text
# full of numbers it would parse every one; this keeps a 20,000-character text cheap).
_DIGIT_CLUSTER = re.compile(r"[+(]?[0-9](?:[ \u00a0\-().]{0,3}[0-9])*\)?")
_MIN_DIGITS = {True: 7, False: 10}
"""Digits of a number with a ``+`` (the shortest countries' numbers), and without one (the ten
of Kazakhstan's national number)."""


def _phone_candidates(text: str) -> Iterator[tuple[int, str]]:
    """Where to look for phone numbers: each run of digits long enough to be one, with one
    character of context either side (the matcher looks at what a number stands next to)."""
    for cluster in _DIGIT_CLUSTER.finditer(text):
        found = cluster.group()
        if sum(c.isdigit() for c in found) >= _MIN_DIGITS[found.startswith("+")]:
            start = max(cluster.start() - 1, 0)
            yield start, text[start : cluster.end() + 1]


def _phones(text: str) -> Iterator[Finding]:
    for offset, window in _phone_candidates(text):
        matcher = phonenumbers.PhoneNumberMatcher(
            window, _REGION, leniency=phonenumbers.Leniency.VALID
        )
        for match in matcher:
            start, end = offset + match.start, offset + match.end
            raw = match.raw_string
            if not raw.startswith("+") and (
                _AMOUNT.fullmatch(raw)
                or not _phone_groups(re.findall(r"[0-9]+", raw))
                or _DECIMAL_MARK.search(text[max(start - 2, 0) : end + 2])
                or _DATE.search(raw)
                or raw.lstrip("( ")[:1] not in _NATIONAL_START
                or phonenumbers.region_code_for_number(match.number) != _REGION
            ):
                continue  # an amount, or not written as in Kazakhstan (see the module's notes)
            if phonenumbers.number_type(match.number) in _NOT_PERSONAL:
                continue
            yield Finding(Kind.PHONE, start, end)


_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,63}(?![\w-])"
)


def _emails(text: str) -> Iterator[Finding]:
    for match in _EMAIL.finditer(text):
        yield Finding(Kind.EMAIL, match.start(), match.end())


# -- a given person's name and contact ---------------------------------------------------------

_WORD = re.compile(r"\w+")
_VOWELS = frozenset("аеёиоуыэюяәіөұүaeiouy")
_MIN_STEM = 3
_SURE_STEM = 5
_MAX_ENDING = 4
# ICAO Doc 9303 (Latin names in Kazakhstan's passports), with Kazakh letters.
_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
        "я": "ia", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
        "һ": "h", "і": "i",
    }
)  # fmt: skip


def _fold(text: str) -> str:
    """Case-folded, one character for one (``İ``, ``ß`` fold to two): positions are kept."""
    if text.isascii():
        return text.lower()
    return "".join(c.casefold()[:1] or c for c in text)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > _MIN_STEM and word[-1] in _VOWELS else word


def _name_stems(name: str) -> list[set[str]]:
    """Per word of the name: its stems (as written and in Latin), long enough to look for."""
    result = []
    for word in _WORD.findall(_fold(name)):
        stems = {_stem(word), _stem(word.translate(_LATIN))}
        stems = {s for s in stems if sum(c.isalpha() for c in s) >= _MIN_STEM}
        if stems:
            result.append(stems)
    return result


def _names(text: str, name: str) -> Iterator[Finding]:
    stems = _name_stems(name)
    if not stems:
        return
    hits: dict[int, list[tuple[int, int]]] = {}
    for match in _WORD.finditer(_fold(text)):
        word = match.group()
        for index, options in enumerate(stems):
            for stem in options:
                if word.startswith(stem) and len(word) - len(stem) <= _MAX_ENDING:
                    hits.setdefault(index, []).append((match.start(), match.end()))
                    break
    sure = any(len(min(stems[i], key=len)) >= _SURE_STEM for i in hits)
    if sure or len(hits) >= 2:
        for spans in hits.values():
            for start, end in spans:
                yield Finding(Kind.NAME, start, end)


_DIGIT_RUN = re.compile(r"[0-9](?:[ \u00a0\-().]{0,2}[0-9])*")
_HANDLE = re.compile(r"[^\s,;]+")
_MIN_CONTACT_DIGITS = 6


def _contacts(text: str, contact: str) -> Iterator[Finding]:
    digits = re.sub(r"[^0-9]", "", contact)
    if len(digits) >= _MIN_CONTACT_DIGITS:
        key = digits[-10:]
        for match in _DIGIT_RUN.finditer(text):
            if key in re.sub(r"[^0-9]", "", match.group()):
                yield Finding(Kind.CONTACT, match.start(), match.end())
    folded = _fold(text)
    for part in _HANDLE.findall(_fold(contact)):
        handle = part.strip(".:()[]<>\"'")
        if len(handle) < 5 or handle.isalpha() or handle.isdigit():
            continue  # a plain word ("telegram") or digits (looked for above)
        start = folded.find(handle)
        while start >= 0:
            yield Finding(Kind.CONTACT, start, start + len(handle))
            start = folded.find(handle, start + 1)


# -- finding, masking, refusing ----------------------------------------------------------------


def _ascii_digits(text: str) -> str:
    """Other scripts' decimal digits as ASCII, one character for one (positions are kept)."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def find_personal_data(text: str, person: Person | None = None) -> list[Finding]:
    """Every identifier in ``text``, in order of position; overlapping findings are merged into
    the first (the one that starts first; of two at one place, the longer)."""
    text = _ascii_digits(text)
    found = [*_id_numbers(text), *_phones(text), *_emails(text)]
    if person is not None:
        if person.name:
            found.extend(_names(text, person.name))
        if person.contact:
            found.extend(_contacts(text, person.contact))
    found.sort(key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    for finding in found:
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            if finding.end > last.end:
                merged[-1] = Finding(last.kind, last.start, finding.end)
            continue
        merged.append(finding)
    return merged


def _masked(kind: Kind, value: str) -> str:
    if kind in (Kind.IIN, Kind.BIN):
        return mask_number(re.sub(r"[^0-9]", "", value))
    if kind is Kind.PHONE:  # its digits hidden but the last two, the rest as written
        digits = [i for i, c in enumerate(value) if c.isdecimal()]
        hidden = set(digits[:-2])
        return "".join("*" if i in hidden else c for i, c in enumerate(value))
    return "***"


def mask_personal_data(text: str, person: Person | None = None) -> str:
    """``text`` with every identifier masked: an IIN or BIN as in every read (all but its last
    two digits), a phone number's digits but its last two; an e-mail address, a name or a
    contact replaced by ``***``."""
    findings = find_personal_data(text, person)
    if not findings:
        return text
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(_masked(finding.kind, text[finding.start : finding.end]))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


class PersonalDataInText(InvalidInput):
    """A free-text field holds a personal identifier where none may be recorded. The message
    names the field and the kind of identifier, never the identifier."""

    def __init__(self, field: str, kind: Kind) -> None:
        super().__init__(None, reason=f"personal_data_{kind.value}", field=field)
        self.field = field
        self.kind = kind


def refuse_personal_data(field: str, text: str | None, person: Person | None = None) -> None:
    """Raise ``PersonalDataInText`` when ``text`` (the value of ``field``) holds an identifier."""
    if not text:
        return
    findings = find_personal_data(text, person)
    if findings:
        raise PersonalDataInText(field, findings[0].kind)


_TAIL = {
    "kk": " Бұл өріске дербес деректер жазылмайды: оларды алып тастаңыз.",
    "ru": " В этом поле персональные данные не записываются: уберите их.",
    "en": " Personal data are not recorded in this field: remove them.",
}
_WHAT = {
    Kind.IIN: ("жеке сәйкестендіру нөмірі (ЖСН)", "индивидуальный идентификационный номер (ИИН)",
               "an individual identification number (IIN)"),
    Kind.BIN: ("бизнес-сәйкестендіру нөмірі (БСН)", "бизнес-идентификационный номер (БИН)",
               "a business identification number (BIN)"),
    Kind.PHONE: ("телефон нөмірі", "номер телефона", "a phone number"),
    Kind.EMAIL: ("электрондық пошта мекенжайы", "адрес электронной почты", "an e-mail address"),
    Kind.NAME: ("өтініш берушінің аты-жөні", "имя заявителя", "the applicant's name"),
    Kind.CONTACT: ("өтініш берушінің байланыс деректері", "контакты заявителя",
                   "the applicant's contact"),
}  # fmt: skip

register_messages(
    {
        f"personal_data_{kind.value}": {
            "kk": f"«{{field}}» өрісінің мәтінінде {kk} бар." + _TAIL["kk"],
            "ru": f"В тексте поля «{{field}}» есть {ru}." + _TAIL["ru"],
            "en": f"The text of {{field}} contains {en}." + _TAIL["en"],
        }
        for kind, (kk, ru, en) in _WHAT.items()
    }
)
