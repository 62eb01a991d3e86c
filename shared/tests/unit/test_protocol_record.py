"""The protocol record of a sitting, without a database: recorded during the sitting, signed
once after it closed by its chair and secretary, corrected only by corrigenda; names written
and sorted as each language does; rules cited in words."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from shared.citations import cite, document_kind
from shared.protocols.errors import (
    AgendaItemNotOnAgenda,
    OfficersNotRecorded,
    ProtocolAlreadySigned,
    ProtocolNotSigned,
    SittingNotClosed,
    SittingNotInProgress,
)
from shared.protocols.names import (
    KAZAKH_ALPHABET,
    RUSSIAN_ALPHABET,
    collation_key,
    family_name,
    given_name,
    namesake_suffixes,
    surname_first,
)
from shared.protocols.record import (
    Digests,
    LongText,
    Name,
    Officer,
    ProtocolRecord,
    SittingState,
    SpeakerRole,
)

OPEN, CLOSED = SittingState.OPEN, SittingState.CLOSED
CHAIR = Officer(name=Name(kk="Төраға", ru="Председатель"), post=Name(kk="Т", ru="П"))
SECRETARY = Officer(name=Name(kk="Хатшы", ru="Секретарь"), post=Name(kk="Х", ru="С"))
DIGESTS = Digests(kk_html="0" * 64, kk_pdf="1" * 64, ru_html="2" * 64, ru_pdf="3" * 64)
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
ITEM = uuid.uuid4()


def record() -> ProtocolRecord:
    return ProtocolRecord(str(uuid.uuid4()))


def test_recorded_during_the_sitting_only() -> None:
    protocol = record()
    with pytest.raises(SittingNotInProgress):
        protocol.record_officers(CHAIR, SECRETARY, None, SittingState.NOT_OPEN)
    protocol.record_officers(CHAIR, SECRETARY, Name(kk="Астана", ru="Астана"), OPEN)
    guest = Name(kk="Қонақ", ru="Гость")
    protocol.record_guest(guest, None, OPEN)
    protocol.record_speaker(ITEM, frozenset({ITEM}), SpeakerRole.REPORTER, None, guest, None, OPEN)
    with pytest.raises(AgendaItemNotOnAgenda):
        protocol.record_speaker(uuid.uuid4(), frozenset({ITEM}), SpeakerRole.SPEAKER, None,
                                guest, None, OPEN)  # fmt: skip
    with pytest.raises(SittingNotInProgress):
        protocol.record_guest(guest, None, CLOSED)
    assert [type(e).__name__ for e in protocol.pending_events] == [
        "ProtocolOfficersRecorded",
        "ProtocolGuestRecorded",
        "ProtocolSpeakerRecorded",
    ]


def test_signed_once_after_the_closing_by_the_chair_and_the_secretary() -> None:
    protocol = record()
    with pytest.raises(SittingNotClosed):
        protocol.sign("2026/1", NOW, DIGESTS, OPEN)
    with pytest.raises(OfficersNotRecorded):
        protocol.sign("2026/1", NOW, DIGESTS, CLOSED)
    protocol.record_officers(CHAIR, SECRETARY, None, OPEN)
    protocol.sign("2026/1", NOW, DIGESTS, CLOSED)
    signed = protocol.pending_events[-1]
    assert (signed.chair, signed.secretary, signed.number) == (CHAIR, SECRETARY, "2026/1")  # type: ignore[attr-defined]
    with pytest.raises(ProtocolAlreadySigned):
        protocol.sign("2026/1", NOW, DIGESTS, CLOSED)
    with pytest.raises(ProtocolAlreadySigned):
        protocol.record_officers(CHAIR, SECRETARY, None, OPEN)


def test_corrections_after_signing_are_numbered_corrigenda() -> None:
    protocol = record()
    text = LongText(kk="Түзетілсін.", ru="Исправить.")
    with pytest.raises(ProtocolNotSigned):
        protocol.sign_corrigendum(text, NOW, DIGESTS)
    protocol.record_officers(CHAIR, SECRETARY, None, OPEN)
    protocol.sign("2026/1", NOW, DIGESTS, CLOSED)
    protocol.sign_corrigendum(text, NOW, DIGESTS)
    protocol.sign_corrigendum(text, NOW, DIGESTS)
    assert [e.sequence for e in protocol.pending_events[-2:]] == [1, 2]  # type: ignore[attr-defined]


# -- names -------------------------------------------------------------------------------------


def test_the_alphabets() -> None:
    assert len(KAZAKH_ALPHABET) == 42 and len(RUSSIAN_ALPHABET) == 33
    assert sorted(KAZAKH_ALPHABET, key=lambda c: collation_key(c, "kk")) == list(KAZAKH_ALPHABET)
    assert sorted(RUSSIAN_ALPHABET, key=lambda c: collation_key(c, "ru")) == list(RUSSIAN_ALPHABET)


def test_kazakh_and_russian_collation() -> None:
    kk = ["Тимур", "Әлия", "Ғалым", "Құралай", "Қайрат", "Айгүл", "Іңкәр", "Ұлан", "Үміт", "Ерлан"]
    assert sorted(kk, key=lambda n: collation_key(n, "kk")) == [
        "Айгүл", "Әлия", "Ғалым", "Ерлан", "Қайрат", "Құралай", "Тимур", "Ұлан", "Үміт", "Іңкәр",
    ]  # fmt: skip
    ru = ["Тимур", "Алия", "Галым", "Куралай", "Кайрат", "Ёлкин", "Елена", "Егор"]
    assert sorted(ru, key=lambda n: collation_key(n, "ru")) == [
        "Алия", "Галым", "Егор", "Елена", "Ёлкин", "Кайрат", "Куралай", "Тимур",
    ]  # fmt: skip
    assert collation_key("ёлка", "ru") > collation_key("елка", "ru")  # ё after е, a tie-break


def test_surname_first_and_parts_of_a_name() -> None:
    assert surname_first("Мұхамеди Серікұлы Әбілқасымов") == "Әбілқасымов Мұхамеди Серікұлы"
    assert surname_first("Анна Шмидт") == "Шмидт Анна"
    assert surname_first("Мадонна") == "Мадонна"
    assert (given_name("Анна Шмидт"), family_name("Анна Шмидт")) == ("Анна", "Шмидт")
    assert family_name("Мадонна") is None


def test_namesakes_are_numbered_only_where_nothing_else_tells_them_apart() -> None:
    keys = [
        ("Анна Шмидт", "abai"),
        ("Анна Шмидт", "karaganda"),
        ("Анна Шмидт", "abai"),
        ("Ол", None),
    ]
    assert namesake_suffixes(keys) == [" — 1", "", " — 2", ""]


# -- rules in words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "kk", "ru"),
    [
        ("Reg2024 §9", "Ереженің 9-тармағы", "пункт 9 Положения"),
        ("Reg2024 §13.2", "Ереженің 13-тармағының 2) тармақшасы",
         "подпункт 2) пункта 13 Положения"),
        ("Reg2024 §5, §13", "Ереженің 5 және 13-тармақтары", "пункты 5 и 13 Положения"),
        ("Reg2002 §8", "2002 жылғы Ереженің 8-тармағы", "пункт 8 Положения 2002 года"),
        ("Law 2008 Art. 10", "«Қазақстан халқы Ассамблеясы туралы» Заңның 10-бабы",
         "статья 10 Закона «Об Ассамблее народа Казахстана»"),
        ("APPC 2020 Art. 76", "ӘРПК-нің 76-бабы", "статья 76 АППК"),
    ],
)  # fmt: skip
def test_rules_are_cited_in_words(rule: str, kk: str, ru: str) -> None:
    assert (cite(rule, "kk"), cite(rule, "ru")) == (kk, ru)


def test_according_to_and_documents() -> None:
    assert cite("Reg2024 §10", "kk", "according") == "Ереженің 10-тармағына сәйкес"
    assert cite("Reg2024 §10", "ru", "according") == "согласно пункту 10 Положения"
    assert cite("Law 2008 Art. 10", "ru", "according").startswith("согласно статье 10 Закона")
    assert [document_kind(r) for r in ("Reg2024 §9", "Law 2008", "APPC 2020 Art. 63")] == [
        "regulation", "law", "appc",
    ]  # fmt: skip
    assert document_kind("IIN check digit") is None and cite("IIN check digit", "kk") == ""
