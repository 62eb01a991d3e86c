"""Bodies and posts through the API against real PostgreSQL: every endpoint, dates, errors."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from sqlalchemy import text

from services.membership.tests.conftest import auth
from services.membership.tests.integration.test_api import include

pytestmark = pytest.mark.integration

ORDER = {"number": "ӨК-12", "date": "2026-03-20"}
RECOMMENDATION = {"number": "Кеңес-3", "date": "2026-03-10"}
PROPOSAL = {"number": "Кеңес-4", "date": "2026-03-11"}
ENDING = {"number": "ӨК-40", "date": "2026-12-20"}
AKIM = {"kk": "Нұрлан Уранхаев", "ru": "Нурлан Уранхаев"}
EXPERT = {"kk": "Гүлмира Сейітова", "ru": "Гульмира Сеитова"}


async def count_events(app, stream_id: str | None = None) -> int:
    """Events in the store (of one stream if given)."""
    query = "SELECT count(*) FROM events" + (" WHERE stream_id = :s" if stream_id else "")
    async with app.state.platform.sessions() as db:
        return int((await db.execute(text(query), {"s": stream_id})).scalar_one())


def chairman(app) -> dict[str, str]:
    return auth(app, "p-1", "chairman")


def secretariat(app) -> dict[str, str]:
    return auth(app, "s-1", "secretariat")


async def member(client, app) -> str:
    response = await include(client, app)  # a member from 2026-03-02
    assert response.status_code == 201, response.text
    return str(response.json()["member_id"])


async def appoint(client, app, post: str, headers=None, **fields: Any):
    body: dict[str, Any] = {"post": post, "start_on": "2026-04-01", "document": ORDER}
    if post == "deputy_chairman_ethnocultural":
        body |= {"rotation_period_months": 24, "recommendation": RECOMMENDATION}
    if post == "senate_deputy":
        body["proposal"] = PROPOSAL
    body |= fields
    return await client.post(
        "/v1/posts", json=body, headers=chairman(app) if headers is None else headers
    )


async def appointed(client, app, post: str, **fields: Any) -> dict[str, Any]:
    response = await appoint(client, app, post, **fields)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def end(client, app, term_id: str, end_on: str, headers=None, **fields: Any):
    body = {"end_on": end_on, "ground": "released", "document": ENDING} | fields
    return await client.post(
        f"/v1/posts/{term_id}/end",
        json=body,
        headers=secretariat(app) if headers is None else headers,
    )


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["term_id"] for r in rows]


# -- appointing and reading -----------------------------------------------------------------


async def test_a_council_member_is_appointed_and_everyone_reads_it_on_any_date(client, app):
    member_id = await member(client, app)
    created = await appoint(client, app, "council_member", member_id=member_id)
    assert created.status_code == 201, created.text
    state = created.json()
    assert (state["body_key"], state["version"]) == ("council", 1)
    term_id = state["term_id"]

    read = await client.get(f"/v1/posts/{term_id}")  # anonymous: the public reads posts
    assert read.status_code == 200
    term = read.json()
    assert term["name"] == {"kk": "Әлия Нұрланқызы", "ru": "Алия Нурлановна"}
    assert (term["member_id"], term["post"], term["body"]) == (
        member_id,
        "council_member",
        "council",
    )
    assert (term["start_on"], term["end_on"], term["document"]) == ("2026-04-01", None, ORDER)
    assert term["body_version"] == 1

    on = await client.get("/v1/posts", params={"as_of": "2026-04-01"})
    before = await client.get("/v1/posts", params={"as_of": "2026-03-31"})
    assert ids(on.json()) == [term_id] and before.json() == []
    council = await client.get("/v1/bodies/council/holders", params={"as_of": "2026-05-01"})
    assert ids(council.json()) == [term_id]
    history = await client.get(f"/v1/posts/members/{member_id}")
    assert ids(history.json()) == [term_id]


async def test_the_secretariat_ends_a_term_and_past_dates_still_answer(client, app):
    member_id = await member(client, app)
    term_id = (await appointed(client, app, "council_member", member_id=member_id))["term_id"]
    ended = await end(client, app, term_id, "2027-01-01", reason="өз өтініші бойынша")
    assert ended.status_code == 200, ended.text
    assert ended.json() == {"term_id": term_id, "body_key": "council", "version": 2}

    def holders(day: str):
        return client.get("/v1/posts", params={"as_of": day, "post": "council_member"})

    assert ids((await holders("2026-12-31")).json()) == [term_id]
    assert (await holders("2027-01-01")).json() == []
    term = (await client.get(f"/v1/posts/{term_id}")).json()
    assert (term["end_on"], term["end_ground"], term["end_document"]) == (
        "2027-01-01",
        "released",
        ENDING,
    )
    assert term["end_reason"] == "өз өтініші бойынша"
    again = await appointed(
        client, app, "council_member", member_id=member_id, start_on="2027-06-01"
    )
    history = (await client.get(f"/v1/posts/members/{member_id}")).json()
    assert ids(history) == [term_id, again["term_id"]]  # nothing overwritten
    assert await count_events(app, "body-council") == 3


async def test_the_councils_composition_on_a_date(client, app):
    members = [await member(client, app) for _ in range(4)]
    terms = [
        (await appointed(client, app, "council_member", member_id=m, start_on=start))["term_id"]
        for m, start in zip(
            members, ["2026-04-01", "2026-04-01", "2026-05-01", "2026-06-01"], strict=True
        )
    ]
    assert (await end(client, app, terms[0], "2026-05-15")).status_code == 200
    expected = {
        "2026-03-31": [],
        "2026-04-01": terms[:2],
        "2026-05-01": terms[:3],
        "2026-05-15": terms[1:3],
        "2026-06-01": terms[1:],
    }
    for day, holders in expected.items():
        response = await client.get("/v1/bodies/council/composition", params={"as_of": day})
        composition = response.json()
        assert composition["as_of"] == day
        assert composition["total"] == len(holders)
        assert sorted(ids(composition["members"])) == sorted(holders), day
    today = (await client.get("/v1/bodies/council/composition")).json()
    assert today["total"] == 3  # 2026-11 or later, with no as_of: today in Kazakhstan


async def test_the_deputy_chairmen_and_the_rotations_due(client, app):
    """Reg2024 §16–17: the Head of the Secretariat and two ethnocultural deputies in rotation."""
    head = await appointed(
        client, app, "deputy_chairman_head_of_secretariat", member_id=await member(client, app)
    )
    first = await appointed(
        client, app, "deputy_chairman_ethnocultural", member_id=await member(client, app)
    )
    second = await appointed(
        client,
        app,
        "deputy_chairman_ethnocultural",
        member_id=await member(client, app),
        start_on="2026-07-01",
        rotation_period_months=36,
    )
    third = await appoint(
        client, app, "deputy_chairman_ethnocultural", member_id=await member(client, app)
    )
    assert third.status_code == 422
    problem = third.json()
    assert (problem["rule"], problem["reason_code"]) == ("Reg2024 §16", "post_seat_limit_reached")
    holders = await client.get("/v1/bodies/deputy_chairmen/holders", params={"as_of": "2026-07-01"})
    assert sorted(ids(holders.json())) == sorted(
        [head["term_id"], first["term_id"], second["term_id"]]
    )

    def due(day: str):
        return client.get("/v1/bodies/deputy_chairmen/rotations-due", params={"as_of": day})

    assert (await due("2028-03-31")).json() == []  # the day before: not yet
    [row] = (await due("2028-04-01")).json()  # 24 months from 2026-04-01
    assert (row["term_id"], row["rotation_due_on"]) == (first["term_id"], "2028-04-01")
    assert row["recommendation"] == RECOMMENDATION and row["rotation_period_months"] == 24
    assert ids((await due("2029-07-01")).json()) == [first["term_id"], second["term_id"]]

    rotated = await end(client, app, first["term_id"], "2028-05-01", ground="rotation")
    assert rotated.status_code == 200, rotated.text
    successor = await appointed(
        client,
        app,
        "deputy_chairman_ethnocultural",
        member_id=await member(client, app),
        start_on="2028-05-01",
        document={"number": "ӨК-77", "date": "2028-04-25"},
        recommendation={"number": "Кеңес-19", "date": "2028-04-20"},
    )
    assert ids((await due("2028-04-30")).json()) == [first["term_id"]]
    assert (await due("2028-05-01")).json() == []
    assert ids((await due("2030-05-01")).json()) == [second["term_id"], successor["term_id"]]


async def test_a_regional_assembly_is_chaired_by_its_akim_who_need_not_be_a_member(client, app):
    created = await appointed(client, app, "regional_assembly_chair", region="abai", name=AKIM)
    assert created["body_key"] == "regional_assembly.abai"
    other = await appointed(client, app, "regional_assembly_chair", region="shymkent", name=EXPERT)
    abai = await client.get(
        "/v1/bodies/regional_assembly/holders", params={"as_of": "2026-04-01", "region": "abai"}
    )
    [row] = abai.json()
    assert (row["term_id"], row["name"], row["member_id"]) == (created["term_id"], AKIM, None)
    every = await client.get("/v1/bodies/regional_assembly/holders", params={"as_of": "2026-04-01"})
    assert sorted(ids(every.json())) == sorted([created["term_id"], other["term_id"]])

    second = await appoint(client, app, "regional_assembly_chair", region="abai", name=EXPERT)
    assert second.status_code == 422
    assert (second.json()["rule"], second.json()["reason_code"]) == (
        "Reg2024 §18",
        "post_seat_limit_reached",
    )
    unknown = await appoint(client, app, "regional_assembly_chair", region="semey", name=AKIM)
    assert unknown.status_code == 422
    assert (unknown.json()["rule"], unknown.json()["reason_code"]) == (
        "Reg2024 §18",
        "post_region_unknown",
    )


async def test_the_scientific_expert_council_elects_its_chair_from_its_members(client, app):
    """Reg2024 §22: chair and deputies elected at its meeting, from its members."""
    protocol = {"number": "ҒСК-1", "date": "2026-04-01"}
    not_yet = await appoint(
        client, app, "scientific_expert_council_chair", name=EXPERT, document=protocol
    )
    assert not_yet.status_code == 422
    assert (not_yet.json()["rule"], not_yet.json()["reason_code"]) == (
        "Reg2024 §22",
        "post_sec_officer_not_member",
    )
    membership = await appointed(client, app, "scientific_expert_council_member", name=EXPERT)
    insider = await member(client, app)
    await appointed(client, app, "scientific_expert_council_member", member_id=insider)
    chair = await appointed(
        client, app, "scientific_expert_council_chair", name=EXPERT, document=protocol
    )
    deputy = await appointed(
        client, app, "scientific_expert_council_deputy_chair", member_id=insider, document=protocol
    )
    holders = await client.get(
        "/v1/bodies/scientific_expert_council/holders", params={"as_of": "2026-04-01"}
    )
    posts = sorted(r["post"] for r in holders.json())
    assert posts == [
        "scientific_expert_council_chair",
        "scientific_expert_council_deputy_chair",
        "scientific_expert_council_member",
        "scientific_expert_council_member",
    ]
    left = await end(client, app, membership["term_id"], "2027-01-01", ground="resigned")
    assert left.status_code == 200 and left.json()["version"] == 6  # the chair's end, then hers
    chair_now = (await client.get(f"/v1/posts/{chair['term_id']}")).json()
    assert (chair_now["end_on"], chair_now["end_ground"]) == ("2027-01-01", "membership_ended")
    assert deputy["term_id"] in ids(
        (await client.get("/v1/posts", params={"as_of": "2027-01-01"})).json()
    )


async def test_five_senate_deputies_on_the_councils_proposal(client, app):
    """Reg2024 §5, §13: the President appoints five Senate deputies on the Council's proposal."""
    for _ in range(5):
        await appointed(client, app, "senate_deputy", member_id=await member(client, app))
    sixth = await appoint(client, app, "senate_deputy", member_id=await member(client, app))
    assert sixth.status_code == 422
    assert (sixth.json()["rule"], sixth.json()["reason_code"]) == (
        "Reg2024 §5, §13",
        "post_seat_limit_reached",
    )
    no_proposal = await appoint(
        client, app, "senate_deputy", member_id=await member(client, app), proposal=None
    )
    assert no_proposal.status_code == 422
    assert no_proposal.json()["reason_code"] == "post_council_proposal_required"
    rows = (
        await client.get("/v1/posts", params={"as_of": "2026-04-01", "body": "senate_deputies"})
    ).json()
    assert len(rows) == 5 and all(r["proposal"] == PROPOSAL for r in rows)


async def test_the_catalogue_of_bodies_names_posts_and_seats(client):
    catalogue = {
        b["body"]: b
        for b in (await client.get("/v1/bodies", params={"as_of": "2026-03-01"})).json()
    }
    assert set(catalogue) == {
        "council",
        "deputy_chairmen",
        "scientific_expert_council",
        "regional_assembly",
        "senate_deputies",
    }
    seats = {p["post"]: p["seats"] for p in catalogue["deputy_chairmen"]["posts"]}
    assert seats == {"deputy_chairman_head_of_secretariat": 1, "deputy_chairman_ethnocultural": 2}
    assert (catalogue["deputy_chairmen"]["seats"], catalogue["deputy_chairmen"]["rulebook"]) == (
        3,
        "Reg2024",
    )
    assert catalogue["council"]["name"]["kk"] == "Қазақстан халқы Ассамблеясының Кеңесі"
    assert len(catalogue["regional_assembly"]["regions"]) == 20
    [senate] = catalogue["senate_deputies"]["posts"]
    assert (senate["appointed_by"], senate["proposal"], senate["available_until"]) == (
        "president_on_council_proposal",
        True,
        "2026-07-01",
    )


async def test_the_bodies_as_of_2005_2015_and_2025_follow_their_own_rulebooks(client):
    """Reg2002 §7: two Deputy Chairmen, no rotation; Reg2011 §8, §10: three, two rotating, and
    nine Mazhilis deputies; Reg2024 §5, §13, §16: three, and five Senate deputies."""

    async def bodies(day: str) -> dict[str, dict]:
        rows = (await client.get("/v1/bodies", params={"as_of": day})).json()
        return {b["body"]: b for b in rows}

    old, middle, new = (
        await bodies("2005-06-01"),
        await bodies("2015-06-01"),
        await bodies("2025-06-01"),
    )
    assert [b["deputy_chairmen"]["seats"] for b in (old, middle, new)] == [2, 3, 3]
    assert [b["deputy_chairmen"]["seats_rule"] for b in (old, middle, new)] == [
        "Reg2002 §7",
        "Reg2011 §10",
        "Reg2024 §16",
    ]
    rotating = [
        {p["post"]: p["rotation"] for p in b["deputy_chairmen"]["posts"]}[
            "deputy_chairman_ethnocultural"
        ]
        for b in (old, middle, new)
    ]
    assert rotating == [False, True, True]
    assert "mazhilis_deputies" not in old and "senate_deputies" not in old  # 2007, 2022
    assert middle["mazhilis_deputies"]["posts"][0]["seats"] == 9
    assert "senate_deputies" not in middle and "mazhilis_deputies" not in new
    assert new["senate_deputies"]["posts"][0]["seats"] == 5
    assert "scientific_expert_council" not in old  # from 2009 (seeds/003)


# -- refusals -------------------------------------------------------------------------------


async def test_unknown_things_are_404(client, app):
    events = await count_events(app)
    unknown = str(uuid.uuid4())
    assert (await client.get(f"/v1/posts/{unknown}")).status_code == 404
    assert (await client.get(f"/v1/posts/members/{unknown}")).status_code == 404
    assert (await client.get("/v1/bodies/politburo/holders")).status_code == 404
    ended = await end(client, app, unknown, "2027-01-01")
    assert ended.status_code == 404 and ended.json()["code"] == "not_found"
    stranger = await appoint(client, app, "council_member", member_id=unknown)
    assert stranger.status_code == 404
    assert await count_events(app) == events
    member_id = await member(client, app)
    assert (await client.get(f"/v1/posts/members/{member_id}")).json() == []


async def test_only_the_chairman_or_the_secretariat_record_posts(client, app):
    member_id = await member(client, app)
    anonymous = await client.post(
        "/v1/posts",
        json={
            "post": "council_member",
            "member_id": member_id,
            "start_on": "2026-04-01",
            "document": ORDER,
        },
    )
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    as_member = await appoint(
        client,
        app,
        "council_member",
        headers={**auth(app, member_id, "member", "council_member"), "Accept-Language": "ru"},
        member_id=member_id,
    )
    assert as_member.status_code == 403
    assert as_member.json()["code"] == "forbidden"
    assert "Секретариат Ассамблеи" in as_member.json()["detail"]  # the role by its title
    term_id = (await appointed(client, app, "council_member", member_id=member_id))["term_id"]
    refused = await end(
        client, app, term_id, "2027-01-01", headers=auth(app, "d", "deputy_chairman")
    )
    assert refused.status_code == 403
    assert (await end(client, app, term_id, "2027-01-01", headers={})).status_code == 401
    assert await count_events(app, "body-council") == 1


async def test_bad_input_and_broken_rules_are_422_and_append_nothing(client, app):
    member_id = await member(client, app)
    events = await count_events(app)
    bad = await appoint(
        client,
        app,
        "chief_astrologer",
        member_id=member_id,
        start_on="someday",
        headers={**chairman(app), "Accept-Language": "kk"},
    )
    assert bad.status_code == 422
    assert {"body.post", "body.start_on"} <= {e["location"] for e in bad.json()["errors"]}
    both = await appoint(
        client, app, "scientific_expert_council_member", member_id=member_id, name=EXPERT
    )
    assert both.status_code == 422
    assert both.json()["reason_code"] == "post_holder_member_or_name"
    only_name = await appoint(
        client, app, "council_member", name=AKIM, headers={**chairman(app), "Accept-Language": "ru"}
    )
    assert only_name.status_code == 422
    problem = only_name.json()
    assert (problem["rule"], problem["reason_code"]) == ("Reg2024 §12", "post_requires_member")
    assert "Ассамблеи" in problem["reason"]
    before_inclusion = await appoint(
        client, app, "council_member", member_id=member_id, start_on="2026-03-01"
    )
    assert before_inclusion.status_code == 422
    assert before_inclusion.json()["reason_code"] == "post_holder_not_a_member"
    no_rotation = await appoint(
        client,
        app,
        "deputy_chairman_ethnocultural",
        member_id=member_id,
        rotation_period_months=None,
    )
    assert (no_rotation.status_code, no_rotation.json()["rule"]) == (422, "Reg2024 §16")
    assert await count_events(app) == events
    term_id = (await appointed(client, app, "council_member", member_id=member_id))["term_id"]
    inverted = await end(client, app, term_id, "2026-04-01")
    assert inverted.status_code == 422
    assert inverted.json()["reason_code"] == "post_term_end_not_after_start"


async def test_stale_changes_are_412_and_repeated_ones_409(client, app):
    member_id = await member(client, app)
    term_id = (await appointed(client, app, "council_member", member_id=member_id))["term_id"]
    stale = await end(
        client, app, term_id, "2027-01-01", headers={**secretariat(app), "If-Match": '"0"'}
    )
    assert stale.status_code == 412
    assert (stale.json()["code"], stale.json()["actual_version"]) == ("concurrency_conflict", 1)
    ok = await end(
        client, app, term_id, "2027-01-01", headers={**secretariat(app), "If-Match": '"1"'}
    )
    assert ok.status_code == 200, ok.text
    twice = await end(client, app, term_id, "2028-01-01")
    assert (twice.status_code, twice.json()["code"]) == (409, "post_term_already_ended")
    duplicate = await appoint(
        client, app, "council_member", member_id=member_id, start_on="2026-12-01"
    )
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "post_already_held")

    candidates = [await member(client, app) for _ in range(4)]
    responses = await asyncio.gather(
        *(
            appoint(
                client,
                app,
                "senate_deputy",
                member_id=m,
                headers={**chairman(app), "If-Match": '"0"'},
            )
            for m in candidates
        )
    )
    assert sorted(r.status_code for r in responses) == [201, 412, 412, 412]


async def test_concurrent_appointments_never_exceed_the_seats(client, app):
    """Reg2024 §16: two ethnocultural deputies, however many are recorded at once."""
    candidates = [await member(client, app) for _ in range(6)]
    responses = await asyncio.gather(
        *(appoint(client, app, "deputy_chairman_ethnocultural", member_id=m) for m in candidates)
    )
    assert {r.status_code for r in responses} <= {201, 409, 422}
    assert sum(r.status_code == 201 for r in responses) <= 2
    holders = await client.get("/v1/posts", params={"as_of": "2030-01-01"})
    assert len(holders.json()) == sum(r.status_code == 201 for r in responses)


async def test_a_retried_appointment_with_an_idempotency_key_appends_once(client, app):
    member_id = await member(client, app)
    headers = {**chairman(app), "Idempotency-Key": "appoint-council-1"}
    first = await appoint(client, app, "council_member", headers=headers, member_id=member_id)
    again = await appoint(client, app, "council_member", headers=headers, member_id=member_id)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert await count_events(app, "body-council") == 1


# -- events and the read model --------------------------------------------------------------


async def test_events_carry_bodies_posts_and_dates_and_nothing_personal(client, app):
    member_id = await member(client, app)
    term_id = (await appointed(client, app, "senate_deputy", member_id=member_id))["term_id"]
    await end(client, app, term_id, "2027-01-01", ground="term_expired")
    platform = app.state.platform
    async with platform.sessions() as db:
        rows = (
            await db.execute(
                text(
                    "SELECT event_type, data FROM events WHERE stream_id = 'body-senate_deputies'"
                    " ORDER BY version"
                )
            )
        ).all()
    (started_type, started), (ended_type, ended) = rows
    assert (started_type, ended_type) == ("PostTermStarted", "PostTermEnded")
    assert set(started) == {
        "term_id",
        "body",
        "region",
        "post",
        "member_id",
        "name",
        "start_on",
        "document",
        "rotation_period_months",
        "recommendation",
        "proposal",
    }
    assert started["name"] == {"kk": "Әлия Нұрланқызы", "ru": "Алия Нурлановна"}
    assert (started["body"], started["post"], started["start_on"]) == (
        "senate_deputies",
        "senate_deputy",
        "2026-04-01",
    )
    assert (ended["term_id"], ended["end_on"], ended["ground"]) == (
        term_id,
        "2027-01-01",
        "term_expired",
    )
    assert platform.registry.public_data("PostTermStarted", started) == started
    schemas = (await client.get("/v1/schemas/events")).json()
    assert {"PostTermStarted.v1", "PostTermEnded.v1"} <= set(schemas)


async def test_a_name_correction_shows_in_the_holders_and_a_rebuild_equals_the_live_tables(
    client, app
):
    members = [await member(client, app) for _ in range(3)]
    council = [
        (await appointed(client, app, "council_member", member_id=m))["term_id"] for m in members
    ]
    await end(client, app, council[0], "2026-10-01")
    await appointed(client, app, "deputy_chairman_ethnocultural", member_id=members[1])
    await appointed(client, app, "regional_assembly_chair", region="astana", name=AKIM)
    sec = await appointed(client, app, "scientific_expert_council_member", name=EXPERT)
    await appointed(
        client, app, "scientific_expert_council_chair", name=EXPERT, start_on="2026-05-01"
    )
    await end(client, app, sec["term_id"], "2027-01-01")
    renamed = await client.post(
        f"/v1/members/{members[2]}/name-corrections",
        json={"name": {"kk": "Жаңа Есім", "ru": "Новое Имя"}, "reason": "паспорт бойынша"},
        headers=secretariat(app),
    )
    assert renamed.status_code == 200, renamed.text
    term = (await client.get(f"/v1/posts/{council[2]}")).json()
    assert term["name"] == {"kk": "Жаңа Есім", "ru": "Новое Имя"}

    platform = app.state.platform
    queries = [
        text("SELECT * FROM post_terms ORDER BY term_id"),
        text("SELECT * FROM post_bodies ORDER BY body_key"),
    ]
    async with platform.sessions() as db:
        live = [[tuple(r) for r in await db.execute(q)] for q in queries]
    applied = await platform.projector.rebuild(platform.sessions, platform.store, "post_terms")
    assert applied == 11  # 3 + 1 + 1 + 1 + 1 appointments, 1 + 2 ends, 1 name correction
    async with platform.sessions() as db:
        rebuilt = [[tuple(r) for r in await db.execute(q)] for q in queries]
    assert rebuilt == live
    assert (len(live[0]), len(live[1])) == (7, 4)
