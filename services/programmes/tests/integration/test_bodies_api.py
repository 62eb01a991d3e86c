"""Working bodies and the regional public structures: who may create them by the rulebook of
the day (Reg2024 §20, §24; seed 003), their statutes, their composition on any day (members
of the Assembly from membership's roster and outside experts; the Scientific-Expert Council's
posts from membership), and outside experts' IINs kept private and masked."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.programmes.tests.conftest import auditor, feed, secretariat, token
from services.programmes.tests.integration.test_documents_api import ok, refused
from shared.identity import is_valid_iin

ACT = {"number": "Бұйрық № 4", "date": "2026-02-01"}


def valid_iin(serial: int) -> str:
    for digit in "3456":
        prefix = f"880101{digit}{serial:04d}"
        for check in range(10):
            if is_valid_iin(prefix + str(check)):
                return prefix + str(check)
    raise AssertionError(serial)


async def member(app: FastAPI, name: str, included_on: str = "2026-01-10") -> str:
    member_id = str(uuid.uuid4())
    await feed(
        app, "kelisim.membership.v1", f"member-{member_id}", "MemberIncluded",
        {"member_id": member_id, "name": {"kk": name, "ru": name}, "effective_on": included_on},
    )  # fmt: skip
    return member_id


async def test_a_commission_and_its_composition_on_any_day(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    headers = secretariat(app)
    problem = await refused(
        client.post(
            "/v1/bodies",
            json={"kind": "commission", "name": {"kk": "Комиссия", "ru": "Комиссия"},
                  "established_on": "2026-02-01", "decided_by": "council", "act": ACT},
            headers=headers,
        )
    )  # fmt: skip
    assert (problem["rule"], problem["reason_code"]) == ("Reg2024 §20", "programmes_not_competent")
    commission = await ok(
        client.post(
            "/v1/bodies",
            json={"kind": "commission", "name": {"kk": "Комиссия", "ru": "Комиссия"},
                  "established_on": "2026-02-01", "decided_by": "secretariat", "act": ACT},
            headers=headers,
        ),
        201,
    )  # fmt: skip
    url = f"/v1/bodies/{commission['id']}"
    await ok(
        client.post(f"{url}/statutes",
                    json={"text": {"kk": "Ереже", "ru": "Положение"}, "approved_on": "2026-02-02",
                          "approved_by": "secretariat", "act": ACT}, headers=headers)
    )  # fmt: skip
    chair = await member(app, "Ерлан Қасымов")
    seat = await ok(
        client.post(f"{url}/seats", json={"role": "chair", "member_id": chair,
                                          "start_on": "2026-02-05", "act": ACT}, headers=headers),
        201,
    )  # fmt: skip
    # Someone not (yet) a member of the Assembly is refused.
    late = await member(app, "Дана Омарова", included_on="2026-06-01")
    problem = await refused(
        client.post(f"{url}/seats", json={"role": "member", "member_id": late,
                                          "start_on": "2026-03-01", "act": ACT}, headers=headers)
    )  # fmt: skip
    assert problem["reason_code"] == "programmes_not_a_member"

    # An outside expert: the IIN validated, kept private, shown masked to the Secretariat.
    iin = valid_iin(17)
    bad = await refused(
        client.post("/v1/experts", json={"name": {"kk": "Сарапшы", "ru": "Эксперт"},
                                         "iin": iin[:-1] + str((int(iin[-1]) + 1) % 10)},
                    headers=headers)
    )  # fmt: skip
    assert bad["reason_code"] == "programmes_invalid_iin"
    expert = await ok(
        client.post("/v1/experts", json={"name": {"kk": "Гүлнар Әбенова", "ru": "Гульнар Абенова"},
                                         "affiliation": {"kk": "ЕҰУ", "ru": "ЕНУ"}, "iin": iin},
                    headers=headers),
        201,
    )  # fmt: skip
    duplicate = await refused(
        client.post("/v1/experts", json={"name": {"kk": "Басқа", "ru": "Другой"}, "iin": iin},
                    headers=headers), 409,
    )  # fmt: skip
    assert duplicate["reason_code"] == "programmes_expert_registered"
    foreign = await ok(
        client.post("/v1/experts", json={"name": {"kk": "John Smith", "ru": "Джон Смит"},
                                         "citizenship": "GB", "document": "P1234567"},
                    headers=headers),
        201,
    )  # fmt: skip
    await ok(
        client.post(f"{url}/seats", json={"role": "member", "expert_id": expert["id"],
                                          "start_on": "2026-03-01", "act": ACT}, headers=headers),
        201,
    )  # fmt: skip
    await ok(
        client.post(f"{url}/seats", json={"role": "member", "expert_id": foreign["id"],
                                          "start_on": "2026-03-01", "act": ACT}, headers=headers),
        201,
    )  # fmt: skip
    seen = (await client.get(f"/v1/experts/{expert['id']}", headers=auditor(app))).json()
    assert seen["iin_masked"] == "*" * 10 + iin[-2:]
    public = (await client.get(f"/v1/experts/{expert['id']}")).json()
    assert "iin_masked" not in public and public["name_ru"] == "Гульнар Абенова"
    async with app.state.platform.sessions() as db:
        stored = (await db.execute(text("SELECT data::text FROM events"))).scalars().all()
        views = (await db.execute(text("SELECT data::text FROM programmes_history"))).scalars()
        published = " ".join(views.all())
    assert any(iin in data for data in stored)  # the service's own history is complete
    assert iin not in published and "P1234567" not in published

    await ok(
        client.post(f"{url}/seats/{seat['seat_id']}/end",
                    json={"end_on": "2026-06-01", "ground": "released"}, headers=headers)
    )  # fmt: skip

    async def sitting(day: str) -> list[str]:
        found = (await client.get(f"{url}/composition", params={"as_of": day})).json()
        return sorted(m["name_ru"] for m in found["members"])

    assert await sitting("2026-02-04") == []
    assert await sitting("2026-02-05") == ["Ерлан Қасымов"]
    assert await sitting("2026-04-01") == ["Гульнар Абенова", "Джон Смит", "Ерлан Қасымов"]
    assert await sitting("2026-06-01") == ["Гульнар Абенова", "Джон Смит"]
    await ok(client.post(f"{url}/dissolution", json={"dissolved_on": "2026-09-01", "act": ACT},
                         headers=headers))  # fmt: skip
    assert await sitting("2026-09-01") == []


async def test_the_expert_council_composition_comes_from_membership(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    headers = secretariat(app)
    problem = await refused(
        client.post(
            "/v1/bodies",
            json={"kind": "scientific_expert_council", "name": {"kk": "ҒСК", "ru": "НЭС"},
                  "established_on": "2026-02-01", "decided_by": "secretariat", "act": ACT},
            headers=headers,
        )
    )  # fmt: skip
    assert problem["rule"] == "Reg2024 §21, §24"
    council = await ok(
        client.post(
            "/v1/bodies",
            json={"kind": "scientific_expert_council", "name": {"kk": "ҒСК", "ru": "НЭС"},
                  "established_on": "2026-02-01", "decided_by": "head_of_secretariat",
                  "act": ACT},
            headers=headers,
        ),
        201,
    )  # fmt: skip
    url = f"/v1/bodies/{council['id']}"
    insider = await member(app, "Марат Жұмабаев")
    problem = await refused(
        client.post(f"{url}/seats", json={"role": "member", "member_id": insider,
                                          "start_on": "2026-03-01", "act": ACT}, headers=headers)
    )  # fmt: skip
    assert problem["reason_code"] == "programmes_composition_by_membership"
    term = str(uuid.uuid4())
    await feed(
        app, "kelisim.membership.v1", "body-scientific_expert_council", "PostTermStarted",
        {"term_id": term, "body": "scientific_expert_council", "region": None,
         "post": "scientific_expert_council_chair", "member_id": None,
         "name": {"kk": "Профессор Ахметов", "ru": "Профессор Ахметов"},
         "start_on": "2026-02-10", "document": {"number": "1", "date": "2026-02-10"},
         "rotation_period_months": None, "recommendation": None, "proposal": None},
    )  # fmt: skip
    expert = await ok(
        client.post("/v1/experts", json={"name": {"kk": "Anna Berg", "ru": "Анна Берг"},
                                         "citizenship": "DE", "document": "C01X00T47"},
                    headers=headers),
        201,
    )  # fmt: skip
    await ok(
        client.post(f"{url}/seats", json={"role": "engaged_expert", "expert_id": expert["id"],
                                          "start_on": "2026-03-01", "act": ACT}, headers=headers),
        201,
    )  # fmt: skip
    found = (await client.get(f"{url}/composition", params={"as_of": "2026-03-05"})).json()
    assert [(m["role"], m["name_ru"], m["source"]) for m in found["members"]] == [
        ("scientific_expert_council_chair", "Профессор Ахметов", "membership"),
        ("engaged_expert", "Анна Берг", "programmes"),
    ]


async def test_regional_structures_by_their_region(client: httpx.AsyncClient, app: FastAPI) -> None:
    abai = token(app, "assembly-abai", "regional_assembly", region="abai")
    body = {
        "kind": "mothers_council", "name": {"kk": "Аналар кеңесі", "ru": "Совет матерей"},
        "established_on": "2026-03-01", "decided_by": "regional_assembly", "act": ACT,
    }  # fmt: skip
    missing = await refused(client.post("/v1/bodies", json=body, headers=secretariat(app)))
    assert missing["reason_code"] == "programmes_region_required"
    other = await refused(
        client.post("/v1/bodies", json={**body, "region": "ulytau"}, headers=abai), 403
    )
    assert other["reason_code"] == "assembly_scope"
    created = await ok(
        client.post("/v1/bodies", json={**body, "region": "abai"}, headers=abai), 201
    )
    for region in ("ulytau", "astana"):
        await ok(
            client.post("/v1/bodies", json={**body, "region": region}, headers=secretariat(app)),
            201,
        )
    listed = (
        await client.get("/v1/bodies", params={"kind": "mothers_council", "region": "abai"})
    ).json()
    assert [b["body_id"] for b in listed] == [created["id"]]
    assert listed[0]["rule"] == "APK overview (seed 003)"
    everywhere = (await client.get("/v1/bodies", params={"kind": "mothers_council"})).json()
    assert sorted(b["region"] for b in everywhere) == ["abai", "astana", "ulytau"]
    csv = await client.get("/v1/bodies", params={"format": "csv"})
    assert csv.text.count("mothers_council") == 3
