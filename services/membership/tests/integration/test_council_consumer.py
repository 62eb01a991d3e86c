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
from services.membership.tests.conftest import TEST_SECRET, auth
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


async def test_a_council_review_delivered_twice_is_applied_once(membership_db, kafka_bootstrap):
    platform = PlatformSettings(
        environment="test", jwt_secret=TEST_SECRET, kafka_bootstrap_servers=kafka_bootstrap
    )
    settings = MembershipSettings(database_url=membership_db, run_relay=False, platform=platform)
    app = create_app(settings)
    consumer = app.state.platform.consumer
    consumer.group_id = f"kelisim.membership-test-{uuid.uuid4().hex[:6]}"
    await ensure_topics(platform, ["kelisim.council.v1"])
    task = asyncio.create_task(consumer.run())
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            association = await register_association(client, app)
            member_id = await nominate(client, app, nomination(association))
            key, value, headers = council_message(member_id, recommended=True)
            producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=False)
            await producer.start()
            try:
                for _ in range(2):  # at-least-once: the same message twice
                    await producer.send_and_wait(
                        "kelisim.council.v1", value, key=key, headers=headers
                    )
            finally:
                await producer.stop()

            started = time.monotonic()
            while True:
                member = (
                    await client.get(f"/v1/members/{member_id}", headers=auth(app, "a", "auditor"))
                ).json()
                if member["status"] == "reviewed":
                    break
                assert time.monotonic() - started < 60, "the review was not applied"
                await asyncio.sleep(0.2)
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
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await app.state.platform.dispose()
