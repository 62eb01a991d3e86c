"""The sessions service's rosters from membership's events: a regional assembly's members are
on its own roster, never on the Assembly's, so the Session's quorum (Reg2024 §9) never counts
them (Law 2008 Art. 14)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.sessions.consumers.membership import HANDLERS
from shared.context import Actor
from shared.messaging.envelope import InboundEvent

pytestmark = pytest.mark.integration


async def deliver(app: FastAPI, event_type: str, version: int, data: dict[str, Any]) -> None:
    event = InboundEvent(
        topic="kelisim.membership.v1", partition=0, offset=0, event_id=uuid.uuid4(),
        event_type=event_type, schema_version=version, stream_id=f"member-{data['member_id']}",
        stream_type="member", version=1, global_position=1,
        recorded_at="2026-01-01T00:00:00Z", data=data, metadata={},
    )  # fmt: skip
    async with app.state.platform.runner.unit_of_work(Actor.system("test")) as uow:
        await HANDLERS[event_type](event, uow)
        await uow.commit()


def included(member_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "member_id": member_id, "name": {"kk": "Мүше", "ru": "Член"}, "region": "abai",
        "effective_on": "2026-01-15",
    } | fields  # fmt: skip


async def roster(client: httpx.AsyncClient, assembly: str = "national") -> list[str]:
    found = (
        await client.get("/v1/roster", params={"as_of": "2026-06-01", "assembly": assembly})
    ).json()
    return sorted(m["member_id"] for m in found["members"])


async def test_regional_members_never_join_the_assemblys_roster(client, app) -> None:
    old, national, regional = (str(uuid.uuid4()) for _ in range(3))
    await deliver(app, "MemberIncluded", 2, included(old))  # before assemblies: national
    await deliver(app, "MemberIncluded", 3, included(national, assembly="national",
                                                     person_id=national))  # fmt: skip
    await deliver(app, "MemberIncluded", 3, included(regional, assembly="abai",
                                                     person_id=national))  # fmt: skip
    assert await roster(client) == sorted([old, national])
    assert await roster(client, "abai") == [regional]
    # the regional membership's end and renaming touch the Abai roster only
    await deliver(app, "MemberNameCorrected", 2, {"member_id": regional, "assembly": "abai",
                                                  "name": {"kk": "Ж", "ru": "Н"}})  # fmt: skip
    await deliver(app, "MembershipEnded", 2, {"member_id": regional, "assembly": "abai",
                                              "effective_on": "2026-03-01"})  # fmt: skip
    assert await roster(client, "abai") == []
    assert await roster(client) == sorted([old, national])
    await deliver(app, "MembershipEnded", 2, {"member_id": national, "assembly": "national",
                                              "effective_on": "2026-03-01"})  # fmt: skip
    assert await roster(client) == [old]
