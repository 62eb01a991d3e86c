"""Every mutating operation of the sessions API, walked with one regional assembly's token
acting on another assembly's Session (a region's, and the national Assembly's): each is refused
with 403, and nothing changes (Reg2024 §18–19: a regional assembly acts for itself only).

The operations come from the app's own OpenAPI document: an operation added without a case
here fails the walk until it says what a regional token gets from it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.sessions.tests.conftest import add_to_roster, auth
from services.sessions.tests.integration.test_polls_api import MOTION, vote
from services.sessions.tests.integration.test_regional_sessions import officials, regional
from services.sessions.tests.integration.test_sessions_api import AGENDA, TODAY, detail, member

MUTATING = frozenset({"post", "put", "patch", "delete"})
SCOPE, ROLE = "assembly_scope", "role_required"
"""What the other region's token gets: refused for the assembly it may not act for, or (an
operation members do for themselves) for the role it does not hold."""
NOT_MUTATING = {
    ("post", "/v1/polls/{poll_id}/ballots/lookup"): "a public look-up of a published ballot",
}
NAME = {"kk": "Сәуле Омарова", "ru": "Сауле Омарова"}
POST = {"kk": "хатшы", "ru": "секретарь"}
SOURCE = {"number": "1", "date": (TODAY - timedelta(days=30)).isoformat()}


def cases(target: dict[str, Any]) -> dict[tuple[str, str], tuple[str, dict[str, Any] | None]]:
    """Each mutating operation: the reason it is refused and a body valid for it."""
    assembly, decision = target["assembly"], target["decision_id"]
    day = (TODAY + timedelta(days=40)).isoformat()
    return {
        ("post", "/v1/sessions"): (SCOPE, {
            "assembly": assembly, "opens_on": day, "place": "Семей", "agenda": AGENDA}),
        ("post", "/v1/sessions/extraordinary"): (SCOPE, {
            "assembly": assembly, "opens_on": day, "place": "Семей", "agenda": AGENDA}),
        ("post", "/v1/sessions/{session_id}/postponement"): (
            SCOPE, {"opens_on": day, "reason": "Су тасқыны"}),
        ("post", "/v1/sessions/{session_id}/cancellation"): (SCOPE, {"reason": "Су тасқыны"}),
        ("post", "/v1/sessions/{session_id}/sitting/opening"): (SCOPE, None),
        ("post", "/v1/sessions/{session_id}/sitting/closing"): (SCOPE, None),
        ("post", "/v1/sessions/{session_id}/attendance"): (
            SCOPE, {"member_id": target["absent"]}),
        ("post", "/v1/sessions/{session_id}/attendance/{member_id}/withdrawal"): (SCOPE, None),
        ("post", "/v1/sessions/{session_id}/agenda"): (
            SCOPE, {"title": AGENDA[0], "decision_ref": decision}),
        ("post", "/v1/sessions/{session_id}/agenda/order"): (
            SCOPE, {"order": [target["item_id"]], "decision_ref": decision}),
        ("post", "/v1/sessions/{session_id}/agenda/{item_id}/withdrawal"): (
            SCOPE, {"decision_ref": decision}),
        ("post", "/v1/sessions/{session_id}/rules-of-procedure"): (
            SCOPE, {"decision_ref": decision}),
        ("post", "/v1/sessions/records"): (SCOPE, {
            "assembly": assembly, "sitting_on": SOURCE["date"], "place": "Семей",
            "agenda": AGENDA, "present": 3, "roster_total": 3, "source": SOURCE}),
        ("post", "/v1/sessions/{session_id}/polls/records"): (SCOPE, {
            "item_id": target["item_id"], "method": "open", "motion": MOTION, "votes_for": 3,
            "against": 0, "abstain": 0}),
        ("post", "/v1/sessions/{session_id}/mazhilis-elections"): (SCOPE, {
            "participants": 3, "candidates": [{"name": NAME, "votes_for": 3}],
            "term_from": SOURCE["date"], "source": SOURCE}),
        ("post", "/v1/sessions/{session_id}/polls"): (
            SCOPE, {"item_id": target["item_id"], "method": "open", "motion": MOTION}),
        ("post", "/v1/polls/{poll_id}/closing"): (SCOPE, None),
        ("post", "/v1/polls/{poll_id}/votes"): (ROLE, {"choice": "for"}),
        ("post", "/v1/decisions/{decision_id}/publication"): (
            SCOPE, {"outlet": "Егемен Қазақстан"}),
        ("post", "/v1/session-requests"): (
            ROLE, {"assembly": assembly, "reason": "Су тасқыны", "agenda": AGENDA}),
        ("post", "/v1/session-requests/{request_id}/signatures"): (ROLE, {}),
        ("post", "/v1/sessions/{subject_id}/protocol/officers"): (SCOPE, {
            "chair": {"name": NAME, "post": POST}, "secretary": {"name": NAME, "post": POST}}),
        ("post", "/v1/sessions/{subject_id}/protocol/speakers"): (
            SCOPE, {"item_id": target["item_id"], "name": NAME}),
        ("post", "/v1/sessions/{subject_id}/protocol/guests"): (SCOPE, {"name": NAME}),
        ("post", "/v1/sessions/{subject_id}/protocol/sign-off"): (SCOPE, None),
        ("post", "/v1/sessions/{subject_id}/protocol/corrigenda"): (
            SCOPE, {"text": {"kk": "Түзету", "ru": "Исправление"}}),
    }  # fmt: skip


async def target_of(client: httpx.AsyncClient, app: FastAPI, assembly: str) -> dict[str, Any]:
    """A Session of ``assembly`` in its sitting with every kind of thing to act on: an agenda
    item, three members present and one absent, a closed poll with its decision, a members'
    request."""
    members = await add_to_roster(app, 4, assembly="national" if assembly == "apk" else assembly)
    chair = officials(app)
    convened = await client.post("/v1/sessions", headers=chair, json={
        "assembly": assembly, "opens_on": TODAY.isoformat(), "place": "Семей",
        "agenda": AGENDA, "announced_on": (TODAY - timedelta(days=40)).isoformat()})  # fmt: skip
    assert convened.status_code == 201, convened.text
    session_id = convened.json()["id"]
    opened = await client.post(f"/v1/sessions/{session_id}/sitting/opening", headers=chair)
    assert opened.status_code == 200, opened.text
    for member_id in members[:3]:
        registered = await client.post(
            f"/v1/sessions/{session_id}/attendance", json={"member_id": str(member_id)},
            headers=chair,
        )  # fmt: skip
        assert registered.status_code == 200, registered.text
    item_id = (await detail(client, uuid.UUID(session_id)))["agenda"][0]["item_id"]
    poll = await client.post(
        f"/v1/sessions/{session_id}/polls", headers=chair,
        json={"item_id": item_id, "method": "open", "motion": MOTION,
              "decision_kind": "address"},
    )  # fmt: skip
    assert poll.status_code == 201, poll.text
    poll_id = poll.json()["id"]
    for member_id in members[:3]:
        assert (await vote(client, app, uuid.UUID(poll_id), member_id, "for")).status_code == 201
    closed = await client.post(f"/v1/polls/{poll_id}/closing", headers=chair)
    assert closed.status_code == 200, closed.text
    [decision] = (await client.get("/v1/decisions", params={"session_id": session_id})).json()
    request = await client.post(
        "/v1/session-requests", headers=member(app, members[0]),
        json={"assembly": assembly, "reason": "Су тасқыны", "agenda": AGENDA},
    )  # fmt: skip
    assert request.status_code == 201, request.text
    return {
        "assembly": assembly,
        "session_id": session_id,
        "subject_id": session_id,
        "poll_id": poll_id,
        "decision_id": decision["decision_id"],
        "request_id": request.json()["id"],
        "item_id": item_id,
        "member_id": str(members[0]),
        "absent": str(members[3]),
    }


async def state(client: httpx.AsyncClient, app: FastAPI, target: dict[str, Any]) -> Any:
    """What the walk must leave as it was: the Session, its decisions and its protocol's
    record, the members' request, and the Sessions of both assemblies involved."""
    reader = auth(app, "auditor-1", "auditor")
    session = await client.get(f"/v1/sessions/{target['session_id']}", headers=reader)
    decision = await client.get(f"/v1/decisions/{target['decision_id']}")
    record = await client.get(f"/v1/sessions/{target['session_id']}/protocol/record")
    request = await client.get(f"/v1/session-requests/{target['request_id']}", headers=reader)
    sessions = await client.get("/v1/sessions", params={"limit": 500})
    return [r.json() for r in (session, decision, record, request, sessions)]


@pytest.mark.parametrize("assembly", ["abai", "apk"])
async def test_every_mutating_operation_refuses_another_assemblys_token(
    client: httpx.AsyncClient, app: FastAPI, assembly: str
) -> None:
    target = await target_of(client, app, assembly)
    table = cases(target)
    operations = {
        (method, path)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if method in MUTATING
    } - set(NOT_MUTATING)
    assert operations - set(table) == set(), "mutating operations without a case"
    assert set(table) - operations == set(), "cases of operations the API no longer has"

    before = await state(client, app, target)
    intruder = regional(app, "astana")
    for (method, path), (reason, body) in sorted(table.items()):
        url = path.format(**{k: v for k, v in target.items() if "{" + k + "}" in path})
        answer = await client.request(method, url, json=body, headers=intruder)
        assert answer.status_code == 403, (method, path, answer.text)
        assert answer.json()["reason_code"] == reason, (method, path, answer.json())
    assert await state(client, app, target) == before
