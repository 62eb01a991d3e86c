"""End to end: a day of appeals and incidents in which officials type applicants' and other
people's IINs, BINs, phone numbers, e-mail addresses and names into every free-text field,
through monitoring as a separate process on the real broker (APPC 2020 Art. 63: the IIN is
personal data).

- Where the text is published (a forwarding's body and reason, an extension's reason, the
  officer, an incident's step reasons and mediator, a recommendation, an alert's notes) the
  step is refused with a 422 that names the field and not the identifier; the official
  writes it again without, and it is recorded.
- Where the text is about the person (how the applicant was told, the answer, an incident's
  place and description) it is recorded whole, as private fields.
- Then every message of every Kelisim topic on the broker is read from the beginning, with
  its key and headers: none holds any of the identifiers or names, in any spelling used.
- Official reads: the incident list shows the text masked to every reader; the detail shows
  it whole to the Secretariat and to the region's assembly only; the appeals register shows
  the IIN masked; the public status check shows nothing personal.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.testing.infra import FreshDatabase
from shared.identity import is_valid_bin
from tests.e2e.system import DEADLINE, System, bearer, running_system, valid_iins

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

SECRETARIAT = bearer("secretariat-officer-3", "secretariat")
HEAD = bearer("head-of-secretariat", "deputy_chairman")
CHAIRMAN = bearer("chairman", "chairman")
AUDITOR = bearer("auditor-1", "auditor")
ZHAMBYL = bearer("assembly-zhambyl", "regional_assembly", region="zhambyl")


def _bins(count: int) -> list[str]:
    found = []
    for serial in range(1000):
        for check in range(10):
            candidate = f"0312400{serial:04d}{check}"
            if is_valid_bin(candidate):
                found.append(candidate)
                break
        if len(found) == count:
            return found
    raise AssertionError("no BINs")


# People of the day: applicants, and others named in incidents.
IINS = valid_iins(6, born="861224", start=7001)
BINS = _bins(2)
PHONES = ["+7 701 486 12 24", "8 (747) 486-12-25", "87774861226", "8 (7262) 48-61-27"]
EMAILS = ["zarema.probeeva@mail.kz", "aibope.synak@gmail.com", "kense@synak-kurylys.kz"]
ZAREMA = {
    "name": "Зарема Пробеева",
    "id_number": IINS[0],
    "address": "Тараз, Абай даңғылы, 12",
    "contact": f"{PHONES[0]}, {EMAILS[0]}",
}
AIBOPE = {
    "name": "Айбөпе Сынақова",
    "id_number": IINS[1],
    "address": "Қордай, Жібек жолы к-сі, 3",
    "contact": PHONES[1],
}
COMPANY = {
    "name": "ТОО Сынақ-Құрылыс",
    "id_kind": "bin",
    "id_number": BINS[0],
    "address": "Тараз, Төле би к-сі, 40",
    "contact": EMAILS[2],
}
OTHERS = ["Ермек Тексерұлы", "Гүлнар Байқауова"]  # named in incidents
# What must be found nowhere on the broker (the names also as inflected and in Latin).
NAME_FORMS = [
    *("Зарема", "Зареме", "Пробеева", "Пробеевой", "Айбөпе", "Сынақова", "Сынақовой"),
    *("Ермек", "Тексерұлы", "Гүлнар", "Байқауова", "Zarema", "Probeeva", "Aibope", "Synakova"),
]


def identifiers_in(value: str, names: bool = True) -> list[str]:
    """The day's identifiers in ``value``: numbers by their digits (however grouped), e-mail
    addresses and (unless ``names`` is false) names, case-insensitively."""
    found = []
    digit_runs = [re.sub(r"[^0-9]", "", run) for run in re.findall(r"[0-9][0-9 ()\-]*", value)]
    for number in [*IINS, *BINS, *(re.sub(r"[^0-9]", "", p)[-10:] for p in PHONES)]:
        if any(number in run for run in digit_runs):
            found.append(number)
    folded = value.casefold()
    found += [e for e in EMAILS if e in folded]
    if names:
        found += [n for n in NAME_FORMS if n.casefold() in folded]
    return found


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    env = {
        "KELISIM_MONITORING_EVALUATE_ON_CHANGE": "false",
        "KELISIM_MONITORING_RUN_EVALUATOR": "false",
    }
    async with running_system(
        ("monitoring",), fresh_database, kafka_bootstrap, tmp_path, env
    ) as system:
        yield system


class Day:
    """The day's requests, each checked: refused ones must not echo what was typed."""

    def __init__(self, client: httpx.AsyncClient, url: str) -> None:
        self.client = client
        self.url = url
        self.refusals: list[str] = []

    async def ok(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
        response = await self.client.post(f"{self.url}{path}", json=body, headers=headers)
        assert response.status_code in (200, 201), response.text
        return response.json()

    async def refused(
        self, path: str, body: dict[str, Any], headers: dict[str, str], field: str
    ) -> None:
        response = await self.client.post(
            f"{self.url}{path}", json=body, headers={**headers, "Accept-Language": "ru"}
        )
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["reason_code"].startswith("personal_data_"), problem
        assert f"«{field}»" in problem["detail"], problem["detail"]
        assert identifiers_in(response.text) == [], response.text
        self.refusals.append(f"{path} {field}")

    async def get(self, path: str, headers: dict[str, str], **params: str) -> Any:
        response = await self.client.get(f"{self.url}{path}", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return response.json() if "json" in response.headers["content-type"] else response.text


async def _appeals(day: Day) -> list[str]:
    """Three appeals through their steps; returns their numbers and secrets' checks."""
    ids = []
    for applicant in (ZAREMA, AIBOPE, COMPANY):
        receipt = await day.ok(
            "/v1/appeals",
            {
                "applicant": applicant,
                "text": f"Өтініш. ЖСН {applicant['id_number']}, байланыс: {applicant['contact']}",
                "language": "kk",
                "region": "zhambyl",
                "topic": "interethnic_relations",
                "channel": "post",
                "received_at": "2026-03-20T19:00:00+05:00",
            },
            SECRETARIAT,
        )
        ids.append(receipt["appeal_id"])
    zarema, aibope, company = (f"/v1/appeals/{i}" for i in ids)

    # Assignment: the officer is named, no identifiers.
    await day.refused(
        f"{zarema}/assignment",
        {"officer": f"Иванова Д. (тел. {PHONES[3]})", "assigned_on": "2026-03-26"},
        SECRETARIAT,
        "officer",
    )
    await day.ok(
        f"{zarema}/assignment", {"officer": "Иванова Д.", "assigned_on": "2026-03-26"}, SECRETARIAT
    )

    # Forwarding: neither the competent body nor the reason may name the applicant.
    forwarding = {"body": "Жамбыл облысының әкімдігі", "forwarded_on": "2026-03-31"}
    for reason in (
        "Жалоба Зареме Пробеевой: земельный спор, вне компетенции",
        f"Земельный спор заявителя (ИИН {IINS[0]}), вне компетенции",
        f"Заявитель просит звонить на {PHONES[0]}",
        f"Ответ просили на {EMAILS[0]}",
        f"Касается ТОО с БИН {BINS[1]}",
    ):
        await day.refused(
            f"{zarema}/forwarding", {**forwarding, "reason": reason}, SECRETARIAT, "reason"
        )
    await day.refused(
        f"{zarema}/forwarding",
        {**forwarding, "body": "Әкімдік (Пробеева ісі бойынша)", "reason": "Жер дауы"},
        SECRETARIAT,
        "body",
    )
    await day.ok(
        f"{zarema}/forwarding",
        {**forwarding, "reason": "Жер дауы Ассамблея құзыретіне жатпайды"},
        SECRETARIAT,
    )
    # How she was told is private: it may name her and her phone.
    await day.ok(
        f"{zarema}/notification",
        {
            "subject": "forwarding",
            "notified_on": "2026-03-31",
            "means": f"SMS Зарема Пробееваға {PHONES[0]}, көшірмесі {EMAILS[0]}",
        },
        SECRETARIAT,
    )

    # Extension by the head, then the answer (private: it answers the private text).
    await day.refused(
        f"{aibope}/extension",
        {
            "decided_on": "2026-04-14",
            "new_due": "2026-06-16",
            "reason": "Сынақованың өтініші бойынша жергілікті тексеру қажет",
        },
        HEAD,
        "reason",
    )
    await day.ok(
        f"{aibope}/extension",
        {"decided_on": "2026-04-14", "new_due": "2026-06-16", "reason": "Жергілікті тексеру қажет"},
        HEAD,
    )
    await day.ok(
        f"{aibope}/notification",
        {
            "subject": "extension",
            "notified_on": "2026-04-15",
            "means": f"Айбөпе Сынақовамен телефон арқылы сөйлестік: {PHONES[1]} (ЖСН {IINS[1]})",
        },
        SECRETARIAT,
    )
    await day.ok(
        f"{aibope}/answer",
        {
            "answered_on": "2026-06-15",
            "summary": f"Айбөпе Сынақоваға (ЖСН {IINS[1]}) жауап жіберілді, тел. {PHONES[1]}",
        },
        SECRETARIAT,
    )
    # An entity: its name is no personal data, its BIN and contact are refused in public text.
    await day.refused(
        f"{company}/forwarding",
        {**forwarding, "reason": f"Сынақ-Құрылыс (БИН {BINS[0]}): вне компетенции"},
        SECRETARIAT,
        "reason",
    )
    await day.refused(
        f"{company}/forwarding",
        {**forwarding, "reason": f"Ответ на {EMAILS[2]}"},
        SECRETARIAT,
        "reason",
    )
    await day.ok(
        f"{company}/answer",
        {
            "answered_on": "2026-04-10",
            "summary": f"ТОО Сынақ-Құрылыс (БИН {BINS[0]}), {EMAILS[2]}: разъяснено",
        },
        SECRETARIAT,
    )
    return ids


async def _incidents(day: Day) -> list[str]:
    ids = []
    for occurred, (iin, person, phone) in zip(
        ("2026-06-12", "2026-06-24"),
        ((IINS[2], OTHERS[0], PHONES[2]), (IINS[3], OTHERS[1], PHONES[3])),
        strict=True,
    ):
        state = await day.ok(
            "/v1/incidents",
            {
                "region": "zhambyl",
                "place": f"Қордай, {person} үйінің жанында, тел. {phone}",
                "occurred_on": occurred,
                "reported_on": occurred,
                "category": "domestic_conflict",
                "ethnic_groups": ["kazakh", "dungan"],
                "severity": "high",
                "description": (
                    f"Жанжал: {person} (ЖСН {iin}) және Зарема Пробеева (ЖСН {IINS[0]}), "
                    f"{EMAILS[1]}, ТОО БСН {BINS[1]}"
                ),
            },
            ZHAMBYL,
        )
        ids.append(state["id"])
    first = f"/v1/incidents/{ids[0]}"
    await day.refused(
        f"{first}/verification",
        {"reason": f"Расталды, зардап шеккен ЖСН {IINS[2]}", "on": "2026-06-13"},
        SECRETARIAT,
        "reason",
    )
    await day.ok(f"{first}/verification", {"reason": "Расталды", "on": "2026-06-13"}, SECRETARIAT)
    await day.refused(
        f"{first}/mediation",
        {"reason": "Медиация", "mediator": f"ақсақал, тел. {PHONES[2]}", "on": "2026-06-14"},
        ZHAMBYL,
        "mediator",
    )
    await day.refused(
        f"{first}/mediation",
        {"reason": f"Тараптар: {EMAILS[1]}", "mediator": "Медиаторлар кеңесі", "on": "2026-06-14"},
        ZHAMBYL,
        "reason",
    )
    await day.ok(
        f"{first}/mediation",
        {"reason": "Медиация басталды", "mediator": "Медиаторлар кеңесі", "on": "2026-06-14"},
        ZHAMBYL,
    )
    await day.refused(
        f"{first}/recommendations",
        {
            "addressee": "Қордай ауданының әкімдігі",
            "text": f"Отбасына (ЖСН {IINS[2]}) көмек көрсету",
            "issued_on": "2026-06-15",
        },
        SECRETARIAT,
        "text",
    )
    await day.refused(
        f"{first}/recommendations",
        {"addressee": f"Әкімдік, {PHONES[3]}", "text": "Кездесу өткізу", "issued_on": "2026-06-15"},
        SECRETARIAT,
        "addressee",
    )
    await day.ok(
        f"{first}/recommendations",
        {
            "addressee": "Қордай ауданының әкімдігі",
            "text": "Ақсақалдар кездесуін өткізу",
            "issued_on": "2026-06-15",
        },
        SECRETARIAT,
    )
    await day.refused(
        f"{first}/resolution",
        {"reason": f"Татуласты, {PHONES[2]} арқылы расталды", "on": "2026-06-20"},
        ZHAMBYL,
        "reason",
    )
    await day.ok(
        f"{first}/resolution", {"reason": "Тараптар татуласты", "on": "2026-06-20"}, ZHAMBYL
    )
    second = f"/v1/incidents/{ids[1]}"
    await day.refused(
        f"{second}/dismissal",
        {"reason": f"Расталмады, БСН {BINS[1]}", "on": "2026-06-25"},
        SECRETARIAT,
        "reason",
    )
    return ids


async def _alerts(day: Day) -> None:
    evaluation = await day.ok(
        "/v1/early-warning/evaluations",
        {"as_of": "2026-06-30", "regions": ["zhambyl"]},
        SECRETARIAT,
    )
    alert_id = evaluation["active_alerts"][0]["alert_id"]
    path = f"/v1/alerts/{alert_id}"
    await day.refused(
        f"{path}/acknowledgement",
        {"text": f"Ақсақалмен сөйлестік: {PHONES[2]}"},
        SECRETARIAT,
        "text",
    )
    await day.ok(f"{path}/acknowledgement", {"text": "Жұмыс тобы шықты"}, SECRETARIAT)
    await day.refused(f"{path}/closure", {"text": f"Шешілді, ЖСН {IINS[3]}"}, SECRETARIAT, "text")
    await day.ok(f"{path}/closure", {"text": "Шиеленіс басылды"}, SECRETARIAT)


async def _reads(day: Day, appeal_ids: list[str], incident_ids: list[str]) -> None:
    """What officials read: masked where they may not see the text."""
    whole_description = {}
    for name, headers in {
        "secretariat": SECRETARIAT,
        "zhambyl": ZHAMBYL,
        "chairman": CHAIRMAN,
        "head": HEAD,
        "auditor": AUDITOR,
    }.items():
        # Masked text keeps the names of the people involved: they cannot be told from other
        # words without a list of them (the text is private on the broker).
        listed = await day.get("/v1/incidents", headers, region="zhambyl")
        assert {i["incident_id"] for i in listed} >= set(incident_ids)
        assert identifiers_in(_json(listed), names=False) == []
        assert "**********" + IINS[2][-2:] in _json(listed)
        csv = await day.get("/v1/incidents", headers, region="zhambyl", format="csv")
        assert identifiers_in(csv, names=False) == []
        detail = await day.get(f"/v1/incidents/{incident_ids[0]}", headers)
        whole_description[name] = IINS[2] in detail["description"]
        if not whole_description[name]:
            assert identifiers_in(_json(detail), names=False) == []
        assert identifiers_in(_json(await day.get("/v1/alerts", headers))) == []
    assert whole_description == {
        "secretariat": True,
        "zhambyl": True,
        "chairman": False,
        "head": False,
        "auditor": False,
    }
    for headers in (SECRETARIAT, CHAIRMAN, AUDITOR):
        register = await day.get("/v1/appeals", headers)
        assert not {*IINS, *BINS} & set(re.findall(r"[0-9]{12}", json.dumps(register)))
        for appeal_id in appeal_ids:
            detail = await day.get(f"/v1/appeals/{appeal_id}", headers)
            assert not {*IINS, *BINS} & set(re.findall(r"[0-9]{12}", json.dumps(detail)))
            # The steps' published text is clean; how the applicant was told is not shown.
            for step in detail["steps"][1:]:
                assert identifiers_in(str(step["detail"] or "")) == [], step


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _walk(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif value is not None:
        yield str(value)


async def _all_messages(bootstrap: str, event_ids: set[str]) -> list[tuple[str, bytes, str]]:
    """Every message of every Kelisim topic from the beginning (key and headers with it),
    once the relay has published every event of the monitoring service."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=f"e2e-personal-data-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    messages: list[tuple[str, bytes, str]] = []
    try:
        started = time.monotonic()
        published: set[str] = set()
        while not event_ids <= published:
            assert time.monotonic() - started < DEADLINE, "the relay did not publish in time"
            partitions = [
                TopicPartition(topic, p)
                for topic in sorted(await consumer.topics())
                if topic.startswith("kelisim.")
                for p in sorted(consumer.partitions_for_topic(topic) or ())
            ]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            messages = []
            positions = {tp: 0 for tp in partitions}
            while True:
                assert time.monotonic() - started < DEADLINE, "reading the topics took too long"
                batch = await consumer.getmany(timeout_ms=500)
                for tp, records in batch.items():
                    for record in records:
                        headers = {k: v.decode(errors="replace") for k, v in record.headers}
                        key = (record.key or b"").decode(errors="replace")
                        meta = json.dumps({"key": key, **headers}, ensure_ascii=False)
                        messages.append((tp.topic, record.value or b"", meta))
                        if tp.topic == "kelisim.monitoring.v1":
                            published.add(headers["event-id"])
                        positions[tp] = record.offset + 1
                if not batch and all(positions[tp] >= ends[tp] for tp in partitions):
                    break  # every partition read to its end, and nothing more came
    finally:
        await consumer.stop()
    return messages


async def test_no_identifier_typed_into_free_text_reaches_the_broker(
    system: System, kafka_bootstrap: str
) -> None:
    url = system.urls["monitoring"]
    async with httpx.AsyncClient(timeout=30) as client:
        day = Day(client, url)
        appeal_ids = await _appeals(day)
        incident_ids = await _incidents(day)
        await _alerts(day)
        await _reads(day, appeal_ids, incident_ids)
    assert len(day.refusals) == 19, day.refusals

    engine = create_async_engine(system.databases["monitoring"])
    try:
        async with engine.connect() as db:
            rows = (await db.execute(text("SELECT event_id, data::text FROM events"))).all()
    finally:
        await engine.dispose()
    # The service's own store keeps what it must (the private fields), so there is something
    # to leak: the scan below is not vacuous.
    stored = " ".join(row.data for row in rows)
    assert set(identifiers_in(stored)) >= {*IINS[:4], *BINS, EMAILS[0], "Пробеева"}

    ours = {str(row.event_id) for row in rows}
    messages = await _all_messages(kafka_bootstrap, ours)
    monitoring = [m for m in messages if m[0] == "kelisim.monitoring.v1"]
    assert len(monitoring) >= len(rows)
    # What this system published: the monitoring service's messages of this test (the test
    # broker also carries other tests' services, whose members' names are theirs to publish).
    published = [
        (topic, value, meta)
        for topic, value, meta in messages
        if topic.startswith("kelisim.monitoring.")
        and (topic != "kelisim.monitoring.v1" or json.loads(meta).get("event-id") in ours)
    ]
    assert len(published) >= len(rows)
    leaks = []
    for topic, value, meta in published:
        texts = [meta, value.decode(errors="replace")]
        with contextlib.suppress(ValueError):  # not JSON: scanned as it is
            texts += list(_walk(json.loads(value)))
        for text_ in texts:
            if found := identifiers_in(text_):
                leaks.append((topic, found, text_[:200]))
    assert leaks == []
    for service in ("monitoring",):
        assert identifiers_in(system.log(service)) == []
