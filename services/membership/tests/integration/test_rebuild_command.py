"""`kelisim projections rebuild` drops the members read model and rebuilds it identically."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
from sqlalchemy import text

from services.membership.tests.conftest import auth
from services.membership.tests.integration.test_api import someone

pytestmark = pytest.mark.integration


async def test_the_rebuild_command_reproduces_the_live_read_model(client, app, membership_db):
    for region in ("astana", "shymkent", "abai"):
        response = await client.post(
            "/v1/members", json=someone(region=region), headers=auth(app, "p", "chairman")
        )
        assert response.status_code == 201
    query = text("SELECT * FROM members ORDER BY member_id")
    async with app.state.platform.sessions() as db:
        live = [tuple(r) for r in await db.execute(query)]
        await db.execute(text("DELETE FROM members WHERE region = 'astana'"))  # damage it
        await db.commit()

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from ops.cli import main; main()",
        *("projections", "rebuild", "membership", "--database-url", membership_db),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "KELISIM_LOG_JSON": "false"},
    )
    _, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    assert "membership.members: 3 events applied" in err.decode()
    async with app.state.platform.sessions() as db:
        assert [tuple(r) for r in await db.execute(query)] == live
