"""The outbox relay and the consumer against real PostgreSQL and the real broker."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.application import CommandRunner, UnitOfWork
from shared.context import Actor, bound_correlation
from shared.eventstore import EventStore
from shared.messaging import envelope
from shared.messaging.consumer import EventConsumer
from shared.messaging.envelope import InboundEvent
from shared.messaging.kafka import ensure_topics
from shared.messaging.notifier import CommitNotifier
from shared.messaging.relay import OutboxRelay
from shared.projections import Projector
from shared.settings import PlatformSettings
from shared.tests.integration.conftest import PersonNoted, ThingHappened

pytestmark = [pytest.mark.integration, pytest.mark.broker]

DEADLINE = 60.0  # seconds: every wait below is bounded


def unique_topic(kind: str) -> str:
    return f"kelisim.test-{kind}-{uuid.uuid4().hex[:8]}.v1"


@pytest.fixture
def platform(kafka_bootstrap: str) -> PlatformSettings:
    return PlatformSettings(
        environment="test",
        kafka_bootstrap_servers=kafka_bootstrap,
        kafka_topic_partitions=3,
        kafka_request_timeout_ms=5000,
    )


@pytest.fixture
def runner(engine: AsyncEngine, sessions, store: EventStore) -> CommandRunner:
    return CommandRunner(sessions, store, Projector([]), "test", CommitNotifier(engine))


async def append_things(runner: CommandRunner, stream: str, count: int) -> list[uuid.UUID]:
    """Append through units of work, as services do: each commit pokes the relay."""
    ids = []
    with bound_correlation("corr-relay"):
        for i in range(count):
            async with runner.unit_of_work(Actor.system("test")) as uow:
                version = await uow.store.stream_version(uow.db, stream)
                thing = ThingHappened(label=f"{stream}:{version + 1}", amount=i)
                [recorded] = await uow.append(stream, "thing", version, [thing])
                await uow.commit()
            ids.append(recorded.event_id)
    return ids


async def read_topic(platform: PlatformSettings, topic: str, expected: set[uuid.UUID]) -> list[Any]:
    """Every message of ``topic`` from the start until all ``expected`` ids were seen."""
    consumer = AIOKafkaConsumer(**platform.kafka_client_options(), enable_auto_commit=False)
    await consumer.start()
    messages: list[Any] = []
    try:
        started = time.monotonic()
        partitions: set[int] = set()
        while not partitions and time.monotonic() - started < DEADLINE:
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic) or set()
            if not partitions:
                await asyncio.sleep(0.2)
        assignment = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(assignment)
        await consumer.seek_to_beginning(*assignment)
        seen: set[uuid.UUID] = set()
        while not expected <= seen and time.monotonic() - started < DEADLINE:
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    messages.append(record)
                    seen.add(uuid.UUID(dict(record.headers)[envelope.H_EVENT_ID].decode()))
    finally:
        await consumer.stop()
    return messages


def per_stream_first_occurrences(messages: list[Any]) -> dict[str, list[int]]:
    """Stream versions in delivery order, duplicates (at-least-once) dropped."""
    seen: set[str] = set()
    order: dict[str, list[int]] = defaultdict(list)
    for record in messages:
        body = json.loads(record.value)
        if body["event_id"] in seen:
            continue
        seen.add(body["event_id"])
        order[body["stream_id"]].append(body["version"])
    return order


@pytest_asyncio.fixture
async def running_relay(
    engine: AsyncEngine, store: EventStore, platform: PlatformSettings
) -> AsyncIterator[OutboxRelay]:
    relay = OutboxRelay(
        service="test",
        topic=unique_topic("relay"),
        engine=engine,
        store=store,
        platform=platform,
        batch_size=50,
        safety_poll_seconds=120.0,  # far beyond every wait: delivery must come from NOTIFY
        max_backoff_seconds=0.5,
    )
    task = asyncio.create_task(relay.run())
    yield relay
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def published_count(sessions, topic: str) -> int:
    async with sessions() as db:
        value = (
            await db.execute(
                text("SELECT published_count FROM relay_checkpoints WHERE topic = :t"),
                {"t": topic},
            )
        ).scalar_one_or_none()
    return int(value or 0)


async def wait_published(sessions, topic: str, count: int) -> None:
    started = time.monotonic()
    while await published_count(sessions, topic) < count:
        assert time.monotonic() - started < DEADLINE, "the relay did not publish in time"
        await asyncio.sleep(0.05)


async def test_committed_events_reach_kafka_keyed_ordered_with_headers(
    running_relay: OutboxRelay, runner, platform
):
    ids: list[uuid.UUID] = []
    for stream in ("thing-a", "thing-b", "thing-c", "thing-d"):
        ids += await append_things(runner, stream, 15)
    messages = await read_topic(platform, running_relay.topic, set(ids))
    delivered = {uuid.UUID(json.loads(m.value)["event_id"]) for m in messages}
    assert delivered == set(ids)
    order = per_stream_first_occurrences(messages)
    assert all(v == list(range(1, 16)) for v in order.values()), order
    record = messages[0]
    headers = dict(record.headers)
    body = json.loads(record.value)
    assert record.key == body["stream_id"].encode()
    assert headers[envelope.H_EVENT_TYPE] == b"ThingHappened"
    assert headers[envelope.H_SCHEMA_VERSION] == b"2"
    assert headers[envelope.H_CORRELATION_ID] == b"corr-relay"
    assert headers[envelope.H_EVENT_ID].decode() == body["event_id"]
    assert int(headers[envelope.H_GLOBAL_POSITION]) == body["global_position"]
    assert running_relay.is_leader


async def test_private_fields_never_reach_kafka(running_relay: OutboxRelay, runner, platform):
    async with runner.unit_of_work(Actor.system("test")) as uow:
        [noted] = await uow.append(
            "person-1", "person", 0, [PersonNoted(person_id="p-1", iin="900101300123")]
        )
        await uow.commit()
    [message] = await read_topic(platform, running_relay.topic, {noted.event_id})
    assert json.loads(message.value)["data"] == {"person_id": "p-1"}
    assert b"900101300123" not in message.value
    async with runner.unit_of_work(Actor.system("test")) as uow:
        [stored] = await uow.store.read_stream(uow.db, "person-1")
    assert stored.data["iin"] == "900101300123"  # kept in the service's own store


async def test_only_one_relay_per_topic_publishes(
    running_relay: OutboxRelay, runner, engine, sessions, store, platform
):
    for _ in range(200):  # bounded: the first relay takes the lead before the second starts
        if running_relay.is_leader:
            break
        await asyncio.sleep(0.05)
    assert running_relay.is_leader
    standby = OutboxRelay(
        service="test",
        topic=running_relay.topic,
        engine=engine,
        store=store,
        platform=platform,
        safety_poll_seconds=0.2,
    )
    task = asyncio.create_task(standby.run())
    try:
        ids = await append_things(runner, "thing-solo", 20)
        await wait_published(sessions, running_relay.topic, 20)
        await asyncio.sleep(0.5)  # give the standby every chance to (wrongly) publish
        messages = await read_topic(platform, running_relay.topic, set(ids))
        assert running_relay.is_leader and not standby.is_leader
        assert len(messages) == 20  # published once: the standby never took over
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_relay_survives_a_broker_outage_nothing_lost_order_kept(
    broker_control, running_relay: OutboxRelay, runner, sessions, store, platform
):
    before = await append_things(runner, "thing-x", 5)
    before += await append_things(runner, "thing-y", 5)
    await wait_published(sessions, running_relay.topic, 10)

    broker_control.stop()
    during = await append_things(runner, "thing-x", 7)
    during += await append_things(runner, "thing-z", 6)
    await asyncio.sleep(1.0)  # the relay tries, fails and keeps the events waiting
    assert await published_count(sessions, running_relay.topic) == 10
    broker_control.start()  # memory-only: the restarted broker has lost every message

    every = set(before + during)
    messages = await read_topic(platform, running_relay.topic, every)
    delivered = {uuid.UUID(json.loads(m.value)["event_id"]) for m in messages}
    assert delivered == every, "an event was lost"

    # What a consumer makes of the topic: every stream complete and in version order, although
    # the topic may hold a straggler sent just before the relay noticed the loss.
    applied: dict[str, list[int]] = defaultdict(list)

    async def note(event: InboundEvent, uow: UnitOfWork) -> None:
        applied[event.stream_id].append(event.version)

    consumer = make_consumer(
        sessions, store, platform, running_relay.topic, note, unique_topic("dlq")
    )

    async def all_applied() -> bool:
        return sum(len(v) for v in applied.values()) >= len(every)

    await run_consumer(consumer, all_applied)
    assert applied == {
        "thing-x": list(range(1, 13)),
        "thing-y": list(range(1, 6)),
        "thing-z": list(range(1, 7)),
    }


# --- the consumer -----------------------------------------------------------------------------


@pytest_asyncio.fixture
async def effects_table(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "CREATE TABLE effects (id BIGINT GENERATED ALWAYS AS IDENTITY, label TEXT,"
                " event_id UUID)"
            )
        )


async def produce(platform: PlatformSettings, topic: str, *messages: tuple[bytes, bytes, Any]):
    producer = AIOKafkaProducer(**platform.kafka_client_options(), enable_idempotence=False)
    await producer.start()
    try:
        for key, value, headers in messages:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


def message_for(label: str, stream: str = "thing-c1", version: int = 1):
    from shared.eventstore.model import RecordedEvent

    event = RecordedEvent(
        global_position=version,
        transaction_id=1000 + version,
        stream_id=stream,
        stream_type="thing",
        version=version,
        event_id=uuid.uuid4(),
        event_type="ThingHappened",
        schema_version=2,
        data={"label": label, "amount": 1},
        metadata={"actor": "other-service", "correlation_id": "corr-consumer"},
        recorded_at=__import__("datetime").datetime.now(__import__("datetime").UTC),
        stored_schema_version=2,
    )
    return event, envelope.encode(event, "other")


async def run_consumer(consumer: EventConsumer, until, limit: float = DEADLINE) -> None:
    task = asyncio.create_task(consumer.run())
    try:
        started = time.monotonic()
        while not await until():
            assert time.monotonic() - started < limit, "the consumer did not finish in time"
            assert not task.done(), task
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def make_consumer(sessions, store, platform, topic, handler, dead_letter_topic, group=None):
    runner = CommandRunner(sessions, store, Projector([]), "test")
    return EventConsumer(
        service="test",
        group_id=group or f"kelisim.test-{uuid.uuid4().hex[:6]}",
        handlers={topic: {"ThingHappened": handler}},
        runner=runner,
        platform=platform,
        dead_letter_topic=dead_letter_topic,
        max_attempts=3,
        retry_backoff_seconds=0.01,
    )


async def record_effect(event: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(
        text("INSERT INTO effects (label, event_id) VALUES (:l, :e)"),
        {"l": event.data["label"], "e": event.event_id},
    )


async def effects(sessions: async_sessionmaker[AsyncSession]) -> list[str]:
    async with sessions() as db:
        return list((await db.execute(text("SELECT label FROM effects ORDER BY id"))).scalars())


async def test_a_redelivered_message_has_one_effect(effects_table, sessions, store, platform):
    topic = unique_topic("redelivery")
    _, first_msg = message_for("first", version=1)
    _, second_msg = message_for("second", version=2)
    await ensure_topics(platform, [topic])
    # at-least-once: the same event arrives three times, interleaved with another
    await produce(platform, topic, first_msg, first_msg, second_msg, first_msg)
    consumer = make_consumer(sessions, store, platform, topic, record_effect, unique_topic("dlq"))

    async def all_seen() -> bool:
        async with sessions() as db:
            n = (await db.execute(text("SELECT count(*) FROM inbox"))).scalar_one()
        return n == 2

    await run_consumer(consumer, all_seen)
    await asyncio.sleep(0.3)  # let any (wrong) second application land
    assert await effects(sessions) == ["first", "second"]

    # a new consumer group (offsets lost, as after a broker restart) reads it all again
    again = make_consumer(sessions, store, platform, topic, record_effect, unique_topic("dlq"))

    async def nothing_new() -> bool:
        await asyncio.sleep(1.5)
        return True

    await run_consumer(again, nothing_new)
    assert await effects(sessions) == ["first", "second"]


async def test_a_failing_message_goes_to_the_dead_letter_topic_and_the_consumer_goes_on(
    effects_table, sessions, store, platform
):
    topic, dlq = unique_topic("poison"), unique_topic("dlq")
    poison, poison_msg = message_for("poison", version=1)
    _, good_msg = message_for("good", version=2)
    garbage = (b"thing-c1", b"{not json", [])
    await ensure_topics(platform, [topic])
    await produce(platform, topic, poison_msg, garbage, good_msg)
    attempts: list[str] = []

    async def fragile(event: InboundEvent, uow: UnitOfWork) -> None:
        attempts.append(event.data["label"])
        if event.data["label"] == "poison":
            raise RuntimeError("cannot apply poison")
        await record_effect(event, uow)

    consumer = make_consumer(sessions, store, platform, topic, fragile, dlq)

    async def good_applied() -> bool:
        return await effects(sessions) == ["good"]

    await run_consumer(consumer, good_applied)
    assert attempts.count("poison") == 3
    async with sessions() as db:
        rows = await db.execute(text("SELECT event_id, reason FROM dead_letters ORDER BY id"))
        dead = [tuple(r) for r in rows]
    assert dead[0] == (str(poison.event_id), "RuntimeError: cannot apply poison")
    assert dead[1][0] is None and "not a Kelisim event envelope" in dead[1][1]
    messages = await read_topic_raw(platform, dlq, 2)
    reasons = [dict(m.headers)["dead-letter-reason"].decode() for m in messages]
    assert reasons[0] == "RuntimeError: cannot apply poison"
    assert dict(messages[0].headers)[envelope.H_EVENT_ID] == str(poison.event_id).encode()


async def read_topic_raw(platform: PlatformSettings, topic: str, count: int) -> list[Any]:
    consumer = AIOKafkaConsumer(
        topic,
        **platform.kafka_client_options(),
        group_id=f"reader-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    messages: list[Any] = []
    try:
        started = time.monotonic()
        while len(messages) < count and time.monotonic() - started < DEADLINE:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                messages.extend(records)
    finally:
        await consumer.stop()
    return messages
