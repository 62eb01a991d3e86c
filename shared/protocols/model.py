"""The protocol (хаттама / протокол) document model: immutable, language-neutral, renderable.

A :class:`Protocol` is data only: the services build it from their records (the sessions
service for a sitting of the Session, the council service for a Council meeting) and
:mod:`shared.protocols.render` turns it into HTML or PDF in one language. Text that differs by
language is a :class:`Localized`; numbers and codes that read the same in every language are
plain ``str``. The labels the renderer writes itself ("ХАТТАМАСЫ" / "ПРОТОКОЛ", "ТЫҢДАЛДЫ" /
"СЛУШАЛИ", ...) are in :data:`LABELS`; rule references are written in words
(:mod:`shared.citations`).

What a protocol of such a body holds: the body, title, number and date; the place; the opening
and closing times (Astana time); the chair and the secretary; the members on the roster and
present, with the quorum, the number it needs and its rule; the agenda, and for each item who
reported and who spoke, every vote (what was put to it, the method, the counts with the members
present who did not vote, the number required and the rule) and the decision; the signature
block; and the annexes (lists of names: those present and absent, invited guests, roll calls).

Every model is frozen: a signed-off protocol is a value that never changes, and so are its
rendered bytes (see :func:`shared.protocols.render.render_pdf`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator

ProtocolLanguage = Literal["kk", "ru"]
"""The languages a protocol is rendered in; one per document."""
PROTOCOL_LANGUAGES: Final[tuple[ProtocolLanguage, ...]] = ("kk", "ru")

ProtocolKind = Literal["session_sitting", "council_meeting", "other"]
DocumentKind = Literal["protocol", "corrigendum"]
VoteMethod = Literal["open", "roll_call", "secret", "written_poll"]

ASTANA: Final = ZoneInfo("Asia/Almaty")
"""Kazakhstan's time (one zone, UTC+5, since 1 March 2024): every time a protocol prints."""


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
"""Plain ``str`` is language-neutral (a number, a code); :class:`Localized` differs by
language. Names and places always differ: give them as :class:`Localized`."""


def text_in(text: Text, lang: ProtocolLanguage) -> str:
    """``text`` in ``lang``: a plain string as is, a :class:`Localized` by language."""
    return text if isinstance(text, str) else text.pick(lang)


class KeyValue(_Frozen):
    """One "key: value" line, e.g. "Присутствовали: 392 (всего членов — 394)"."""

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
    """A table: one header row and rows of the same width. Long tables break across pages.

    A list of people gives ``sort_by`` (the column of names, written surname first): each
    language's document sorts the rows in its own alphabet, so the Kazakh and the Russian list
    may differ in order; ``numbered`` then writes 1, 2, ... into the first column."""

    type: Literal["table"] = "table"
    caption: Text | None = None
    header: tuple[Text, ...] = Field(min_length=1)
    rows: tuple[tuple[Text, ...], ...] = ()
    sort_by: int | None = Field(default=None, ge=0)
    numbered: bool = False

    @model_validator(mode="after")
    def _rectangular(self) -> Self:
        width = len(self.header)
        if self.sort_by is not None and self.sort_by >= width:
            raise ValueError(f"no column {self.sort_by} to sort by")
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {index} has {len(row)} cells, the header has {width}")
        return self


class VoteResult(_Frozen):
    """One vote: what was put to it, how, the counts, the number required and the outcome."""

    method: VoteMethod = "open"
    motion: Text | None = None
    """The draft put to the vote; printed for a vote that did not adopt it (an adopted text is
    the item's decision)."""
    in_favour: NonNegativeInt
    against: NonNegativeInt
    abstained: NonNegativeInt
    present: NonNegativeInt | None = None
    """Members present at the vote: those of them who did not vote are printed too."""
    required: NonNegativeInt | None = None
    """Votes in favour the decision needed."""
    adopted: bool
    rule: str | None = None
    """The paragraph the majority comes from, e.g. "Reg2024 §10" (printed in words)."""
    provisional: bool = False
    """The majority applied is a provisional value (not yet in a legal text at hand)."""
    annex: int | None = None
    """The annex listing each member's vote (a roll call)."""

    @property
    def total(self) -> int:
        return self.in_favour + self.against + self.abstained

    @property
    def not_voting(self) -> int | None:
        return None if self.present is None else max(self.present - self.total, 0)


class AgendaItem(_Frozen):
    """One item of the agenda: who reported and spoke, its votes and the decision taken."""

    title: Text
    reporters: tuple[Text, ...] = ()
    """ТЫҢДАЛДЫ / СЛУШАЛИ."""
    speakers: tuple[Text, ...] = ()
    """СӨЗ СӨЙЛЕДІ / ВЫСТУПИЛИ."""
    discussion: tuple[Text, ...] = ()
    votes: tuple[VoteResult, ...] = ()
    decision: Text | None = None
    """The full text of the decision adopted (ШЕШІЛДІ / РЕШИЛИ), none if none was."""


class Agenda(_Frozen):
    """The agenda: the numbered list of items, then each item in turn."""

    type: Literal["agenda"] = "agenda"
    items: tuple[AgendaItem, ...] = Field(min_length=1)


Block = Annotated[Heading | Paragraph | KeyValues | Table | Agenda, Field(discriminator="type")]


class Attendance(_Frozen):
    """Who was present, and whether the quorum was reached (the number it needs, its rule)."""

    present: NonNegativeInt
    total: NonNegativeInt
    quorum: bool
    required: NonNegativeInt | None = None
    rule: str | None = None
    """The paragraph the quorum comes from, e.g. "Reg2024 §9" (printed in words)."""
    provisional: bool = False
    """The quorum applied is a provisional value (not yet in a legal text at hand)."""
    absent_annex: int | None = None
    present_annex: int | None = None

    @model_validator(mode="after")
    def _present_of_total(self) -> Self:
        if self.present > self.total:
            raise ValueError("more members present than the body has")
        return self


class Signatory(_Frozen):
    """The chair or the secretary of a sitting: the name, and the post in which they act."""

    name: Localized
    role: Localized


class SignOff(_Frozen):
    """When the chair and the secretary signed the protocol. Without one: a draft."""

    signed_at: dt.datetime

    @model_validator(mode="after")
    def _aware(self) -> Self:
        if self.signed_at.tzinfo is None or self.signed_at.utcoffset() is None:
            raise ValueError("signed_at must carry its time zone")
        return self


class Annex(_Frozen):
    """An annex (қосымша / приложение): lists of names, after the signatures."""

    title: Text
    content: tuple[Block, ...] = ()


class Protocol(_Frozen):
    """A protocol of a sitting or a meeting (or a corrigendum to one), in no language."""

    kind: ProtocolKind
    document: DocumentKind = "protocol"
    body: Text
    """The body that met, e.g. "Қазақстан халқы Ассамблеясы" / "Ассамблея народа Казахстана"."""
    title: Text | None = None
    """What is recorded, in the genitive each language puts around the document's name:
    kk "Ассамблея сессиясы отырысының" (… ХАТТАМАСЫ), ru "заседания сессии Ассамблеи"
    (ПРОТОКОЛ …)."""
    number: str = Field(min_length=1)
    date: dt.date
    """The sitting's day (a corrigendum carries its protocol's number and date)."""
    sequence: int | None = Field(default=None, ge=1)
    """A corrigendum's own number among its protocol's corrigenda."""
    place: Text
    opened_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    chair: Signatory | None = None
    secretary: Signatory | None = None
    attendance: Attendance | None = None
    facts: tuple[KeyValue, ...] = ()
    """Further facts under the heading (convened, invited, ...)."""
    content: tuple[Block, ...] = ()
    annexes: tuple[Annex, ...] = ()
    sign_off: SignOff | None = None

    @model_validator(mode="after")
    def _aware_times(self) -> Self:
        for value in (self.opened_at, self.closed_at):
            if value is not None and value.utcoffset() is None:
                raise ValueError("opening and closing times must carry their time zone")
        if self.sign_off is not None and (self.chair is None or self.secretary is None):
            raise ValueError("the chair and the secretary sign a protocol: name them both")
        if (self.document == "corrigendum") != (self.sequence is not None):
            raise ValueError("a corrigendum, and only one, has a sequence number")
        return self


LABELS: Final[dict[str, dict[ProtocolLanguage, str]]] = {
    "protocol": {"kk": "ХАТТАМА", "ru": "ПРОТОКОЛ"},
    "protocol_of": {"kk": "{title} ХАТТАМАСЫ", "ru": "ПРОТОКОЛ {title}"},
    "corrigendum": {"kk": "№ {sequence} ТҮЗЕТУ", "ru": "ИСПРАВЛЕНИЕ № {sequence}"},
    "number": {"kk": "№ {number}", "ru": "№ {number}"},
    "footer": {"kk": "{date} № {number} хаттама", "ru": "Протокол № {number} от {date}"},
    "footer_corrigendum": {
        "kk": "{date} № {number} хаттамаға түзету",
        "ru": "Исправление к протоколу № {number} от {date}",
    },
    "date": {"kk": "Күні", "ru": "Дата"},
    "place": {"kk": "Өткізілген орны", "ru": "Место проведения"},
    "opened": {"kk": "Басталды", "ru": "Начало"},
    "closed": {"kk": "Аяқталды", "ru": "Окончание"},
    "astana_time": {"kk": "{time} (Астана уақыты)", "ru": "{time} (по времени Астаны)"},
    "chair": {"kk": "Төрағалық етуші", "ru": "Председательствующий"},
    "secretary": {"kk": "Хатшы", "ru": "Секретарь"},
    "present": {"kk": "Қатысқандар", "ru": "Присутствовали"},
    "present_value": {
        "kk": "{present} (мүшелердің жалпы саны — {total})",
        "ru": "{present} (всего членов — {total})",
    },
    "absent": {"kk": "Қатыспағандар", "ru": "Отсутствовали"},
    "in_annex": {"kk": "{number}-қосымшада", "ru": "приложение {number}"},
    "quorum": {"kk": "Кворум", "ru": "Кворум"},
    "quorum_yes": {"kk": "бар", "ru": "имеется"},
    "quorum_no": {"kk": "жоқ", "ru": "отсутствует"},
    "quorum_required": {
        "kk": "кемінде {required} мүше қажет",
        "ru": "необходимо не менее {required}",
    },
    "provisional": {"kk": "уақытша мән", "ru": "временное значение"},
    "agenda": {"kk": "КҮН ТӘРТІБІ", "ru": "ПОВЕСТКА ДНЯ"},
    "reporters": {"kk": "ТЫҢДАЛДЫ", "ru": "СЛУШАЛИ"},
    "speakers": {"kk": "СӨЗ СӨЙЛЕДІ", "ru": "ВЫСТУПИЛИ"},
    "discussion": {"kk": "Талқылау", "ru": "Обсуждение"},
    "decision": {"kk": "ШЕШІЛДІ", "ru": "РЕШИЛИ"},
    "put_to_vote": {"kk": "Дауысқа қойылды", "ru": "Поставлено на голосование"},
    "vote": {"kk": "Дауыс беру ({method})", "ru": "Голосование ({method})"},
    "vote_open": {"kk": "ашық", "ru": "открытое"},
    "vote_roll_call": {"kk": "атаулы", "ru": "поименное"},
    "vote_secret": {"kk": "жасырын", "ru": "тайное"},
    "vote_written_poll": {"kk": "сырттай", "ru": "заочное"},
    "in_favour": {"kk": "Жақтап", "ru": "За"},
    "against": {"kk": "Қарсы", "ru": "Против"},
    "abstained": {"kk": "Қалыс қалды", "ru": "Воздержались"},
    "not_voting": {"kk": "Дауыс бермегендер", "ru": "Не голосовали"},
    "of_present": {"kk": "қатысқандар — {present}", "ru": "присутствовали — {present}"},
    "required": {
        "kk": "Шешім қабылдау үшін кемінде {required} дауыс қажет",
        "ru": "Для принятия решения необходимо голосов «за» — не менее {required}",
    },
    "roll_call_annex": {
        "kk": "Әр мүшенің дауысы — {number}-қосымшада",
        "ru": "Голоса членов поимённо — в приложении {number}",
    },
    "adopted": {"kk": "Шешім қабылданды", "ru": "Решение принято"},
    "rejected": {"kk": "Шешім қабылданбады", "ru": "Решение не принято"},
    "no_vote": {"kk": "Дауыс беру өткізілмеді.", "ru": "Голосование не проводилось."},
    "draft": {"kk": "Жоба", "ru": "Проект"},
    "draft_note": {
        "kk": "Хаттамаға әлі қол қойылмаған.",
        "ru": "Протокол ещё не подписан.",
    },
    "signed_at": {"kk": "Қол қойылған уақыты", "ru": "Подписан"},
    "annex": {"kk": "{number}-қосымша", "ru": "Приложение {number}"},
    "annex_to": {
        "kk": "{date} № {number} хаттамаға",
        "ru": "к протоколу № {number} от {date}",
    },
    "page": {"kk": "{pages} беттің {page}-беті", "ru": "Стр. {page} из {pages}"},
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
_KK_LOCATIVE: Final = ("дағы", "дағы", "дағы", "дегі", "дағы", "дағы", "дегі", "дағы", "тегі",
                       "дағы", "дағы", "дағы")  # fmt: skip
"""The Kazakh attributive locative of each month ("6 желтоқсандағы № 17 хаттама")."""


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


def format_date_attributive(value: dt.date, lang: ProtocolLanguage) -> str:
    """A date qualifying a document: "2026 жылғы 6 желтоқсандағы" / "6 декабря 2026 г."."""
    if lang == "kk":
        return f"{format_date(value, lang)}{_KK_LOCATIVE[value.month - 1]}"
    return format_date(value, lang)


def in_astana(value: dt.datetime) -> dt.datetime:
    return value.astimezone(ASTANA)


def format_time(value: dt.datetime, lang: ProtocolLanguage) -> str:
    """A time of day in Astana time: "10:00 (Астана уақыты)"."""
    return label("astana_time", lang, time=f"{in_astana(value):%H:%M}")


def format_datetime(value: dt.datetime, lang: ProtocolLanguage) -> str:
    """A date and time in Astana time: "2026 жылғы 6 желтоқсан, 17:31 (Астана уақыты)"."""
    local = in_astana(value)
    return f"{format_date(local.date(), lang)}, {format_time(local, lang)}"
