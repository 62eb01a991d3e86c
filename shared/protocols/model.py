"""The protocol (хаттама / протокол) document model: immutable, language-neutral, renderable.

A :class:`Protocol` is data only: the services build it from their projections (the sessions
service for a sitting, the council service for a Council meeting) and :mod:`shared.protocols.
render` turns it into HTML or PDF in one language. Text that differs by language is a
:class:`Localized`; names, numbers and rule references that read the same in every language
are plain ``str``. The labels the renderer writes itself ("ХАТТАМА" / "ПРОТОКОЛ", "Күні" /
"Дата", ...) are in :data:`LABELS`.

Every model is frozen: a signed-off protocol is a value that never changes, and so are its
rendered bytes (see :func:`shared.protocols.render.render_pdf`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator

ProtocolLanguage = Literal["kk", "ru"]
"""The languages a protocol is rendered in; one per document."""
PROTOCOL_LANGUAGES: Final[tuple[ProtocolLanguage, ...]] = ("kk", "ru")

ProtocolKind = Literal["session_sitting", "council_meeting", "other"]
VoteMethod = Literal["open", "roll_call", "secret", "written_poll"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Localized(_Frozen):
    """A text given in Kazakh and Russian (English optional, never rendered into a protocol)."""

    kk: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    en: str | None = Field(default=None, min_length=1)

    def pick(self, lang: ProtocolLanguage) -> str:
        return self.kk if lang == "kk" else self.ru


Text = str | Localized
"""Plain ``str`` is language-neutral (a name, a number, "Reg2024 §9"); :class:`Localized`
differs by language."""


def text_in(text: Text, lang: ProtocolLanguage) -> str:
    """``text`` in ``lang``: a plain string as is, a :class:`Localized` by language."""
    return text if isinstance(text, str) else text.pick(lang)


class KeyValue(_Frozen):
    """One "key: value" line, e.g. "Присутствовали: 392 из 394"."""

    key: Text
    value: Text


class Heading(_Frozen):
    type: Literal["heading"] = "heading"
    text: Text
    level: int = Field(default=2, ge=2, le=4)


class Paragraph(_Frozen):
    type: Literal["paragraph"] = "paragraph"
    text: Text


class KeyValues(_Frozen):
    """Key/value lines shown together."""

    type: Literal["key_values"] = "key_values"
    items: tuple[KeyValue, ...] = Field(min_length=1)


class Table(_Frozen):
    """A table: one header row and rows of the same width. Long tables break across pages."""

    type: Literal["table"] = "table"
    caption: Text | None = None
    header: tuple[Text, ...] = Field(min_length=1)
    rows: tuple[tuple[Text, ...], ...] = ()

    @model_validator(mode="after")
    def _rectangular(self) -> Self:
        width = len(self.header)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {index} has {len(row)} cells, the header has {width}")
        return self


class VoteResult(_Frozen):
    """The result of one vote: the counts, whether the decision was adopted, and the rule."""

    method: VoteMethod = "open"
    in_favour: NonNegativeInt
    against: NonNegativeInt
    abstained: NonNegativeInt
    adopted: bool
    rule: str | None = None
    """The paragraph the majority comes from, e.g. "Reg2024 §12"."""
    provisional: bool = False
    """The majority applied is a provisional value (not yet in a legal text at hand)."""

    @property
    def total(self) -> int:
        return self.in_favour + self.against + self.abstained


class AgendaItem(_Frozen):
    """One item of the agenda with its discussion, decision and vote."""

    title: Text
    speakers: tuple[Text, ...] = ()
    discussion: tuple[Text, ...] = ()
    decision: Text | None = None
    vote: VoteResult | None = None


class Agenda(_Frozen):
    """The agenda: the numbered list of items, then each item in turn."""

    type: Literal["agenda"] = "agenda"
    items: tuple[AgendaItem, ...] = Field(min_length=1)


Block = Annotated[Heading | Paragraph | KeyValues | Table | Agenda, Field(discriminator="type")]


class Attendance(_Frozen):
    """Who was present, and whether the quorum was reached (under which rule)."""

    present: NonNegativeInt
    total: NonNegativeInt
    quorum: bool
    rule: str | None = None
    """The paragraph the quorum comes from, e.g. "Reg2024 §9"."""
    provisional: bool = False
    """The quorum applied is a provisional value (not yet in a legal text at hand)."""

    @model_validator(mode="after")
    def _present_of_total(self) -> Self:
        if self.present > self.total:
            raise ValueError("more members present than the body has")
        return self


class SignOff(_Frozen):
    """Who signed the protocol off, and when. A protocol without one is a draft."""

    signed_by: Text
    position: Text | None = None
    signed_at: dt.datetime

    @model_validator(mode="after")
    def _aware(self) -> Self:
        if self.signed_at.tzinfo is None or self.signed_at.utcoffset() is None:
            raise ValueError("signed_at must carry its time zone")
        return self


class Protocol(_Frozen):
    """A protocol of a sitting or a meeting, in no particular language."""

    kind: ProtocolKind
    body: Text
    """The body that met, e.g. "Қазақстан халқы Ассамблеясы" / "Ассамблея народа Казахстана"."""
    title: Text | None = None
    """The line under "ХАТТАМА № …", worded by the caller in the right case."""
    number: str = Field(min_length=1)
    date: dt.date
    place: Text
    chair: Text | None = None
    secretary: Text | None = None
    attendance: Attendance | None = None
    facts: tuple[KeyValue, ...] = ()
    """Further facts under the heading (opened at, invited, ...)."""
    content: tuple[Block, ...] = ()
    sign_off: SignOff | None = None

    @property
    def is_draft(self) -> bool:
        return self.sign_off is None


LABELS: Final[dict[str, dict[ProtocolLanguage, str]]] = {
    "protocol": {"kk": "ХАТТАМА", "ru": "ПРОТОКОЛ"},
    "number": {"kk": "№", "ru": "№"},
    "date": {"kk": "Күні", "ru": "Дата"},
    "place": {"kk": "Орны", "ru": "Место"},
    "chair": {"kk": "Төрағалық етуші", "ru": "Председательствующий"},
    "secretary": {"kk": "Хатшы", "ru": "Секретарь"},
    "present": {"kk": "Қатысқандар", "ru": "Присутствовали"},
    "present_value": {
        "kk": "{present} (мүшелердің жалпы саны: {total})",
        "ru": "{present} (всего членов: {total})",
    },
    "quorum": {"kk": "Кворум", "ru": "Кворум"},
    "quorum_yes": {"kk": "бар", "ru": "имеется"},
    "quorum_no": {"kk": "жоқ", "ru": "отсутствует"},
    "provisional": {"kk": "уақытша мән", "ru": "временное значение"},
    "agenda": {"kk": "Күн тәртібі", "ru": "Повестка дня"},
    "speakers": {"kk": "Сөз сөйлегендер", "ru": "Выступили"},
    "discussion": {"kk": "Талқылау", "ru": "Обсуждение"},
    "decision": {"kk": "Шешім", "ru": "Решение"},
    "vote": {"kk": "Дауыс беру нәтижесі", "ru": "Итоги голосования"},
    "vote_open": {"kk": "ашық дауыс беру", "ru": "открытое голосование"},
    "vote_roll_call": {"kk": "атаулы дауыс беру", "ru": "поименное голосование"},
    "vote_secret": {"kk": "жасырын дауыс беру", "ru": "тайное голосование"},
    "vote_written_poll": {"kk": "сырттай дауыс беру", "ru": "заочное голосование"},
    "in_favour": {"kk": "Жақтап", "ru": "За"},
    "against": {"kk": "Қарсы", "ru": "Против"},
    "abstained": {"kk": "Қалыс қалды", "ru": "Воздержались"},
    "adopted": {"kk": "Шешім қабылданды", "ru": "Решение принято"},
    "rejected": {"kk": "Шешім қабылданбады", "ru": "Решение не принято"},
    "draft": {"kk": "Жоба", "ru": "Проект"},
    "draft_note": {
        "kk": "Хаттамаға әлі қол қойылмаған.",
        "ru": "Протокол ещё не подписан.",
    },
    "signed": {"kk": "Қол қойылды", "ru": "Подписано"},
    "page": {"kk": "Бет {page} / {pages}", "ru": "Стр. {page} из {pages}"},
}

MONTHS: Final[dict[ProtocolLanguage, tuple[str, ...]]] = {
    # Kazakh: "2024 жылғы 25 сәуір"; Russian: "25 апреля 2024 г." (month in the genitive).
    "kk": (
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ),
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
}


def label(key: str, lang: ProtocolLanguage, /, **params: object) -> str:
    """The renderer's own label ``key`` in ``lang``, formatted with ``params``."""
    template = LABELS[key][lang]
    return template.format(**params) if params else template


def format_date(value: dt.date, lang: ProtocolLanguage) -> str:
    """A date as written in a Kazakh or Russian official document."""
    month = MONTHS[lang][value.month - 1]
    if lang == "kk":
        return f"{value.year} жылғы {value.day} {month}"
    return f"{value.day} {month} {value.year} г."


def format_datetime(value: dt.datetime, lang: ProtocolLanguage) -> str:
    """A date and time in their own time zone, with the UTC offset: "…, 10:30 (UTC+05:00)"."""
    offset = value.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return f"{format_date(value.date(), lang)}, {value:%H:%M} ({zone})"
