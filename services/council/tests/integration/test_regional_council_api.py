"""Regional assemblies' councils through the API on real PostgreSQL (Law 2008 Art. 14): a
regional council of 15 on its own composition, quorum and majority at the boundary, while the
national Council's on the same day are unchanged; lists and the protocol carry the assembly;
regional decisions open control cards a regional token manages for its own assembly only; the
regional assemblies' Senate-candidate proposals reach the national Council's agenda before 1
July 2026 and are refused from it; the meeting gaps of all 21 assemblies."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.council.consumers.sessions import SESSIONS_HANDLERS
from services.council.tests.conftest import add_council_members, regional
from services.council.tests.integration.test_control_api import decision_event, deliver
from services.council.tests.integration.test_meetings_api import (
    AGENDA,
    TEXT,
    chairman,
    problem,
    secretariat,
)
from shared.clock import Clock, FixedClock

pytestmark = pytest.mark.integration

TODAY = Clock().today()
OTHER = {"kind": "other"}


async def regional_council(app: FastAPI, region: str = "abai", size: int = 15) -> list[uuid.UUID]:
    return await add_council_members(
        app, size, body=f"regional_assembly.{region}", post="regional_council_member"
    )


async def convene(
    client: httpx.AsyncClient, headers: dict[str, str], assembly: str, held_on: date = TODAY
) -> tuple[uuid.UUID, list[str]]:
    body = {"assembly": assembly, "number": "R-1", "held_on": held_on.isoformat(),
            "place": "Семей", "agenda": AGENDA}  # fmt: skip
    created = await client.post("/v1/council/meetings", json=body, headers=headers)
    assert created.status_code == 201, created.text
    meeting_id = uuid.UUID(created.json()["id"])
    detail = (await client.get(f"/v1/council/meetings/{meeting_id}")).json()
    return meeting_id, [item["item_id"] for item in detail["agenda"]]


async def sit(
    client: httpx.AsyncClient, headers: dict[str, str], meeting_id: uuid.UUID,
    present: list[uuid.UUID],
) -> dict[str, Any]:  # fmt: skip
    opened = await client.post(f"/v1/council/meetings/{meeting_id}/opening", headers=headers)
    assert opened.status_code == 200, opened.text
    for member_id in present:
        attended = await client.post(
            f"/v1/council/meetings/{meeting_id}/attendance",
            json={"member_id": str(member_id)},
            headers=headers,
        )
        assert attended.status_code == 200, attended.text
    detail: dict[str, Any] = (await client.get(f"/v1/council/meetings/{meeting_id}")).json()
    return detail


def vote(
    client: httpx.AsyncClient, headers: dict[str, str], meeting_id: uuid.UUID, item: str,
    votes_for: int,
) -> Any:  # fmt: skip
    body = {"text": TEXT, "content": OTHER,
            "counts": {"votes_for": votes_for, "against": 0, "abstain": 0}}  # fmt: skip
    return client.post(
        f"/v1/council/meetings/{meeting_id}/items/{item}/vote", json=body, headers=headers
    )


async def test_a_regional_council_of_fifteen_on_its_own_composition(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """15 members: 9 present is no quorum, 10 is; 7 of 10 for adopts, 6 does not (Law 2008
    Art. 14 with the national thresholds); the national Council of 30 the same day counts 20."""
    members = await regional_council(app)
    await add_council_members(app, 30)
    abai = regional(app, "abai")

    composition = (await client.get("/v1/council/composition", params={"assembly": "abai"})).json()
    assert (composition["body"], composition["total"], composition["quorum_required"]) == (
        "regional_assembly.abai", 15, 10,
    )  # fmt: skip
    assert composition["rule"] == "Law 2008 Art. 14"

    meeting_id, items = await convene(client, abai, "abai")
    detail = await sit(client, abai, meeting_id, members[:9])
    assert (detail["assembly"], detail["body"], detail["convened_by"]) == (
        "abai", "regional_assembly.abai", "regional_assembly",
    )  # fmt: skip
    assert (detail["council_total"], detail["quorum_required"], detail["quorate"]) == (15, 10, None)
    assert detail["provisional"] is True
    refused = problem(await vote(client, abai, meeting_id, items[0], 9), 422)
    assert (refused["reason_code"], refused["rule"]) == (
        "council_quorum_not_present", "Law 2008 Art. 14",
    )  # fmt: skip
    assert "10" in refused["detail"] and "15" in refused["detail"]
    outsider = (await add_council_members(app, 1))[0]  # a national Council member only
    problem(
        await client.post(
            f"/v1/council/meetings/{meeting_id}/attendance",
            json={"member_id": str(outsider)}, headers=abai,
        ),
        422,
    )  # fmt: skip
    await client.post(
        f"/v1/council/meetings/{meeting_id}/attendance",
        json={"member_id": str(members[9])}, headers=abai,
    )  # fmt: skip
    rejected = await vote(client, abai, meeting_id, items[0], 6)
    assert rejected.status_code == 201, rejected.text
    adopted = await vote(client, abai, meeting_id, items[1], 7)
    assert adopted.status_code == 201, adopted.text
    resolution = (await client.get(f"/v1/council/resolutions/{adopted.json()['id']}")).json()
    assert (resolution["assembly"], resolution["status"], resolution["required"]) == (
        "abai", "adopted", 7,
    )  # fmt: skip
    officer = {"name": {"kk": "Ерлан Ахметов", "ru": "Ерлан Ахметов"},
               "post": {"kk": "Аким", "ru": "Аким"}}  # fmt: skip
    protocol_url = f"/v1/council/meetings/{meeting_id}/protocol"
    officers = await client.post(
        f"{protocol_url}/officers", json={"chair": officer, "secretary": officer}, headers=abai
    )
    assert officers.status_code == 200, officers.text
    closed = await client.post(f"/v1/council/meetings/{meeting_id}/closing", headers=abai)
    assert closed.status_code == 200, closed.text
    signed = await client.post(f"{protocol_url}/sign-off", headers=abai)
    assert signed.status_code == 200, signed.text

    national_id, _ = await convene(client, chairman(app), "apk")
    national = await sit(client, secretariat(app), national_id, [])
    assert (national["council_total"], national["quorum_required"], national["quorum_rule"]) == (
        31, 21, "Reg2024 §14",
    )  # fmt: skip

    listed = (await client.get("/v1/council/meetings", params={"assembly": "abai"})).json()
    assert [m["meeting_id"] for m in listed] == [str(meeting_id)]
    everyone = {m["meeting_id"]: m["assembly"] for m in
                (await client.get("/v1/council/meetings")).json()}  # fmt: skip
    assert everyone == {str(meeting_id): "abai", str(national_id): "apk"}
    nationals = (await client.get("/v1/council/meetings", params={"assembly": "national"})).json()
    assert [m["meeting_id"] for m in nationals] == [str(national_id)]
    regional_resolutions = (
        await client.get("/v1/council/resolutions", params={"assembly": "abai"})
    ).json()
    assert {r["status"] for r in regional_resolutions} == {"adopted", "rejected"}
    assert (await client.get("/v1/council/resolutions", params={"assembly": "apk"})).json() == []

    protocol = await client.get(protocol_url, params={"lang": "ru"})  # signed: public
    assert protocol.status_code == 200, protocol.text
    assert protocol.headers["X-Signed"] == "true"
    assert "Совет ассамблеи народа Казахстана — область Абай" in protocol.text
    assert "Ассамблея региона" in protocol.text  # who convened it


async def test_a_regional_token_runs_its_own_council_and_no_other(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await regional_council(app, "abai", 3)
    body = {"number": "1", "held_on": TODAY.isoformat(), "place": "Астана", "agenda": AGENDA}
    for assembly in ("akmola", "apk", "national"):
        refused = problem(
            await client.post(
                "/v1/council/meetings", json={**body, "assembly": assembly},
                headers=regional(app, "abai"),
            ),
            403,
        )  # fmt: skip
        assert refused["reason_code"] == "assembly_scope"
    mismatch = problem(
        await client.post(
            "/v1/council/meetings",
            json={**body, "assembly": "abai", "body": "council"}, headers=chairman(app),
        ),
        422,
    )  # fmt: skip
    assert mismatch["reason_code"] == "council_body_mismatch"
    # the Assembly's officials act for every assembly
    meeting_id, _ = await convene(client, chairman(app), "abai")
    detail = await sit(client, secretariat(app), meeting_id, [])
    assert (detail["convened_by"], detail["council_total"]) == ("chairman", 3)


async def adopted_resolution(client: httpx.AsyncClient, app: FastAPI, region: str) -> str:
    """A resolution adopted by ``region``'s council of 15 (10 present, 7 for)."""
    members = await regional_council(app, region)
    meeting_id, items = await convene(client, chairman(app), region)
    await sit(client, secretariat(app), meeting_id, members[:10])
    adopted = await vote(client, secretariat(app), meeting_id, items[0], 7)
    assert adopted.status_code == 201, adopted.text
    resolution_id: str = adopted.json()["id"]
    return resolution_id


async def test_regional_decisions_open_cards_their_assembly_manages(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """A regional Session's decision and a regional council's resolution each open a card with
    their assembly; a national decision that names none is the national Assembly's."""
    resolution_id = await adopted_resolution(client, app, "abai")
    session_decision = decision_event(uuid.uuid4())
    session_decision.data["assembly"] = "akmola"
    await deliver(app, SESSIONS_HANDLERS["DecisionAdopted"], session_decision)
    older = decision_event(uuid.uuid4())
    del older.data["assembly"]  # an event of before assemblies were modelled
    await deliver(app, SESSIONS_HANDLERS["DecisionAdopted"], older)

    everything = (await client.get("/v1/control/cards", headers=secretariat(app))).json()
    by_source = {c["source_id"]: c for c in everything}
    assert by_source[str(resolution_id)]["assembly"] == "abai"
    assert by_source[session_decision.data["decision_id"]]["assembly"] == "akmola"
    assert by_source[older.data["decision_id"]]["assembly"] == "national"
    national = (
        await client.get("/v1/control/cards", params={"assembly": "national"},
                         headers=secretariat(app))
    ).json()  # fmt: skip
    assert [c["source_id"] for c in national] == [older.data["decision_id"]]

    abai = regional(app, "abai")
    mine = (await client.get("/v1/control/cards", headers=abai)).json()
    assert [c["source_id"] for c in mine] == [str(resolution_id)]
    refused = problem(
        await client.get("/v1/control/cards", params={"assembly": "akmola"}, headers=abai), 403
    )
    assert refused["reason_code"] == "assembly_scope"
    card_id = mine[0]["card_id"]
    task = {"kk": "Жоспар", "ru": "План"}
    assignment = {"state_body": "akimat.abai", "task": task,
                  "deadline": (TODAY + timedelta(days=30)).isoformat()}  # fmt: skip
    assigned = await client.post(
        f"/v1/control/cards/{card_id}/assignments", json={"assignments": [assignment]},
        headers=abai,
    )  # fmt: skip
    assert assigned.status_code == 200, assigned.text
    listed = (await client.get("/v1/control/assignments", headers=abai)).json()
    assert [(a["assembly"], a["state_body"]) for a in listed] == [("abai", "akimat.abai")]
    akmola_card = by_source[session_decision.data["decision_id"]]["card_id"]
    other = problem(
        await client.post(
            f"/v1/control/cards/{akmola_card}/assignments", json={"assignments": [assignment]},
            headers=abai,
        ),
        403,
    )  # fmt: skip
    assert other["reason_code"] == "assembly_scope"
    assert problem(await client.get(f"/v1/control/cards/{akmola_card}", headers=abai), 403)
    public = (
        await client.get("/v1/public/execution", params={"assembly": "abai"})
    ).json()  # fmt: skip
    assert [c["card_id"] for c in public["cards"]] == [card_id]


# -- Senate-candidate proposals (Law 2008 Art. 14; Reg2024 §13; Constitution 2026) ------------


def _at(day: date) -> FixedClock:
    return FixedClock(datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC))


async def test_senate_proposals_reach_the_national_agenda_until_30_june_2026(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    app.state.platform.clock = _at(date(2026, 6, 20))
    body = {"assembly": "abai", "candidate": {"kk": "Әсел Бекова", "ru": "Асель Бекова"},
            "decision": {"number": "7-С", "date": "2026-06-15"}}  # fmt: skip
    submitted = await client.post(
        "/v1/council/senate-proposals", json=body, headers=regional(app, "abai")
    )
    assert submitted.status_code == 201, submitted.text
    proposal_id = submitted.json()["id"]
    refused = problem(
        await client.post(
            "/v1/council/senate-proposals", json=body, headers=regional(app, "akmola")
        ),
        403,
    )  # fmt: skip
    assert refused["reason_code"] == "assembly_scope"
    national_refused = problem(
        await client.post(
            "/v1/council/senate-proposals", json={**body, "assembly": "apk"},
            headers=secretariat(app),
        ),
        422,
    )  # fmt: skip
    assert (national_refused["reason_code"], national_refused["rule"]) == (
        "senate_proposal_not_regional", "Law 2008 Art. 14",
    )  # fmt: skip

    pending = (
        await client.get("/v1/council/senate-proposals", params={"status": "pending"})
    ).json()  # fmt: skip
    assert [(p["proposal_id"], p["assembly"], p["rule"]) for p in pending] == [
        (proposal_id, "abai", "Law 2008 Art. 14; Reg2024 §5, §13")
    ]

    meeting_id, _ = await convene(client, chairman(app), "apk", held_on=date(2026, 6, 25))
    regional_meeting, _ = await convene(
        client, regional(app, "abai"), "abai", held_on=date(2026, 6, 25)
    )
    url = "/v1/council/meetings/{}/senate-proposals"
    put = {"proposals": [proposal_id]}
    not_national = problem(
        await client.post(url.format(regional_meeting), json=put, headers=secretariat(app)), 422
    )
    assert not_national["reason_code"] == "senate_proposals_national_council"
    placed = await client.post(url.format(meeting_id), json=put, headers=secretariat(app))
    assert placed.status_code == 200, placed.text
    agenda = (await client.get(f"/v1/council/meetings/{meeting_id}")).json()["agenda"]
    assert [item["senate_proposals"] for item in agenda] == [[], [], [proposal_id]]
    [on_agenda] = (await client.get("/v1/council/senate-proposals")).json()
    assert (on_agenda["status"], on_agenda["meeting_id"], on_agenda["item_id"]) == (
        "on_agenda", str(meeting_id), agenda[2]["item_id"],
    )  # fmt: skip
    again = problem(
        await client.post(url.format(meeting_id), json=put, headers=secretariat(app)), 409
    )
    assert again["code"] == "senate_proposal_not_pending"

    # the read models are the events' projections: rebuilt, they say the same
    before = (await client.get("/v1/council/senate-proposals")).json(), agenda
    platform = app.state.platform
    for projection in ("senate_proposals", "meetings"):
        await platform.projector.rebuild(platform.sessions, platform.store, projection)
    rebuilt = (await client.get(f"/v1/council/meetings/{meeting_id}")).json()["agenda"]
    assert ((await client.get("/v1/council/senate-proposals")).json(), rebuilt) == before

    app.state.platform.clock = _at(date(2026, 7, 1))
    ended = problem(
        await client.post(
            "/v1/council/senate-proposals",
            json={**body, "decision": {"number": "8-С", "date": "2026-06-30"}},
            headers=regional(app, "abai"),
        ),
        422,
    )  # fmt: skip
    assert (ended["reason_code"], ended["rule"]) == (
        "post_ended", "Constitution 2026 (in force 1 Jul 2026)",
    )  # fmt: skip


# -- Council meeting gaps of every assembly (Law 2008 Art. 10, Art. 14) -----------------------


async def test_the_meeting_gaps_of_all_21_assemblies(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    held_on = date(2026, 3, 2)
    app.state.platform.clock = _at(held_on)
    members = await regional_council(app, "abai", 3)
    meeting_id, _ = await convene(client, regional(app, "abai"), "abai", held_on=held_on)
    await sit(client, regional(app, "abai"), meeting_id, members)
    closed = await client.post(
        f"/v1/council/meetings/{meeting_id}/closing", headers=regional(app, "abai")
    )
    assert closed.status_code == 200, closed.text

    url = "/v1/council/meetings/gaps/assemblies"
    within = (await client.get(url, params={"as_of": "2026-09-02"},
                               headers=secretariat(app))).json()  # fmt: skip
    rows = {r["assembly"]: r for r in within["assemblies"]}
    assert len(rows) == 21 and "national" in rows
    assert (rows["abai"]["last_meeting"], rows["abai"]["due_by"], rows["abai"]["overdue"]) == (
        "2026-03-02", "2026-09-02", False,
    )  # fmt: skip
    assert (rows["abai"]["rule"], rows["abai"]["provisional"]) == ("Law 2008 Art. 14", True)
    assert (rows["akmola"]["last_meeting"], rows["akmola"]["overdue"]) == (None, None)
    assert rows["national"]["body"] == "council"
    past = (await client.get(url, params={"as_of": "2026-09-03"},
                             headers=secretariat(app))).json()  # fmt: skip
    assert {r["assembly"]: r["overdue"] for r in past["assemblies"]}["abai"] is True
    assert past["overdue"] == 1
    own = (await client.get(url, params={"as_of": "2026-09-03"},
                            headers=regional(app, "akmola"))).json()  # fmt: skip
    assert [r["assembly"] for r in own["assemblies"]] == ["akmola"]
