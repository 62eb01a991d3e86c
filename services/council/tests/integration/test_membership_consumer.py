"""The Council's composition on any day, from membership's events (Reg2024 §14): a term counts
from its first day to the day before its end, and only while its holder is a member."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.council.consumers.membership import HANDLERS, MEMBERSHIP_TOPIC
from services.council.tests.conftest import auth, inbound
from shared.context import Actor

pytestmark = pytest.mark.integration


async def deliver(app: FastAPI, event_type: str, stream: str, data: dict[str, Any]) -> None:
    stream_type = stream.split("-", 1)[0]
    event = inbound(
        MEMBERSHIP_TOPIC, event_type=event_type, stream_id=stream, stream_type=stream_type,
        data=data,
    )  # fmt: skip
    async with app.state.platform.runner.unit_of_work(Actor.system("test")) as uow:
        await HANDLERS[event_type](event, uow)
        await uow.commit()


def name(n: int) -> dict[str, str]:
    return {"kk": f"Мүше {n}", "ru": f"Член {n}"}


async def composition(client: httpx.AsyncClient, day: str, body: str = "council") -> list[str]:
    found = (
        await client.get("/v1/council/composition", params={"as_of": day, "body": body})
    ).json()
    return sorted(m["member_id"] for m in found["members"])


async def test_the_composition_follows_terms_and_memberships(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    people = [str(uuid.uuid4()) for _ in range(3)]
    for n, member in enumerate(people):
        await deliver(app, "MemberIncluded", f"member-{member}", {
            "member_id": member, "name": name(n), "effective_on": "2026-01-15"})  # fmt: skip
    terms = [str(uuid.uuid4()) for _ in people]
    for n, (member, term) in enumerate(zip(people, terms, strict=True)):
        await deliver(app, "PostTermStarted", "body-council", {
            "term_id": term, "post": "council_member", "member_id": member, "name": name(n),
            "start_on": "2026-02-01"})  # fmt: skip
    # a regional assembly's body is kept apart by its key, and counts its own members: the
    # person of people[0] is also a member of the Abai assembly (a membership of its own)
    regional = str(uuid.uuid4())
    await deliver(app, "MemberIncluded", f"member-{regional}", {
        "member_id": regional, "name": name(0), "effective_on": "2026-01-20",
        "assembly": "abai", "person_id": people[0]})  # fmt: skip
    for holder in (regional, people[1]):  # people[1] is no member of the Abai assembly
        await deliver(app, "PostTermStarted", "body-regional_assembly.abai", {
            "term_id": str(uuid.uuid4()), "post": "regional_council_member", "member_id": holder,
            "name": name(0), "start_on": "2026-02-01"})  # fmt: skip
    await deliver(
        app, "PostTermEnded", "body-council", {"term_id": terms[1], "end_on": "2026-05-01"}
    )
    await deliver(app, "MembershipEnded", f"member-{people[2]}", {
        "member_id": people[2], "effective_on": "2026-06-01"})  # fmt: skip

    assert await composition(client, "2026-01-31") == []
    assert await composition(client, "2026-02-01") == sorted(people)
    assert await composition(client, "2026-04-30") == sorted(people)
    assert await composition(client, "2026-05-01") == sorted([people[0], people[2]])
    assert await composition(client, "2026-06-01") == [people[0]]
    assert await composition(client, "2026-06-01", "regional_assembly.abai") == [regional]
    assert await composition(client, "2026-06-01") == [people[0]]  # not the Abai membership
    total = (await client.get("/v1/council/composition", params={"as_of": "2026-02-01"})).json()
    assert (total["total"], total["quorum_required"], total["rule"]) == (3, 2, "Reg2024 §14")


async def test_only_the_assemblys_candidacies_await_the_councils_review(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Reg2024 §13.2: the Council reviews the Assembly's candidacies; a regional assembly
    decides its own (Law 2008 Art. 14)."""
    old, national, regional = (str(uuid.uuid4()) for _ in range(3))
    for member, assembly in ((old, None), (national, "national"), (regional, "abai")):
        data = {"member_id": member, "name": name(1), "nominated_on": "2026-02-01"}
        if assembly is not None:
            data["assembly"] = assembly
        await deliver(app, "CandidacyNominated", f"member-{member}", data)
    token = auth(app, "s-1", "secretariat")
    found = await client.get("/v1/council/candidacies", headers=token)
    assert found.status_code == 200, found.text
    listed = {c["member_id"] for c in found.json()}
    assert {old, national} <= listed and regional not in listed
