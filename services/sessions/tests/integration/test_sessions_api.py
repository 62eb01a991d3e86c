"""The sessions API on real PostgreSQL: permissions, refusals citing their rule, the live
quorum, members' requests, the agenda and the yearly compliance query."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from services.sessions.tests.conftest import add_to_roster, auth
from shared.clock import Clock, FixedClock

TODAY = Clock().today()  # the Kazakhstan day, as the services date acts
AGENDA = [{"kk": "Ассамблеяның даму тұжырымдамасы", "ru": "Концепция развития Ассамблеи"}]


def chairman(app: FastAPI) -> dict[str, str]:
    return auth(app, "chairman-1", "chairman")


def secretariat(app: FastAPI) -> dict[str, str]:
    return auth(app, "secretariat-1", "secretariat")


def member(app: FastAPI, member_id: uuid.UUID) -> dict[str, str]:
    return auth(app, str(member_id), "member")


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def convene(
    client: httpx.AsyncClient, app: FastAPI, announced_on: date, opens_on: date
) -> uuid.UUID:
    response = await client.post(
        "/v1/sessions",
        json={
            "opens_on": opens_on.isoformat(),
            "place": "Астана, Тәуелсіздік сарайы",
            "agenda": AGENDA,
            "announced_on": announced_on.isoformat(),
        },
        headers=chairman(app),
    )
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["id"])


async def open_session(client: httpx.AsyncClient, app: FastAPI) -> uuid.UUID:
    """A Session convened in the past whose sitting opens today."""
    session_id = await convene(client, app, TODAY - timedelta(days=40), TODAY - timedelta(days=5))
    response = await client.post(
        f"/v1/sessions/{session_id}/sitting/opening", headers=secretariat(app)
    )
    assert response.status_code == 200, response.text
    return session_id


async def detail(
    client: httpx.AsyncClient, session_id: uuid.UUID, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    response = await client.get(f"/v1/sessions/{session_id}", headers=headers or {})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- convening ---------------------------------------------------------------------------------


async def test_only_the_chairman_convenes(client: httpx.AsyncClient, app: FastAPI) -> None:
    body = {"opens_on": (TODAY + timedelta(days=30)).isoformat(), "place": "А", "agenda": AGENDA}
    problem(await client.post("/v1/sessions", json=body), 401)
    problem(await client.post("/v1/sessions", json=body, headers=member(app, uuid.uuid4())), 403)
    problem(await client.post("/v1/sessions", json=body, headers=secretariat(app)), 403)
    response = await client.post("/v1/sessions", json=body, headers=chairman(app))
    assert response.status_code == 201 and response.json()["status"] == "convened"


async def test_notice_of_29_days_is_refused_and_30_accepted(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    body = {"opens_on": (TODAY + timedelta(days=29)).isoformat(), "place": "А", "agenda": AGENDA}
    refused = problem(await client.post("/v1/sessions", json=body, headers=chairman(app)), 422)
    assert refused["rule"] == "Reg2002 §8"
    assert refused["reason_code"] == "insufficient_notice"
    body["opens_on"] = (TODAY + timedelta(days=30)).isoformat()
    session_id = uuid.UUID(
        (await client.post("/v1/sessions", json=body, headers=chairman(app))).json()["id"]
    )
    # The public reads Sessions: the rulebook and the rule applied are on the record.
    found = await detail(client, session_id)
    assert found["kind"] == "regular" and found["status"] == "convened"
    assert (found["rulebook"], found["rule"]) == ("Reg2024", "Reg2002 §8")
    assert found["agenda"][0]["title_ru"] == AGENDA[0]["ru"]
    assert found["agenda"][0]["provisional"] and found["quorum"] is None
    assert found["attendance"] is None  # the public sees no names
    listed = (await client.get("/v1/sessions", params={"year": body["opens_on"][:4]})).json()
    assert [s["session_id"] for s in listed] == [str(session_id)]


async def test_bad_input_unknown_ids_and_future_dates(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    problem(
        await client.post(
            "/v1/sessions", json={"place": "А", "agenda": AGENDA}, headers=chairman(app)
        ),
        422,
    )
    body = {
        "opens_on": (TODAY + timedelta(days=60)).isoformat(),
        "place": "А",
        "agenda": AGENDA,
        "announced_on": (TODAY + timedelta(days=1)).isoformat(),
    }
    future = problem(await client.post("/v1/sessions", json=body, headers=chairman(app)), 422)
    assert future["reason_code"] == "date_in_future"
    unknown = uuid.uuid4()
    problem(await client.get(f"/v1/sessions/{unknown}"), 404)
    problem(
        await client.post(f"/v1/sessions/{unknown}/sitting/opening", headers=secretariat(app)),
        404,
    )
    problem(await client.get(f"/v1/session-requests/{unknown}", headers=chairman(app)), 404)


async def test_postponement_and_cancellation_with_reasons(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id = await convene(client, app, TODAY - timedelta(days=10), TODAY + timedelta(days=20))
    url = f"/v1/sessions/{session_id}"
    later = (TODAY + timedelta(days=45)).isoformat()
    problem(
        await client.post(
            f"{url}/postponement",
            json={"opens_on": later, "reason": "r"},
            headers=secretariat(app),
        ),
        403,
    )
    too_soon = problem(
        await client.post(
            f"{url}/postponement",
            json={"opens_on": (TODAY + timedelta(days=29)).isoformat(), "reason": "r"},
            headers=chairman(app),
        ),
        422,
    )
    assert too_soon["rule"] == "Reg2002 §8"  # the new date is announced now: a month again
    stale = await client.post(
        f"{url}/postponement",
        json={"opens_on": later, "reason": "Төрағаның өкімі"},
        headers={**chairman(app), "If-Match": '"7"'},
    )
    problem(stale, 412)
    response = await client.post(
        f"{url}/postponement",
        json={"opens_on": later, "reason": "Төрағаның өкімі"},
        headers={**chairman(app), "If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    found = await detail(client, session_id)
    assert found["opens_on"] == later and found["postponements"] == 1
    assert found["postponements_history"][0]["reason"] == "Төрағаның өкімі"

    problem(await client.post(f"{url}/cancellation", json={}, headers=chairman(app)), 422)
    response = await client.post(
        f"{url}/cancellation", json={"reason": "Төтенше жағдай"}, headers=chairman(app)
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    found = await detail(client, session_id)
    assert found["status"] == "cancelled" and found["cancel_reason"] == "Төтенше жағдай"
    refused = problem(await client.post(f"{url}/sitting/opening", headers=secretariat(app)), 409)
    assert refused["code"] == "session_cancelled"


# -- the sitting, attendance and the live quorum ---------------------------------------------


async def test_live_quorum_appears_and_disappears(client: httpx.AsyncClient, app: FastAPI) -> None:
    members = await add_to_roster(app, 6)  # two thirds of 6: at least 4
    await add_to_roster(app, 1, joined_on=date(2020, 1, 1), left_on=date(2021, 1, 1))
    (outsider,) = await add_to_roster(app, 1, joined_on=TODAY + timedelta(days=1))
    session_id = await convene(client, app, TODAY - timedelta(days=40), TODAY - timedelta(days=5))
    url = f"/v1/sessions/{session_id}"
    problem(await client.post(f"{url}/sitting/opening", headers=chairman(app)), 403)
    attend = {"member_id": str(members[0])}
    not_open = problem(
        await client.post(f"{url}/attendance", json=attend, headers=secretariat(app)), 422
    )
    assert not_open["rule"] == "Reg2024 §7"
    assert (await client.post(f"{url}/sitting/opening", headers=secretariat(app))).is_success
    problem(await client.post(f"{url}/sitting/opening", headers=secretariat(app)), 409)

    quorum = (await detail(client, session_id))["quorum"]
    assert quorum == {
        "sitting_on": TODAY.isoformat(),  # the day it opened, not the day it was set for
        "open": True,
        "present": 0,
        "total": 6,
        "required": 4,
        "quorate": False,
        "rulebook": "Reg2024",
        "rule": "Reg2024 §9",
        "provisional": False,
    }
    for member_id in members[:3]:  # the Secretariat registers anyone on the roster
        response = await client.post(
            f"{url}/attendance", json={"member_id": str(member_id)}, headers=secretariat(app)
        )
        assert response.status_code == 200, response.text
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["quorate"]) == (3, False)

    # A member registers only themself.
    problem(
        await client.post(
            f"{url}/attendance",
            json={"member_id": str(members[4])},
            headers=member(app, members[3]),
        ),
        403,
    )
    problem(
        await client.post(
            f"{url}/attendance", json={"member_id": str(members[3])}, headers=auth(app, "x")
        ),
        403,
    )
    problem(await client.post(f"{url}/attendance", json={"member_id": str(members[3])}), 401)
    response = await client.post(
        f"{url}/attendance", json={"member_id": str(members[3])}, headers=member(app, members[3])
    )
    assert response.status_code == 200, response.text
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["required"], quorum["quorate"]) == (4, 4, True)

    twice = problem(
        await client.post(f"{url}/attendance", json=attend, headers=secretariat(app)), 409
    )
    assert twice["code"] == "attendance_already_registered"
    off_roster = problem(
        await client.post(
            f"{url}/attendance", json={"member_id": str(outsider)}, headers=secretariat(app)
        ),
        422,
    )
    assert (off_roster["rule"], off_roster["reason_code"]) == ("Reg2024 §7", "not_on_roster")

    # One leaves: the quorum is gone; registered again: it is back.
    withdraw = f"{url}/attendance/{members[3]}/withdrawal"
    problem(await client.post(withdraw, headers=member(app, members[0])), 403)
    assert (await client.post(withdraw, headers=member(app, members[3]))).is_success
    problem(await client.post(withdraw, headers=secretariat(app)), 409)
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["quorate"]) == (3, False)
    response = await client.post(
        f"{url}/attendance", json={"member_id": str(members[3])}, headers=secretariat(app)
    )
    assert response.is_success
    assert (await detail(client, session_id))["quorum"]["quorate"] is True

    seen = await detail(client, session_id, auth(app, "auditor-1", "auditor"))
    by = {a["member_id"]: a for a in seen["attendance"]}
    assert by[str(members[3])]["registered_by"] == "secretariat" and by[str(members[3])]["present"]
    assert by[str(members[0])]["name_kk"] == "Мүше 000"

    assert (await client.post(f"{url}/sitting/closing", headers=secretariat(app))).is_success
    found = await detail(client, session_id)
    assert found["status"] == "held" and found["quorum"]["open"] is False
    late = problem(
        await client.post(
            f"{url}/attendance", json={"member_id": str(members[5])}, headers=secretariat(app)
        ),
        422,
    )
    assert late["reason_code"] == "sitting_not_open"


async def test_the_sitting_does_not_open_before_the_session_date(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    session_id = await convene(client, app, TODAY, TODAY + timedelta(days=30))
    early = problem(
        await client.post(f"/v1/sessions/{session_id}/sitting/opening", headers=secretariat(app)),
        422,
    )
    assert (early["rule"], early["reason_code"]) == ("Reg2002 §8", "sitting_before_session_date")


async def test_extraordinary_session_on_the_chairmans_initiative_within_a_month(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    body = {"opens_on": (TODAY + timedelta(days=31)).isoformat(), "place": "А", "agenda": AGENDA}
    problem(await client.post("/v1/sessions/extraordinary", json=body), 401)
    late = problem(
        await client.post("/v1/sessions/extraordinary", json=body, headers=chairman(app)), 422
    )
    assert (late["rule"], late["reason_code"]) == ("Reg2002 §8", "extraordinary_too_late")
    body["opens_on"] = (TODAY + timedelta(days=30)).isoformat()
    response = await client.post("/v1/sessions/extraordinary", json=body, headers=chairman(app))
    assert response.status_code == 201, response.text
    found = await detail(client, uuid.UUID(response.json()["id"]))
    assert (found["kind"], found["initiative"]) == ("extraordinary", "chairman")
    assert found["deadline"] == body["opens_on"]


async def test_a_members_request_reaches_a_third_and_convenes_a_session(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_to_roster(app, 6)  # a third of 6: at least 2
    (former,) = await add_to_roster(app, 1, left_on=TODAY - timedelta(days=1))
    request = {"reason": "Шұғыл мәселе", "agenda": AGENDA}
    problem(await client.post("/v1/session-requests", json=request), 401)
    problem(await client.post("/v1/session-requests", json=request, headers=chairman(app)), 403)
    off = problem(
        await client.post("/v1/session-requests", json=request, headers=member(app, former)), 422
    )
    assert off["reason_code"] == "not_on_roster"
    response = await client.post(
        "/v1/session-requests", json=request, headers=member(app, members[0])
    )
    assert response.status_code == 201 and response.json()["status"] == "open"
    request_id = response.json()["id"]
    sign = f"/v1/session-requests/{request_id}/signatures"
    # before any signature it already says how many it needs (Reg2002 §8: a third of 6)
    opened = (await client.get(f"/v1/session-requests/{request_id}", headers=chairman(app))).json()
    assert (opened["signatures"], opened["required"], opened["roster_total"]) == (0, 2, 6)
    assert opened["rule"] == "Reg2002 §8"

    assert (await client.post(sign, json={}, headers=member(app, members[0]))).is_success
    twice = problem(await client.post(sign, json={}, headers=member(app, members[0])), 409)
    assert twice["code"] == "request_already_signed"
    problem(await client.post(sign, json={}, headers=secretariat(app)), 403)
    problem(await client.post(sign, json={}, headers=member(app, former)), 422)
    problem(await client.post(f"/v1/session-requests/{uuid.uuid4()}/signatures", json={},
                              headers=member(app, members[1])), 404)  # fmt: skip

    found = (await client.get(f"/v1/session-requests/{request_id}", headers=chairman(app))).json()
    assert (found["signatures"], found["roster_total"], found["supported_on"]) == (1, 6, None)
    assert found["required"] == 2
    problem(await client.get(f"/v1/session-requests/{request_id}"), 401)

    convene = {
        "opens_on": (TODAY + timedelta(days=20)).isoformat(),
        "place": "Астана",
        "agenda": AGENDA,
        "request_id": request_id,
    }
    short = problem(
        await client.post("/v1/sessions/extraordinary", json=convene, headers=chairman(app)), 422
    )
    assert (short["rule"], short["reason_code"]) == ("Reg2002 §8", "request_not_supported")

    response = await client.post(sign, json={}, headers=member(app, members[1]))
    assert response.json()["status"] == "supported"
    found = (await client.get(f"/v1/session-requests/{request_id}", headers=chairman(app))).json()
    assert (found["signatures"], found["required"], found["rule"]) == (2, 2, "Reg2002 §8")
    assert found["supported_on"] == TODAY.isoformat()
    listed = await client.get(
        "/v1/session-requests", params={"supported": "true"}, headers=member(app, members[3])
    )
    assert [r["request_id"] for r in listed.json()] == [request_id]

    response = await client.post("/v1/sessions/extraordinary", json=convene, headers=chairman(app))
    assert response.status_code == 201, response.text
    session = await detail(client, uuid.UUID(response.json()["id"]))
    assert (session["initiative"], session["request_id"]) == ("members_request", request_id)
    again = problem(
        await client.post("/v1/sessions/extraordinary", json=convene, headers=chairman(app)), 409
    )
    assert again["code"] == "request_already_convened"
    problem(await client.post(sign, json={}, headers=member(app, members[2])), 409)
    found = (await client.get(f"/v1/session-requests/{request_id}", headers=chairman(app))).json()
    assert found["session_id"] == session["session_id"]


# -- compliance ------------------------------------------------------------------------------


async def test_years_without_a_session(client: httpx.AsyncClient, app: FastAPI) -> None:
    url = "/v1/sessions/compliance/years-without-session"
    problem(await client.get(url), 401)
    problem(await client.get(url, headers=member(app, uuid.uuid4())), 403)
    await add_to_roster(app, 3, joined_on=date(2021, 6, 1))
    for year in (2022, 2024):
        session_id = await convene(client, app, date(year, 1, 10), date(year, 3, 1))
        # the sitting is dated the day it opens: the clock says it is that day in Astana
        app.state.platform.clock = FixedClock(datetime(year, 3, 1, 4, 0, tzinfo=UTC))
        opened = await client.post(
            f"/v1/sessions/{session_id}/sitting/opening", headers=secretariat(app)
        )
        assert opened.is_success
        app.state.platform.clock = Clock()
    # Convened but cancelled in 2023: not held.
    cancelled = await convene(client, app, date(2023, 1, 10), date(2023, 3, 1))
    await client.post(
        f"/v1/sessions/{cancelled}/cancellation",
        json={"reason": "r", "cancelled_on": "2023-02-01"},
        headers=chairman(app),
    )
    auditor = auth(app, "auditor-1", "auditor")
    result = (await client.get(url, params={"to_year": 2025}, headers=auditor)).json()
    assert (result["from_year"], result["to_year"]) == (2021, 2025)
    assert [(y["year"], y["held"], y["required"]) for y in result["years"]] == [
        (2021, 0, 1),
        (2023, 0, 1),
        (2025, 0, 1),
    ]
    assert {y["rule"] for y in result["years"]} == {"Reg2002 §8"}
    assert [y["rulebook"] for y in result["years"]] == ["Reg2011", "Reg2011", "Reg2024"]
    # The national Assembly by any of its codes: the same Sessions, the same rulebooks.
    for code in ("national", "hk"):
        same = await client.get(url, params={"to_year": 2025, "assembly": code}, headers=auditor)
        assert same.json()["years"] == result["years"], code
    result = (
        await client.get(url, params={"to_year": 2024, "from_year": 2022}, headers=auditor)
    ).json()
    assert [y["year"] for y in result["years"]] == [2023]


async def test_the_roster_route_counts_the_roster_of_the_day(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await add_to_roster(app, 2, joined_on=date(2024, 1, 1), left_on=date(2025, 1, 1))
    await add_to_roster(app, 1, joined_on=date(2024, 6, 1))
    assert (await client.get("/v1/roster", params={"as_of": "2024-07-01"})).json()["total"] == 3
    assert (await client.get("/v1/roster", params={"as_of": "2025-01-01"})).json()["total"] == 1


async def test_rebuilding_the_read_model_gives_the_live_one(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    from sqlalchemy import text

    members = await add_to_roster(app, 3)
    session_id = await open_session(client, app)
    url = f"/v1/sessions/{session_id}"
    for member_id in members:
        await client.post(f"{url}/attendance", json={"member_id": str(member_id)},
                          headers=secretariat(app))  # fmt: skip
    await client.post(f"{url}/attendance/{members[0]}/withdrawal", headers=secretariat(app))
    response = await client.post("/v1/session-requests", json={"reason": "r", "agenda": AGENDA},
                                 headers=member(app, members[1]))  # fmt: skip
    await client.post(f"/v1/session-requests/{response.json()['id']}/signatures", json={},
                      headers=member(app, members[1]))  # fmt: skip
    platform = app.state.platform
    tables = platform.projector.projections["sessions"].tables

    async def snapshot() -> dict[str, list[Any]]:
        async with platform.sessions() as db:
            return {
                t: sorted(map(str, (await db.execute(text(f"SELECT * FROM {t}"))).all()))
                for t in tables
            }

    live = await snapshot()
    assert await platform.projector.rebuild(platform.sessions, platform.store, "sessions") == 9
    assert await snapshot() == live


async def test_the_roster_names_a_members_days_as_membership_does(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await add_to_roster(app, 1, joined_on=date(2024, 1, 1), left_on=date(2025, 1, 1))
    [member] = (await client.get("/v1/roster", params={"as_of": "2024-07-01"})).json()["members"]
    assert (member["included_on"], member["ended_on"]) == ("2024-01-01", "2025-01-01")
    # The old names stay, deprecated, for the clients that read them.
    assert (member["joined_on"], member["left_on"]) == ("2024-01-01", "2025-01-01")
    schema = app.openapi()["components"]["schemas"]["RosterMember"]["properties"]
    assert schema["joined_on"]["deprecated"] is True and "deprecated" not in schema["included_on"]
