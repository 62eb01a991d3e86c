"""Appeals over the API on real PostgreSQL: the receipt and the secret, the statutory time
limits on the real calendar, the overdue list at every step, the IIN masked everywhere
(APPC 2020 Art. 63, 64, 76)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.monitoring.tests.conftest import head, regional, secretariat, token, valid_iin

IIN = valid_iin(42)


def appeal_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "applicant": {
            "name": "Ерлан Сейітұлы",
            "id_number": IIN,
            "address": "Түркістан, Тәуке хан к-сі, 1",
            "contact": "erlan@example.kz",
        },
        "text": "Ауылдағы мектепте өзбек сыныптары жабылып жатыр.",
        "language": "kk",
        "region": "turkistan",
        "topic": "language_use",
    }
    body.update(changes)
    return body


async def register_paper_appeal(
    client: httpx.AsyncClient, app: FastAPI, received_at: str = "2026-03-20T19:00:00+05:00"
) -> dict[str, Any]:
    response = await client.post(
        "/v1/appeals",
        json=appeal_body(channel="post", received_at=received_at),
        headers=secretariat(app),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def overdue(client: httpx.AsyncClient, app: FastAPI, as_of: str) -> list[tuple[str, str]]:
    response = await client.get(
        "/v1/appeals/overdue", params={"as_of": as_of}, headers=secretariat(app)
    )
    assert response.status_code == 200, response.text
    return [(i["number"], i["kind"]) for i in response.json()["items"]]


async def test_anyone_submits_and_checks_the_status_with_the_secret(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    response = await client.post("/v1/appeals", json=appeal_body())
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["channel"] == "online" and receipt["received_by"] == "online"
    assert receipt["number"].startswith("APK-") and len(receipt["secret"]) >= 24
    status = await client.post(
        "/v1/appeals/status-check", json={"number": receipt["number"], "secret": receipt["secret"]}
    )
    assert status.status_code == 200, status.text
    assert status.json()["status"] == "registered"
    assert IIN not in status.text and "Ерлан" not in status.text
    wrong = await client.post(
        "/v1/appeals/status-check", json={"number": receipt["number"], "secret": "guess"}
    )
    assert wrong.status_code == 404
    # The public cannot set the channel or the time of receipt, nor read the register.
    late = await client.post(
        "/v1/appeals", json=appeal_body(channel="post", received_at="2026-01-01T10:00:00+05:00")
    )
    assert late.json()["channel"] == "online"
    assert late.json()["number"] != receipt["number"]
    assert (await client.get("/v1/appeals")).status_code == 401


async def test_the_secret_and_the_iin_are_kept_only_as_a_hash_and_masked(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    receipt = await register_paper_appeal(client, app)
    async with app.state.platform.sessions() as db:
        events = (await db.execute(text("SELECT data::text FROM events"))).scalars().all()
        keys = (await db.execute(text("SELECT body::text FROM idempotency_keys"))).scalars().all()
        rows = (
            (await db.execute(text("SELECT row_to_json(a)::text FROM appeals a"))).scalars().all()
        )
    assert not any(receipt["secret"] in e for e in events)
    assert not any(receipt["secret"] in k for k in keys)
    assert not any(IIN in r for r in rows)
    # The published form of the event has no applicant, text or secret hash.
    registry = app.state.platform.registry
    stored = json.loads(next(e for e in events if receipt["number"] in e))
    public = registry.public_data("AppealRegistered", stored)
    assert IIN not in json.dumps(public) and "applicant" not in public and "text" not in public
    schemas = (await client.get("/v1/schemas/events")).json()
    assert "applicant" not in schemas["AppealRegistered.v1"]["properties"]
    listing = await client.get("/v1/appeals", headers=secretariat(app))
    assert IIN not in listing.text
    assert listing.json()[0]["applicant_id_masked"] == "*" * 10 + IIN[-2:]
    csv = await client.get("/v1/appeals", params={"format": "csv"}, headers=secretariat(app))
    assert csv.headers["content-type"].startswith("text/csv")
    assert IIN not in csv.text and IIN[-2:] in csv.text
    detail = await client.get(f"/v1/appeals/{receipt['appeal_id']}", headers=secretariat(app))
    assert IIN not in detail.text


async def test_an_idempotent_retry_answers_with_the_same_secret(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """The retry's answer carries the secret too (test_appeal_secret_retry: the time limit)."""
    headers = {"Idempotency-Key": "appeal-retry-1"}
    first = await client.post("/v1/appeals", json=appeal_body(), headers=headers)
    again = await client.post("/v1/appeals", json=appeal_body(), headers=headers)
    assert first.json()["secret"] and again.json()["secret"] == first.json()["secret"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert first.json()["number"] == again.json()["number"]


async def test_registration_after_hours_before_nauryz_and_the_overdue_list(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    receipt = await register_paper_appeal(client, app)
    number, appeal_id = receipt["number"], receipt["appeal_id"]
    assert receipt["registered_on"] == "2026-03-26"
    assert receipt["answer_due"] == "2026-04-16"
    assert await overdue(client, app, "2026-04-16") == []
    assert await overdue(client, app, "2026-04-17") == [(number, "answer")]

    # Only the head (a Deputy Chairman heads the Secretariat, Reg2024 §17) extends.
    extension = {"decided_on": "2026-04-15", "reason": "Запрос в акимат", "new_due": "2026-06-17"}
    refused = await client.post(
        f"/v1/appeals/{appeal_id}/extension", json=extension, headers=secretariat(app)
    )
    assert refused.status_code == 403
    beyond = await client.post(
        f"/v1/appeals/{appeal_id}/extension", json=extension, headers=head(app)
    )
    assert beyond.status_code == 422, beyond.text
    assert beyond.json()["rule"] == "APPC 2020 Art. 76"
    assert beyond.json()["reason_code"] == "extension_beyond_limit"
    ok = await client.post(
        f"/v1/appeals/{appeal_id}/extension",
        json={**extension, "new_due": "2026-06-16"},
        headers=head(app),
    )
    assert ok.status_code == 200, ok.text
    # Decided on Wed 15 April: the applicant is told by Mon 20 April (3 working days).
    assert await overdue(client, app, "2026-04-20") == []
    assert await overdue(client, app, "2026-04-21") == [(number, "notification_extension")]
    told = await client.post(
        f"/v1/appeals/{appeal_id}/notification",
        json={"subject": "extension", "means": "e-mail", "notified_on": "2026-04-17"},
        headers=secretariat(app),
    )
    assert told.status_code == 200, told.text
    assert await overdue(client, app, "2026-06-16") == []
    assert await overdue(client, app, "2026-06-17") == [(number, "answer")]
    answered = await client.post(
        f"/v1/appeals/{appeal_id}/answer",
        json={"summary": "Разъяснено", "answered_on": "2026-06-10"},
        headers=secretariat(app),
    )
    assert answered.status_code == 200, answered.text
    assert await overdue(client, app, "2026-06-17") == []
    again = await client.post(
        f"/v1/appeals/{appeal_id}/answer", json={"summary": "x"}, headers=secretariat(app)
    )
    assert again.status_code == 409

    stats = await client.get(
        "/v1/appeals/statistics", params={"as_of": "2026-06-17"}, headers=secretariat(app)
    )
    assert stats.json()["by_compliance"] == {"answered_on_time": 1}
    assert stats.json()["by_topic"] == {"language_use": 1}
    detail = (await client.get(f"/v1/appeals/{appeal_id}", headers=secretariat(app))).json()
    assert [s["step"] for s in detail["steps"]] == [
        "registered",
        "extended",
        "applicant_notified",
        "answered",
    ]


async def test_forwarding_within_three_working_days(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    receipt = await register_paper_appeal(client, app)
    appeal_id, number = receipt["appeal_id"], receipt["number"]
    forwarded = await client.post(
        f"/v1/appeals/{appeal_id}/forwarding",
        json={"body": "Министерство просвещения", "reason": "Вне компетенции Ассамблеи",
              "forwarded_on": "2026-03-31"},
        headers=secretariat(app),
    )  # fmt: skip
    assert forwarded.status_code == 200, forwarded.text
    assert forwarded.json()["status"] == "forwarded"
    assert await overdue(client, app, "2026-03-31") == []
    assert await overdue(client, app, "2026-04-01") == [(number, "notification_forwarding")]
    # A forwarded appeal is no longer this body's to answer.
    assert await overdue(client, app, "2026-04-20") == [(number, "notification_forwarding")]
    await client.post(
        f"/v1/appeals/{appeal_id}/notification",
        json={"subject": "forwarding", "means": "SMS", "notified_on": "2026-04-01"},
        headers=secretariat(app),
    )
    assert await overdue(client, app, "2026-04-20") == []
    late = await register_paper_appeal(client, app)
    await client.post(
        f"/v1/appeals/{late['appeal_id']}/forwarding",
        json={"body": "Акимат", "reason": "Вне компетенции", "forwarded_on": "2026-04-01"},
        headers=secretariat(app),
    )
    stats = await client.get(
        "/v1/appeals/statistics", params={"as_of": "2026-04-02"}, headers=secretariat(app)
    )
    assert stats.json()["by_compliance"] == {"forwarded_late": 1, "forwarded_on_time": 1}


async def test_an_anonymous_appeal_is_registered_and_closed_unconsidered(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    body = appeal_body()
    body["applicant"] = {"contact": "+7 700 000 00 00"}
    response = await client.post("/v1/appeals", json=body)
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["status"] == "closed_unconsidered"
    assert receipt["closed_reason"] == "anonymous"
    assert await overdue(client, app, "2027-01-01") == []


async def test_bad_numbers_regions_and_future_dates_are_refused(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    bad_iin = appeal_body()
    bad_iin["applicant"] = {**bad_iin["applicant"], "id_number": "123456789012"}
    refused = await client.post("/v1/appeals", json=bad_iin)
    assert refused.status_code == 422 and refused.json()["rule"] == "APPC 2020 Art. 63"
    assert "123456789012" not in refused.text
    unknown = await client.post("/v1/appeals", json=appeal_body(region="atlantis"))
    assert unknown.status_code == 422 and unknown.json()["rule"] == "Reg2024 §18–19"
    future = await client.post(
        "/v1/appeals",
        json=appeal_body(received_at="2099-01-01T10:00:00+05:00"),
        headers=secretariat(app),
    )
    assert future.status_code == 422
    receipt = await register_paper_appeal(client, app)
    early = await client.post(
        f"/v1/appeals/{receipt['appeal_id']}/answer",
        json={"summary": "x", "answered_on": "2026-03-25"},
        headers=secretariat(app),
    )
    assert early.status_code == 422
    assert (await client.get("/v1/appeals", headers=regional(app, "turkistan"))).status_code == 403
    assert (
        await client.get("/v1/appeals", headers=token(app, "auditor-1", "auditor"))
    ).status_code == 200


async def test_concurrent_registrations_get_distinct_consecutive_numbers(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    import asyncio

    responses = await asyncio.gather(
        *(
            client.post("/v1/appeals", json=appeal_body(), headers=secretariat(app))
            for _ in range(8)
        )
    )
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    numbers = sorted(r.json()["number"] for r in responses)
    year = numbers[0].split("-")[1]
    assert numbers == [f"APK-{year}-{n:06d}" for n in range(1, 9)]


async def test_the_periodic_evaluator_raises_an_alert_for_an_overdue_interethnic_appeal(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Nobody touches the appeal: time alone makes it overdue, and the evaluator running
    beside the API raises the region's alert (Strategy2002 §6; APPC 2020 Art. 76)."""
    import asyncio

    from services.monitoring.application.evaluator import evaluate_today
    from shared.workers import every

    receipt = await register_paper_appeal(client, app)  # due 16 April 2026, long past
    platform = app.state.platform
    task = asyncio.create_task(every(0.05, lambda: evaluate_today(platform), name="evaluator"))
    try:
        for _ in range(200):
            alerts = (
                await client.get(
                    "/v1/alerts", params={"region": "turkistan"}, headers=secretariat(app)
                )
            ).json()
            if alerts:
                break
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert [(a["rule_id"], a["facts"]["number"]) for a in alerts] == [
        ("overdue_interethnic_appeal", receipt["number"])
    ]
