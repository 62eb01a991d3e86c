"""Regional membership through the API against real PostgreSQL: a regional assembly records its
own members (Law 2008 Art. 14) and its council, one person keeps one ``person_id`` in every
assembly, moving to another region ends a regional membership (Law 2008 Art. 17), a regional
token acts for its own region only (Reg2024 §18–19), and the national roster counts the
Assembly's members only."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import FastAPI

from services.membership.tests.conftest import valid_iin
from services.membership.tests.integration.test_api import include, someone
from shared.api.auth import mint_token

pytestmark = pytest.mark.integration

DECISION = {"number": "ӨА-5", "date": "2026-03-01"}
COUNCIL_DECISION = {"number": "ӨА-9", "date": "2026-03-30"}
AKIM = {"kk": "Нұрлан Уранхаев", "ru": "Нурлан Уранхаев"}
MUTATING = frozenset({"post", "put", "patch", "delete"})


def regional(app: FastAPI, region: str) -> dict[str, str]:
    """The token of a regional assembly's secretariat."""
    token = mint_token(app.state.auth_settings, f"ra-{region}", ["regional_assembly"], region)
    return {"Authorization": f"Bearer {token}"}


def chairman(app: FastAPI) -> dict[str, str]:
    token = mint_token(app.state.auth_settings, "p-1", ["chairman"])
    return {"Authorization": f"Bearer {token}"}


def person(serial: int) -> dict[str, Any]:
    return {**someone()["person"], "iin": valid_iin(serial, birth="850505")}


async def include_regional(
    client, app, assembly: str, who: dict[str, Any] | None = None, headers=None, **fields: Any
):
    body = {
        "person": who or someone()["person"], "assembly": assembly, "category": "public_figure",
        "decision": DECISION, "effective_on": "2026-03-02",
    } | fields  # fmt: skip
    return await client.post(
        "/v1/members", json=body, headers=regional(app, assembly) if headers is None else headers
    )


async def included(response) -> str:
    assert response.status_code == 201, response.text
    return str(response.json()["member_id"])


async def read(client, member_id: str, headers=None) -> dict[str, Any]:
    found = await client.get(f"/v1/members/{member_id}", headers=headers)
    assert found.status_code == 200, found.text
    return dict(found.json())


async def test_a_regional_assembly_includes_its_own_member(client, app):
    member_id = await included(await include_regional(client, app, "abai"))
    member = await read(client, member_id)
    # Law 2008 Art. 14: the regional assembly's decision, recorded by its secretariat
    assert (member["assembly"], member["region"], member["status"]) == ("abai", "abai", "active")
    assert member["person_id"] == member_id  # a person new to every assembly
    listed = await client.get("/v1/members", params={"assembly": "abai"})
    assert [m["member_id"] for m in listed.json()] == [member_id]
    assert (await client.get("/v1/members", params={"assembly": "astana"})).json() == []
    exported = await client.get("/v1/members", params={"assembly": "abai", "format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    header, row = exported.text.lstrip("\ufeff").splitlines()
    columns = header.split(",")
    assert dict(zip(columns, row.split(","), strict=True))["assembly"] == "abai"
    assert dict(zip(columns, row.split(","), strict=True))["member_id"] == member_id
    for code in ("atlantis", "apk"):
        unknown = await client.get("/v1/members", params={"assembly": code})
        assert (unknown.status_code, unknown.json()["reason_code"]) == (422, "unknown_assembly")


async def test_a_regional_members_region_is_the_assemblys(client, app):
    refused = await include_regional(client, app, "abai", region="astana")
    assert (refused.status_code, refused.json()["reason_code"]) == (
        422,
        "assembly_region_mismatch",
    )


async def test_one_person_is_a_member_of_both_with_one_person_id(client, app):
    who = person(1)
    national = await included(await include(client, app, someone(person=who)))
    in_abai = await included(await include_regional(client, app, "abai", who))
    first, second = await read(client, national), await read(client, in_abai)
    assert national != in_abai
    assert (first["assembly"], second["assembly"]) == ("national", "abai")
    assert first["person_id"] == second["person_id"] == national
    # a second regional assembly at once is refused (Law 2008 Art. 17)
    again = await include_regional(client, app, "astana", who)
    assert (again.status_code, again.json()["code"]) == (409, "person_already_regional_member")
    # and a second membership of the same assembly
    twice = await include(client, app, someone(person=who))
    assert (twice.status_code, twice.json()["code"]) == (409, "person_already_member")


async def test_moving_to_another_region_ends_the_regional_membership(client, app):
    who = person(2)
    in_abai = await included(await include_regional(client, app, "abai", who))
    ended = await client.post(
        f"/v1/members/{in_abai}/end",
        json={"ground": "moved_to_another_region", "effective_on": "2026-09-01",
              "decision": DECISION},
        headers=regional(app, "abai"),
    )  # fmt: skip
    assert ended.status_code == 200, ended.text
    member = await read(client, in_abai, chairman(app))
    assert (member["status"], member["ended_on"]) == ("ended", "2026-09-01")
    assert member["end_ground"] == "moved_to_another_region"
    # the new region's assembly may include the same person, who keeps their person_id
    in_astana = await included(
        await include_regional(client, app, "astana", who, effective_on="2026-09-01")
    )
    assert (await read(client, in_astana))["person_id"] == in_abai


async def test_moving_to_another_region_is_refused_for_a_national_membership(client, app):
    national = await included(await include(client, app))
    refused = await client.post(
        f"/v1/members/{national}/end",
        json={"ground": "moved_to_another_region", "effective_on": "2026-09-01"},
        headers=chairman(app),
    )
    problem = refused.json()
    assert (refused.status_code, problem["reason_code"], problem["rule"]) == (
        422,
        "end_ground_regional_only",
        "Law 2008 Art. 17",
    )
    assert (await read(client, national))["status"] == "active"


async def test_a_regional_candidacy_is_decided_by_its_assembly(client, app):
    nominated = await client.post(
        "/v1/candidacies",
        json={"person": person(3), "assembly": "abai", "category": "public_figure",
              "route": "council", "decision": DECISION, "nominated_on": "2026-03-02"},
        headers=regional(app, "abai"),
    )  # fmt: skip
    assert nominated.status_code == 201, nominated.text
    member_id = nominated.json()["member_id"]
    waiting = await client.get(
        "/v1/candidacies/waiting", headers={"Authorization": chairman(app)["Authorization"]}
    )
    steps = {step: [m["member_id"] for m in rows] for step, rows in waiting.json().items()}
    assert member_id in steps["regional_decision"] and member_id not in steps["council_review"]
    # the regional assembly's secretariat sees its own assembly's, and no other's
    own = await client.get("/v1/candidacies/waiting", headers=regional(app, "abai"))
    assert [m["member_id"] for m in own.json()["regional_decision"]] == [member_id]
    assert own.json()["council_review"] == []
    other = await client.get("/v1/candidacies/waiting", headers=regional(app, "astana"))
    assert other.json()["regional_decision"] == []
    refused = await client.get(
        "/v1/candidacies/waiting", params={"assembly": "abai"}, headers=regional(app, "astana")
    )
    assert (refused.status_code, refused.json()["reason_code"]) == (403, "assembly_scope")
    review = await client.post(
        f"/v1/candidacies/{member_id}/council-review",
        json={"recommended": True, "protocol": DECISION},
        headers=mint_headers(app, "secretariat"),
    )
    assert (review.status_code, review.json()["reason_code"]) == (422, "regional_candidacy_step")
    approved = await client.post(
        f"/v1/candidacies/{member_id}/approval",
        json={"decision": DECISION, "effective_on": "2026-03-10"},
        headers=regional(app, "abai"),
    )
    assert approved.status_code == 200, approved.text
    member = await read(client, member_id)
    assert (member["assembly"], member["status"], member["person_id"]) == (
        "abai",
        "active",
        member_id,
    )


def mint_headers(app: FastAPI, role: str) -> dict[str, str]:
    token = mint_token(app.state.auth_settings, f"{role}-1", [role])
    return {"Authorization": f"Bearer {token}"}


async def test_the_national_roster_and_counts_are_unchanged_by_regional_members(client, app):
    for _ in range(3):
        await included(await include(client, app))
    day = {"as_of": "2026-06-01"}
    roster = (await client.get("/v1/roster", params=day)).json()
    composition = (await client.get("/v1/composition", params=day)).json()
    who = person(4)
    await included(await include(client, app, someone(person=who)))
    await included(await include_regional(client, app, "abai", who))
    for _ in range(2):
        await included(await include_regional(client, app, "abai"))
    await included(await include_regional(client, app, "astana"))

    after = (await client.get("/v1/roster", params=day)).json()
    assert (after["assembly"], after["total"]) == ("national", roster["total"] + 1)
    assert {m["assembly"] for m in after["members"]} == {"national"}
    counted = (await client.get("/v1/composition", params=day)).json()
    assert (counted["assembly"], counted["total"]) == ("national", composition["total"] + 1)
    abai = (await client.get("/v1/roster", params={**day, "assembly": "abai"})).json()
    assert (abai["assembly"], abai["total"]) == ("abai", 3)
    in_abai = (await client.get("/v1/composition", params={**day, "assembly": "abai"})).json()
    assert in_abai["total"] == 3 and in_abai["region"] == [
        {"value": "abai", "count": 3, "share": 1.0}
    ]


async def test_the_composition_of_every_assembly_counts_each_person_once(client, app):
    who = person(5)
    national = await included(await include(client, app, someone(person=who)))
    in_abai = await included(await include_regional(client, app, "abai", who))
    other = await included(await include_regional(client, app, "abai"))
    await included(await include_regional(client, app, "shymkent"))
    await included(await include(client, app))
    akim = await client.post(
        "/v1/posts",
        json={"post": "regional_assembly_chair", "region": "abai", "name": AKIM,
              "start_on": "2026-01-15", "document": {"number": "Ә-1", "date": "2026-01-10"}},
        headers=regional(app, "abai"),
    )  # fmt: skip
    assert akim.status_code == 201, akim.text
    for holder in (in_abai, other):
        council = await client.post(
            "/v1/posts",
            json={"post": "regional_council_member", "region": "abai", "member_id": holder,
                  "start_on": "2026-04-01", "document": COUNCIL_DECISION},
            headers=regional(app, "abai"),
        )  # fmt: skip
        assert council.status_code == 201, council.text
    # the council's holders are members of THAT regional assembly (Law 2008 Art. 14)
    outsider = await client.post(
        "/v1/posts",
        json={"post": "regional_council_member", "region": "abai", "member_id": national,
              "start_on": "2026-04-01", "document": COUNCIL_DECISION},
        headers=regional(app, "abai"),
    )  # fmt: skip
    assert (outsider.status_code, outsider.json()["reason_code"]) == (
        422,
        "post_holder_of_another_assembly",
    )

    found = await client.get("/v1/assemblies/composition", params={"on": "2026-06-01"})
    assert found.status_code == 200, found.text
    body = found.json()
    by = {a["assembly"]: a for a in body["assemblies"]}
    assert len(by) == 21
    assert (by["national"]["members"], by["abai"]["members"], by["shymkent"]["members"]) == (
        2,
        2,
        1,
    )
    assert by["abai"]["chair"]["name"] == AKIM and by["shymkent"]["chair"] is None
    assert (by["abai"]["council_members"], by["astana"]["members"]) == (2, 0)
    # five memberships of four natural persons: the one in two assemblies counts once
    assert body["total"] == {
        "memberships": 5,
        "people": 4,
        "national_members": 2,
        "regional_people": 3,
    }
    in_abai_alone = await client.get(
        "/v1/composition", params={"as_of": "2026-06-01", "assembly": "abai"}
    )
    assert (in_abai_alone.json()["chair"]["name"], in_abai_alone.json()["council_members"]) == (
        AKIM,
        2,
    )
    before = await client.get("/v1/assemblies/composition", params={"on": "2026-03-01"})
    assert before.json()["total"]["memberships"] == 0
    assert {a["assembly"]: a for a in before.json()["assemblies"]}["abai"]["chair"]["name"] == AKIM


# -- a regional token acts for its own region only --------------------------------------------


async def _targets(client, app) -> dict[str, Any]:
    """Astana's member, candidacy and council term, and a national member: what the Abai
    token will try to act on."""
    astana_member = await included(await include_regional(client, app, "astana"))
    candidacy = await client.post(
        "/v1/candidacies",
        json={"person": person(6), "assembly": "astana", "category": "public_figure",
              "route": "council", "decision": DECISION, "nominated_on": "2026-03-02"},
        headers=regional(app, "astana"),
    )  # fmt: skip
    assert candidacy.status_code == 201, candidacy.text
    term = await client.post(
        "/v1/posts",
        json={"post": "regional_council_member", "region": "astana",
              "member_id": astana_member, "start_on": "2026-04-01",
              "document": COUNCIL_DECISION},
        headers=regional(app, "astana"),
    )  # fmt: skip
    assert term.status_code == 201, term.text
    national = await included(await include(client, app))
    return {
        "astana_member": astana_member,
        "candidacy": candidacy.json()["member_id"],
        "term": term.json()["term_id"],
        "national": national,
    }


def _requests(t: dict[str, Any]) -> dict[tuple[str, str], list[tuple[str, dict[str, Any]]]]:
    """For each mutating operation that a regional assembly may perform for its own region,
    requests acting for another assembly (Astana's, the Assembly's)."""
    end = {"ground": "own_wish", "effective_on": "2026-09-01", "decision": DECISION}
    rename = {"name": {"kk": "Жаңа Есім", "ru": "Новое Имя"}, "reason": "passport"}
    return {
        ("post", "/v1/members"): [
            ("/v1/members", {"person": person(7), "assembly": "astana",
                             "category": "public_figure", "decision": DECISION,
                             "effective_on": "2026-03-02"}),
            ("/v1/members", {**someone(), "assembly": "national"}),
        ],
        ("post", "/v1/members/{member_id}/end"): [
            (f"/v1/members/{t['astana_member']}/end", end),
            (f"/v1/members/{t['national']}/end", end),
        ],
        ("post", "/v1/members/{member_id}/name-corrections"): [
            (f"/v1/members/{t['astana_member']}/name-corrections", rename),
            (f"/v1/members/{t['national']}/name-corrections", rename),
        ],
        ("post", "/v1/candidacies"): [
            ("/v1/candidacies", {"person": person(8), "assembly": "astana",
                                 "category": "public_figure", "route": "council",
                                 "decision": DECISION, "nominated_on": "2026-03-02"}),
        ],
        ("post", "/v1/candidacies/{member_id}/approval"): [
            (f"/v1/candidacies/{t['candidacy']}/approval",
             {"decision": DECISION, "effective_on": "2026-03-10"}),
        ],
        ("post", "/v1/candidacies/{member_id}/rejection"): [
            (f"/v1/candidacies/{t['candidacy']}/rejection",
             {"decision": DECISION, "rejected_on": "2026-03-10"}),
        ],
        ("post", "/v1/posts"): [
            ("/v1/posts", {"post": "regional_council_member", "region": "astana",
                           "member_id": t["astana_member"], "start_on": "2026-05-01",
                           "document": COUNCIL_DECISION}),
            ("/v1/posts", {"post": "council_member", "member_id": t["national"],
                           "start_on": "2026-05-01", "document": COUNCIL_DECISION}),
        ],
        ("post", "/v1/posts/{term_id}/end"): [
            (f"/v1/posts/{t['term']}/end",
             {"end_on": "2026-09-01", "ground": "released", "document": DECISION}),
        ],
    }  # fmt: skip


async def test_a_regional_token_is_refused_for_another_assembly_on_every_mutating_operation(
    client, app
):
    targets = await _targets(client, app)
    scoped = _requests(targets)
    document = (await client.get("/openapi.json")).json()
    operations = [
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in MUTATING
    ]
    assert set(scoped) <= set(operations)
    abai = regional(app, "abai")
    walked = 0
    for method, path in operations:
        if (method, path) in scoped:
            for url, body in scoped[(method, path)]:
                refused = await client.request(method, url, json=body, headers=abai)
                assert refused.status_code == 403, (url, refused.text)
                assert refused.json()["reason_code"] == "assembly_scope", (url, refused.text)
                walked += 1
            continue
        # national only (reference data, rulebooks, the Council's review, the submission)
        url = path
        for name in ("member_id", "term_id", "association_id"):
            url = url.replace("{" + name + "}", str(uuid.uuid4()))
        url = url.replace("{code}", "astana")
        refused = await client.request(method, url, json={}, headers=abai)
        assert refused.status_code == 403, (url, refused.text)
        assert refused.json()["reason_code"] == "role_required", (url, refused.text)
        walked += 1
    assert walked >= len(operations)
    # nothing changed for Astana or the Assembly
    assert (await read(client, targets["astana_member"]))["status"] == "active"
    assert (await read(client, targets["candidacy"]))["status"] == "nominated"
    term = (await client.get(f"/v1/posts/{targets['term']}")).json()
    assert term["end_on"] is None
    listed = await client.get("/v1/members", params={"assembly": "astana"})
    assert len(listed.json()) == 2


async def test_a_regional_token_acts_for_its_own_region(client, app):
    """The same operations succeed for the token's own assembly."""
    abai = regional(app, "abai")
    member_id = await included(await include_regional(client, app, "abai"))
    renamed = await client.post(
        f"/v1/members/{member_id}/name-corrections",
        json={"name": {"kk": "Жаңа Есім", "ru": "Новое Имя"}, "reason": "passport"},
        headers=abai,
    )
    assert renamed.status_code == 200, renamed.text
    term = await client.post(
        "/v1/posts",
        json={"post": "regional_council_member", "region": "abai", "member_id": member_id,
              "start_on": "2026-04-01", "document": COUNCIL_DECISION},
        headers=abai,
    )  # fmt: skip
    assert term.status_code == 201, term.text
    ended_term = await client.post(
        f"/v1/posts/{term.json()['term_id']}/end",
        json={"end_on": "2026-08-01", "ground": "released", "document": DECISION},
        headers=abai,
    )
    assert ended_term.status_code == 200, ended_term.text
    ended = await client.post(
        f"/v1/members/{member_id}/end",
        json={"ground": "own_wish", "effective_on": "2026-09-01", "decision": DECISION},
        headers=abai,
    )
    assert ended.status_code == 200, ended.text
    # the Assembly's Secretariat acts for every assembly; it does not include national members
    secretariat = mint_headers(app, "secretariat")
    assert (await include_regional(client, app, "abai", headers=secretariat)).status_code == 201
    refused = await client.post(
        "/v1/members", json={**someone(), "assembly": "national"}, headers=secretariat
    )
    assert (refused.status_code, refused.json()["reason_code"]) == (403, "role_required")


async def test_approving_a_membership_that_was_never_a_candidacy_is_refused(client, app):
    """Reg2002 §14: the Chairman decides on a candidacy once; an inclusion is no candidacy."""
    member_id = await included(await include(client, app))
    refused = await client.post(
        f"/v1/candidacies/{member_id}/approval",
        json={"decision": DECISION, "effective_on": "2026-03-10"},
        headers=chairman(app),
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "candidacy_already_decided")
