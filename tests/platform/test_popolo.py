"""The Popolo open data of a demo year, on real PostgreSQL: membership filled by the demo loader
(60 members, every body and region), a Session's sitting with an open and a roll-call vote,
a Council meeting with an adopted and a rejected decision; exported from the three event logs
and validated against the vendored Popolo schemas (Draft 3) with format checking on."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
import pytest_asyncio
from fastapi import FastAPI
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3
from sqlalchemy import text

from ops.audit.popolo import SCHEMA_FILES, popolo_from_databases, schemas
from ops.demo.api import Api, As, Counting
from ops.demo.membership import Membership
from ops.testing.services import (
    asgi_client,
    auth,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.council.main import create_app as create_council
from services.council.settings import CouncilSettings
from services.council.tests.conftest import add_council_members
from services.council.tests.integration.test_meetings_api import convene as convene_meeting
from services.council.tests.integration.test_meetings_api import open_with
from services.council.tests.integration.test_meetings_api import vote as council_vote
from services.membership.main import create_app as create_membership
from services.membership.settings import MembershipSettings
from services.sessions.main import create_app as create_sessions
from services.sessions.settings import SessionsSettings
from services.sessions.tests.integration.test_polls_api import open_poll, vote
from services.sessions.tests.integration.test_sessions_api import TODAY, chairman, secretariat
from shared.api.auth import mint_token

pytestmark = pytest.mark.integration

SITTING_DAY = TODAY - timedelta(days=5)
MEMBERS = 60
PRESENT = 45


def validator(schema_file: str) -> Draft3Validator:
    """A Draft 3 validator of one Popolo schema, its references resolved to the vendored files,
    formats checked (``date-time`` by rfc3339-validator)."""
    resources = [
        (content["id"].rstrip("#"), Resource(contents=content, specification=DRAFT3))
        for content in schemas().values()
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    return Draft3Validator(
        schemas()[schema_file], registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER
    )


def test_format_checking_is_on() -> None:
    motion = validator("motion.json")
    assert not motion.is_valid({"id": "m", "date": "2026-12-06"})  # a date is no date-time
    assert motion.is_valid({"id": "m", "date": "2026-12-06T05:31:00+05:00"})
    assert not validator("vote_event.json").is_valid({"counts": [{"option": "yes"}]})


@pytest_asyncio.fixture
async def apps(fresh_database: Any) -> AsyncIterator[dict[str, tuple[FastAPI, str]]]:
    out: dict[str, tuple[FastAPI, str]] = {}
    factories = {
        "membership": (create_membership, MembershipSettings),
        "sessions": (create_sessions, SessionsSettings),
        "council": (create_council, CouncilSettings),
    }
    urls = {name: await migrated_database(fresh_database, name) for name in factories}
    async with (
        running_app(factories["membership"][0](settings_for_test(MembershipSettings,
                                                                 urls["membership"]))) as m,
        running_app(factories["sessions"][0](settings_for_test(SessionsSettings,
                                                               urls["sessions"]))) as s,
        running_app(factories["council"][0](settings_for_test(CouncilSettings,
                                                              urls["council"]))) as c,
    ):  # fmt: skip
        out = {"membership": (m, urls["membership"]), "sessions": (s, urls["sessions"]),
               "council": (c, urls["council"])}  # fmt: skip
        yield out


async def _demo_membership(app: FastAPI) -> list[dict[str, Any]]:
    def token(caller: As) -> str:
        return mint_token(app.state.auth_settings, caller.subject, list(caller.roles))

    async with asgi_client(app, "membership") as client:
        api = Api({"membership": client}, token, seed=11, progress=Counting())
        await Membership(api, seed=11).run(MEMBERS, date(2022, 1, 10))
        roster = (await client.get("/v1/roster", params={"as_of": SITTING_DAY.isoformat()})).json()
        ended = roster["members"][-1]["member_id"]
        response = await client.post(
            f"/v1/members/{ended}/end",
            json={"ground": "own_wish", "effective_on": (SITTING_DAY + timedelta(1)).isoformat(),
                  "decision": {"number": "12-р", "date": SITTING_DAY.isoformat()}},
            headers=auth(app, "chairman-1", "chairman"),
        )  # fmt: skip
        assert response.status_code == 200, response.text
    members: list[dict[str, Any]] = roster["members"]
    return members


async def _sitting(app: FastAPI, roster: list[dict[str, Any]]) -> None:
    async with app.state.platform.sessions() as db, db.begin():
        for member in roster:
            await db.execute(
                text(
                    "INSERT INTO membership_replica (member_id, assembly, person_id, name_kk,"
                    " name_ru, region, joined_on)"
                    " VALUES (:id, 'national', :id, :kk, :ru, :region, :joined)"
                ),
                {"id": uuid.UUID(member["member_id"]), "kk": member["name_kk"],
                 "ru": member["name_ru"], "region": member["region"],
                 "joined": date.fromisoformat(member["included_on"])},
            )  # fmt: skip
    ids = [uuid.UUID(m["member_id"]) for m in roster]
    async with asgi_client(app, "sessions") as client:
        convened = await client.post(
            "/v1/sessions",
            json={"opens_on": SITTING_DAY.isoformat(), "place": "Астана",
                  "agenda": [{"kk": "Үндеу туралы", "ru": "Об Обращении"}],
                  "announced_on": (SITTING_DAY - timedelta(days=40)).isoformat()},
            headers=chairman(app),
        )  # fmt: skip
        session_id = uuid.UUID(convened.json()["id"])
        url = f"/v1/sessions/{session_id}"
        assert (await client.post(f"{url}/sitting/opening", headers=secretariat(app))).is_success
        for member_id in ids[:PRESENT]:
            await client.post(
                f"{url}/attendance", json={"member_id": str(member_id)}, headers=secretariat(app)
            )
        item = uuid.UUID((await client.get(url)).json()["agenda"][0]["item_id"])
        for method, voters in (("open", 40), ("roll_call", 20)):
            poll = await open_poll(client, app, session_id, item, method)
            for n, member_id in enumerate(ids[:voters]):
                choice = ("for", "against", "abstain")[n % 3]
                assert (await vote(client, app, poll, member_id, choice)).status_code == 201
            assert (await client.post(f"/v1/polls/{poll}/closing",
                                      headers=secretariat(app))).is_success  # fmt: skip
        assert (await client.post(f"{url}/sitting/closing", headers=secretariat(app))).is_success


async def _meeting(app: FastAPI) -> None:
    members = await add_council_members(app, 9)
    async with asgi_client(app, "council") as client:
        meeting_id, items = await convene_meeting(client, app, number="17")
        await open_with(client, app, meeting_id, members[:7])
        adopted = await council_vote(client, app, meeting_id, items[0], {"kind": "other"}, 6, 1)
        assert adopted.json()["status"] == "adopted", adopted.text
        rejected = await council_vote(client, app, meeting_id, items[1], {"kind": "other"}, 4, 3)
        assert rejected.json()["status"] == "rejected", rejected.text
        closing = f"/v1/council/meetings/{meeting_id}/closing"
        assert (await client.post(closing, headers=auth(app, "s", "secretariat"))).is_success


async def test_the_popolo_export_of_a_demo_year_is_valid_and_complete(
    apps: dict[str, tuple[FastAPI, str]],
) -> None:
    roster = await _demo_membership(apps["membership"][0])
    await _sitting(apps["sessions"][0], roster)
    await _meeting(apps["council"][0])
    document = await popolo_from_databases(*(apps[s][1] for s in ("membership", "sessions",
                                                                   "council")))  # fmt: skip

    errors = []
    for collection, schema_file in SCHEMA_FILES.items():
        check = validator(schema_file)
        assert document[collection], collection
        for item in document[collection]:
            errors += [
                f"{collection} {item.get('id')}: {e.message}" for e in check.iter_errors(item)
            ]
    assert errors == []

    organizations = {o["id"]: o for o in document["organizations"]}
    for body in ("apk", "apk/council", "apk/secretariat", "apk/regional_assembly/abai"):
        names = {n["note"]: n["name"] for n in organizations[body]["other_names"]}
        assert organizations[body]["name"] != body and set(names) == {"ru", "en"}, body
    regional = [o for o in organizations.values() if o["classification"] == "regional_assembly"]
    assert len(regional) == 20 and all(o["area_id"] in {a["id"] for a in document["areas"]}
                                        for o in regional)  # fmt: skip
    assert organizations["apk/regional_assembly/karaganda"]["other_names"][0]["name"] == (
        "Ассамблея Карагандинской области"
    )
    assert all(not p["label"].islower() or " " in p["label"] for p in document["posts"])
    assert {p["other_label"][0] for p in document["posts"]} >= {"Член Совета Ассамблеи"}
    person = next(p for p in document["persons"] if p["id"] == roster[0]["member_id"])
    assert {"given_name", "family_name", "sort_name"} <= set(person)
    assert person["sort_name"].startswith(person["family_name"])
    ended = next(m for m in document["memberships"] if m["person_id"] == roster[-1]["member_id"])
    assert ended["end_reason"] == "own wish" and "end_date" in ended

    events = {e["classification"]: e for e in document["events"]}
    sitting, meeting = events["regular session sitting"], events["council meeting"]
    assert sitting["attendance"]["present"] == PRESENT and "end_date" in sitting
    assert meeting["organization_id"] == "apk/council" and meeting["attendance"]["total"] == 9
    by_event: dict[str, list[dict[str, Any]]] = {}
    for vote_event in document["vote_events"]:
        by_event.setdefault(vote_event["legislative_session_id"], []).append(vote_event)
    open_vote = next(v for v in by_event[sitting["id"]] if v["classification"] == "open vote")
    counts = {c["option"]: c["value"] for c in open_vote["counts"]}
    assert counts == {"yes": 14, "no": 13, "abstain": 13, "not voting": 5,
                      "absent": len(roster) - PRESENT}  # fmt: skip
    council_votes = by_event[meeting["id"]]
    assert sorted(v["result"] for v in council_votes) == ["fail", "pass"]
    assert {c["option"]: c["value"] for c in council_votes[0]["counts"]}["absent"] == 2
    assert all(m.get("result") in ("pass", "fail") for m in document["motions"])
    assert "iin" not in str(document).lower().replace("iin check", "")
