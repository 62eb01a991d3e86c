"""The protocol of a Session's sitting as an official record, on real PostgreSQL: recorded during
the sitting (chair, secretary, place, speakers, guests), fixed at the closing, signed off by the
chair and the secretary, frozen (digests in the log, checked on every read), public once signed,
its number stable, corrected only by a signed corrigendum; and its content, in Kazakh and in
Russian, each in one language (Reg2024 §9–10, §15)."""

from __future__ import annotations

import asyncio
import io
import os
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from pypdf import PdfReader
from sqlalchemy import text

from services.sessions.tests.conftest import auth
from services.sessions.tests.integration.test_polls_api import open_poll, vote
from services.sessions.tests.integration.test_sessions_api import (
    TODAY,
    chairman,
    member,
    problem,
    secretariat,
)
from shared.context import Actor
from shared.messaging.envelope import InboundEvent
from shared.roster import member_renamed, membership_ended

SITTING_DAY = TODAY - timedelta(days=5)
KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
REGIONS = {
    "astana": ("Астана қаласы", "город Астана"),
    "karaganda": ("Қарағанды облысы", "Карагандинская область"),
    "abai": ("Абай облысы", "область Абай"),
}
# (kk, ru, region): twelve members; two Анна Шмидт in Қарағанды, one in Абай.
MEMBERS = [
    ("Әлия Омарова", "Алия Омарова", "astana"),
    ("Ғалым Қасымов", "Галым Касымов", "karaganda"),
    ("Құралай Тоқаева", "Куралай Токаева", "abai"),
    ("Тимур Сейітов", "Тимур Сеитов", "astana"),
    ("Сәуле Әбенова", "Сауле Абенова", "astana"),
    ("Серік Нұрланов", "Серик Нурланов", "karaganda"),
    ("Анна Шмидт", "Анна Шмидт", "karaganda"),
    ("Анна Шмидт", "Анна Шмидт", "karaganda"),
    ("Анна Шмидт", "Анна Шмидт", "abai"),
    ("Олег Соколов", "Олег Соколов", "astana"),
    ("Айгүл Ысқақова", "Айгуль Искакова", "abai"),
    ("Дәулет Сәрсенов", "Даулет Сарсенов", "astana"),
]
PRESENT = 9  # the first nine; two thirds of 12 is 8 (Reg2024 §9)
AGENDA = [
    {"kk": "Ассамблеяның Үндеуі туралы", "ru": "Об Обращении Ассамблеи"},
    {"kk": "Ассамблея Кеңесінің құрамы туралы", "ru": "О составе Совета Ассамблеи"},
]
MOTIONS = [
    {"kk": "Ассамблеяның Үндеуі қабылдансын.", "ru": "Принять Обращение Ассамблеи."},
    {"kk": "Кеңестің құрамы бекітілсін.", "ru": "Утвердить состав Совета."},
]
CHAIR = {
    "name": {"kk": "Қасым-Жомарт Кемелұлы Тоқаев", "ru": "Касым-Жомарт Кемелевич Токаев"},
    "post": {"kk": "Қазақстан халқы Ассамблеясының Төрағасы",
             "ru": "Председатель Ассамблеи народа Казахстана"},
}  # fmt: skip
SECRETARY = {
    "name": {"kk": "Ғалымжан Жақыпұлы Әбдірахманов", "ru": "Галымжан Жакипович Абдрахманов"},
    "post": {"kk": "Ассамблея Хатшылығының бас маманы",
             "ru": "главный специалист Секретариата Ассамблеи"},
}  # fmt: skip
PLACE = {
    "kk": "Астана қаласы, Бейбітшілік және келісім сарайы",
    "ru": "город Астана, Дворец мира и согласия",
}
SPEAKER = {
    "name": {"kk": "Мәди Әлиұлы Бекенов", "ru": "Мади Алиевич Бекенов"},
    "post": {"kk": "Мәдениет және ақпарат министрі", "ru": "министр культуры и информации"},
}
GUEST = {
    "name": {"kk": "Ержан Серікұлы Қожабеков", "ru": "Ержан Серикович Кожабеков"},
    "post": {"kk": "Парламент Мәжілісінің депутаты", "ru": "депутат Мажилиса Парламента"},
}


# What a protocol of such a body holds (its text, as the PDF's text layer gives it).
ELEMENTS = {
    "kk": [
        "Қазақстан халқы Ассамблеясы", "Ассамблея сессиясы отырысының ХАТТАМАСЫ",
        f"№ {SITTING_DAY.year}/1", "Күні:", "Өткізілген орны: Астана қаласы, Бейбітшілік",
        "Басталды:", "Аяқталды:", "(Астана уақыты)",
        "Төрағалық етуші: Қасым-Жомарт Кемелұлы Тоқаев", "Хатшы: Ғалымжан Жақыпұлы Әбдірахманов",
        "Қатысқандар: 9 (мүшелердің жалпы саны — 12), 1-қосымшада",
        "Қатыспағандар: 3, 2-қосымшада", "кемінде 8 мүше қажет (Ереженің 9-тармағы)",
        "Шақырылғандар: 1, 3-қосымшада", "КҮН ТӘРТІБІ:", "ТЫҢДАЛДЫ: Ғалым Қасымов",
        "СӨЗ СӨЙЛЕДІ: Мәди Әлиұлы Бекенов, Мәдениет және ақпарат министрі",
        "Дауыс беру (ашық):", "Жақтап — 5; Қарсы — 2; Қалыс қалды — 1; Дауыс бермегендер — 1",
        "(қатысқандар — 9)", "кемінде 5 дауыс қажет (Ереженің 10-тармағы)",
        "ШЕШІЛДІ: Ассамблеяның Үндеуі қабылдансын.", "Дауыс беру (атаулы):",
        "Дауысқа қойылды: Кеңестің құрамы бекітілсін.", "Шешім қабылданбады.",
        "Әр мүшенің дауысы — 4-қосымшада", "Дауыс беру (жасырын):", "Шешім қабылданды.",
        "Төрағалық етуші", "Қол қойылған уақыты:", "1-қосымша",
        f"№ {SITTING_DAY.year}/1 хаттамаға", "Тегі, аты, әкесінің аты", "Омарова Әлия",
        "Шмидт Анна — 1", "Абай облысы", "2-қосымша", "Ысқақова Айгүл", "3-қосымша",
        "Қожабеков Ержан Серікұлы", "4-қосымша", "Атаулы дауыс беру нәтижелері",
        "дауыс берген жоқ", "қалыс қалды",
    ],
    "ru": [
        "Ассамблея народа Казахстана", "ПРОТОКОЛ заседания сессии Ассамблеи",
        f"№ {SITTING_DAY.year}/1", "Дата:", "Место проведения: город Астана, Дворец мира",
        "Начало:", "Окончание:", "(по времени Астаны)",
        "Председательствующий: Касым-Жомарт Кемелевич Токаев",
        "Секретарь: Галымжан Жакипович Абдрахманов",
        "Присутствовали: 9 (всего членов — 12), приложение 1", "Отсутствовали: 3, приложение 2",
        "необходимо не менее 8 (пункт 9 Положения)", "Приглашённые: 1, приложение 3",
        "ПОВЕСТКА ДНЯ:", "СЛУШАЛИ: Галым Касымов",
        "ВЫСТУПИЛИ: Мади Алиевич Бекенов, министр культуры и информации",
        "Голосование (открытое):", "За — 5; Против — 2; Воздержались — 1; Не голосовали — 1",
        "(присутствовали — 9)", "не менее 5 (пункт 10 Положения)",
        "РЕШИЛИ: Принять Обращение Ассамблеи.", "Голосование (поименное):",
        "Поставлено на голосование: Утвердить состав Совета.", "Решение не принято.",
        "в приложении 4", "Голосование (тайное):", "Решение принято.", "Подписан:",
        "Приложение 1", f"к протоколу № {SITTING_DAY.year}/1", "Фамилия, имя, отчество",
        "Омарова Алия", "Шмидт Анна — 1", "область Абай", "Приложение 2", "Искакова Айгуль",
        "Приложение 3", "Кожабеков Ержан Серикович", "Приложение 4",
        "Результаты поимённого голосования", "не голосовал", "воздержался",
    ],
}  # fmt: skip


async def _roster(app: FastAPI) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in MEMBERS]
    async with app.state.platform.sessions() as db, db.begin():
        for code, (kk, ru) in REGIONS.items():
            await db.execute(
                text("INSERT INTO regions (code, name_kk, name_ru) VALUES (:c, :kk, :ru)"),
                {"c": code, "kk": kk, "ru": ru},
            )
        for member_id, (kk, ru, region) in zip(ids, MEMBERS, strict=True):
            await db.execute(
                text(
                    "INSERT INTO membership_replica (member_id, assembly, person_id, name_kk,"
                    " name_ru, region, joined_on)"
                    " VALUES (:id, 'national', :id, :kk, :ru, :region, :joined)"
                ),
                {"id": member_id, "kk": kk, "ru": ru, "region": region,
                 "joined": date(2020, 1, 1)},
            )  # fmt: skip
    return ids


async def _open(client: httpx.AsyncClient, app: FastAPI) -> tuple[uuid.UUID, list[str]]:
    response = await client.post(
        "/v1/sessions",
        json={
            "opens_on": SITTING_DAY.isoformat(),
            "place": PLACE["kk"],
            "agenda": AGENDA,
            "announced_on": (SITTING_DAY - timedelta(days=35)).isoformat(),
        },
        headers=chairman(app),
    )
    assert response.status_code == 201, response.text
    session_id = uuid.UUID(response.json()["id"])
    opened = await client.post(
        f"/v1/sessions/{session_id}/sitting/opening", headers=secretariat(app)
    )
    assert opened.status_code == 200, opened.text
    agenda = (await client.get(f"/v1/sessions/{session_id}")).json()["agenda"]
    return session_id, [item["item_id"] for item in agenda]


async def _poll(
    client: httpx.AsyncClient,
    app: FastAPI,
    session_id: uuid.UUID,
    item_id: str,
    method: str,
    motion: dict[str, str],
    ballots: list[tuple[uuid.UUID, str]],
) -> None:
    poll_id = await open_poll(
        client, app, session_id, uuid.UUID(item_id), method, motion=motion, decision_kind="other"
    )
    # A secret poll's ballots commit together, at least k of them or everyone present
    # (docs/secret-ballot.md): cast them at once, as members do.
    answers = await asyncio.gather(
        *(vote(client, app, poll_id, member_id, choice) for member_id, choice in ballots)
    )
    assert [answer.status_code for answer in answers] == [201] * len(ballots)
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=secretariat(app))
    assert closed.status_code == 200, closed.text


async def held_sitting(
    client: httpx.AsyncClient, app: FastAPI
) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A sitting of 9 of 12 members with an open vote (adopted, one present not voting), a roll
    call (rejected: 4 of the 5 needed) and a secret vote (adopted); chair, secretary, place,
    a reporter and a speaker, a guest; then closed."""
    members = await _roster(app)
    session_id, items = await _open(client, app)
    url = f"/v1/sessions/{session_id}"
    for member_id in members[:PRESENT]:
        response = await client.post(
            f"{url}/attendance", json={"member_id": str(member_id)}, headers=secretariat(app)
        )
        assert response.status_code == 200, response.text
    base = f"{url}/protocol"
    officers = {"chair": CHAIR, "secretary": SECRETARY, "place": PLACE}
    problem(await client.post(f"{base}/officers", json=officers, headers=member(app, members[0])),
            403)  # fmt: skip
    for path, body in (
        ("officers", officers),
        ("speakers", {"item_id": items[0], "role": "reporter", "member_id": str(members[1]),
                      "post": {"kk": "Ассамблея мүшесі", "ru": "член Ассамблеи"}}),
        ("speakers", {"item_id": items[0], **SPEAKER}),
        ("speakers", {"item_id": items[1], "member_id": str(members[2])}),
        ("guests", GUEST),
    ):  # fmt: skip
        response = await client.post(f"{base}/{path}", json=body, headers=secretariat(app))
        assert response.status_code == 200, response.text
    present = members[:PRESENT]
    open_choices = ["for"] * 5 + ["against"] * 2 + ["abstain"]  # the ninth does not vote
    await _poll(client, app, session_id, items[0], "open", MOTIONS[0],
                list(zip(present, open_choices, strict=False)))  # fmt: skip
    roll = ["for"] * 4 + ["against"] * 3 + ["abstain"]  # 4 of 9: not more than half
    await _poll(client, app, session_id, items[1], "roll_call", MOTIONS[1],
                list(zip(present, roll, strict=False)))  # fmt: skip
    secret = ["for"] * 6 + ["against"] * 2 + ["abstain"]
    await _poll(client, app, session_id, items[1], "secret", MOTIONS[1],
                list(zip(present, secret, strict=True)))  # fmt: skip
    closed = await client.post(f"{url}/sitting/closing", headers=secretariat(app))
    assert closed.status_code == 200, closed.text
    return session_id, members


async def _membership_event(app: FastAPI, handler: Any, event_type: str, data: Any) -> None:
    event = InboundEvent(
        topic="kelisim.membership.v1", partition=0, offset=0, event_id=uuid.uuid4(),
        event_type=event_type, schema_version=1, stream_id=f"member-{data['member_id']}",
        stream_type="member", version=2, global_position=1, recorded_at="2026-01-01T00:00:00Z",
        data=data, metadata={},
    )  # fmt: skip
    runner = app.state.platform.runner
    async with runner.unit_of_work(Actor("membership", frozenset())) as uow:
        await handler(event, uow)
        await uow.commit()


async def rename(app: FastAPI, member_id: uuid.UUID, kk: str, ru: str) -> None:
    """Membership corrected a member's name (as the consumer applies it)."""
    data = {"member_id": str(member_id), "reason": "паспорт", "name": {"kk": kk, "ru": ru}}
    await _membership_event(app, member_renamed, "MemberNameCorrected", data)


async def end_membership(app: FastAPI, member_id: uuid.UUID, day: date) -> None:
    data = {"member_id": str(member_id), "ground": "death", "decision": None,
            "effective_on": day.isoformat()}  # fmt: skip
    await _membership_event(app, membership_ended, "MembershipEnded", data)


async def _documents(
    client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None
) -> dict[tuple[str, str], httpx.Response]:
    out = {}
    for lang in ("kk", "ru"):
        for fmt in ("html", "pdf"):
            response = await client.get(
                url, params={"lang": lang, "format": fmt}, headers=headers or {}
            )
            assert response.status_code == 200, response.text
            out[(lang, fmt)] = response
    return out


def keep_sample(name: str, content: bytes) -> None:
    """With KELISIM_PROTOCOL_SAMPLES set, keep a signed protocol there (docs/protocols)."""
    if folder := os.environ.get("KELISIM_PROTOCOL_SAMPLES"):
        Path(folder, name).write_bytes(content)


def pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


async def test_a_signed_protocol_is_frozen_public_and_keeps_its_number(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id, members = await held_sitting(client, app)
    url = f"/v1/sessions/{session_id}/protocol"
    problem(await client.get(url), 401)  # a draft names who attended: not public
    problem(await client.get(url, headers=auth(app, "cm-1", "council_member")), 403)
    draft = await _documents(client, url, secretariat(app))
    assert draft[("ru", "pdf")].headers["x-signed"] == "false"
    assert "ПРОЕКТ" in pdf_text(draft[("ru", "pdf")].content)

    # Closed: what the sitting saw is fixed; a correction made now changes no draft.
    await rename(app, members[9], "Олег Соколовский", "Олег Соколовский")
    again = await _documents(client, url, secretariat(app))
    assert all(again[k].content == draft[k].content for k in draft)

    refused = problem(await client.post(f"{url}/speakers", headers=secretariat(app), json={
        "item_id": str(uuid.uuid4()), **SPEAKER}), 409)  # fmt: skip
    assert refused["code"] == "protocol_sitting_not_in_progress"
    problem(await client.post(f"{url}/sign-off", headers=member(app, members[0])), 403)
    signed = await client.post(f"{url}/sign-off", headers=secretariat(app))
    assert signed.status_code == 200 and signed.json()["signed"], signed.text
    twice = problem(await client.post(f"{url}/sign-off", headers=secretariat(app)), 409)
    assert twice["code"] == "protocol_already_signed"

    record = (await client.get(f"{url}/record")).json()  # public
    number = record["number"]
    assert number == f"{SITTING_DAY.year}/1"
    assert record["chair"] == CHAIR and record["secretary"] == SECRETARY
    public = await _documents(client, url)
    for (lang, fmt), response in public.items():
        assert response.headers["x-signed"] == "true"
        assert response.headers["content-disposition"].endswith(
            f"-{SITTING_DAY.year}-1-{lang}.{fmt}"
        )
        digest = __import__("hashlib").sha256(response.content).hexdigest()
        assert digest == record["digests"][f"{lang}_{fmt}"]
    text_ru = pdf_text(public[("ru", "pdf")].content)
    assert "ПРОЕКТ" not in text_ru and "Подписан:" in text_ru
    assert "Соколов Олег" in text_ru and "Соколовский" not in text_ru
    for lang in ("kk", "ru"):
        words = pdf_text(public[(lang, "pdf")].content)
        missing = [element for element in ELEMENTS[lang] if element not in words]
        assert not missing, (lang, missing)
        keep_sample(f"session-protocol-{lang}.pdf", public[(lang, "pdf")].content)
    # One language per document: no Kazakh letter in the Russian one, no Russian-only spelling
    # of a name, place or post in the Kazakh one.
    assert not KAZAKH_ONLY & set(text_ru)
    text_kk = pdf_text(public[("kk", "pdf")].content)
    russian_forms = [ru for kk, ru, _ in MEMBERS if ru != kk] + [
        PLACE["ru"], CHAIR["name"]["ru"], SPEAKER["post"]["ru"], GUEST["name"]["ru"],
        *(ru for _, ru in REGIONS.values()),
    ]  # fmt: skip
    assert [form for form in russian_forms if form in text_kk] == []

    # The digest is an event in the audit log.
    async with app.state.platform.sessions() as db:
        logged = await db.scalar(
            text(
                "SELECT data->'digests'->>'ru_pdf' FROM events"
                " WHERE event_type = 'ProtocolSigned' AND stream_id = :s"
            ),
            {"s": f"sitting-protocol-{session_id}"},
        )
    assert logged == record["digests"]["ru_pdf"]

    # Later: a name corrected, memberships ended as of the sitting day and the day before, and
    # another sitting the same day. The signed protocol and its number do not change.
    await rename(app, members[0], "Әлия Омарқызы", "Алия Омаркызы")
    for member_id, day in ((members[1], SITTING_DAY), (members[10], SITTING_DAY - timedelta(1))):
        await end_membership(app, member_id, day)
    other, _ = await _open(client, app)
    later = await _documents(client, url)
    assert all(later[k].content == public[k].content for k in public)
    assert (await client.get(f"{url}/record")).json()["number"] == number
    other_record = await client.get(f"/v1/sessions/{other}/protocol", headers=secretariat(app))
    assert f"№ {SITTING_DAY.year}/2" in other_record.text

    # A correction after signing is a signed corrigendum; the protocol stays as signed.
    correction = {"kk": "Хаттаманың 2-тармағындағы сөз сөйлеушінің лауазымы түзетілсін.",
                  "ru": "Исправить должность выступившего по второму вопросу."}  # fmt: skip
    response = await client.post(
        f"{url}/corrigenda", json={"text": correction}, headers=secretariat(app)
    )
    assert response.status_code == 200, response.text
    corrigendum = await client.get(f"{url}/corrigenda/1", params={"lang": "ru", "format": "pdf"})
    assert corrigendum.status_code == 200 and corrigendum.headers["x-signed"] == "true"
    words = pdf_text(corrigendum.content)
    assert "ИСПРАВЛЕНИЕ № 1" in words and correction["ru"] in words
    assert f"к протоколу № {number}" in words
    problem(await client.get(f"{url}/corrigenda/2"), 404)
    final = await _documents(client, url)
    assert all(final[k].content == public[k].content for k in public)

    # The read models rebuilt from the log are the live ones (numbers, times, records).
    platform = app.state.platform
    before = (await client.get(f"{url}/record")).json()
    async with platform.sessions() as db:
        live = (await db.execute(text("SELECT * FROM sitting_protocols ORDER BY 1"))).all()
    for projection in ("sitting_protocols", "protocol_records"):
        await platform.projector.rebuild(platform.sessions, platform.store, projection)
    async with platform.sessions() as db:
        assert (await db.execute(text("SELECT * FROM sitting_protocols ORDER BY 1"))).all() == live
    assert (await client.get(f"{url}/record")).json() == before

    # Every read checks the bytes against the digest in the log.
    async with app.state.platform.sessions() as db, db.begin():
        await db.execute(
            text(
                "UPDATE protocol_documents SET content = content || '\\x00'::bytea"
                " WHERE subject_id = :s AND document = 'protocol' AND lang = 'kk'"
            ),
            {"s": session_id},
        )
    tampered = await client.get(url, params={"lang": "kk", "format": "pdf"})
    assert problem(tampered, 500)["code"] == "protocol_tampered"


async def test_signing_needs_a_closed_sitting_and_its_chair_and_secretary(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await _roster(app)
    session_id, items = await _open(client, app)
    url = f"/v1/sessions/{session_id}/protocol"
    early = problem(await client.post(f"{url}/sign-off", headers=secretariat(app)), 409)
    assert early["code"] == "protocol_sitting_not_closed"
    unnamed = problem(
        await client.post(f"{url}/speakers", json={"item_id": items[0]}, headers=secretariat(app)),
        422,
    )
    assert unnamed["code"] == "protocol_speaker_not_named"
    elsewhere = {"item_id": str(uuid.uuid4()), **SPEAKER}
    problem(await client.post(f"{url}/speakers", json=elsewhere, headers=secretariat(app)), 404)
    closed = await client.post(f"/v1/sessions/{session_id}/sitting/closing",
                               headers=secretariat(app))  # fmt: skip
    assert closed.status_code == 200
    missing = problem(await client.post(f"{url}/sign-off", headers=secretariat(app)), 409)
    assert missing["code"] == "protocol_officers_not_recorded"
    no_corrigendum = problem(
        await client.post(
            f"{url}/corrigenda", json={"text": {"kk": "а", "ru": "а"}}, headers=secretariat(app)
        ),
        409,
    )
    assert no_corrigendum["code"] == "protocol_not_signed"
    problem(await client.get(f"/v1/sessions/{uuid.uuid4()}/protocol",
                             headers=auth(app, "a", "auditor")), 404)  # fmt: skip
