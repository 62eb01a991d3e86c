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
    Annex,
    Attendance,
    KeyValue,
    Localized,
    Paragraph,
    Protocol,
    ProtocolLanguage,
    Signatory,
    SignOff,
    Table,
    VoteResult,
    digest,
    file_name,
    format_date,
    format_date_attributive,
    format_datetime,
    format_time,
    render_html,
    render_pdf,
)
from shared.protocols.model import label

KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"
HOSTILE = "<script>alert('x')</script>"
ALMATY = timezone(timedelta(hours=5))
SIGNED_AT = datetime(2024, 4, 26, 10, 30, tzinfo=ALMATY)

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


CHAIR = Signatory(
    name=Localized(kk="Қасым-Жомарт Кемелұлы Тоқаев", ru="Касым-Жомарт Кемелевич Токаев"),
    role=Localized(kk="Ассамблея Төрағасы", ru="Председатель Ассамблеи"),
)
SECRETARY = Signatory(
    name=Localized(kk="Жандос Жақыпұлы Ғалымжанұлы", ru="Жандос Жакипович Галымжанулы"),
    role=Localized(
        kk="Ассамблея Хатшылығының меңгерушісі", ru="заведующий Секретариатом Ассамблеи"
    ),
)


def sample(*, signed: bool = True, extra: tuple[Table, ...] = ()) -> Protocol:
    """A sitting of the Session: 392 of 394 present, two agenda items, two votes."""
    return Protocol(
        kind="session_sitting",
        body=Localized(kk="Қазақстан халқы Ассамблеясы", ru="Ассамблея народа Казахстана"),
        title=Localized(kk="Ассамблея сессиясы отырысының", ru="заседания сессии Ассамблеи"),
        number="33",
        date=date(2024, 4, 25),
        place=Localized(
            kk="Астана қаласы, Бейбітшілік және келісім сарайы",
            ru="г. Астана, Дворец мира и согласия",
        ),
        opened_at=datetime(2024, 4, 25, 5, 0, tzinfo=UTC),
        closed_at=datetime(2024, 4, 25, 8, 15, tzinfo=UTC),
        chair=CHAIR,
        secretary=SECRETARY,
        attendance=Attendance(
            present=392,
            total=394,
            quorum=True,
            required=263,
            rule="Reg2024 §9",
            present_annex=1,
            absent_annex=2,
        ),
        facts=(KeyValue(key=Localized(kk="Сессия түрі", ru="Вид сессии"), value="XXXIII"),),
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
                        reporters=(Localized(kk="Әлия Құрманғалиева", ru="Алия Курмангалиева"),),
                        speakers=(Localized(kk="Үміт Һ. Ғабдуллина", ru="Умит Х. Габдуллина"),),
                        discussion=(
                            Localized(
                                kk=(
                                    "Мемлекеттік тіл туралы баяндамада қазақ әліпбиінің төл "
                                    "әріптері аталды: Ә Ғ Қ Ң Ө Ұ Ү Һ І, ә ғ қ ң ө ұ ү һ і."
                                ),
                                ru="Проект плана обсуждён, высказаны замечания.",
                            ),
                        ),
                        votes=(
                            VoteResult(
                                method="open",
                                in_favour=300,
                                against=50,
                                abstained=40,
                                present=392,
                                required=197,
                                adopted=True,
                                rule="Reg2024 §10",
                            ),
                        ),
                        decision=DECISION,
                    ),
                    AgendaItem(
                        title=Localized(
                            kk="Ассамблея Кеңесінің құрамы туралы",
                            ru="О составе Совета Ассамблеи",
                        ),
                        votes=(
                            VoteResult(
                                method="roll_call",
                                motion=Localized(
                                    kk="Кеңестің құрамы бекітілсін.",
                                    ru="Утвердить состав Совета.",
                                ),
                                in_favour=150,
                                against=200,
                                abstained=30,
                                present=392,
                                required=197,
                                adopted=False,
                                rule="Reg2024 §10",
                                annex=3,
                            ),
                        ),
                    ),
                )
            ),
            *extra,
        ),
        annexes=(
            Annex(
                title=Localized(kk="Қатысқан мүшелер", ru="Присутствовавшие члены"),
                content=(
                    Table(
                        header=("№", Localized(kk="Аты-жөні", ru="Ф. И. О.")),
                        rows=tuple(("", name) for name in NAMES),
                        sort_by=1,
                        numbered=True,
                    ),
                ),
            ),
            Annex(title=Localized(kk="Қатыспаған мүшелер", ru="Отсутствовавшие члены")),
            Annex(title=Localized(kk="Атаулы дауыс беру", ru="Поимённое голосование")),
        ),
        sign_off=SignOff(signed_at=datetime(2024, 4, 26, 10, 30, tzinfo=ALMATY))
        if signed
        else None,
    )


NAMES = (
    Localized(kk="Әбенова Сәуле", ru="Абенова Сауле"),
    Localized(kk="Тоқаев Тимур", ru="Токаев Тимур"),
    Localized(kk="Ысқақов Ерлан", ru="Искаков Ерлан"),
    Localized(kk="Ибраев Нұрлан", ru="Ибраев Нурлан"),
    Localized(kk="Құрманов Ғалым", ru="Курманов Галым"),
    Localized(kk="Іргебаев Асқар", ru="Иргебаев Аскар"),
    Localized(kk="Ғабдуллин Марат", ru="Габдуллин Марат"),
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


def test_sign_off_needs_a_time_zone_and_both_signatories() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        SignOff(signed_at=datetime(2024, 4, 26, 10, 30))
    with pytest.raises(ValidationError, match="chair and the secretary"):
        Protocol.model_validate(sample().model_dump() | {"secretary": None})


def test_protocol_round_trips_through_json() -> None:
    protocol = sample()
    assert Protocol.model_validate_json(protocol.model_dump_json()) == protocol


def test_catalogue_has_both_languages() -> None:
    for key, entry in LABELS.items():
        assert set(entry) == {"kk", "ru"}, key
        assert all(entry.values()), key


def test_dates_and_times_are_written_in_each_language() -> None:
    assert format_date(date(2024, 4, 25), "kk") == "2024 жылғы 25 сәуір"
    assert format_date(date(2024, 4, 25), "ru") == "25 апреля 2024 г."
    assert format_date_attributive(date(2026, 12, 6), "kk") == "2026 жылғы 6 желтоқсандағы"
    assert format_date_attributive(date(2026, 9, 1), "kk") == "2026 жылғы 1 қыркүйектегі"
    # Astana time, whatever zone the instant comes in: 00:31 UTC is 05:31 in Astana.
    instant = datetime(2026, 12, 6, 0, 31, tzinfo=UTC)
    assert format_time(instant, "kk") == "05:31 (Астана уақыты)"
    assert format_datetime(instant, "ru") == "6 декабря 2026 г., 05:31 (по времени Астаны)"


# --- HTML ------------------------------------------------------------------------------------

ELEMENTS: dict[ProtocolLanguage, tuple[str, ...]] = {
    "kk": (
        "Қазақстан халқы Ассамблеясы",
        "Ассамблея сессиясы отырысының ХАТТАМАСЫ",
        "№ 33",
        "2024 жылғы 25 сәуір",
        "Астана қаласы, Бейбітшілік және келісім сарайы",
        "Басталды",
        "10:00 (Астана уақыты)",
        "13:15 (Астана уақыты)",
        "Төрағалық етуші",
        "Хатшы",
        "392 (мүшелердің жалпы саны — 394), 1-қосымшада",
        "Қатыспағандар",
        "кемінде 263 мүше қажет (Ереженің 9-тармағы)",
        "КҮН ТӘРТІБІ",
        "ТЫҢДАЛДЫ",
        "СӨЗ СӨЙЛЕДІ",
        "Дауыс беру (ашық)",
        "Дауыс бермегендер — 2 (қатысқандар — 392)",
        "кемінде 197 дауыс қажет (Ереженің 10-тармағы)",
        "ШЕШІЛДІ",
        "Дауысқа қойылды",
        "Шешім қабылданбады",
        "Әр мүшенің дауысы — 3-қосымшада",
        "1-қосымша",
        "2024 жылғы 25 сәуірдегі № 33 хаттамаға",
    ),
    "ru": (
        "Ассамблея народа Казахстана",
        "ПРОТОКОЛ заседания сессии Ассамблеи",
        "№ 33",
        "25 апреля 2024 г.",
        "г. Астана, Дворец мира и согласия",
        "Начало",
        "10:00 (по времени Астаны)",
        "Председательствующий",
        "Секретарь",
        "392 (всего членов — 394), приложение 1",
        "Отсутствовали",
        "необходимо не менее 263 (пункт 9 Положения)",
        "ПОВЕСТКА ДНЯ",
        "СЛУШАЛИ",
        "ВЫСТУПИЛИ",
        "Голосование (открытое)",
        "Не голосовали — 2 (присутствовали — 392)",
        "не менее 197 (пункт 10 Положения)",
        "РЕШИЛИ",
        "Поставлено на голосование",
        "Решение не принято",
        "в приложении 3",
        "Приложение 1",
        "к протоколу № 33 от 25 апреля 2024 г.",
    ),
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_html_has_every_element_in_its_language(lang: ProtocolLanguage) -> None:
    html = render_html(sample(), lang)
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html
    for text in ELEMENTS[lang]:
        assert text in html, text
    assert "Reg2024" not in html and "§" not in html  # rules in words


def test_html_text_is_in_one_language_only() -> None:
    kk, ru = render_html(sample(), "kk"), render_html(sample(), "ru")
    assert "Ассамблеяның жұмыс жоспары туралы" in kk and "О плане работы Ассамблеи" not in kk
    assert "О плане работы Ассамблеи" in ru and "Ассамблеяның жұмыс жоспары туралы" not in ru
    assert "Тоқаев" in kk and "Токаев" not in kk
    assert "Токаев" in ru and "Тоқаев" not in ru
    assert "Бейбітшілік" not in ru and "Дворец мира" not in kk


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_html_escapes_hostile_input(lang: ProtocolLanguage) -> None:
    html = render_html(sample(), lang)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_html_has_no_external_resources() -> None:
    html = render_html(sample(), "kk")
    assert not re.search(r"""(?:src|href)\s*=|@import|url\(|https?://""", html)
    assert "<style>" in html and "@page" in html
    assert 'counter(pages) " беттің " counter(page) "-беті"' in html
    assert '"Стр. " counter(page) " из " counter(pages)' in render_html(sample(), "ru")


def test_html_marks_a_draft_and_shows_the_signatures() -> None:
    draft = render_html(sample(signed=False), "kk")
    assert 'class="draft-marker"' in draft and "Жоба" in draft
    assert "Қол қойылған уақыты" not in draft
    assert "Қасым-Жомарт Кемелұлы Тоқаев" in draft  # the signature lines, still blank
    signed = render_html(sample(), "kk")
    assert 'class="draft-marker"' not in signed
    assert "Қол қойылған уақыты" in signed and "Ассамблея Хатшылығының меңгерушісі" in signed
    assert "2024 жылғы 26 сәуір, 10:30 (Астана уақыты)" in signed
    assert "Проект" in render_html(sample(signed=False), "ru")


def test_a_list_of_names_is_sorted_and_numbered_in_each_alphabet() -> None:
    def column(lang: ProtocolLanguage) -> list[tuple[str, str]]:
        html = render_html(sample(), lang)
        annex = html[html.index('id="annex-1"') : html.index('id="annex-2"')]
        return re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td></tr>", annex)

    assert column("kk") == [
        ("1", "Әбенова Сәуле"),
        ("2", "Ғабдуллин Марат"),
        ("3", "Ибраев Нұрлан"),
        ("4", "Құрманов Ғалым"),
        ("5", "Тоқаев Тимур"),
        ("6", "Ысқақов Ерлан"),
        ("7", "Іргебаев Асқар"),
    ]
    assert [name for _, name in column("ru")] == [
        "Абенова Сауле",
        "Габдуллин Марат",
        "Ибраев Нурлан",
        "Иргебаев Аскар",
        "Искаков Ерлан",
        "Курманов Галым",
        "Токаев Тимур",
    ]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="one of"):
        render_html(sample(), "en")  # type: ignore[arg-type]


def test_a_corrigendum_is_its_own_document() -> None:
    corrigendum = Protocol(
        kind="session_sitting",
        document="corrigendum",
        body=sample().body,
        number="2026/2",
        date=date(2026, 12, 6),
        sequence=1,
        place="—",
        chair=CHAIR,
        secretary=SECRETARY,
        content=(Paragraph(text=Localized(kk="Түзетілсін.", ru="Исправить.")),),
        sign_off=SignOff(signed_at=datetime(2026, 12, 8, 6, 0, tzinfo=UTC)),
    )
    ru = render_html(corrigendum, "ru")
    assert "ИСПРАВЛЕНИЕ № 1" in ru and "к протоколу № 2026/2 от 6 декабря 2026 г." in ru
    kk = render_html(corrigendum, "kk")
    assert "№ 1 ТҮЗЕТУ" in kk and "2026 жылғы 6 желтоқсандағы № 2026/2 хаттамаға" in kk
    with pytest.raises(ValidationError, match="sequence"):
        corrigendum.model_validate(corrigendum.model_dump() | {"sequence": None})


def test_file_names() -> None:
    assert file_name("2026/2", "kk", "pdf") == "хаттама-2026-2-kk.pdf"
    assert file_name("17", "ru", "html", sequence=2) == "исправление-17-2-ru.html"
    assert file_name("2026/2", "ru", "pdf", ascii=True) == "protocol-2026-2-ru.pdf"


# --- PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_text_has_every_element(
    pdfs: dict[ProtocolLanguage, bytes], lang: ProtocolLanguage
) -> None:
    pdf = pdfs[lang]
    assert pdf.startswith(b"%PDF-")
    pages, text = pdf_text(pdf)
    flat = " ".join(text.split())
    for element in ELEMENTS[lang]:
        assert element in flat, element
    assert HOSTILE in text  # shown literally, as the text it is
    if lang == "kk":
        assert f"{pages} беттің 1-беті" in text
        missing = [letter for letter in KAZAKH_LETTERS if letter not in text]
        assert not missing, missing
    else:
        assert f"Стр. 1 из {pages}" in text
        assert not set(KAZAKH_LETTERS) & set(text)  # a Russian document: no Kazakh letters


def test_pdf_metadata(pdfs: dict[ProtocolLanguage, bytes]) -> None:
    reader = PdfReader(io.BytesIO(pdfs["kk"]))
    assert reader.metadata is not None
    title = reader.metadata.title
    assert title == "Қазақстан халқы Ассамблеясы. Ассамблея сессиясы отырысының ХАТТАМАСЫ № 33"
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
    ("lang", "draft", "signed"),
    [("kk", "ЖОБА", "Қол қойылған уақыты"), ("ru", "ПРОЕКТ", "Подписан")],
)
def test_pdf_draft_and_sign_off(lang: ProtocolLanguage, draft: str, signed: str) -> None:
    _, text = pdf_text(render_pdf(sample(signed=False), lang))
    assert draft in text and signed not in text
    _, text = pdf_text(render_pdf(sample(), lang))
    assert draft not in text and signed in text
    name = SECRETARY.name.pick(lang)
    assert name.split()[0] in text and "10:30" in text


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
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        footer = label("page", lang, page=number, pages=pages)
        assert footer in page.extract_text()
    # The header row is repeated on every page the table continues on.
    heading = "Аты-жөні" if lang == "kk" else "Ф. И. О."
    assert sum(heading in page.extract_text() for page in reader.pages) >= pages - 3


def test_text_that_looks_like_a_page_alias_is_kept() -> None:
    protocol = sample(extra=(Table(header=("{nb}",), rows=(("{nb}",),)),))
    _, text = pdf_text(render_pdf(protocol, "ru"))
    assert "{nb}" in text
