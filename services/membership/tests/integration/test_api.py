"""The membership API against real PostgreSQL: commands, errors, idempotency, concurrency."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from typing import Any

import pytest
from sqlalchemy import text

from services.membership.tests.conftest import auth, valid_iin

pytestmark = pytest.mark.integration

INCLUDE: dict[str, Any] = {
    "person": {
        "name": {"kk": "Әлия Нұрланқызы", "ru": "Алия Нурлановна"},
        "iin": valid_iin(1),
        "gender": "female",
        "ethnic_group": "kazakh",
    },
    "region": "almaty_city",
    "category": "public_figure",
    "decision": {"number": "Р-17", "date": "2026-03-01"},
    "effective_on": "2026-03-02",
}
_people = itertools.count(100)


def someone(**changes: Any) -> dict[str, Any]:
    """The inclusion body for another person (a fresh IIN)."""
    return {**INCLUDE, "person": {**INCLUDE["person"], "iin": valid_iin(next(_people))}, **changes}


async def include(client, app, body=None, **headers):
    return await client.post(
        "/v1/members",
        json=body or someone(),
        headers={**auth(app, "p-1", "chairman"), **headers},
    )


async def count_events(app, stream_id: str | None = None) -> int:
    async with app.state.platform.sessions() as db:
        query = "SELECT count(*) FROM events WHERE stream_type = 'member'" + (
            " AND stream_id = :s" if stream_id else ""
        )
        return (await db.execute(text(query), {"s": stream_id})).scalar_one()


async def test_the_chairman_includes_a_member_and_it_is_readable(client, app):
    created = await include(client, app)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["version"] == 1 and body["status"] == "active"
    read = await client.get(f"/v1/members/{body['member_id']}")
    assert read.status_code == 200
    assert read.json()["name_kk"] == "Әлия Нұрланқызы"
    assert read.json()["status"] == "active"
    listed = await client.get("/v1/members", params={"region": "almaty_city"})
    assert [m["member_id"] for m in listed.json()] == [body["member_id"]]


async def test_events_carry_actor_roles_and_the_correlation_id(client, app):
    created = await include(client, app, **{"X-Correlation-ID": "corr-42"})
    assert created.headers["X-Correlation-ID"] == "corr-42"
    async with app.state.platform.sessions() as db:
        metadata = (
            await db.execute(text("SELECT metadata FROM events WHERE stream_type = 'member'"))
        ).scalar_one()
    assert metadata["actor"] == "p-1"
    assert metadata["roles"] == ["chairman"]
    assert metadata["correlation_id"] == "corr-42"


async def test_an_anonymous_caller_is_asked_to_authenticate(client):
    response = await client.post("/v1/members", json=INCLUDE)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_the_wrong_role_is_refused_with_a_localised_403(client, app):
    response = await client.post(
        "/v1/members",
        json=INCLUDE,
        headers={**auth(app, "s-1", "secretariat"), "Accept-Language": "ru"},
    )
    assert response.status_code == 403
    problem = response.json()
    assert problem["code"] == "forbidden"
    assert "Председатель Ассамблеи" in problem["detail"]  # the role by its title
    assert response.headers["Content-Language"] == "ru"
    assert any("а" <= ch <= "я" for ch in problem["title"].lower())


async def test_bad_input_is_a_422_with_a_message_per_field_in_kazakh(client, app):
    bad = {**someone(), "category": "astronaut", "effective_on": "not-a-date"}
    response = await client.post(
        "/v1/members", json=bad, headers={**auth(app, "p-1", "chairman"), "Accept-Language": "kk"}
    )
    assert response.status_code == 422
    problem = response.json()
    locations = {e["location"] for e in problem["errors"]}
    assert {"body.category", "body.effective_on"} <= locations
    assert response.headers["Content-Language"] == "kk"
    assert await count_events(app) == 0


async def test_an_unknown_member_is_a_404_problem(client):
    response = await client.get(f"/v1/members/{uuid.uuid4()}", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


async def test_a_retried_idempotency_key_appends_once_and_replays_the_answer(client, app):
    body = someone()
    first = await include(client, app, body, **{"Idempotency-Key": "include-aliya-1"})
    again = await include(client, app, body, **{"Idempotency-Key": "include-aliya-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert await count_events(app) == 1


async def test_concurrent_retries_with_one_idempotency_key_append_once(client, app):
    body = someone()
    responses = await asyncio.gather(
        *(include(client, app, body, **{"Idempotency-Key": "burst"}) for _ in range(6))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["member_id"] for r in responses}) == 1
    assert await count_events(app) == 1


async def test_a_reused_idempotency_key_with_another_request_is_refused(client, app):
    body = someone()
    await include(client, app, body, **{"Idempotency-Key": "k-2"})
    other = {**body, "region": "astana"}
    response = await include(client, app, other, **{"Idempotency-Key": "k-2"})
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert await count_events(app) == 1


async def test_concurrent_changes_at_one_version_one_wins_the_rest_get_412(client, app):
    member_id = (await include(client, app)).json()["member_id"]
    names = [{"kk": f"Есім {i}", "ru": f"Имя {i}"} for i in range(5)]
    responses = await asyncio.gather(
        *(
            client.post(
                f"/v1/members/{member_id}/name-corrections",
                json={"name": name, "reason": "passport spelling"},
                headers={**auth(app, "s-1", "secretariat"), "If-Match": '"1"'},
            )
            for name in names
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 412, 412, 412, 412]
    conflict = next(r for r in responses if r.status_code == 412).json()
    assert conflict["code"] == "concurrency_conflict"
    winner = names[[r.status_code for r in responses].index(200)]
    assert await count_events(app, f"member-{member_id}") == 2
    read = (
        await client.get(f"/v1/members/{member_id}", headers=auth(app, "s-1", "secretariat"))
    ).json()
    assert (read["name_kk"], read["version"]) == (winner["kk"], 2)


async def test_a_member_resigns_only_themself_and_only_once(client, app):
    member_id = (await include(client, app)).json()["member_id"]
    resign = {"ground": "own_wish", "effective_on": "2026-06-01"}
    other = await client.post(
        f"/v1/members/{member_id}/end", json=resign, headers=auth(app, "someone-else", "member")
    )
    assert other.status_code == 422
    assert other.json()["rule"] == "Reg2002 §20"
    ok = await client.post(
        f"/v1/members/{member_id}/end", json=resign, headers=auth(app, member_id, "member")
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "ended"
    twice = await client.post(
        f"/v1/members/{member_id}/end", json=resign, headers=auth(app, "p-1", "chairman")
    )
    assert twice.status_code == 409
    assert twice.json()["code"] == "membership_already_ended"


async def test_a_rebuilt_read_model_equals_the_live_one(client, app):
    ids = [(await include(client, app)).json()["member_id"] for _ in range(5)]
    await client.post(
        f"/v1/members/{ids[0]}/end",
        json={"ground": "death", "effective_on": "2026-05-01"},
        headers=auth(app, "p-1", "chairman"),
    )
    await client.post(
        f"/v1/members/{ids[1]}/name-corrections",
        json={"name": {"kk": "Жаңа", "ru": "Новое"}, "reason": "court decision"},
        headers=auth(app, "s-1", "secretariat"),
    )
    platform = app.state.platform
    query = text("SELECT * FROM members ORDER BY member_id")
    async with platform.sessions() as db:
        live = [tuple(r) for r in await db.execute(query)]
    applied = await platform.projector.rebuild(platform.sessions, platform.store, "members")
    assert applied == 7
    async with platform.sessions() as db:
        rebuilt = [tuple(r) for r in await db.execute(query)]
    assert rebuilt == live
    assert len(live) == 5


async def test_operations_endpoints(client):
    assert (await client.get("/health")).json()["status"] == "ok"
    metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    assert "kelisim_http_requests_total" in metrics.text
    assert "kelisim_events_appended_total" in metrics.text
    schemas = (await client.get("/v1/schemas/events")).json()
    assert {"MemberIncluded.v2", "MembershipEnded.v1", "CandidacyNominated.v1"} <= set(schemas)
    assert schemas["MembershipEnded.v1"]["properties"]["ground"]
    assert "iin" not in schemas["MemberIncluded.v2"]["properties"]  # never published


async def test_concurrent_changes_without_if_match_all_apply_in_turn(client, app):
    member_id = (await include(client, app)).json()["member_id"]
    names = [{"kk": f"Атау {i}", "ru": f"Название {i}"} for i in range(6)]
    responses = await asyncio.gather(
        *(
            client.post(
                f"/v1/members/{member_id}/name-corrections",
                json={"name": name, "reason": "spelling"},
                headers=auth(app, "s-1", "secretariat"),
            )
            for name in names
        )
    )
    assert [r.status_code for r in responses] == [200] * 6
    assert sorted(r.json()["version"] for r in responses) == [2, 3, 4, 5, 6, 7]
    assert await count_events(app, f"member-{member_id}") == 7
