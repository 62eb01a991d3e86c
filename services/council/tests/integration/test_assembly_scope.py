"""Scoped access in the council service (Reg2024 §18–19; ``shared.assemblies``): a regional
assembly's token acts for its own assembly only. Every mutating operation of the council's
OpenAPI is called with the token of one region on another region's meeting, resolution, card
and assignment (and on the national Council's): each is refused 403, either ``assembly_scope``
or, where the operation is not a regional assembly's at all, ``role_required``; nothing changes.
The list of operations comes from the app's OpenAPI document: an operation added without a
case here fails the test."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.council.domain.commands import council_for
from services.council.tests.conftest import add_council_members, regional
from services.council.tests.integration.test_meetings_api import AGENDA, TEXT, chairman, secretariat
from shared.clock import Clock

pytestmark = pytest.mark.integration

TODAY = Clock().today()
ACTOR_REGION = "abai"
SCOPE, ROLE = "assembly_scope", "role_required"
NAME = {"kk": "Есім", "ru": "Имя"}
COUNTS = {"votes_for": 3, "against": 0, "abstain": 0}
PAST = (TODAY - timedelta(days=10)).isoformat()
Target = dict[str, Any]

# (method, path) -> (request body for the target, the 403's reason for a regional token)
OPERATIONS: dict[tuple[str, str], tuple[Callable[[Target], Any], str]] = {
    ("POST", "/v1/council/meetings"): (
        lambda t: {
            "assembly": t["assembly"],
            "number": "9",
            "held_on": TODAY.isoformat(),
            "place": "Орын",
            "agenda": AGENDA,
        },
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/records"): (
        lambda t: {
            "assembly": t["assembly"],
            "number": "8",
            "held_on": PAST,
            "place": "Орын",
            "agenda": AGENDA,
            "present": 3,
            "council_total": 3,
            "source": {"number": "8", "date": PAST},
        },
        SCOPE,
    ),
    ("POST", "/v1/council/written-polls/records"): (
        lambda t: {
            "assembly": t["assembly"],
            "number": "7",
            "text": TEXT,
            "content": {"kind": "other"},
            "held_on": PAST,
            "counts": COUNTS,
            "source": {"number": "7", "date": PAST},
        },
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{meeting_id}/opening"): (lambda t: None, SCOPE),
    ("POST", "/v1/council/meetings/{meeting_id}/attendance"): (
        lambda t: {"member_id": str(t["member_id"])},
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{meeting_id}/attendance/{member_id}/withdrawal"): (
        lambda t: None,
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{meeting_id}/items/{item_id}/vote"): (
        lambda t: {"text": TEXT, "content": {"kind": "other"}, "counts": COUNTS},
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{meeting_id}/closing"): (lambda t: None, SCOPE),
    ("POST", "/v1/council/written-polls"): (
        lambda t: {
            "assembly": t["assembly"],
            "number": "6",
            "text": TEXT,
            "content": {"kind": "other"},
            "deadline": "2099-01-01T18:00:00+05:00",
        },
        SCOPE,
    ),
    ("POST", "/v1/council/written-polls/{resolution_id}/ballots"): (
        lambda t: {"choice": "for"},
        ROLE,
    ),  # Council members vote for themselves
    ("POST", "/v1/council/written-polls/{resolution_id}/closing"): (lambda t: None, SCOPE),
    ("POST", "/v1/council/senate-proposals"): (
        lambda t: {
            "assembly": t["assembly"],
            "candidate": NAME,
            "decision": {"number": "5", "date": PAST},
        },
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{meeting_id}/senate-proposals"): (
        lambda t: {"proposals": [str(uuid.uuid4())]},
        ROLE,
    ),  # the national Secretariat's
    ("POST", "/v1/control/cards/{card_id}/assignments"): (
        lambda t: {
            "assignments": [{"state_body": "akimat", "task": NAME, "deadline": TODAY.isoformat()}]
        },
        SCOPE,
    ),
    ("POST", "/v1/control/assignments/{assignment_id}/reports"): (
        lambda t: {"text": "Орындалды"},
        ROLE,
    ),  # a state body reports
    ("POST", "/v1/control/assignments/{assignment_id}/acceptance"): (lambda t: None, SCOPE),
    ("POST", "/v1/control/assignments/{assignment_id}/return"): (
        lambda t: {"reason": "Толық емес"},
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{subject_id}/protocol/officers"): (
        lambda t: {
            "chair": {"name": NAME, "post": NAME},
            "secretary": {"name": NAME, "post": NAME},
        },
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{subject_id}/protocol/speakers"): (
        lambda t: {"item_id": t["item_id"], "name": NAME},
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{subject_id}/protocol/guests"): (
        lambda t: {"name": NAME},
        SCOPE,
    ),
    ("POST", "/v1/council/meetings/{subject_id}/protocol/sign-off"): (lambda t: None, SCOPE),
    ("POST", "/v1/council/meetings/{subject_id}/protocol/corrigenda"): (
        lambda t: {"text": NAME},
        SCOPE,
    ),
}


def mutating_operations(app: FastAPI) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }


async def target_of(client: httpx.AsyncClient, app: FastAPI, assembly: str) -> Target:
    """An open, quorate meeting of ``assembly``'s council with an adopted resolution, its card
    and an assignment on it, made by the Assembly's officials."""
    council = council_for(assembly)
    members = await add_council_members(app, 3, body=council.body, post=council.member_post)
    convened = await client.post(
        "/v1/council/meetings",
        json={"assembly": assembly, "number": "1", "held_on": TODAY.isoformat(),
              "place": "Орын", "agenda": AGENDA},
        headers=chairman(app),
    )  # fmt: skip
    assert convened.status_code == 201, convened.text
    meeting_id = convened.json()["id"]
    meeting_url = f"/v1/council/meetings/{meeting_id}"
    assert (await client.post(f"{meeting_url}/opening", headers=secretariat(app))).is_success
    for member in members:
        attended = await client.post(
            f"{meeting_url}/attendance", json={"member_id": str(member)}, headers=secretariat(app)
        )
        assert attended.status_code == 200, attended.text
    items = [i["item_id"] for i in (await client.get(meeting_url)).json()["agenda"]]
    voted = await client.post(
        f"{meeting_url}/items/{items[0]}/vote",
        json={"text": TEXT, "content": {"kind": "other"}, "counts": COUNTS},
        headers=secretariat(app),
    )
    assert voted.status_code == 201, voted.text
    resolution_id = voted.json()["id"]
    [card] = (
        await client.get(
            "/v1/control/cards", params={"source_id": resolution_id}, headers=secretariat(app)
        )
    ).json()
    assert card["assembly"] == assembly
    assigned = await client.post(
        f"/v1/control/cards/{card['card_id']}/assignments",
        json={"assignments": [{"state_body": "akimat", "task": NAME,
                               "deadline": TODAY.isoformat()}]},
        headers=secretariat(app),
    )  # fmt: skip
    assert assigned.status_code == 200, assigned.text
    [assignment] = (
        await client.get(
            "/v1/control/assignments", params={"source_id": resolution_id},
            headers=secretariat(app),
        )
    ).json()  # fmt: skip
    return {
        "assembly": assembly,
        "meeting_id": meeting_id,
        "subject_id": meeting_id,
        "member_id": members[0],
        "item_id": items[1],
        "resolution_id": resolution_id,
        "card_id": card["card_id"],
        "assignment_id": assignment["assignment_id"],
    }


async def versions(client: httpx.AsyncClient, app: FastAPI, target: Target) -> tuple[int, ...]:
    meeting = (await client.get(f"/v1/council/meetings/{target['meeting_id']}")).json()
    card = (
        await client.get(f"/v1/control/cards/{target['card_id']}", headers=secretariat(app))
    ).json()
    listed = (await client.get("/v1/council/meetings", params={"limit": 500})).json()
    return meeting["version"], card["card"]["version"], len(listed)


@pytest.mark.parametrize("assembly", ["akmola", "apk"])
async def test_a_regional_token_is_refused_every_mutation_of_another_assembly(
    client: httpx.AsyncClient, app: FastAPI, assembly: str
) -> None:
    """The token of the Abai region's assembly, on the Akmola region's council and on the
    national Council: every mutating operation is refused with 403."""
    operations = mutating_operations(app)
    assert operations == set(OPERATIONS), (
        "mutating operations without a case here (add one):"
        f" {sorted(operations - set(OPERATIONS))}; cases of no operation:"
        f" {sorted(set(OPERATIONS) - operations)}"
    )
    target = await target_of(client, app, assembly)
    before = await versions(client, app, target)
    token = regional(app, ACTOR_REGION)
    for (method, template), (body_of, reason) in sorted(OPERATIONS.items()):
        url = template.format(**{k: v for k, v in target.items() if f"{{{k}}}" in template})
        response = await client.request(
            method,
            url,
            json=body_of(target),
            headers={**token, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert response.status_code == 403, (method, template, response.text)
        assert response.json()["reason_code"] == reason, (method, template, response.text)
    assert await versions(client, app, target) == before
