"""A regional assembly's Sessions on real PostgreSQL, through HTTP and the real membership
consumer: its own roster (the membership replica fed by ``MemberIncluded`` carrying the
assembly), its own quorum and majority (Law 2008 Art. 14, the national thresholds of Reg2024
§9–10), its own token, and the national Assembly's quorum on the same day unchanged."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.sessions.application.ballot_intake import BallotIntake
from services.sessions.consumers.membership import HANDLERS, MEMBERSHIP_TOPIC
from services.sessions.tests.conftest import add_to_roster, auth
from services.sessions.tests.integration.test_polls_api import MOTION, vote
from services.sessions.tests.integration.test_secret_ballot_api import turnout
from services.sessions.tests.integration.test_sessions_api import (
    AGENDA,
    TODAY,
    chairman,
    detail,
    member,
    problem,
    secretariat,
)
from shared.api.auth import mint_token
from shared.assemblies import roster_of
from shared.context import Actor
from shared.messaging.envelope import InboundEvent


def regional(app: FastAPI, region: str) -> dict[str, str]:
    """A regional assembly's token (the akimat's secretariat of the region's assembly)."""
    token = mint_token(
        app.state.auth_settings, f"akimat-{region}", ["regional_assembly"], region=region
    )
    return {"Authorization": f"Bearer {token}"}


def officials(app: FastAPI) -> dict[str, str]:
    """The Chairman's and the Secretariat's powers in one token (they act for every assembly)."""
    return auth(app, "officials-1", "chairman", "secretariat")


async def deliver(app: FastAPI, event_type: str, data: dict[str, Any]) -> None:
    """One ``kelisim.membership.v1`` event applied by the service's own consumer handler."""
    handler = app.state.platform.consumer.handlers[MEMBERSHIP_TOPIC][event_type]
    assert handler is HANDLERS[event_type]
    stream_id = f"member-{data.get('member_id', data.get('code'))}"
    message = InboundEvent(
        topic=MEMBERSHIP_TOPIC, partition=0, offset=0, event_id=uuid.uuid4(),
        event_type=event_type, schema_version=3, stream_id=stream_id,
        stream_type="member", version=1, global_position=1, recorded_at="2026-01-01T00:00:00Z",
        data=data, metadata={"actor": "test", "correlation_id": "test"},
    )  # fmt: skip
    async with app.state.platform.runner.unit_of_work(Actor.system("test")) as uow:
        await handler(message, uow)
        await uow.commit()


async def include(
    app: FastAPI, count: int, assembly: str | None, on: date = date(2020, 1, 1)
) -> list[uuid.UUID]:
    """``count`` memberships of ``assembly`` (None: a v2 event without one, national)."""
    ids = [uuid.uuid4() for _ in range(count)]
    for n, member_id in enumerate(ids):
        data: dict[str, Any] = {
            "member_id": str(member_id),
            "name": {"kk": f"Мүше {assembly} {n:02d}", "ru": f"Член {assembly} {n:02d}"},
            "region": assembly,
            "effective_on": on.isoformat(),
        }
        if assembly is not None:
            data |= {"assembly": assembly, "person_id": str(uuid.uuid4())}
        await deliver(app, "MemberIncluded", data)
    return ids


async def convene(
    client: httpx.AsyncClient, headers: dict[str, str], assembly: str
) -> httpx.Response:
    return await client.post(
        "/v1/sessions",
        json={
            "assembly": assembly,
            "opens_on": (TODAY - timedelta(days=5)).isoformat(),
            "place": "Семей, облыс әкімдігі",
            "agenda": AGENDA,
            "announced_on": (TODAY - timedelta(days=40)).isoformat(),
        },
        headers=headers,
    )


async def open_sitting(
    client: httpx.AsyncClient, headers: dict[str, str], assembly: str
) -> uuid.UUID:
    convened = await convene(client, headers, assembly)
    assert convened.status_code == 201, convened.text
    session_id = uuid.UUID(convened.json()["id"])
    opened = await client.post(f"/v1/sessions/{session_id}/sitting/opening", headers=headers)
    assert opened.status_code == 200, opened.text
    return session_id


async def attend(
    client: httpx.AsyncClient, headers: dict[str, str], session_id: uuid.UUID, member_id: uuid.UUID
) -> httpx.Response:
    return await client.post(
        f"/v1/sessions/{session_id}/attendance",
        json={"member_id": str(member_id)},
        headers=headers,
    )


async def test_a_regional_session_of_45_is_quorate_at_30_and_the_national_one_unchanged(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Law 2008 Art. 14 (the national threshold of Reg2024 §9): two thirds of the regional
    assembly's own 45 members; the national Session the same day counts the national roster."""
    abai = await include(app, 45, "abai")
    national = await include(app, 60, None)  # older events: national memberships
    await include(app, 7, "astana")
    roster = (await client.get("/v1/roster", params={"assembly": "abai"})).json()
    assert (roster["assembly"], roster["total"]) == ("abai", 45)
    assert {m["assembly"] for m in roster["members"]} == {"abai"}
    assert (await client.get("/v1/roster")).json()["total"] == 60

    akimat = regional(app, "abai")
    session_id = await open_sitting(client, akimat, "abai")
    national_id = await open_sitting(client, officials(app), "apk")
    for member_id in abai[:29]:
        registered = await attend(client, akimat, session_id, member_id)
        assert registered.status_code == 200, registered.text
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["total"], quorum["required"]) == (29, 45, 30)
    assert (quorum["quorate"], quorum["rule"]) == (False, "Law 2008 Art. 14")
    no_quorum = problem(
        await client.post(
            f"/v1/sessions/{session_id}/polls",
            json={"item_id": (await detail(client, session_id))["agenda"][0]["item_id"],
                  "method": "open", "motion": MOTION},
            headers=akimat,
        ),
        422,
    )  # fmt: skip
    assert no_quorum["rule"] == "Law 2008 Art. 14"

    assert (await attend(client, akimat, session_id, abai[29])).status_code == 200
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["total"], quorum["quorate"]) == (30, 45, True)

    # a national member is on no roster of Abai, an Abai member on none of the national Session
    refused = problem(await attend(client, akimat, session_id, national[0]), 422)
    assert refused["reason_code"] == "not_on_roster"
    refused = problem(await attend(client, secretariat(app), national_id, abai[30]), 422)
    assert refused["reason_code"] == "not_on_roster"
    for member_id in national[:39]:
        assert (await attend(client, secretariat(app), national_id, member_id)).status_code == 200
    same_day = (await detail(client, national_id))["quorum"]
    assert same_day["sitting_on"] == quorum["sitting_on"]
    assert (same_day["present"], same_day["total"], same_day["required"]) == (39, 60, 40)
    assert (same_day["quorate"], same_day["rule"]) == (False, "Reg2024 §9")


async def test_a_regional_session_adopts_a_decision_carrying_its_assembly(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """More than half of those present (Law 2008 Art. 14, the national Reg2024 §10): 30
    present, 16 for adopts; the decision, its event and the lists carry the assembly."""
    abai = await include(app, 45, "abai")
    akimat = regional(app, "abai")
    session_id = await open_sitting(client, akimat, "abai")
    for member_id in abai[:30]:
        assert (await attend(client, akimat, session_id, member_id)).status_code == 200
    item_id = (await detail(client, session_id))["agenda"][0]["item_id"]
    opened = await client.post(
        f"/v1/sessions/{session_id}/polls",
        json={"item_id": item_id, "method": "roll_call", "motion": MOTION},
        headers=akimat,
    )
    assert opened.status_code == 201, opened.text
    poll_id = uuid.UUID(opened.json()["id"])
    for n, member_id in enumerate(abai[:30]):
        cast = await vote(client, app, poll_id, member_id, "for" if n < 16 else "against")
        assert cast.status_code == 201, cast.text
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=akimat)
    assert closed.status_code == 200 and closed.json()["status"] == "adopted", closed.text

    [decision] = (await client.get("/v1/decisions", params={"assembly": "abai"})).json()
    assert (decision["assembly"], decision["session_id"]) == ("abai", str(session_id))
    assert (decision["present"], decision["required"], decision["votes_for"]) == (30, 16, 16)
    assert decision["rule"] == "Law 2008 Art. 14"
    assert (await client.get("/v1/decisions", params={"assembly": "apk"})).json() == []
    [listed] = (await client.get("/v1/sessions", params={"assembly": "abai"})).json()
    assert (listed["session_id"], listed["assembly"]) == (str(session_id), "abai")

    async with app.state.platform.sessions() as db:
        published = await db.scalar(
            text(
                "SELECT data->>'assembly' FROM events WHERE event_type = 'DecisionAdopted'"
                " AND data->>'decision_id' = :d"
            ),
            {"d": decision["decision_id"]},
        )
    assert published == "abai"
    schema = app.state.platform.registry.json_schemas()["DecisionAdopted.v1"]
    assert "assembly" in schema["required"]

    # its protocol is headed by the assembly and lists its members of the day, present and
    # absent, and no others
    await include(app, 5, None)
    await deliver(app, "RegionRegistered", {
        "code": "abai", "name": {"kk": "Абай облысы", "ru": "область Абай"}})  # fmt: skip
    draft = await client.get(
        f"/v1/sessions/{session_id}/protocol", params={"lang": "ru"}, headers=secretariat(app)
    )
    assert draft.status_code == 200, draft.text
    assert "00 Член abai" in draft.text and "44 Член abai" in draft.text  # 44: absent
    assert "Член None" not in draft.text
    assert "Ассамблея народа Казахстана: область Абай" in draft.text


async def test_a_regional_token_acts_for_its_own_assembly_only(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Reg2024 §18–19: a regional assembly acts for itself; the national officials for all."""
    await add_to_roster(app, 3, assembly="astana")
    refused = problem(await convene(client, regional(app, "abai"), "astana"), 403)
    assert refused["reason_code"] == "assembly_scope"
    refused = problem(await convene(client, regional(app, "abai"), "apk"), 403)
    assert refused["reason_code"] == "assembly_scope"
    assert (await convene(client, chairman(app), "astana")).status_code == 201
    assert (await convene(client, regional(app, "astana"), "astana")).status_code == 201
    refused = problem(await convene(client, member(app, uuid.uuid4()), "astana"), 403)
    assert refused["reason_code"] == "role_required"

    national_id = await open_sitting(client, officials(app), "apk")
    [member_id] = await add_to_roster(app, 1)
    refused = problem(await attend(client, regional(app, "astana"), national_id, member_id), 403)
    assert refused["reason_code"] == "assembly_scope"
    assert (await detail(client, national_id))["quorum"]["present"] == 0


async def test_sessions_held_per_assembly_in_a_year(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await include(app, 3, "abai")
    await include(app, 3, "shymkent")
    for assembly in ("abai", "abai", "shymkent", "apk"):
        await open_sitting(client, officials(app), assembly)
    await convene(client, chairman(app), "zhetisu")  # convened, never sat: not held
    found = (await client.get("/v1/sessions/by-assembly", params={"year": TODAY.year})).json()
    held = {row["assembly"]: row["held"] for row in found["assemblies"]}
    assert len(held) == 21 and found["assemblies"][0]["assembly"] == "national"
    assert (held["national"], held["abai"], held["shymkent"], held["zhetisu"]) == (1, 2, 1, 0)
    assert len(found["without_session"]) == 18
    assert {"abai", "shymkent", "national"}.isdisjoint(found["without_session"])
    earlier = await client.get("/v1/sessions/by-assembly", params={"year": TODAY.year - 1})
    assert len(earlier.json()["without_session"]) == 21


async def test_the_replica_keeps_memberships_by_assembly_and_person(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """One person in two assemblies: two memberships, one person; an ended regional membership
    leaves the national one standing (the roster of each assembly on each day)."""
    person, national, regional_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    name = {"kk": "Әлия Сәрсенова", "ru": "Алия Сарсенова"}
    await deliver(app, "MemberIncluded", {
        "member_id": str(national), "name": name, "region": "abai", "effective_on": "2024-01-10",
        "assembly": "national", "person_id": str(person)})  # fmt: skip
    await deliver(app, "MemberIncluded", {
        "member_id": str(regional_id), "name": name, "region": "abai",
        "effective_on": "2024-03-01", "assembly": "abai", "person_id": str(person)})  # fmt: skip
    await deliver(app, "MembershipEnded", {
        "member_id": str(regional_id), "effective_on": "2025-05-01"})  # fmt: skip

    async def roster_of(assembly: str, day: str) -> list[dict[str, Any]]:
        found = await client.get("/v1/roster", params={"assembly": assembly, "as_of": day})
        members: list[dict[str, Any]] = found.json()["members"]
        return members

    [both] = await roster_of("abai", "2025-04-30")
    assert (both["member_id"], both["person_id"]) == (str(regional_id), str(person))
    assert await roster_of("abai", "2025-05-01") == []
    [still] = await roster_of("national", "2025-05-01")
    assert (still["member_id"], still["person_id"], still["assembly"]) == (
        str(national), str(person), "national")  # fmt: skip
    async with app.state.platform.sessions() as db:
        changes = await db.scalar(
            text("SELECT count(*) FROM roster_changes WHERE member_id = :m"), {"m": regional_id}
        )
    assert changes == 2


async def test_a_regional_secret_ballot_counts_the_regions_members_present(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """A secret ballot at a regional sitting (Reg2024 §10; Law 2008 Art. 14): 15 for of 30
    present is not more than half; the regional token closes it and the box is published."""
    abai = await include(app, 45, "abai")
    akimat = regional(app, "abai")
    session_id = await open_sitting(client, akimat, "abai")
    for member_id in abai[:30]:
        assert (await attend(client, akimat, session_id, member_id)).status_code == 200
    item_id = (await detail(client, session_id))["agenda"][0]["item_id"]
    opened = await client.post(
        f"/v1/sessions/{session_id}/polls",
        json={"item_id": item_id, "method": "secret", "motion": MOTION},
        headers=akimat,
    )
    assert opened.status_code == 201, opened.text
    poll_id = uuid.UUID(opened.json()["id"])
    choices = dict(zip(abai[:30], ["for"] * 15 + ["against"] * 15, strict=True))
    sent = [asyncio.ensure_future(vote(client, app, poll_id, m, c)) for m, c in choices.items()]
    refused = problem(await client.post(f"/v1/polls/{poll_id}/closing",
                                        headers=regional(app, "astana")), 403)  # fmt: skip
    assert refused["reason_code"] == "assembly_scope"
    intake = app.state.platform.part(BallotIntake)
    for _ in range(3000):  # every ballot committed or waiting for its batch (bounded)
        if await turnout(client, poll_id) + intake.waiting(poll_id) == 30:
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("the 30 ballots neither committed nor waiting for their batch")
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=akimat)
    assert closed.status_code == 200, closed.text
    assert [a.status_code for a in await asyncio.gather(*sent)] == [201] * 30
    result = (await client.get(f"/v1/polls/{poll_id}")).json()
    assert (result["votes_for"], result["against"], result["present"]) == (15, 15, 30)
    assert (result["required"], result["rule"]) == (16, "Law 2008 Art. 14")
    assert closed.json()["status"] == "rejected"
    assert len((await client.get(f"/v1/polls/{poll_id}/ballots")).json()) == 30
    assert (await client.get("/v1/decisions", params={"assembly": "abai"})).json() == []


async def adopt(
    client: httpx.AsyncClient, app: FastAPI, headers: dict[str, str], assembly: str
) -> uuid.UUID:
    """A Session of ``assembly`` whose three members all attend and adopt a decision."""
    members = await add_to_roster(app, 3, assembly=roster_of(assembly))
    session_id = await open_sitting(client, headers, assembly)
    for member_id in members:
        assert (await attend(client, headers, session_id, member_id)).status_code == 200
    item_id = (await detail(client, session_id))["agenda"][0]["item_id"]
    opened = await client.post(
        f"/v1/sessions/{session_id}/polls",
        json={"item_id": item_id, "method": "roll_call", "motion": MOTION},
        headers=headers,
    )
    assert opened.status_code == 201, opened.text
    poll_id = uuid.UUID(opened.json()["id"])
    for member_id in members:
        assert (await vote(client, app, poll_id, member_id, "for")).status_code == 201
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=headers)
    assert closed.status_code == 200 and closed.json()["status"] == "adopted", closed.text
    requested = await client.post(
        "/v1/session-requests",
        json={"reason": "Шұғыл мәселе", "agenda": AGENDA, "assembly": assembly},
        headers=member(app, members[0]),
    )
    assert requested.status_code == 201, requested.text
    return session_id


async def test_an_assembly_filter_finds_the_national_assembly_by_any_of_its_codes(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Memberships and rosters name the national Assembly ``national``, its Sessions record
    its rulebooks' code (``apk``, ``hk`` after the succession): ``?assembly=`` matches by
    ``shared.assemblies.codes_of``, so ``national`` finds the national Assembly's Sessions,
    decisions and members' requests, and a region's code its own assembly's only."""
    national_id = await adopt(client, app, officials(app), "apk")
    abai_id = await adopt(client, app, regional(app, "abai"), "abai")
    reader = secretariat(app)
    for url in ("/v1/sessions", "/v1/decisions", "/v1/session-requests"):
        found: dict[str | None, list[tuple[str, str | None]]] = {}
        for query in ("national", "apk", "hk", "abai", None):
            params = {} if query is None else {"assembly": query}
            answer = await client.get(url, params=params, headers=reader)
            assert answer.status_code == 200, answer.text
            found[query] = sorted((r["assembly"], r.get("session_id")) for r in answer.json())
        if url == "/v1/session-requests":  # a request names no Session until one is convened
            assert found["national"] == [("apk", None)], url
            assert found["abai"] == [("abai", None)], url
        else:
            assert found["national"] == [("apk", str(national_id))], url
            assert found["abai"] == [("abai", str(abai_id))], url
        assert found["apk"] == found["hk"] == found["national"], url
        assert found[None] == sorted(found["national"] + found["abai"]), url
