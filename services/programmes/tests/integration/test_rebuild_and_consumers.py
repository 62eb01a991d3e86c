"""The read models rebuilt from the store equal the live ones; the consumers apply another
service's event once, and keep only what concerns this service."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from services.programmes.tests.conftest import feed, secretariat
from services.programmes.tests.integration import (
    test_awards_and_work_plan_api,
    test_bodies_api,
    test_documents_api,
)
from shared.messaging.consumer import Outcome
from shared.messaging.envelope import InboundEvent


async def test_rebuilt_read_models_equal_the_live_ones(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await test_documents_api.test_a_programme_document_from_draft_to_approval(client, app)
    await test_documents_api.test_the_concept_in_force_on_any_day(client, app)
    await test_awards_and_work_plan_api.test_an_award_conferred_under_the_statute_of_its_day(
        client, app
    )
    await test_awards_and_work_plan_api.test_the_work_plan_from_the_council_and_the_secretariat(
        client, app
    )
    await test_bodies_api.test_a_commission_and_its_composition_on_any_day(client, app)
    platform = app.state.platform
    tables = [t for p in platform.projector.projections.values() for t in p.tables]

    async def snapshot() -> dict[str, list[str]]:
        async with platform.sessions() as db:
            return {
                t: sorted(
                    (await db.execute(text(f"SELECT row_to_json(x)::text FROM {t} x"))).scalars()
                )
                for t in tables
            }

    live = await snapshot()
    for name in platform.projector.projections:
        await platform.projector.rebuild(platform.sessions, platform.store, name)
    assert await snapshot() == live
    assert all(live[t] for t in ("documents", "plan_measures", "award_conferrals", "body_seats"))


async def test_consumers_apply_once_and_keep_what_concerns_them(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    member_id = str(uuid.uuid4())
    data = {"member_id": member_id, "name": {"kk": "Айжан", "ru": "Айжан"},
            "effective_on": "2026-01-10"}  # fmt: skip
    await feed(app, "kelisim.membership.v1", f"member-{member_id}", "MemberIncluded", data)
    consumer = app.state.platform.consumer
    again = InboundEvent(
        topic="kelisim.membership.v1", partition=0, offset=1, event_id=uuid.uuid4(),
        event_type="MemberIncluded", schema_version=1, stream_id=f"member-{member_id}",
        stream_type="member", version=1, global_position=1, recorded_at="2026-01-10T00:00:00Z",
        data=data, metadata={},
    )  # fmt: skip
    handler = consumer.handlers["kelisim.membership.v1"]["MemberIncluded"]
    assert await consumer._apply_once(again, handler) is Outcome.DUPLICATE
    await feed(
        app, "kelisim.membership.v1", f"member-{member_id}", "MembershipEnded",
        {"member_id": member_id, "effective_on": "2026-05-01"}, version=2,
    )  # fmt: skip
    council_post = {
        "term_id": str(uuid.uuid4()), "body": "council", "region": None,
        "post": "council_member", "member_id": member_id, "name": data["name"],
        "start_on": "2026-02-01", "document": {"number": "1", "date": "2026-02-01"},
        "rotation_period_months": None, "recommendation": None, "proposal": None,
    }  # fmt: skip
    await feed(app, "kelisim.membership.v1", "body-council", "PostTermStarted", council_post)
    async with app.state.platform.sessions() as db:
        ended = await db.scalar(text("SELECT ended_on::text FROM assembly_members"))
        posts = await db.scalar(text("SELECT count(*) FROM expert_council_posts"))
    assert (ended, posts) == ("2026-05-01", 0)
    # A member who left no longer takes a seat.
    commission = (
        await client.post(
            "/v1/bodies",
            json={"kind": "working_group", "name": {"kk": "Топ", "ru": "Группа"},
                  "established_on": "2026-02-01", "decided_by": "secretariat",
                  "act": {"number": "1", "date": "2026-02-01"}},
            headers=secretariat(app),
        )
    ).json()  # fmt: skip
    seat = await client.post(
        f"/v1/bodies/{commission['id']}/seats",
        json={"role": "member", "member_id": member_id, "start_on": "2026-05-01",
              "act": {"number": "2", "date": "2026-05-01"}},
        headers=secretariat(app),
    )  # fmt: skip
    assert seat.json()["reason_code"] == "programmes_not_a_member"
