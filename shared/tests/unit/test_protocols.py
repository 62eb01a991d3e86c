"""Protocol documents: the model, HTML and PDF rendering in Kazakh and Russian."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from shared.protocols import (
    LABELS,
    Agenda,
    AgendaItem,
    Attendance,
    Heading,
    KeyValue,
    KeyValues,
    Localized,
    Paragraph,
    Protocol,
    ProtocolLanguage,
    SignOff,
    Table,
    VoteResult,
    digest,
    format_date,
    render_html,
    render_pdf,
)

KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"
HOSTILE = "<script>alert('x')</script>"
ALMATY = timezone(timedelta(hours=5))

DECISION = Localized(
    kk=(
        "Қазақстан халқы Ассамблеясының 2024–2026 жылдарға арналған жұмыс жоспары бекітілсін. "
        "Ұйымдастыру мәселелері Хатшылыққа жүктелсін. Ғылыми-сараптамалық кеңеске, өңірлік "
        "Ассамблеяларға және Үкіметке ұсыныстар жіберілсін. " + HOSTILE
    ),
    ru=(
        "Утвердить план работы Ассамблеи народа Казахстана на 2024–2026 годы. "
        "Организационные вопросы возложить на Секретариат. " + HOSTILE
    ),
)


def sample(*, signed: bool = True, extra: tuple[Table, ...] = ()) -> Protocol:
    """A sitting of the Session: 392 of 394 present, two agenda items, one open vote."""
    return Protocol(
        kind="session_sitting",
        body=Localized(kk="Қазақстан халқы Ассамблеясы", ru="Ассамблея народа Казахстана"),
        title=Localized(
            kk="Қазақстан халқы Ассамблеясының XXXIII сессиясы",
            ru="XXXIII сессии Ассамблеи народа Казахстана",
        ),
        number="33",
        date=date(2024, 4, 25),
        place=Localized(
            kk="Астана қаласы, Бейбітшілік және келісім сарайы",
            ru="г. Астана, Дворец мира и согласия",
        ),
        chair="Қ.-Ж. К. Тоқаев",
        secretary="Ә. Ө. Құрманғалиев",
        attendance=Attendance(present=392, total=394, quorum=True, rule="Reg2024 §9"),
        facts=(KeyValue(key=Localized(kk="Басталды", ru="Начало"), value="10:00"),),
        content=(
            Paragraph(
                text=Localized(
                    kk="Сессияны Ассамблея Төрағасы ашты.",
                    ru="Сессию открыл Председатель Ассамблеи.",
                )
            ),
            Agenda(
                items=(
                    AgendaItem(
                        title=Localized(
                            kk="Ассамблеяның жұмыс жоспары туралы",
                            ru="О плане работы Ассамблеи",
                        ),
                        speakers=("Ә. Ө. Құрманғалиев", "Ү. Һ. Ғабдуллина"),
                        discussion=(
                            Localized(
                                kk="Жоспардың жобасы талқыланды, ескертулер айтылды.",
                                ru="Проект плана обсуждён, высказаны замечания.",
                            ),
                            Localized(
                                kk=(
                                    "Мемлекеттік тіл туралы баяндамада қазақ әліпбиінің төл "
                                    "әріптері аталды: Ә Ғ Қ Ң Ө Ұ Ү Һ І, ә ғ қ ң ө ұ ү һ і."
                                ),
                                ru=(
                                    "В докладе о государственном языке названы "
                                    "собственные буквы казахского алфавита: "
                                    "Ә Ғ Қ Ң Ө Ұ Ү Һ І, ә ғ қ ң ө ұ ү һ і."
                                ),
                            ),
                        ),
                        decision=DECISION,
                        vote=VoteResult(
                            method="open",
                            in_favour=300,
                            against=50,
                            abstained=42,
                            adopted=True,
                            rule="Reg2024 §12",
                        ),
                    ),
                    AgendaItem(
                        title=Localized(
                            kk="Ассамблея Кеңесінің құрамы туралы",
                            ru="О составе Совета Ассамблеи",
                        ),
                        decision=Localized(
                            kk="Мәселе келесі сессияға ауыстырылсын.",
                            ru="Перенести вопрос на следующую сессию.",
                        ),
                    ),
                )
            ),
            Heading(text=Localized(kk="Қосымша", ru="Приложение")),
            KeyValues(
                items=(
                    KeyValue(
                        key=Localized(kk="Шақырылғандар", ru="Приглашённые"),
                        value="12",
                    ),
                )
            ),
            *extra,
        ),
        sign_off=(
            SignOff(
                signed_by="Ж. Ж. Ғалымжанұлы",
                position=Localized(
                    kk="Ассамблея Хатшылығының меңгерушісі",
                    ru="заведующий Секретариатом Ассамблеи",
                ),
                signed_at=datetime(2024, 4, 26, 10, 30, tzinfo=ALMATY),
            )
            if signed
            else None
        ),
    )


def members_table(rows: int) -> Table:
    return Table(
        caption=Localized(kk="Тіркелген мүшелер", ru="Зарегистрированные члены"),
        header=("№", Localized(kk="Аты-жөні", ru="Ф. И. О."), Localized(kk="Өңір", ru="Регион")),
        rows=tuple(
            (
                str(i),
                f"Мүше Әбілқасымұлы {i}",
                Localized(kk="Қарағанды облысы", ru="Карагандинская область"),
            )
            for i in range(1, rows + 1)
        ),
    )


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def pdfs() -> dict[ProtocolLanguage, bytes]:
    return {"kk": render_pdf(sample(), "kk"), "ru": render_pdf(sample(), "ru")}


# --- model -----------------------------------------------------------------------------------


def test_protocol_is_immutable() -> None:
    protocol = sample()
    with pytest.raises(ValidationError):
        protocol.number = "34"  # type: ignore[misc]


def test_table_rows_must_match_the_header() -> None:
    with pytest.raises(ValidationError, match="row 0 has 1 cells"):
        Table(header=("a", "b"), rows=(("only one",),))


def test_attendance_cannot_exceed_the_body() -> None:
    with pytest.raises(ValidationError):
        Attendance(present=395, total=394, quorum=True)


def test_sign_off_needs_a_time_zone() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        SignOff(signed_by="x", signed_at=datetime(2024, 4, 26, 10, 30))


def test_protocol_round_trips_through_json() -> None:
    protocol = sample()
    assert Protocol.model_validate_json(protocol.model_dump_json()) == protocol


def test_catalogue_has_both_languages() -> None:
    for key, entry in LABELS.items():
        assert set(entry) == {"kk", "ru"}, key
        assert all(entry.values()), key


def test_dates_are_written_in_each_language() -> None:
    assert format_date(date(2024, 4, 25), "kk") == "2024 жылғы 25 сәуір"
    assert format_date(date(2024, 4, 25), "ru") == "25 апреля 2024 г."


# --- HTML ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "kk",
            (
                "ХАТТАМА № 33",
                "Күні",
                "Орны",
                "Қатысқандар",
                "Күн тәртібі",
                "Шешім",
                "Дауыс беру нәтижесі",
                "Қол қойылды",
            ),
        ),
        (
            "ru",
            (
                "ПРОТОКОЛ № 33",
                "Дата",
                "Место",
                "Присутствовали",
                "Повестка дня",
                "Решение",
                "Итоги голосования",
                "Подписано",
            ),
        ),
    ],
)
def test_html_has_language_and_labels(lang: ProtocolLanguage, labels: tuple[str, ...]) -> None:
    html = render_html(sample(), lang)
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html
    for text in labels:
        assert text in html, text
    assert "392" in html and "394" in html and "Reg2024 §9" in html
    assert "300" in html and "50" in html and "42" in html


def test_html_text_is_in_one_language_only() -> None:
    kk, ru = render_html(sample(), "kk"), render_html(sample(), "ru")
    assert "Ассамблеяның жұмыс жоспары туралы" in kk and "О плане работы Ассамблеи" not in kk
    assert "О плане работы Ассамблеи" in ru and "Ассамблеяның жұмыс жоспары туралы" not in ru
    assert "2024 жылғы 25 сәуір" in kk and "25 апреля 2024 г." in ru


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_html_escapes_hostile_input(lang: ProtocolLanguage) -> None:
    html = render_html(sample(), lang)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_html_has_no_external_resources() -> None:
    html = render_html(sample(), "kk")
    assert not re.search(r"""(?:src|href)\s*=|@import|url\(|https?://""", html)
    assert "<style>" in html and "@page" in html
    assert '"Бет " counter(page) " / " counter(pages)' in html
    assert '"Стр. " counter(page) " из " counter(pages)' in render_html(sample(), "ru")


def test_html_marks_a_draft_and_shows_a_sign_off() -> None:
    draft = render_html(sample(signed=False), "kk")
    assert 'class="draft-marker"' in draft and "Жоба" in draft and "Қол қойылды" not in draft
    signed = render_html(sample(), "kk")
    assert 'class="draft-marker"' not in signed
    assert "Қол қойылды" in signed and "Ассамблея Хатшылығының меңгерушісі" in signed
    assert "2024 жылғы 26 сәуір, 10:30 (UTC+05:00)" in signed
    assert "Проект" in render_html(sample(signed=False), "ru")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="one of"):
        render_html(sample(), "en")  # type: ignore[arg-type]


# --- PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_text_has_letters_numbers_and_labels(
    pdfs: dict[ProtocolLanguage, bytes], lang: ProtocolLanguage
) -> None:
    pdf = pdfs[lang]
    assert pdf.startswith(b"%PDF-")
    pages, text = pdf_text(pdf)
    for number in ("392", "394", "300", "50", "42", "Reg2024 §9", "Reg2024 §12"):
        assert number in text, number
    assert HOSTILE in text  # shown literally, as the text it is
    if lang == "kk":
        assert "ХАТТАМА № 33" in text and "Дауыс беру нәтижесі" in text
        assert f"Бет 1 / {pages}" in text
        missing = [letter for letter in KAZAKH_LETTERS if letter not in text]
        assert not missing, missing
    else:
        assert "ПРОТОКОЛ № 33" in text and "Итоги голосования" in text
        assert f"Стр. 1 из {pages}" in text


def test_pdf_metadata(pdfs: dict[ProtocolLanguage, bytes]) -> None:
    reader = PdfReader(io.BytesIO(pdfs["kk"]))
    assert reader.metadata is not None
    assert reader.metadata.title is not None and "ХАТТАМА № 33" in reader.metadata.title
    assert reader.metadata.creation_date == datetime(2024, 4, 26, 5, 30, tzinfo=UTC)
    assert reader.metadata.producer == "Kelisim"


def test_pdf_is_deterministic(pdfs: dict[ProtocolLanguage, bytes]) -> None:
    again = render_pdf(sample(), "kk")
    assert again == pdfs["kk"]
    assert digest(again) == digest(pdfs["kk"])
    assert re.fullmatch(r"[0-9a-f]{64}", digest(again))
    assert pdfs["kk"] != pdfs["ru"]


def test_pdf_is_deterministic_across_processes(pdfs: dict[ProtocolLanguage, bytes]) -> None:
    script = (
        "import sys; from shared.tests.unit.test_protocols import sample; "
        "from shared.protocols import render_pdf, digest; "
        "sys.stdout.write(digest(render_pdf(sample(), 'kk')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout == digest(pdfs["kk"])


def test_pdf_depends_on_the_content() -> None:
    changed = sample().model_copy(update={"number": "34"})
    assert digest(render_pdf(changed, "kk")) != digest(render_pdf(sample(), "kk"))


@pytest.mark.parametrize(
    ("lang", "draft", "signed"), [("kk", "ЖОБА", "Қол қойылды"), ("ru", "ПРОЕКТ", "Подписано")]
)
def test_pdf_draft_and_sign_off(lang: ProtocolLanguage, draft: str, signed: str) -> None:
    _, text = pdf_text(render_pdf(sample(signed=False), lang))
    assert draft in text and signed not in text
    _, text = pdf_text(render_pdf(sample(), lang))
    assert draft not in text and signed in text
    assert "Ж. Ж. Ғалымжанұлы" in text and "10:30 (UTC+05:00)" in text


def test_draft_pdf_has_a_fixed_creation_date() -> None:
    reader = PdfReader(io.BytesIO(render_pdf(sample(signed=False), "ru")))
    assert reader.metadata is not None
    assert reader.metadata.creation_date == datetime(2024, 4, 25, tzinfo=UTC)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_long_table_breaks_across_pages(lang: ProtocolLanguage) -> None:
    pdf = render_pdf(sample(extra=(members_table(300),)), lang)
    pages, text = pdf_text(pdf)
    assert pages >= 5
    for row in ("Мүше Әбілқасымұлы 1\n", "Мүше Әбілқасымұлы 150", "Мүше Әбілқасымұлы 300"):
        assert row.strip() in text
    footer = "Бет {page} / {pages}" if lang == "kk" else "Стр. {page} из {pages}"
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        assert footer.format(page=number, pages=pages) in page.extract_text()
    # The header row is repeated on every page the table continues on.
    heading = "Аты-жөні" if lang == "kk" else "Ф. И. О."
    assert sum(heading in page.extract_text() for page in reader.pages) >= pages - 1


def test_text_that_looks_like_a_page_alias_is_kept() -> None:
    protocol = sample(extra=(Table(header=("{nb}",), rows=(("{nb}",),)),))
    _, text = pdf_text(render_pdf(protocol, "ru"))
    assert "{nb}" in text
