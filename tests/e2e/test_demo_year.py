"""End to end: ``kelisim demo load``'s year fills the five services, through their APIs, and a
second run adds nothing.

The national Assembly's year and, loaded after it, three regional assemblies' (Law 2008 Art. 14;
Reg2024 §18–19): their members (a person in two assemblies counted once), councils, a Session
each with a decision by an open, a roll-call and a secret vote under the regional rulebook, a
council meeting, a control card and their periodic reports. The five services run as separate
processes on fresh databases and the test broker; the loader (a smaller Assembly than the
default 400) reaches them over HTTP only. Every part is read back through the public APIs; then
each service's event store is counted, the loader runs again with the same seed, and no service
has a single event more.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.demo import DemoFailed, ServiceNotRunning, development_tokens, load_year
from ops.demo.regional import REGIONS
from ops.testing.infra import FreshDatabase
from shared.assemblies import roster_of
from tests.e2e.system import SECRET, System, bearer, eventually, running_system

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

SERVICES = ("membership", "sessions", "council", "monitoring", "programmes")
MEMBERS = 60
SECRETARIAT = bearer("auditor-demo", "secretariat")


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    async with running_system(SERVICES, fresh_database, kafka_bootstrap, tmp_path) as system:
        yield system


async def event_counts(system: System) -> dict[str, int]:
    counts = {}
    for name, url in system.databases.items():
        engine = create_async_engine(url)
        try:
            async with engine.connect() as db:
                counts[name] = int(
                    (await db.execute(text("SELECT count(*) FROM events"))).scalar_one()
                )
        finally:
            await engine.dispose()
    return counts


async def settled(system: System) -> dict[str, int]:
    """The event counts once the services have stopped reacting to each other (the same
    counts twice, two seconds apart)."""
    previous: dict[str, int] = {}

    async def same() -> dict[str, int] | None:
        nonlocal previous
        now = await event_counts(system)
        if now == previous:
            return now
        previous = now
        await asyncio.sleep(2)
        return None

    return await eventually(same, "the services to settle")


async def test_the_demo_year_fills_every_service_and_a_second_run_adds_nothing(
    system: System,
) -> None:
    tokens = development_tokens(secret=SECRET)
    year = await load_year(system.urls, tokens, seed=3, members=MEMBERS)
    urls = system.urls
    async with httpx.AsyncClient(timeout=30) as client:

        async def get(service: str, path: str, **params: Any) -> Any:
            response = await client.get(
                f"{urls[service]}{path}", params=params, headers=SECRETARIAT
            )
            assert response.status_code == 200, response.text
            return response.json()

        # membership: the members in all 20 regions and the Council
        roster = await get("membership", "/v1/roster", as_of="2026-06-01")
        assert roster["total"] == MEMBERS
        assert len({m["region"] for m in roster["members"]}) == 20

        # sessions: the April Session recorded, the extraordinary and the December ones held
        every = await get("sessions", "/v1/sessions", year=2026)
        listed = [s for s in every if roster_of(s["assembly"]) == "national"]
        kinds = sorted(s["kind"] for s in listed)
        assert kinds == ["extraordinary", "regular", "regular"]
        requests = await get("sessions", "/v1/session-requests")
        assert [(r["supported_on"] is not None, r["session_id"]) for r in requests] == [
            (True, year.sessions.sessions[1])
        ]
        polls = [
            p
            for s in listed
            for p in await get("sessions", f"/v1/sessions/{s['session_id']}/polls")
        ]
        methods = sorted(p["method"] for p in polls)
        assert methods.count("secret") == 1 and methods.count("roll_call") == 1
        assert len(polls) == 3 + 1 + 3
        decisions = await get("sessions", "/v1/decisions")
        assert len(decisions) >= 6
        december = year.sessions.sessions[2]
        record = await get("sessions", f"/v1/sessions/{december}/protocol/record")
        assert record["signed_at"] is not None

        # council: meetings with typed resolutions, the control board in every state
        meetings = national(await get("council", "/v1/council/meetings"))
        assert len(meetings) == 4
        resolutions = national(await get("council", "/v1/council/resolutions"))
        assert {r["kind"] for r in resolutions} >= {
            "work_plan",
            "next_session",
            "public_award",
            "other",
        }
        assert len(resolutions) == 8 + 1
        cards = await get("council", "/v1/control/cards")
        assert {c["status"] for c in cards} == {"open", "closed"}
        assignments = await get("council", "/v1/control/assignments")
        by_state: dict[str, int] = {}
        for assignment in assignments:
            by_state[assignment["status"]] = by_state.get(assignment["status"], 0) + 1
        assert (by_state["done"], by_state["returned"]) == (3, 1), by_state
        # the Council's and the Session's three let pass, the returned report's (its deadline
        # passed in May), and the programme's two measures (deadlines in July and October)
        # that reached the board from the action plan
        # (over Kafka, so perhaps a moment after the load)

        async def all_overdue() -> list[dict[str, Any]] | None:
            found: list[dict[str, Any]] = await get("council", "/v1/control/overdue")
            return found if len(found) >= 3 + 1 + 2 else None

        overdue = await eventually(all_overdue, "the programme's measures on the board")
        assert len(overdue) == 3 + 1 + 2, overdue
        assert {a["state_body"] for a in overdue} >= {"akimat-zhambyl", "akimat-shymkent", "mined"}
        assert sorted(a["status"] for a in overdue) == ["assigned"] * 5 + ["returned"]
        assert all(a["overdue"] for a in overdue)

        # monitoring: 20 regions × 12 months, incidents, alerts, appeals of every fate
        for indicator in ("trust_index", "state_language_use", "tension_index"):
            series = await get("monitoring", f"/v1/indicators/{indicator}/series")
            points = {(p["region"], p["period"]) for p in series["points"]}
            months = {p for _, p in points if "Q" not in p}
            assert len({r for r, _ in points}) == 20 and len(months) == 12
        incidents = await get("monitoring", "/v1/incidents", limit=1000)
        assert year.monitoring.incidents >= 20
        assert len(incidents) == year.monitoring.incidents + year.regional.incidents
        assert {i["status"] for i in incidents} >= {"verified", "dismissed", "resolved"}
        alerts = await get("monitoring", "/v1/alerts", limit=1000)
        assert alerts and {a["status"] for a in alerts} >= {"closed"}
        appeals = await get("monitoring", "/v1/appeals", limit=1000)
        assert len(appeals) == sum(year.monitoring.appeals.values())
        overdue_appeals = await get("monitoring", "/v1/appeals/overdue", as_of="2026-12-06")
        assert len(overdue_appeals["items"]) >= 3
        by_status: dict[str, int] = {}
        for appeal in appeals:
            by_status[appeal["status"]] = by_status.get(appeal["status"], 0) + 1
        assert by_status["forwarded"] == 3 and by_status["closed_unconsidered"] == 2, by_status
        assert by_status["registered"] == 5 and by_status["answered"] == 17, by_status
        assert year.monitoring.appeals["anonymous"] == 2
        assert (
            year.monitoring.appeals["forwarded"] == 3 and year.monitoring.appeals["extended"] == 3
        )

        # programmes: the Concept and the programme document in force
        in_force = await get("programmes", "/v1/documents/in-force")
        assert {d["document_id"] for d in in_force} == {
            year.programmes.concept,
            year.programmes.programme,
        }

        await regional_assemblies(get, year)

    # a second run with the same seed adds no event anywhere
    before = await settled(system)
    again = await load_year(system.urls, tokens, seed=3, members=MEMBERS)
    assert again.sessions.sessions == year.sessions.sessions
    assert await settled(system) == before


def national(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if roster_of(r["assembly"]) == "national"]


async def regional_assemblies(get: Any, year: Any) -> None:
    """The three regional assemblies' year, read back through the public APIs."""
    loaded = year.regional.assemblies
    assert sorted(loaded) == sorted(REGIONS)

    # membership: each assembly's members, chair (the akim) and council; the national members
    # a regional assembly also includes keep one person_id and are counted once
    found = await get("membership", "/v1/assemblies/composition", on="2026-12-06")
    by = {a["assembly"]: a for a in found["assemblies"]}
    assert len(by) == 21
    for region in REGIONS:
        assert (by[region]["members"], by[region]["council_members"]) == (16, 7)
        assert by[region]["chair"] is not None
    assert by["national"]["members"] == MEMBERS
    assert found["total"]["memberships"] == MEMBERS + 3 * 16
    assert found["total"]["people"] == MEMBERS + 3 * 16 - 3 * 2
    both = await get("membership", f"/v1/members/{loaded['abai'].national[0]}")
    same = await get("membership", "/v1/members", assembly="national", limit=500)
    assert both["person_id"] in {m["person_id"] for m in same}

    # sessions: a Session held by each, its decision by the region's method and rulebook
    held = await get("sessions", "/v1/sessions/by-assembly", year=2026)
    counted = {a["assembly"]: a["held"] for a in held["assemblies"]}
    assert [counted[r] for r in REGIONS] == [1, 1, 1]
    assert counted["national"] == 3
    methods = {}
    for region in REGIONS:
        [session] = await get("sessions", "/v1/sessions", assembly=region)
        assert (session["session_id"], session["status"]) == (loaded[region].session, "held")
        [poll] = await get("sessions", f"/v1/sessions/{session['session_id']}/polls")
        methods[region] = poll["method"]
        [decision] = await get("sessions", "/v1/decisions", assembly=region)
        assert (decision["assembly"], decision["rulebook"], decision["rule"]) == (
            region,
            "Regional2008",
            "Law 2008 Art. 14",
        )
    assert methods == {"abai": "open", "zhambyl": "roll_call", "astana": "secret"}

    # council: Abai's council met in November; the Abai decision's card has its assignment
    gaps = await get("council", "/v1/council/meetings/gaps/assemblies", as_of="2026-12-06")
    abai_gap = {g["assembly"]: g for g in gaps["assemblies"]}["abai"]
    assert (abai_gap["last_meeting"], abai_gap["overdue"]) == ("2026-11-20", False)
    [card] = await get("council", "/v1/control/cards", source_id=loaded["abai"].decision)
    assert card["assembly"] == "abai"
    [assignment] = await get("council", "/v1/control/assignments", source_id=card["source_id"])
    assert assignment["state_body"] == "akimat-abai"

    # monitoring: each region's report for the third quarter, with who reported
    for region in REGIONS:
        dashboard = await get("monitoring", f"/v1/dashboard/regions/{region}")
        latest = dashboard["latest_report"]
        assert (latest["report_id"], latest["period"], latest["reported_by"]) == (
            loaded[region].report,
            "2026-Q3",
            f"demo-akimat-{region}",
        )


async def test_a_service_not_running_is_named() -> None:
    urls = {name: "http://127.0.0.1:9" for name in SERVICES}
    with pytest.raises(ServiceNotRunning) as caught:
        await load_year(urls, development_tokens(secret=SECRET), members=MEMBERS)
    assert "membership is not running at http://127.0.0.1:9" in str(caught.value)
    assert isinstance(caught.value, DemoFailed)
