"""What a signed Council protocol says, in Kazakh and in Russian (Reg2024 §12–15): a meeting with
three decisions (a proposal for the next Session, adopted; proposals to the Secretariat's work
plan, rejected; a public award with its statute, adopted), its chair, secretary, reporters,
speakers, guest and absent members. Each document is in one language only."""

from __future__ import annotations

import io
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pypdf import PdfReader
from sqlalchemy import text

from services.council.tests.integration.test_meetings_api import (
    TODAY,
    chairman,
    problem,
    secretariat,
)
from services.sessions.tests.integration.test_protocols_api import keep_sample

pytestmark = pytest.mark.integration

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
COUNCIL = [  # (kk, ru): nine members, seven present
    ("Ерлан Қайратұлы Сейітов", "Ерлан Кайратович Сеитов"),
    ("Әлия Серікқызы Омарова", "Алия Сериковна Омарова"),
    ("Дмитрий Петрович Смирнов", "Дмитрий Петрович Смирнов"),
    ("Гүлнара Асқарқызы Тоқаева", "Гульнара Аскаровна Токаева"),
    ("Рустам Ильдарович Хасанов", "Рустам Ильдарович Хасанов"),
    ("Сәуле Бекқызы Әбенова", "Сауле Бековна Абенова"),
    ("Виктор Иванович Ким", "Виктор Иванович Ким"),
    ("Ғалым Нұрланұлы Қасымов", "Галым Нурланович Касымов"),
    ("Айгүл Маратқызы Ысқақова", "Айгуль Маратовна Искакова"),
]
PRESENT = 7
AGENDA = [
    {"kk": "Кезекті сессияны шақыру туралы", "ru": "О созыве очередной сессии"},
    {"kk": "Хатшылықтың жұмыс жоспары туралы", "ru": "О плане работы Секретариата"},
    {"kk": "«Бірлік» медалі туралы", "ru": "О медали «Бірлік»"},
]
OFFICERS = {
    "chair": {"name": {"kk": "Қасым-Жомарт Кемелұлы Тоқаев", "ru": "Касым-Жомарт Кемелевич Токаев"},
              "post": {"kk": "Қазақстан халқы Ассамблеясының Төрағасы",
                       "ru": "Председатель Ассамблеи народа Казахстана"}},
    "secretary": {"name": {"kk": "Жандос Әлібекұлы Нұрғалиев", "ru": "Жандос Алибекович Нургалиев"},
                  "post": {"kk": "Хатшылықтың бас маманы",
                           "ru": "главный специалист Секретариата"}},
    "place": {"kk": "Астана қаласы, Ақорда", "ru": "город Астана, Акорда"},
}  # fmt: skip
STATUTE = {
    "kk": "«Бірлік» медалі қоғамдық келісім мен жалпыұлттық бірлікті нығайтуға қосқан үлесі "
    "үшін Ассамблея мүшелеріне және азаматтарға беріледі.",
    "ru": "Медаль «Бірлік» вручается членам Ассамблеи и гражданам за вклад в укрепление "
    "общественного согласия и общенационального единства.",
}
DECISIONS: list[tuple[dict[str, str], dict[str, Any], int, int]] = [
    (
        {"kk": "Кезекті сессияны шақыру Президентке ұсынылсын.",
         "ru": "Предложить Президенту созвать очередную сессию."},
        {"kind": "next_session", "proposed_opens_on": "2027-04-22",
         "agenda": [{"kk": "Қоғамдық келісім туралы", "ru": "Об общественном согласии"}]},
        6, 1,
    ),
    (
        {"kk": "Хатшылықтың жұмыс жоспарына ұсыныстар мақұлдансын.",
         "ru": "Одобрить предложения в план работы Секретариата."},
        {"kind": "work_plan", "items": [{"kk": "Өңірлік форумдар", "ru": "Региональные форумы"}]},
        4, 3,
    ),
    (
        {"kk": "«Бірлік» медалі тағайындалсын және оның ережесі бекітілсін.",
         "ru": "Учредить медаль «Бірлік» и утвердить положение о ней."},
        {"kind": "public_award", "award": {"kk": "«Бірлік» медалі", "ru": "медаль «Бірлік»"},
         "statute": STATUTE},
        7, 0,
    ),
]  # fmt: skip
ELEMENTS = {
    "kk": [
        "Қазақстан халқы Ассамблеясының Кеңесі", "Кеңес отырысының ХАТТАМАСЫ", "№ 17",
        "Өткізілген орны: Астана қаласы, Ақорда", "Басталды:", "Аяқталды:",
        "Төрағалық етуші: Қасым-Жомарт Кемелұлы Тоқаев",
        "Хатшы: Жандос Әлібекұлы Нұрғалиев",
        "Қатысқандар: 7 (мүшелердің жалпы саны — 9), 1-қосымшада",
        "Қатыспағандар: 2, 2-қосымшада", "кемінде 6 мүше қажет (Ереженің 14-тармағы)",
        "Шақыру негізі: Ереженің 12-тармағы", "Шақырылғандар: 1, 3-қосымшада",
        "ТЫҢДАЛДЫ: Ерлан Қайратұлы Сейітов", "СӨЗ СӨЙЛЕДІ: Әлия Серікқызы Омарова",
        "Жақтап — 6; Қарсы — 1; Қалыс қалды — 0; Дауыс бермегендер — 0",
        "кемінде 5 дауыс қажет (Ереженің 15-тармағы)",
        "ШЕШІЛДІ: Кезекті сессияны шақыру және оның күн тәртібі туралы ұсыныстар.",
        "Сессияны шақыру ұсынылатын күн: 2027 жылғы 22 сәуір.",
        "Дауысқа қойылды: Хатшылықтың жұмыс жоспарына ұсыныстар.", "Шешім қабылданбады.",
        "«Бірлік» медалі туралы ереже:", STATUTE["kk"], "Қол қойылған уақыты:",
        "Тегі, аты, әкесінің аты", "Қасымов Ғалым Нұрланұлы", "Лауазымы",
    ],
    "ru": [
        "Совет Ассамблеи народа Казахстана", "ПРОТОКОЛ заседания Совета", "№ 17",
        "Место проведения: город Астана, Акорда", "Начало:", "Окончание:",
        "Председательствующий: Касым-Жомарт Кемелевич Токаев",
        "Секретарь: Жандос Алибекович Нургалиев",
        "Присутствовали: 7 (всего членов — 9), приложение 1", "Отсутствовали: 2, приложение 2",
        "необходимо не менее 6 (пункт 14 Положения)", "Основание созыва: пункт 12 Положения",
        "Приглашённые: 1, приложение 3", "СЛУШАЛИ: Ерлан Кайратович Сеитов",
        "ВЫСТУПИЛИ: Алия Сериковна Омарова",
        "За — 6; Против — 1; Воздержались — 0; Не голосовали — 0",
        "не менее 5 (пункт 15 Положения)",
        "РЕШИЛИ: Предложения о созыве очередной сессии и её повестке дня.",
        "Предлагаемая дата созыва сессии: 22 апреля 2027 г.",
        "Поставлено на голосование: Предложения в план работы Секретариата.",
        "Решение не принято.", "Положение о награде (медаль «Бірлік»):", STATUTE["ru"],
        "Подписан:", "Фамилия, имя, отчество", "Касымов Галым Нурланович", "Должность",
    ],
}  # fmt: skip


async def _council(app: FastAPI) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in COUNCIL]
    async with app.state.platform.sessions() as db, db.begin():
        for member_id, (kk, ru) in zip(ids, COUNCIL, strict=True):
            names = {"id": member_id, "kk": kk, "ru": ru, "on": date(2020, 1, 1)}
            await db.execute(
                text("INSERT INTO membership_replica (member_id, assembly, person_id, name_kk,"
                     " name_ru, joined_on) VALUES (:id, 'national', :id, :kk, :ru, :on)"), names,
            )  # fmt: skip
            await db.execute(
                text(
                    "INSERT INTO post_terms (term_id, body_key, post, member_id, name_kk, name_ru,"
                    " start_on) VALUES (:t, 'council', 'council_member', :id, :kk, :ru, :on)"
                ),
                {**names, "t": uuid.uuid4()},
            )
    return ids


def pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


async def test_a_signed_council_protocol_in_kazakh_and_russian(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await _council(app)
    body = {"number": "17", "held_on": TODAY.isoformat(), "place": "Астана, Ақорда",
            "agenda": AGENDA}  # fmt: skip
    created = await client.post("/v1/council/meetings", json=body, headers=chairman(app))
    meeting = f"/v1/council/meetings/{created.json()['id']}"
    items = [i["item_id"] for i in (await client.get(meeting)).json()["agenda"]]
    assert (await client.post(f"{meeting}/opening", headers=secretariat(app))).is_success
    for member_id in members[:PRESENT]:
        await client.post(
            f"{meeting}/attendance", json={"member_id": str(member_id)}, headers=secretariat(app)
        )
    url = f"{meeting}/protocol"
    for path, payload in (
        ("officers", OFFICERS),
        ("speakers", {"item_id": items[0], "role": "reporter", "member_id": str(members[0])}),
        ("speakers", {"item_id": items[0], "member_id": str(members[1])}),
        ("guests", {"name": {"kk": "Мәди Әлиұлы Бекенов", "ru": "Мади Алиевич Бекенов"},
                    "post": {"kk": "Мәдениет министрі", "ru": "министр культуры"}}),
    ):  # fmt: skip
        response = await client.post(f"{url}/{path}", json=payload, headers=secretariat(app))
        assert response.status_code == 200, response.text
    for item, (motion, content, votes_for, against) in zip(items, DECISIONS, strict=True):
        response = await client.post(
            f"{meeting}/items/{item}/vote",
            json={"text": motion, "content": content,
                  "counts": {"votes_for": votes_for, "against": against, "abstain": 0}},
            headers=secretariat(app),
        )  # fmt: skip
        assert response.status_code == 201, response.text
    assert (await client.post(f"{meeting}/closing", headers=secretariat(app))).is_success
    assert (await client.post(f"{url}/sign-off", headers=secretariat(app))).is_success

    documents = {}
    for lang in ("kk", "ru"):
        response = await client.get(url, params={"lang": lang, "format": "pdf"})  # public
        assert response.status_code == 200 and response.headers["x-signed"] == "true"
        documents[lang] = response.content
        words = pdf_text(response.content)
        missing = [element for element in ELEMENTS[lang] if element not in words]
        assert not missing, (lang, missing)
        keep_sample(f"council-protocol-{lang}.pdf", response.content)
    text_ru, text_kk = pdf_text(documents["ru"]), pdf_text(documents["kk"])
    assert not KAZAKH_ONLY & set(text_ru.replace("Бірлік", ""))  # the medal's name is Kazakh
    russian_only = [ru for kk, ru in COUNCIL if ru != kk] + ["город Астана", "Председатель"]
    assert [name for name in russian_only if name in text_kk] == []
    # The rejected draft is never printed as a decision.
    start = text_ru.rindex("2. О плане работы Секретариата")  # the item, after the agenda
    rejected = text_ru[start : text_ru.index("3. О медали", start)]
    assert "РЕШИЛИ" not in rejected and "Решение не принято" in rejected
    problem(await client.post(f"{url}/sign-off", headers=secretariat(app)), 409)
