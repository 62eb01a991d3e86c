"""The Council's resolution on a candidacy arrives on Kafka and is applied once."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import text

from services.membership.main import create_app
from services.membership.settings import MembershipSettings
from services.membership.tests.conftest import TEST_SECRET, auth, valid_iin
from services.membership.tests.integration.test_candidacies_api import (
    nominate,
    nomination,
    register_association,
)
from shared.eventstore.model import RecordedEvent
from shared.messaging import envelope
from shared.messaging.kafka import ensure_topics
from shared.settings import PlatformSettings

pytestmark = [pytest.mark.integration, pytest.mark.broker]


def council_message(member_id: str, recommended: bool) -> tuple[bytes, bytes, Any]:
    resolution = uuid.uuid4()
    event = RecordedEvent(
        global_position=1,
        transaction_id=1,
        stream_id=f"resolution-{resolution}",
        stream_type="resolution",
        version=1,
        event_id=uuid.uuid4(),
        event_type="CandidacyReviewAdopted",
        schema_version=1,
        data={
            "resolution_id": str(resolution),
            "member_id": member_id,
            "recommended": recommended,
            "protocol": {"number": "Хаттама-9", "date": "2026-03-25"},
        },
        metadata={"actor": "council", "correlation_id": "council-corr"},
        recorded_at=datetime.now(UTC),
        stored_schema_version=1,
    )
    return envelope.encode(event, "council")


@pytest.fixture
async def running(membership_db, kafka_bootstrap):
    """Membership's app with its consumer running against the real broker."""
    platform = PlatformSettings(
        environment="test", jwt_secret=TEST_SECRET, kafka_bootstrap_servers=kafka_bootstrap
    )
    settings = MembershipSettings(database_url=membership_db, run_relay=False, platform=platform)
    app = create_app(settings)
    consumer = app.state.platform.consumer
    consumer.group_id = f"kelisim.membership-test-{uuid.uuid4().hex[:6]}"
    await ensure_topics(platform, ["kelisim.council.v1"])
    task = asyncio.create_task(consumer.run())
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            yield app, client
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await app.state.platform.dispose()


async def publish_twice(bootstrap: str, message: tuple[bytes, bytes, Any]) -> None:
    key, value, headers = message
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        for _ in range(2):  # at-least-once: the same message twice
            await producer.send_and_wait("kelisim.council.v1", value, key=key, headers=headers)
    finally:
        await producer.stop()


async def eventually(check, what: str) -> Any:
    started = time.monotonic()
    while not (result := await check()):
        assert time.monotonic() - started < 60, f"timed out waiting for {what}"
        await asyncio.sleep(0.2)
    return result


async def test_a_council_review_delivered_twice_is_applied_once(running, kafka_bootstrap):
    app, client = running
    association = await register_association(client, app)
    member_id = await nominate(client, app, nomination(association))
    await publish_twice(kafka_bootstrap, council_message(member_id, recommended=True))

    async def reviewed() -> dict[str, Any] | None:
        member = (
            await client.get(f"/v1/members/{member_id}", headers=auth(app, "a", "auditor"))
        ).json()
        return member if member["status"] == "reviewed" else None

    member = await eventually(reviewed, "the review to be applied")
    await asyncio.sleep(1.0)  # give a (wrong) second application every chance
    assert member["recommended"] is True
    async with app.state.platform.sessions() as db:
        types = (
            await db.execute(
                text("SELECT event_type FROM events WHERE stream_id = :s ORDER BY version"),
                {"s": f"member-{member_id}"},
            )
        ).scalars()
        assert list(types) == ["CandidacyNominated", "CandidacyReviewed"]
        inbox = (await db.execute(text("SELECT count(*) FROM inbox"))).scalar_one()
        assert inbox == 1


async def test_a_deputy_chairman_recommendation_serves_the_presidents_order(
    running, kafka_bootstrap
):
    app, client = running
    included = await client.post(
        "/v1/members",
        json={
            "person": {"name": {"kk": "Ж", "ru": "Ж"}, "iin": valid_iin(9000), "gender": "male"},
            "category": "ethnocultural_association",
            "decision": {"number": "Ө-1", "date": "2024-01-01"},
            "effective_on": "2024-01-02",
        },
        headers=auth(app, "p", "chairman"),
    )
    member_id = included.json()["member_id"]
    resolution = uuid.uuid4()
    event = RecordedEvent(
        global_position=1,
        transaction_id=1,
        stream_id=f"resolution-{resolution}",
        stream_type="resolution",
        version=1,
        event_id=uuid.uuid4(),
        event_type="DeputyChairmanRecommended",
        schema_version=1,
        data={
            "resolution_id": str(resolution),
            "member_id": member_id,
            "protocol": {"number": "Хаттама-12", "date": "2024-02-01"},
        },
        metadata={"actor": "council", "correlation_id": "council-corr"},
        recorded_at=datetime.now(UTC),
        stored_schema_version=1,
    )
    await publish_twice(kafka_bootstrap, envelope.encode(event, "council"))

    async def recorded() -> bool:
        async with app.state.platform.sessions() as db:
            n = (
                await db.execute(
                    text(
                        "SELECT count(*) FROM events WHERE stream_id = 'body-deputy_chairmen'"
                        " AND event_type = 'DeputyChairmanRecommended'"
                    )
                )
            ).scalar_one()
        return n >= 1

    await eventually(recorded, "the recommendation to be recorded")
    await asyncio.sleep(1.0)
    appointed = await client.post(
        "/v1/posts",
        json={
            "post": "deputy_chairman_ethnocultural",
            "member_id": member_id,
            "start_on": "2024-03-01",
            "document": {"number": "Өкім-7", "date": "2024-02-20"},
            "rotation_period_months": 24,
        },
        headers=auth(app, "s", "secretariat"),
    )
    assert appointed.status_code == 201, appointed.text
    async with app.state.platform.sessions() as db:
        kinds = (
            await db.execute(
                text(
                    "SELECT event_type FROM events WHERE stream_id = 'body-deputy_chairmen'"
                    " ORDER BY version"
                )
            )
        ).scalars()
        assert list(kinds) == ["DeputyChairmanRecommended", "PostTermStarted"]
