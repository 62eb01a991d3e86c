"""End to end: monitoring (and membership) as separate processes, real PostgreSQL, real broker.

- A regional assembly's chair appointed in membership reaches monitoring over
  ``kelisim.membership.v1``.
- A survey file with one bad row imports nothing and names the row and the reason; the fixed
  file imports; with a regional assembly's incidents the region's values raise alerts
  (Strategy2002 §6), which the Secretariat acknowledges and closes with reasons.
- The regional assembly's periodic report (Law 2008 Art. 14), its values and an incident in one
  command, reaches the region's dashboard with who reported it.
- Appeals (APPC 2020 Art. 64, 76): one received on Friday 20 March 2026 at 19:00 is registered
  on Thursday 26 March, after Nauryz and its shifted days off; one is forwarded to the
  competent body, another extended and answered; the overdue list is checked on explicit days
  (``as_of``) at every step.
- What monitoring publishes on ``kelisim.monitoring.v1`` carries no IIN, applicant or text.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer

from ops.testing.infra import FreshDatabase
from shared.identity import is_valid_iin
from tests.e2e.system import DEADLINE, System, bearer, eventually, running_system

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

SERVICES = ("membership", "monitoring")


def _iin() -> str:
    for check in range(10):
        candidate = f"85120540033{check}"
        if is_valid_iin(candidate):
            return candidate
    raise AssertionError("no IIN")


IIN = _iin()


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    # Evaluations run on the explicit days this test asks for, not as of the real today.
    env = {
        "KELISIM_MONITORING_EVALUATE_ON_CHANGE": "false",
        "KELISIM_MONITORING_RUN_EVALUATOR": "false",
    }
    async with running_system(SERVICES, fresh_database, kafka_bootstrap, tmp_path, env) as system:
        yield system


SECRETARIAT = bearer("secretariat-officer-7", "secretariat")
HEAD = bearer("head-of-secretariat", "deputy_chairman")
ZHAMBYL = bearer("assembly-zhambyl", "regional_assembly", region="zhambyl")


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


SURVEY = (
    "indicator,region,period,value\n"
    "trust_index,zhambyl,2026-Q1,68\n"
    "trust_index,zhambyl,2026-Q2,47.5\n"
    "trust_index,shymkent,2026-Q2,7O\n"
    "trust_index,abai,2026-Q2,66\n"
)


async def test_monitoring_end_to_end(system: System, kafka_bootstrap: str) -> None:
    membership, monitoring = system.urls["membership"], system.urls["monitoring"]
    async with httpx.AsyncClient(timeout=20) as client:
        for url in (membership, monitoring):
            ok(await client.get(f"{url}/ready"))

        # -- reference data over Kafka: the regional assembly's chair ---------------------------
        ok(
            await client.post(
                f"{membership}/v1/posts",
                json={
                    "post": "regional_assembly_chair",
                    "region": "zhambyl",
                    "name": {"kk": "Ербол Қарашөкеев", "ru": "Ербол Карашукеев"},
                    "start_on": "2026-01-10",
                    "document": {"number": "Ө-12", "date": "2026-01-10"},
                },
                headers=bearer("president", "chairman"),
            ),
            201,
        )

        async def chair_known() -> bool:
            regions = ok(
                await client.get(f"{monitoring}/v1/regions", params={"as_of": "2026-02-01"})
            )
            return any(r["code"] == "zhambyl" and r["chair_ru"] for r in regions)

        await eventually(chair_known, "the regional assembly's chair in monitoring")

        # -- indicators: all rows or none ---------------------------------------------------
        ok(
            await client.post(
                f"{monitoring}/v1/indicators",
                json={
                    "code": "trust_index",
                    "name": {"kk": "Сенім индексі", "ru": "Индекс доверия", "en": "Trust index"},
                    "unit": "%",
                    "good_direction": "higher",
                    "thresholds": {"watch": "60", "pre_conflict": "50", "conflict": "40"},
                },
                headers=SECRETARIAT,
            ),
            201,
        )

        async def upload(content: str) -> httpx.Response:
            return await client.post(
                f"{monitoring}/v1/indicator-values/imports",
                content=content.encode(),
                headers={**SECRETARIAT, "Content-Type": "text/csv", "Accept-Language": "en"},
            )

        refused = await upload(SURVEY)
        problem = refused.json()
        assert refused.status_code == 422, refused.text
        assert [(e["line"], e["reason"]) for e in problem["errors"]] == [(4, "row_invalid_value")]
        assert problem["errors"][0]["message"] == "Line 4: the value '7O' is not a number."
        series = ok(
            await client.get(f"{monitoring}/v1/indicators/trust_index/series", headers=SECRETARIAT)
        )
        assert series["points"] == []
        ok(await upload(SURVEY.replace("7O", "70")), 201)

        for occurred in ("2026-06-12", "2026-06-24"):
            ok(
                await client.post(
                    f"{monitoring}/v1/incidents",
                    json={
                        "region": "zhambyl",
                        "place": "Қордай ауданы",
                        "occurred_on": occurred,
                        "reported_on": occurred,
                        "category": "domestic_conflict",
                        "ethnic_groups": ["kazakh", "dungan"],
                        "severity": "high",
                        "description": "Тұрмыстық жанжал ұлтаралық сипат алды.",
                    },
                    headers=ZHAMBYL,
                ),
                201,
            )

        evaluation = ok(
            await client.post(
                f"{monitoring}/v1/early-warning/evaluations",
                json={"as_of": "2026-06-30", "regions": ["zhambyl"]},
                headers=SECRETARIAT,
            )
        )
        alerts = {a["rule_id"]: a for a in evaluation["active_alerts"]}
        assert alerts["indicator_thresholds"]["level"] == "pre_conflict"
        assert alerts["incident_rate_30d"]["level"] == "watch"
        alert_id = alerts["indicator_thresholds"]["alert_id"]
        ack = ok(
            await client.post(
                f"{monitoring}/v1/alerts/{alert_id}/acknowledgement",
                json={"text": "Рабочая группа Секретариата выехала в Кордайский район"},
                headers=SECRETARIAT,
            )
        )
        assert ack["status"] == "acknowledged"
        closed = ok(
            await client.post(
                f"{monitoring}/v1/alerts/{alert_id}/closure",
                json={"text": "Проведены встречи с аксакалами, напряжённость снята"},
                headers=SECRETARIAT,
            )
        )
        assert closed["status"] == "closed"
        summary = ok(
            await client.get(
                f"{monitoring}/v1/dashboard/regions/zhambyl",
                params={"as_of": "2026-06-30"},
                headers=ZHAMBYL,
            )
        )
        assert [a["rule_id"] for a in summary["alerts"]] == ["incident_rate_30d"]
        assert summary["region_info"]["chair_ru"] == "Ербол Карашукеев"

        # -- the regional assembly's periodic report (Law 2008 Art. 14) ----------------------
        report = ok(
            await client.post(
                f"{monitoring}/v1/regional-reports",
                json={
                    "region": "zhambyl",
                    "period": "2026-Q3",
                    "values": [{"indicator": "trust_index", "value": "58"}],
                    "incidents": [
                        {
                            "place": "Тараз",
                            "occurred_on": "2026-08-03",
                            "category": "language_dispute",
                            "severity": "low",
                            "description": "Тіл туралы дау, тараптар татуласты.",
                        }
                    ],
                },
                headers={**ZHAMBYL, "Idempotency-Key": str(uuid.uuid4())},
            ),
            201,
        )
        summary = ok(
            await client.get(f"{monitoring}/v1/dashboard/regions/zhambyl", headers=ZHAMBYL)
        )
        latest = summary["latest_report"]
        assert (latest["report_id"], latest["reported_by"]) == (
            report["report_id"],
            "assembly-zhambyl",
        )
        (trust,) = summary["indicators"]
        assert (trust["period"], trust["previous_period"], trust["level"]) == (
            "2026-Q3",
            "2026-Q2",
            "watch",
        )

        # -- appeals under the statutory time limits -----------------------------------------
        async def register() -> dict[str, Any]:
            body: dict[str, Any] = ok(
                await client.post(
                    f"{monitoring}/v1/appeals",
                    json={
                        "applicant": {
                            "name": "Ерлан Сейітұлы",
                            "id_number": IIN,
                            "address": "Қордай ауылы, Жібек жолы к-сі, 3",
                            "contact": "+7 701 111 22 33",
                        },
                        "text": "Ауылдағы ұлтаралық шиеленіс туралы.",
                        "language": "kk",
                        "region": "zhambyl",
                        "topic": "interethnic_relations",
                        "channel": "post",
                        "received_at": "2026-03-20T19:00:00+05:00",
                    },
                    headers=SECRETARIAT,
                ),
                201,
            )
            return body

        async def overdue(as_of: str) -> list[tuple[str, str]]:
            listed = ok(
                await client.get(
                    f"{monitoring}/v1/appeals/overdue",
                    params={"as_of": as_of},
                    headers=SECRETARIAT,
                )
            )
            return sorted((i["number"], i["kind"]) for i in listed["items"])

        forwarded, extended = await register(), await register()
        for receipt in (forwarded, extended):
            assert receipt["registered_on"] == "2026-03-26"
            assert receipt["answer_due"] == "2026-04-16"
        f_id, e_id = forwarded["appeal_id"], extended["appeal_id"]
        f_no, e_no = forwarded["number"], extended["number"]
        assert await overdue("2026-04-16") == []
        assert await overdue("2026-04-17") == sorted([(f_no, "answer"), (e_no, "answer")])

        # The first is forwarded on the third working day; the applicant told on the fourth.
        ok(
            await client.post(
                f"{monitoring}/v1/appeals/{f_id}/forwarding",
                json={
                    "body": "Жамбыл облысының әкімдігі",
                    "reason": "Жер мәселесі Ассамблея құзыретіне жатпайды",
                    "forwarded_on": "2026-03-31",
                },
                headers=SECRETARIAT,
            )
        )
        assert await overdue("2026-03-31") == []
        assert await overdue("2026-04-01") == [(f_no, "notification_forwarding")]
        ok(
            await client.post(
                f"{monitoring}/v1/appeals/{f_id}/notification",
                json={"subject": "forwarding", "means": "SMS", "notified_on": "2026-04-01"},
                headers=SECRETARIAT,
            )
        )
        assert await overdue("2026-04-01") == []

        # The second is extended by the head to the two-month limit, then answered.
        beyond = await client.post(
            f"{monitoring}/v1/appeals/{e_id}/extension",
            json={"decided_on": "2026-04-14", "reason": "Нужна проверка на месте",
                  "new_due": "2026-06-17"},
            headers=HEAD,
        )  # fmt: skip
        assert beyond.status_code == 422 and beyond.json()["rule"] == "APPC 2020 Art. 76"
        ok(
            await client.post(
                f"{monitoring}/v1/appeals/{e_id}/extension",
                json={"decided_on": "2026-04-14", "reason": "Нужна проверка на месте",
                      "new_due": "2026-06-16"},
                headers=HEAD,
            )
        )  # fmt: skip
        assert await overdue("2026-04-17") == []
        assert await overdue("2026-04-20") == [(e_no, "notification_extension")]
        ok(
            await client.post(
                f"{monitoring}/v1/appeals/{e_id}/notification",
                json={"subject": "extension", "means": "e-mail", "notified_on": "2026-04-15"},
                headers=SECRETARIAT,
            )
        )
        assert await overdue("2026-06-16") == []
        assert await overdue("2026-06-17") == [(e_no, "answer")]
        ok(
            await client.post(
                f"{monitoring}/v1/appeals/{e_id}/answer",
                json={"summary": "Тексеру жүргізілді, шаралар қабылданды",
                      "answered_on": "2026-06-15"},
                headers=SECRETARIAT,
            )
        )  # fmt: skip
        assert await overdue("2026-06-17") == []
        stats = ok(
            await client.get(
                f"{monitoring}/v1/appeals/statistics",
                params={"as_of": "2026-06-17"},
                headers=SECRETARIAT,
            )
        )
        assert stats["by_compliance"] == {"answered_on_time": 1, "forwarded_on_time": 1}

    # -- what monitoring published ----------------------------------------------------------
    wanted = {"AppealRegistered", "AppealAnswered", "AlertRaised", "AlertClosed"}
    seen: dict[str, list[bytes]] = {}
    consumer = AIOKafkaConsumer(
        "kelisim.monitoring.v1",
        bootstrap_servers=kafka_bootstrap,
        group_id=f"e2e-monitoring-reader-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        started = time.monotonic()
        while not wanted <= set(seen) and time.monotonic() - started < DEADLINE:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    event_type = dict(record.headers)["event-type"].decode()
                    seen.setdefault(event_type, []).append(record.value or b"")
    finally:
        await consumer.stop()
    assert wanted <= set(seen), f"published: {sorted(seen)}"
    everything = b"".join(value for values in seen.values() for value in values).decode()
    assert IIN not in everything
    assert "Ерлан" not in everything and "applicant" not in everything
    assert "secret_hash" not in everything
    log = system.log("monitoring")
    assert IIN not in log
