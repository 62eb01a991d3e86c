"""What a member's inclusion asks the database: reference codes come from memory once seen,
and one active membership per person is kept by the read model's unique index."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import event

from services.membership.tests.conftest import auth
from services.membership.tests.integration.test_api import include, someone

pytestmark = pytest.mark.integration


@contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    """The statements the service's engine runs meanwhile."""
    seen: list[str] = []
    engine = app.state.platform.engine.sync_engine

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


async def test_an_inclusion_names_a_known_region_without_a_query(client, app) -> None:
    assert (await include(client, app, someone(region="abai"))).status_code == 201
    with statements(app) as seen:
        created = await include(client, app, someone(region="abai"))
    assert created.status_code == 201, created.text
    assert not [s for s in seen if "regions" in s or "ethnic_groups" in s], seen
    # one round trip finds the person's id in other assemblies (under the person's lock);
    # no query checks for an active membership: the unique index does
    reads = [s for s in seen if "members" in s and ("SELECT" in s or "WITH" in s)]
    assert len(reads) == 1 and "person_key" in reads[0] and "status" not in reads[0], seen


async def test_an_unknown_region_is_still_refused_each_time(client, app) -> None:
    for _ in range(2):
        refused = await include(client, app, someone(region="atlantis"))
        assert refused.status_code == 422, refused.text
        problem = refused.json()
        assert (problem["rule"], problem["reason_code"]) == ("Reg2024 §18–19", "unknown_region")


async def test_the_same_person_twice_is_refused_by_the_index(client, app) -> None:
    body = someone()
    assert (await include(client, app, body)).status_code == 201
    again = await client.post("/v1/members", json=body, headers=auth(app, "p-1", "chairman"))
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "person_already_member"
