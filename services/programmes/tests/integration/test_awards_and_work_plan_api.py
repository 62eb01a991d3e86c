"""Public awards established and their statutes amended by the Council's resolutions
(Reg2024 §13.5), each conferral under the statute of its day; the work plan's items from the
Council's resolution (Reg2024 §13.4) and from the Secretariat."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.programmes.tests.conftest import resolution, secretariat
from services.programmes.tests.integration.test_documents_api import ok, refused

AWARD = {"kk": "«Бірлік» медалі", "ru": "Медаль «Бірлік»"}
FIRST = {"kk": "Медаль туралы ереже, 1-редакция", "ru": "Положение о медали, редакция 1"}
SECOND = {"kk": "Медаль туралы ереже, 2-редакция", "ru": "Положение о медали, редакция 2"}
RECIPIENT = {"name": {"kk": "Айгүл Сейітова", "ru": "Айгуль Сеитова"}}


async def test_an_award_conferred_under_the_statute_of_its_day(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    headers = secretariat(app)
    establishing = await resolution(
        app, "2026-02-10", {"kind": "public_award", "award": AWARD, "statute": FIRST}
    )
    award = await ok(
        client.post("/v1/awards", json={"resolution_id": establishing}, headers=headers), 201
    )
    assert award["status"] == "statute v1"
    again = await refused(
        client.post("/v1/awards", json={"resolution_id": establishing}, headers=headers), 409
    )
    assert again["code"] == "programmes_already_done"
    url = f"/v1/awards/{award['id']}"
    decision = {"number": "Өкім № 3", "date": "2026-03-01"}
    first = await ok(
        client.post(
            f"{url}/conferrals",
            json={"recipient": RECIPIENT, "decided_by": "chairman", "decision": decision,
                  "conferred_on": "2026-03-01"},
            headers=headers,
        ),
        201,
    )  # fmt: skip

    # A resolution that names another award does not amend this one.
    other = await resolution(
        app, "2026-05-01",
        {"kind": "public_award", "award": AWARD, "statute": SECOND,
         "award_id": "00000000-0000-4000-8000-000000000009"},
    )  # fmt: skip
    problem = await refused(client.post(f"{url}/statutes", json={"resolution_id": other},
                                        headers=headers))  # fmt: skip
    assert (problem["rule"], problem["reason_code"]) == ("Reg2024 §13.5", "programmes_unknown_act")
    amending = await resolution(
        app, "2026-06-01",
        {"kind": "public_award", "award": AWARD, "statute": SECOND, "award_id": award["id"]},
    )  # fmt: skip
    amended = await ok(
        client.post(f"{url}/statutes",
                    json={"resolution_id": amending, "effective_from": "2026-07-01"},
                    headers=headers)
    )  # fmt: skip
    assert amended["status"] == "statute v2"
    second = await ok(
        client.post(
            f"{url}/conferrals",
            json={"recipient": {"name": {"kk": "Иван Петров", "ru": "Иван Петров"}},
                  "decided_by": "council", "resolution_id": amending,
                  "decision": {"number": "К-9", "date": "2026-08-01"},
                  "conferred_on": "2026-08-01"},
            headers=headers,
        ),
        201,
    )  # fmt: skip

    conferrals = {c["conferral_id"]: c for c in (await client.get(f"{url}/conferrals")).json()}
    assert conferrals[first["conferral_id"]]["statute_version"] == 1
    assert conferrals[first["conferral_id"]]["statute_ru"] == FIRST["ru"]
    assert conferrals[second["conferral_id"]]["statute_version"] == 2
    assert conferrals[second["conferral_id"]]["statute_ru"] == SECOND["ru"]
    detail = (await client.get(url, params={"as_of": "2026-06-15"})).json()
    assert [s["version"] for s in detail["statutes"]] == [1, 2]
    assert detail["statute_in_force"]["text_ru"] == FIRST["ru"]
    assert detail["name_ru"] == AWARD["ru"] and detail["rule"] == "Reg2024 §13.5"
    assert (await client.get(url)).json()["statute_in_force"]["version"] == 2
    csv = await client.get(f"{url}/conferrals", params={"format": "csv"})
    assert "Айгуль Сеитова" in csv.text


async def test_the_council_had_no_award_power_before_2024(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    old = await resolution(
        app, "2015-03-01", {"kind": "public_award", "award": AWARD, "statute": FIRST}
    )
    problem = await refused(
        client.post("/v1/awards", json={"resolution_id": old}, headers=secretariat(app))
    )
    assert (problem["rule"], problem["reason_code"]) == (
        "Reg2011 §9", "programmes_power_not_provided",
    )  # fmt: skip
    other = await resolution(app, "2026-03-01", {"kind": "other"})
    problem = await refused(
        client.post("/v1/awards", json={"resolution_id": other}, headers=secretariat(app))
    )
    assert problem["reason_code"] == "programmes_unknown_act"


async def test_the_work_plan_from_the_council_and_the_secretariat(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    headers = secretariat(app)
    items = [{"kk": "Форум", "ru": "Форум"}, {"kk": "Конференция", "ru": "Конференция"}]
    proposing = await resolution(app, "2026-01-15", {"kind": "work_plan", "items": items})
    added = await ok(
        client.post("/v1/work-plans/2026/items",
                    json={"resolution_id": proposing, "due_on": "2026-12-01",
                          "added_on": "2026-01-20"}, headers=headers),
        201,
    )  # fmt: skip
    assert added["items"] == 2
    again = await refused(
        client.post("/v1/work-plans/2026/items", json={"resolution_id": proposing},
                    headers=headers), 409,
    )  # fmt: skip
    assert again["code"] == "programmes_already_done"
    await ok(
        client.post("/v1/work-plans/2026/items",
                    json={"title": {"kk": "Есеп", "ru": "Отчёт"}, "added_on": "2026-02-01"},
                    headers=headers),
        201,
    )  # fmt: skip
    both = await client.post(
        "/v1/work-plans/2026/items",
        json={"title": {"kk": "Есеп", "ru": "Отчёт"}, "resolution_id": proposing},
        headers=headers,
    )  # fmt: skip
    assert both.status_code == 422
    plan = (await client.get("/v1/work-plans/2026", headers=headers)).json()
    assert [(i["title_ru"], i["source"], i["rule"]) for i in plan] == [
        ("Форум", "council_resolution", "Reg2024 §13.4"),
        ("Конференция", "council_resolution", "Reg2024 §13.4"),
        ("Отчёт", "secretariat", "Reg2024 §17"),
    ]
    forum = plan[0]["item_id"]
    await ok(
        client.post(f"/v1/work-plans/2026/items/{forum}/completion",
                    json={"completed_on": "2026-05-05", "note": "Өткізілді"}, headers=headers)
    )  # fmt: skip
    problem = await refused(
        client.post(f"/v1/work-plans/2026/items/{forum}/dropping",
                    json={"reason": "Қажет емес"}, headers=headers), 409,
    )  # fmt: skip
    assert problem["code"] == "programmes_step_refused"
    page = (
        await client.get("/v1/work-plans/2026", params={"limit": 1, "offset": 1}, headers=headers)
    ).json()
    assert [i["title_ru"] for i in page] == ["Конференция"]
    # A resolution adopted under Reg2011 had no such power (Reg2024 §13.4 brought it).
    old = await resolution(app, "2020-01-15", {"kind": "work_plan", "items": items})
    problem = await refused(
        client.post("/v1/work-plans/2026/items", json={"resolution_id": old}, headers=headers)
    )
    assert (problem["rule"], problem["reason_code"]) == (
        "Reg2011 §9", "programmes_power_not_provided",
    )  # fmt: skip
