"""The calendar is data the Secretariat keeps (Labour Code Art. 85): a transfer of days off
declared through the API moves the deadlines computed after it."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.monitoring.tests.conftest import secretariat

TRANSFER = {
    "entry": {
        "day": "2027-05-08",
        "kind": "transfer_working_day",
        "name": {"kk": "Жұмыс күні", "ru": "Рабочий день", "en": "Working day"},
    },
    "source": {"title": "Government decree on the transfer of days off in 2027 (example)",
               "url": "https://adilet.zan.kz/rus/docs/example-2027"},
    "reason": "Перенос выходного дня с субботы 8 мая на пятницу 7 мая 2027 года",
}  # fmt: skip


async def working_day(client: httpx.AsyncClient, start: str, days: int) -> str:
    response = await client.get("/v1/calendar/working-days", params={"from": start, "days": days})
    assert response.status_code == 200, response.text
    return str(response.json()["date"])


async def test_the_secretariat_declares_and_withdraws_a_transfer(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    # Thursday 6 May 2027; 7 May is Defender's Day; Sat 8, Sun 9 (Victory Day), Mon 10 off.
    assert await working_day(client, "2027-05-06", 1) == "2027-05-11"
    refused = await client.post("/v1/calendar/days", json=TRANSFER)
    assert refused.status_code == 401
    declared = await client.post("/v1/calendar/days", json=TRANSFER, headers=secretariat(app))
    assert declared.status_code == 200, declared.text
    assert await working_day(client, "2027-05-06", 1) == "2027-05-08"
    days = (await client.get("/v1/calendar", params={"year": 2027})).json()["days"]
    assert {"day": "2027-05-08", "kind": "transfer_working_day"}.items() <= next(
        d for d in days if d["day"] == "2027-05-08"
    ).items()
    withdrawn = await client.post(
        "/v1/calendar/days/2027-05-08/withdrawal",
        json={"reason": "Постановление не принято"},
        headers=secretariat(app),
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert await working_day(client, "2027-05-06", 1) == "2027-05-11"


async def test_a_year_is_published_before_its_days_and_outside_years_are_refused(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    uncovered = await client.get(
        "/v1/calendar/working-days", params={"from": "2027-12-28", "days": 5}
    )
    assert uncovered.status_code == 422
    assert uncovered.json()["reason_code"] == "calendar_not_covered"
    early = {**TRANSFER, "entry": {**TRANSFER["entry"], "day": "2028-01-03"}}  # type: ignore[dict-item]
    refused = await client.post("/v1/calendar/days", json=early, headers=secretariat(app))
    assert refused.status_code == 422
    year = {
        "status": "derived",
        "days": [{"day": "2028-01-01", "kind": "holiday",
                  "name": {"kk": "Жаңа жыл", "ru": "Новый год", "en": "New Year"}}],
        "sources": [{"title": "Law on holidays", "url": "https://adilet.zan.kz/rus/docs/Z010000267_"}],
    }  # fmt: skip
    published = await client.put("/v1/calendar/years/2028", json=year, headers=secretariat(app))
    assert published.status_code == 200, published.text
    # 29, 30, 31 December; Saturday 1 and Sunday 2 January off; 3 and 4 January.
    assert await working_day(client, "2027-12-28", 5) == "2028-01-04"


async def test_the_constitution_days_of_2025_2026_and_2027_stay_cited(
    client: httpx.AsyncClient,
) -> None:
    """30 August is Constitution Day until 2025; from 2026 it is no longer a holiday and from
    2027 Constitution Day is 15 March, the day of the 2026 referendum: each year's days name
    the source that says so."""
    calendar = (await client.get("/v1/calendar")).json()
    sources = {y["year"]: " ".join(s["title"] for s in y["sources"]) for y in calendar["years"]}
    days = {d["day"]: d for d in calendar["days"]}
    assert days["2025-08-30"]["kind"] == "holiday"
    assert "2026-08-30" not in days and "2026-08-31" not in days
    assert "30 August is no longer Constitution Day from 2026" in sources[2026]
    assert days["2027-03-15"]["kind"] == "holiday" and "2027-08-30" not in days
    assert "15 March, is Constitution Day" in sources[2027]
    assert await working_day(client, "2026-08-28", 1) == "2026-08-31"  # Fri, then Mon
