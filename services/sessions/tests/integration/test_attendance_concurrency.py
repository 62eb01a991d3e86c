"""Members registering for one sitting at the same moment all get registered: a lost append
race on the Session's stream is run again by the command runner, not answered 409."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from services.sessions.tests.conftest import add_to_roster
from services.sessions.tests.integration.test_sessions_api import detail, member, open_session

pytestmark = pytest.mark.integration


async def test_forty_members_registering_at_once_are_all_present(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_to_roster(app, 40)
    session_id = await open_session(client, app)
    responses = await asyncio.gather(
        *(
            client.post(
                f"/v1/sessions/{session_id}/attendance",
                json={"member_id": str(member_id)},
                headers=member(app, member_id),
            )
            for member_id in members
        )
    )
    assert [r.status_code for r in responses] == [200] * 40, {r.text for r in responses}
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["present"], quorum["total"], quorum["quorate"]) == (40, 40, True)
