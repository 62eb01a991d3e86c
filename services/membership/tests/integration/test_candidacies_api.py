"""The candidacy lifecycle through the API against real PostgreSQL: steps, refusals, queries."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from typing import Any

import pytest

from services.membership.tests.conftest import auth, valid_iin

pytestmark = pytest.mark.integration

_people = itertools.count(500)
PROTOCOL = {"number": "Хаттама-4", "date": "2026-03-20"}


async def register_association(client, app) -> str:
    """An ethnocultural association in the reference data, to nominate from."""
    response = await client.post(
        "/v1/reference/associations",
        json={
            "name": {"kk": "Тест бірлестігі", "ru": "Тестовое объединение", "en": "Test"},
            "level": "republican",
            "kind": "ethnocultural",
            "ethnic_group": "kazakh",
        },
        headers=auth(app, "s-1", "secretariat"),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["association_id"])


@pytest.fixture
async def association(client, app) -> str:
    return await register_association(client, app)


def nomination(association: str, iin: str | None = None, **changes: Any) -> dict[str, Any]:
    return {
        "person": {
            "name": {"kk": "Дана Серікқызы", "ru": "Дана Сериковна"},
            "iin": iin or valid_iin(next(_people)),
            "gender": "female",
            "ethnic_group": "kazakh",
        },
        "region": "zhetisu",
        "category": "ethnocultural_association",
        "association_id": association,
        "route": "association",
        "decision": {"number": "ЖК-3", "date": "2026-03-01"},
        "nominated_on": "2026-03-02",
        **changes,
    }


async def nominate(client, app, body) -> str:
    response = await client.post(
        "/v1/candidacies", json=body, headers=auth(app, "s-1", "secretariat")
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "nominated"
    return str(response.json()["member_id"])


async def step(client, app, member_id, path, body, *roles, **headers):
    return await client.post(
        f"/v1/candidacies/{member_id}/{path}",
        json=body,
        headers={**auth(app, "actor", *roles), **headers},
    )


async def review(client, app, member_id, recommended=True):
    return await step(
        client,
        app,
        member_id,
        "council-review",
        {"recommended": recommended, "protocol": PROTOCOL},
        "secretariat",
    )


async def submit(client, app, member_id, **headers):
    return await step(
        client,
        app,
        member_id,
        "submission",
        {"submitted_on": "2026-04-01"},
        "deputy_chairman",
        **headers,
    )


async def approve(client, app, member_id, effective_on="2026-04-10"):
    return await step(
        client,
        app,
        member_id,
        "approval",
        {"decision": {"number": "Ө-12", "date": "2026-04-09"}, "effective_on": effective_on},
        "chairman",
    )


async def test_a_candidacy_goes_from_nomination_to_membership(client, app, association):
    member_id = await nominate(client, app, nomination(association))
    waiting = (
        await client.get("/v1/candidacies/waiting", headers=auth(app, "a", "auditor"))
    ).json()
    assert member_id in {m["member_id"] for m in waiting["council_review"]}

    assert (await review(client, app, member_id)).json()["status"] == "reviewed"
    assert (await submit(client, app, member_id)).json()["status"] == "submitted"
    waiting = (
        await client.get("/v1/candidacies/waiting", headers=auth(app, "a", "auditor"))
    ).json()
    assert [m["member_id"] for m in waiting["chairman_decision"]] == [member_id]

    approved = await approve(client, app, member_id)
    assert approved.status_code == 200, approved.text
    assert approved.json() == {"member_id": member_id, "version": 4, "status": "active"}

    roster = (await client.get("/v1/roster", params={"as_of": "2026-04-10"})).json()
    assert [m["member_id"] for m in roster["members"]] == [member_id]
    assert "iin_masked" not in roster["members"][0]  # the public reads names and regions only
    before = (await client.get("/v1/roster", params={"as_of": "2026-04-09"})).json()
    assert before["total"] == 0

    full = (
        await client.get(f"/v1/members/{member_id}", headers=auth(app, "s", "secretariat"))
    ).json()
    assert full["iin_masked"].startswith("**********") and full["nomination_route"] == "association"


async def test_approval_before_the_council_review_is_refused_in_russian(client, app, association):
    member_id = await nominate(client, app, nomination(association))
    response = await client.post(
        f"/v1/candidacies/{member_id}/approval",
        json={"decision": {"number": "Ө-1", "date": "2026-04-09"}, "effective_on": "2026-04-10"},
        headers={**auth(app, "p", "chairman"), "Accept-Language": "ru"},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["rule"] == "Reg2024 §13.2"
    assert "Совет" in problem["detail"]


async def test_a_second_decision_is_refused_with_409(client, app, association):
    member_id = await nominate(client, app, nomination(association))
    await review(client, app, member_id)
    await submit(client, app, member_id)
    assert (await approve(client, app, member_id)).status_code == 200
    again = await approve(client, app, member_id)
    assert again.status_code == 409
    assert again.json()["code"] == "candidacy_already_decided"


async def test_a_second_active_membership_of_the_same_person_is_refused(client, app, association):
    iin = valid_iin(next(_people))
    included = await client.post(
        "/v1/members",
        json={
            "person": {"name": {"kk": "Б", "ru": "Б"}, "iin": iin, "gender": "male"},
            "category": "public_figure",
            "decision": {"number": "Ө-1", "date": "2026-01-01"},
            "effective_on": "2026-01-02",
        },
        headers=auth(app, "p", "chairman"),
    )
    assert included.status_code == 201
    member_id = await nominate(client, app, nomination(association, iin))
    await review(client, app, member_id)
    await submit(client, app, member_id)
    refused = await approve(client, app, member_id)
    assert refused.status_code == 409
    assert refused.json()["code"] == "person_already_member"


async def test_two_approvals_of_one_person_at_once_make_one_member(client, app, association):
    # Both pass the check before either commits; the unique index on active memberships
    # (members_one_active_per_person) refuses the second, answered as the check would.
    iin = valid_iin(next(_people))
    candidacies = [await nominate(client, app, nomination(association, iin)) for _ in range(2)]
    for member_id in candidacies:
        await review(client, app, member_id)
        await submit(client, app, member_id)
    answers = await asyncio.gather(*(approve(client, app, m) for m in candidacies))
    assert sorted(a.status_code for a in answers) == [200, 409]
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.json()["code"] == "person_already_member"


async def test_a_not_recommended_candidacy_is_not_submitted(client, app, association):
    member_id = await nominate(client, app, nomination(association))
    await review(client, app, member_id, recommended=False)
    response = await submit(client, app, member_id)
    assert response.status_code == 422 and response.json()["rule"] == "Reg2024 §13.2"


async def test_roles_input_and_concurrency_errors(client, app, association):
    # 401 anonymous, 403 wrong role, 422 invalid IIN (check digit) and malformed input
    assert (await client.post("/v1/candidacies", json=nomination(association))).status_code == 401
    forbidden = await client.post(
        "/v1/candidacies", json=nomination(association), headers=auth(app, "m", "member")
    )
    assert forbidden.status_code == 403
    bad_iin = nomination(association, "900101300125")
    refused = await client.post(
        "/v1/candidacies", json=bad_iin, headers=auth(app, "s", "secretariat")
    )
    assert refused.status_code == 422 and refused.json()["reason_code"] == "invalid_iin"
    malformed = nomination(association, "12345")
    invalid = await client.post(
        "/v1/candidacies",
        json=malformed,
        headers={**auth(app, "s", "secretariat"), "Accept-Language": "en"},
    )
    assert invalid.status_code == 422
    assert {e["location"] for e in invalid.json()["errors"]} == {"body.person.iin"}
    incomplete = nomination(association, route="regional_assembly")
    refused = await client.post(
        "/v1/candidacies", json=incomplete, headers=auth(app, "s", "secretariat")
    )
    assert refused.status_code == 422 and refused.json()["rule"] == "Reg2002 §14"
    # 404 unknown candidacy; 412 stale If-Match
    assert (await submit(client, app, uuid.uuid4())).status_code == 404
    member_id = await nominate(client, app, nomination(association))
    await review(client, app, member_id)
    stale = await submit(client, app, member_id, **{"If-Match": '"1"'})
    assert stale.status_code == 412 and stale.json()["code"] == "concurrency_conflict"


async def test_composition_and_history(client, app, association):
    for region, gender in (("abai", "male"), ("abai", "female"), ("astana", "female")):
        body = {
            "person": {
                "name": {"kk": "К", "ru": "К"},
                "iin": valid_iin(next(_people)),
                "gender": gender,
            },
            "region": region,
            "category": "public_figure",
            "decision": {"number": "Ө-1", "date": "2026-01-01"},
            "effective_on": "2026-01-02",
        }
        response = await client.post("/v1/members", json=body, headers=auth(app, "p", "chairman"))
        assert response.status_code == 201
    stats = (await client.get("/v1/composition", params={"as_of": "2026-02-01"})).json()
    assert stats["total"] == 3
    assert {"value": "abai", "count": 2, "share": 0.6667} in stats["region"]
    assert {"value": "female", "count": 2, "share": 0.6667} in stats["gender"]
    assert (await client.get("/v1/composition", params={"as_of": "2025-12-31"})).json()[
        "total"
    ] == 0

    member_id = await nominate(client, app, nomination(association))
    await review(client, app, member_id)
    public = (await client.get(f"/v1/members/{member_id}/history")).json()
    assert [e["event_type"] for e in public] == ["CandidacyNominated", "CandidacyReviewed"]
    assert "iin" not in public[0]["data"]
    audited = (
        await client.get(f"/v1/members/{member_id}/history", headers=auth(app, "a", "auditor"))
    ).json()
    assert audited[0]["data"]["iin"].startswith("**********")


async def test_the_chairman_rejects_a_submitted_candidacy_once(client, app, association):
    member_id = await nominate(client, app, nomination(association))
    await review(client, app, member_id)
    await submit(client, app, member_id)
    rejection = {"decision": {"number": "Ө-13", "date": "2026-04-09"}, "rejected_on": "2026-04-09"}
    by_deputy = await step(client, app, member_id, "rejection", rejection, "deputy_chairman")
    assert by_deputy.status_code == 403
    rejected = await step(client, app, member_id, "rejection", rejection, "chairman")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    again = await step(client, app, member_id, "rejection", rejection, "chairman")
    assert again.status_code == 409 and again.json()["code"] == "candidacy_already_decided"
    roster = (await client.get("/v1/roster", params={"as_of": "2026-12-31"})).json()
    assert member_id not in {m["member_id"] for m in roster["members"]}
