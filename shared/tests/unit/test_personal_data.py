"""Personal identifiers in free text: IINs and BINs (by their check digit), phone numbers in
Kazakhstan's ways of writing them, e-mail addresses, and a given person's name and contact."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from shared.i18n import LANGUAGES, translate
from shared.identity import is_valid_bin, is_valid_iin
from shared.personal_data import (
    Kind,
    Person,
    PersonalDataInText,
    find_personal_data,
    mask_personal_data,
    refuse_personal_data,
)

_FIRST = range(1, 12)
_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def with_check_digit(eleven: str) -> str | None:
    """The twelve-digit number with its check digit, or None when there is none."""
    digits = [int(c) for c in eleven]
    check = sum(d * w for d, w in zip(digits, _FIRST, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _SECOND, strict=True)) % 11
        if check == 10:
            return None
    return eleven + str(check)


IIN = "540403609681"  # a valid IIN (born 3 April 1954)
BIN = next(n for s in range(100) if (n := with_check_digit(f"1907400{s:04d}")) and is_valid_bin(n))
APPLICANT = Person("Зарема Пробеева Тестқызы", "+7 701 111 22 33, tg @zarema_p")


def kinds(text: str, person: Person | None = None) -> list[Kind]:
    return [f.kind for f in find_personal_data(text, person)]


def test_the_sample_numbers_are_valid() -> None:
    assert is_valid_iin(IIN) and not is_valid_bin(IIN)
    assert is_valid_bin(BIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"ИИН {IIN}", [Kind.IIN]),
        (f"заявитель (ИИН:{IIN}) обратился", [Kind.IIN]),
        (f"ЖСН {IIN[:6]} {IIN[6:]}", [Kind.IIN]),
        (f"ИИН {IIN[:4]}-{IIN[4:8]}-{IIN[8:]}", [Kind.IIN]),
        (f"KZ{IIN}", [Kind.IIN]),
        (f"ТОО, БИН {BIN}", [Kind.BIN]),
        (f"{BIN}", [Kind.BIN]),
        ("позвонили по тел. +7 (701) 111-22-33 вчера", [Kind.PHONE]),
        ("8 701 111 22 33", [Kind.PHONE]),
        ("87011112233", [Kind.PHONE]),
        ("8(701)1112233", [Kind.PHONE]),
        ("(8 701) 111 22 33", [Kind.PHONE]),
        ("тел.87011112233, звонить после 18:00", [Kind.PHONE]),
        ("8-701-111-22-33", [Kind.PHONE]),
        ("+77011112233", [Kind.PHONE]),
        ("8 (7172) 55-66-77", [Kind.PHONE]),
        ("+7 7172 55 66 77", [Kind.PHONE]),
        ("номер 7011112233", [Kind.PHONE]),
        ("WhatsApp: +996 555 123 456", [Kind.PHONE]),
        ("пишите на zarema.p+appeal@mail.kz.", [Kind.EMAIL]),
        ("e-mail: ерлан@пошта.қаз", [Kind.EMAIL]),
        (f"{IIN}, 8 701 111 22 33, a@b.kz", [Kind.IIN, Kind.PHONE, Kind.EMAIL]),
    ],
)
def test_identifiers_are_found(text: str, expected: list[Kind]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        IIN[:11] + str((int(IIN[11]) + 1) % 10),  # a wrong check digit
        f"ИИН {IIN[:11]}",  # eleven digits
        f"1{IIN}",  # thirteen digits
        "Бюджет: 87 000 000 000 тенге, из них 8 700 000 000 освоено",
        "1 250 000,50 тг; 12 500 000.00; 125 000 000 000",
        "12.03.2026 г., 2026-07-08T10:30, с 2024 по 2026 годы, 31/12/2025",
        "решение № 7-701/2026, обращение APK-2026-000123",
        "горячая линия 8 800 080 7777, телефон доверия 1414, 102, 112",
        "за 2025 год 8 701 случай",
        "почта @ не указана, адрес ул. Абая 10",
    ],
)
def test_dates_amounts_and_other_numbers_are_not_identifiers(text: str) -> None:
    assert find_personal_data(text) == []


def test_digits_of_other_scripts_count_as_digits() -> None:
    fullwidth = IIN.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert kinds(f"ИИН {fullwidth}") == [Kind.IIN]
    assert IIN[-2:] not in mask_personal_data(f"ИИН {fullwidth}").replace("81", "", 1)


@pytest.mark.parametrize(
    "text",
    [
        "Ответ направлен заявителю Зарема Пробеева Тестқызы",
        "Сообщено Пробеевой",  # a case ending
        "Зареме сообщили",
        "Тестқызына жауап берілді",
        "Zarema Probeeva",  # the Latin spelling (ICAO 9303)
        "связались в телеграме: @zarema_p",
    ],
)
def test_the_applicants_name_and_contact_are_found(text: str) -> None:
    assert set(kinds(text, APPLICANT)) <= {Kind.NAME, Kind.CONTACT} and kinds(text, APPLICANT)
    assert kinds(text) == []  # without the person, nothing personal


def test_a_contact_by_its_digits() -> None:
    person = Person("Ерлан Сейітұлы", "дом. тел. 55-66-77")
    assert kinds("перезвонить на 556677", person) == [Kind.CONTACT]
    assert kinds("перезвонить на 556677") == []


@pytest.mark.parametrize(
    "text",
    [
        "Вопрос вне компетенции Ассамблеи, направлено в акимат",
        "Мир и согласие",  # Мира: a short word of the name counts only with another one
        "Ким Чен, отдел",  # neither word of Ким Ольга's name is long enough alone
        "связались через telegram",  # a plain word of the contact is not the contact
    ],
)
def test_words_that_only_resemble_the_name_are_not_the_name(text: str) -> None:
    for person in (
        APPLICANT,
        Person("Мира Ахметова"),
        Person("Ким Ольга"),
        Person("Ерлан", "telegram zarema_p"),
    ):
        assert kinds(text, person) == []
    assert kinds("Ольга Ким", Person("Ким Ольга")) == [Kind.NAME, Kind.NAME]


def test_masking_keeps_the_text_and_hides_the_identifiers() -> None:
    text = (
        f"Заявитель Зарема Пробеева, ИИН {IIN}, тел. 8 (701) 111-22-33, zarema@mail.kz; "
        "сумма 1 250 000 тг, 12.03.2026"
    )
    masked = mask_personal_data(text, APPLICANT)
    assert masked == (
        "Заявитель *** ***, ИИН **********81, тел. * (***) ***-**-33, ***; "
        "сумма 1 250 000 тг, 12.03.2026"
    )
    assert mask_personal_data("нет данных") == "нет данных"


def test_a_refusal_names_the_field_and_the_kind_never_the_identifier() -> None:
    refuse_personal_data("reason", "Вне компетенции")
    refuse_personal_data("reason", None)
    with pytest.raises(PersonalDataInText) as refused:
        refuse_personal_data("reason", f"см. ИИН {IIN} и 8 701 111 22 33")
    error = refused.value
    assert error.status == 422 and error.kind is Kind.IIN and error.field == "reason"
    assert IIN not in str(error.params)
    for lang in LANGUAGES:
        message = translate(error.params["reason"], lang, **error.params)
        assert "reason" in message and IIN not in message and "{" not in message
    assert "ИИН" in translate(error.params["reason"], "ru", **error.params)
    with pytest.raises(PersonalDataInText) as named:
        refuse_personal_data("summary", "Ответ Пробеевой", APPLICANT)
    assert named.value.kind is Kind.NAME
    for kind in Kind:
        for lang in LANGUAGES:
            assert translate(f"personal_data_{kind.value}", lang) != f"personal_data_{kind.value}"


# -- properties ---------------------------------------------------------------------------------

elevens = st.text(alphabet="0123456789", min_size=11, max_size=11)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """A valid IIN or BIN."""
    eleven = draw(elevens)
    if draw(st.booleans()):  # a BIN: its fifth digit gives the kind of entity
        eleven = eleven[:4] + draw(st.sampled_from("456")) + eleven[5:]
    number = with_check_digit(eleven)
    assume(number is not None)
    assert number is not None
    return number


def _not_a_digit_at(text: str, index: int) -> bool:
    return not text or not text[index].isdecimal()


@settings(max_examples=400, deadline=None)
@given(number=id_numbers(), before=st.text(max_size=40), after=st.text(max_size=40))
@example(number=IIN, before="ИИН ", after=".")
@example(number=BIN, before="+", after="")
def test_a_valid_iin_or_bin_anywhere_in_a_text_is_found(
    number: str, before: str, after: str
) -> None:
    assume(_not_a_digit_at(before, -1) and _not_a_digit_at(after, 0))
    text = before + number + after
    start = len(before)
    findings = find_personal_data(text)
    assert any(f.start <= start and start + 12 <= f.end for f in findings), findings
    assert number not in mask_personal_data(text)
    with pytest.raises(PersonalDataInText):
        refuse_personal_data("text", text)


@st.composite
def wrong_check_digit(draw: st.DrawFn) -> str:
    eleven = draw(elevens)
    right = with_check_digit(eleven)
    last = draw(st.sampled_from([d for d in "0123456789" if right is None or d != right[-1]]))
    return eleven + last


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
amounts = st.integers(min_value=0, max_value=10**15)


@st.composite
def dates_and_amounts(draw: st.DrawFn) -> str:
    day = draw(days)
    amount = draw(amounts)
    kind = draw(st.integers(min_value=0, max_value=7))
    match kind:
        case 0:
            return day.strftime("%d.%m.%Y")
        case 1:
            return day.isoformat()
        case 2:
            return day.strftime("%d/%m/%Y") + draw(st.sampled_from(["", " 10:30", " в 09:00"]))
        case 3:
            return f"{amount:,}".replace(",", draw(st.sampled_from([" ", "\u00a0", ",", "."])))
        case 4:
            return f"{amount:,}".replace(",", " ") + draw(st.sampled_from([",50", ".25", " тг"]))
        case 5:
            return str(amount % 10**9)  # written without groups: up to nine digits
        case 6:
            return f"{day.year}–{day.year + draw(st.integers(0, 5))} жж."
        case _:
            return draw(wrong_check_digit())


words = st.sampled_from(
    ["сумма", "тенге", "от", "года", "жылы", "решение №", "на", "период", "шешім", "құны", "—"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(dates_and_amounts(), words), min_size=1, max_size=6))
@example([("87 000 000 000", "тенге")])
@example([("125 000 000 000", "тенге"), ("01.01.2000", "сумма"), ("700", "—"), ("100.25", "")])
def test_dates_amounts_and_wrong_check_digits_are_not_flagged(
    parts: list[tuple[str, str]],
) -> None:
    text = " ".join(f"{number} {word}" for number, word in parts)
    assert find_personal_data(text) == [], text


def test_masking_keeps_positions_where_case_folding_would_not() -> None:
    person = Person("Zarema Probeeva")
    text = "İstanbul: Straße, Zarema Probeeva"
    assert mask_personal_data(text, person) == "İstanbul: Straße, *** ***"
