"""End to end: membership and sessions as separate processes, real PostgreSQL, real broker.

A member included through membership's API is stored in its event store, reaches Kafka through
the outbox relay, and is applied by the sessions service's consumer exactly once — also when
the same message is delivered again. The correlation id of the request follows the event into
the other service's logs.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.testing.infra import FreshDatabase
from tests.e2e.system import DEADLINE, System, bearer, eventually, running_system

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    services = ("membership", "sessions")
    async with running_system(services, fresh_database, kafka_bootstrap, tmp_path) as system:
        yield system


def chairman() -> dict[str, str]:
    return bearer("president", "chairman")


async def roster_changes(database_url: str, member_id: str) -> int:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            result = await conn.execute(
                text("SELECT count(*) FROM roster_changes WHERE member_id = :m"),
                {"m": uuid.UUID(member_id)},
            )
            return int(result.scalar_one())
    finally:
        await engine.dispose()


async def redeliver(bootstrap: str, member_id: str, times: int) -> None:
    """Read membership's messages about ``member_id`` from the topic and send them again."""
    consumer = AIOKafkaConsumer(
        "kelisim.membership.v1",
        bootstrap_servers=bootstrap,
        group_id=f"e2e-reader-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    found = []
    try:
        started = time.monotonic()
        while not found and time.monotonic() - started < DEADLINE:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                found += [r for r in records if r.key == f"member-{member_id}".encode()]
    finally:
        await consumer.stop()
    assert found, "membership's event is not on its topic"
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        for _ in range(times):
            for record in found:
                await producer.send_and_wait(
                    record.topic, record.value, key=record.key, headers=list(record.headers)
                )
    finally:
        await producer.stop()


async def duplicates_seen(client: httpx.AsyncClient, sessions_url: str) -> float:
    metrics = (await client.get(f"{sessions_url}/metrics")).text
    total = 0.0
    for line in metrics.splitlines():
        if line.startswith("kelisim_consumer_duplicates_total{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


async def test_a_member_included_in_membership_reaches_sessions_exactly_once(
    system: System, kafka_bootstrap: str
) -> None:
    membership, sessions = system.urls["membership"], system.urls["sessions"]
    async with httpx.AsyncClient(timeout=10) as client:
        for url in (membership, sessions):
            assert (await client.get(f"{url}/ready")).status_code == 200

        created = await client.post(
            f"{membership}/v1/members",
            json={
                "person": {
                    "name": {"kk": "Ерлан Сейітұлы", "ru": "Ерлан Сеитович"},
                    "iin": "851205400337",
                    "gender": "male",
                },
                "region": "turkistan",
                "category": "ethnocultural_association",
                "decision": {"number": "Ө-305", "date": "2026-01-10"},
                "effective_on": "2026-01-15",
            },
            headers={**chairman(), "X-Correlation-ID": "e2e-correlation-7"},
        )
        assert created.status_code == 201, created.text
        member_id = created.json()["member_id"]

        async def on_roster() -> bool:
            roster = (
                await client.get(f"{sessions}/v1/roster", params={"as_of": "2026-02-01"})
            ).json()
            return member_id in {m["member_id"] for m in roster["members"]}

        await eventually(on_roster, "the member on the sessions roster")
        assert await roster_changes(system.databases["sessions"], member_id) == 1

        before = await duplicates_seen(client, sessions)
        await redeliver(kafka_bootstrap, member_id, times=2)

        async def redelivered() -> bool:
            return await duplicates_seen(client, sessions) >= before + 2

        await eventually(redelivered, "the consumer to see the redelivered messages")
        assert await roster_changes(system.databases["sessions"], member_id) == 1

        ended = await client.post(
            f"{membership}/v1/members/{member_id}/end",
            json={"ground": "death", "effective_on": "2026-09-01"},
            headers=chairman(),
        )
        assert ended.status_code == 200, ended.text

        async def off_roster() -> bool:
            roster = (
                await client.get(f"{sessions}/v1/roster", params={"as_of": "2026-09-01"})
            ).json()
            return member_id not in {m["member_id"] for m in roster["members"]}

        await eventually(off_roster, "the member to leave the roster")
        earlier = (await client.get(f"{sessions}/v1/roster", params={"as_of": "2026-08-31"})).json()
        assert member_id in {m["member_id"] for m in earlier["members"]}

    sessions_log = system.log("sessions")
    assert "e2e-correlation-7" in sessions_log, "the correlation id did not follow the event"
