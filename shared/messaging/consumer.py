"""Consumers of other services' events: each event has its effect exactly once.

A consumer applies an event, records its id in ``inbox`` and moves its source stream's
position in ``inbox_streams``, all in the effect's transaction. A stream's events are taken in
version order: an event at or below the stream's position is a redelivery (at-least-once
delivery, a relay republishing after a broker lost its log, a rebalance) and has no second
effect; an event past the next version is a straggler from before such a republish and waits
for the republished predecessors. Events of types the consumer does not handle still move the
position. A topic's handlers may name ``ANY_EVENT_TYPE`` ("*"): it takes every event type
that has no handler of its own (a consumer tolerant of a producer's new event types). An
event whose handler still fails after retries goes to the service's dead-letter
topic with the reason, is kept in ``dead_letters``, its stream moves past it, and the consumer
carries on with the next message.

Leadership of a partition is the consumer group's: a member that stops heartbeating for
``SESSION_TIMEOUT_MS`` (a lost node) or stops polling for ``MAX_POLL_INTERVAL_MS`` (stuck) loses
its partitions to the others. Its database connections detect a dead peer in seconds
(``shared.messaging.liveness``), so neither side waits on a vanished connection or on locks
its backend held. A deposed member that still applies a message it had fetched is fenced by
``inbox_streams``: a stream's position moves only from ``version - 1`` to ``version``, so the
same event never has a second effect, whichever member applies it first.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from enum import StrEnum
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.errors import CommitFailedError, KafkaError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from shared.application import CommandRunner, UnitOfWork
from shared.context import Actor, bound_correlation, new_correlation_id
from shared.messaging import envelope
from shared.messaging.envelope import InboundEvent
from shared.messaging.kafka import ensure_topics, make_producer
from shared.metrics import (
    CONSUMER_APPLIED,
    CONSUMER_CONNECTED,
    CONSUMER_DEAD_LETTERED,
    CONSUMER_DUPLICATES,
)
from shared.settings import PlatformSettings

log = structlog.get_logger(__name__)

Handler = Callable[[InboundEvent, UnitOfWork], Awaitable[None]]

SESSION_TIMEOUT_MS = 10_000
HEARTBEAT_INTERVAL_MS = 3_000
MAX_POLL_INTERVAL_MS = 120_000

ANY_EVENT_TYPE = "*"
"""A key of a topic's handlers: the handler of every event type without one of its own."""

_LAST_VERSION = text("SELECT version FROM inbox_streams WHERE consumer = :c AND stream_id = :s")
_ADVANCE = text(
    """
    INSERT INTO inbox_streams (consumer, stream_id, version) VALUES (:c, :s, :v)
    ON CONFLICT (consumer, stream_id) DO UPDATE SET version = EXCLUDED.version
        WHERE inbox_streams.version = EXCLUDED.version - 1
    RETURNING version
    """
)
_REMEMBER = text(
    "INSERT INTO inbox (consumer, event_id, topic, stream_id, event_type)"
    " VALUES (:c, :e, :t, :s, :y)"
)
_DEAD_LETTER = text(
    """
    INSERT INTO dead_letters
        (consumer, topic, kafka_partition, kafka_offset, event_id, event_type, reason, attempts,
         payload)
    VALUES (:c, :t, :p, :o, :e, :y, :r, :a, :v)
    """
)


class Outcome(StrEnum):
    APPLIED = "applied"
    SKIPPED = "skipped"
    DUPLICATE = "duplicate"
    EARLY = "early"


class EventConsumer:
    """Applies the events of other services' topics; ``handlers`` maps topic → type → handler."""

    def __init__(
        self,
        *,
        service: str,
        group_id: str,
        handlers: Mapping[str, Mapping[str, Handler]],
        runner: CommandRunner,
        platform: PlatformSettings,
        dead_letter_topic: str,
        max_attempts: int = 3,
        retry_backoff_seconds: float = 0.2,
    ) -> None:
        self.service = service
        self.group_id = group_id
        self.handlers = {topic: dict(by_type) for topic, by_type in handlers.items()}
        self.topics = list(self.handlers)
        self.runner = runner
        self.platform = platform
        self.dead_letter_topic = dead_letter_topic
        self.max_attempts = max_attempts
        self.retry_backoff_seconds = retry_backoff_seconds
        self.actor = Actor.system(f"{service}-consumer")
        self.connected = False

    async def run(self) -> None:
        """Consume until cancelled; reconnects after broker failures."""
        self._connected(False)
        backoff = 0.2
        while True:
            consumer: AIOKafkaConsumer | None = None
            producer: AIOKafkaProducer | None = None
            try:
                await ensure_topics(self.platform, [*self.topics, self.dead_letter_topic])
                consumer = AIOKafkaConsumer(
                    *self.topics,
                    **self.platform.kafka_client_options(),
                    group_id=self.group_id,
                    client_id=f"kelisim-{self.service}-consumer",
                    enable_auto_commit=False,
                    auto_offset_reset="earliest",
                    metadata_max_age_ms=10_000,
                    fetch_max_wait_ms=self.platform.kafka_fetch_max_wait_ms,
                    session_timeout_ms=SESSION_TIMEOUT_MS,
                    heartbeat_interval_ms=HEARTBEAT_INTERVAL_MS,
                    max_poll_interval_ms=MAX_POLL_INTERVAL_MS,
                )
                producer = make_producer(self.platform, f"kelisim-{self.service}-deadletter")
                await consumer.start()
                await producer.start()
                self._connected(True)
                backoff = 0.2
                log.info("consumer started", topics=self.topics, group=self.group_id)
                while True:
                    batches = await consumer.getmany(timeout_ms=1000, max_records=500)
                    for records in batches.values():
                        for record in records:
                            await self.process(record, producer)
                    if batches:
                        await self._commit(consumer)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._connected(False)
                log.warning("consumer failed; reconnecting", error=str(exc))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                self._connected(False)
                for client in (consumer, producer):
                    if client is not None:
                        with contextlib.suppress(Exception):
                            await asyncio.wait_for(client.stop(), 5)

    async def _commit(self, consumer: AIOKafkaConsumer) -> None:
        """Commit the offsets taken. When the group was rebalanced meanwhile (another member
        took partitions, or a restarted broker forgot the group and its offsets), the consumer
        has already joined again: it goes on from the offsets the group holds (the earliest
        with none), and what it applied twice has no second effect. Tearing it down instead
        would make the group wait for the abandoned member before taking it back."""
        try:
            await consumer.commit()
        except CommitFailedError as exc:
            log.warning("offsets not committed: the group was rebalanced", error=str(exc)[:200])

    def _connected(self, connected: bool) -> None:
        self.connected = connected
        CONSUMER_CONNECTED.labels(service=self.service).set(1 if connected else 0)

    async def process(self, record: ConsumerRecord[Any, Any], producer: AIOKafkaProducer) -> None:
        """Apply one message, retrying; dead-letter it when it still fails."""
        try:
            event = envelope.decode(record.topic, record.partition, record.offset, record.value)
        except ValueError as exc:
            await self._dead_letter(record, producer, None, str(exc), attempts=1)
            return
        by_type = self.handlers.get(record.topic, {})
        handler = by_type.get(event.event_type, by_type.get(ANY_EVENT_TYPE))
        correlation_id = event.correlation_id or new_correlation_id()
        with (
            bound_correlation(correlation_id, str(event.event_id)),
            structlog.contextvars.bound_contextvars(
                correlation_id=correlation_id, causation_id=str(event.event_id)
            ),
        ):
            last: Exception | None = None
            for attempt in range(1, self.max_attempts + 1):
                try:
                    outcome = await self._apply_once(event, handler)
                except Exception as exc:
                    last = exc
                    log.warning(
                        "event handler failed",
                        event_id=str(event.event_id),
                        event_type=event.event_type,
                        attempt=attempt,
                        error=f"{type(exc).__name__}: {exc}",
                    )
                    if attempt < self.max_attempts:
                        await asyncio.sleep(self.retry_backoff_seconds * 2 ** (attempt - 1))
                    continue
                if outcome is Outcome.APPLIED:
                    CONSUMER_APPLIED.labels(service=self.service, topic=event.topic).inc()
                    log.info(
                        "event applied",
                        event_id=str(event.event_id),
                        event_type=event.event_type,
                        stream_id=event.stream_id,
                        version=event.version,
                    )
                elif outcome is Outcome.DUPLICATE:
                    CONSUMER_DUPLICATES.labels(service=self.service, topic=event.topic).inc()
                elif outcome is Outcome.EARLY:
                    log.warning(
                        "event arrived before its predecessors; waiting for them",
                        stream_id=event.stream_id,
                        version=event.version,
                        event_id=str(event.event_id),
                    )
                return
            reason = f"{type(last).__name__}: {last}"
            await self._dead_letter(record, producer, event, reason, attempts=self.max_attempts)

    def _stream_key(self, event: InboundEvent) -> str:
        return f"{event.topic}:{event.stream_id}"

    async def _apply_once(self, event: InboundEvent, handler: Handler | None) -> Outcome:
        """Take one event in its stream's order, in one transaction with its bookkeeping."""
        key = {"c": self.group_id, "s": self._stream_key(event)}
        async with self.runner.unit_of_work(self.actor) as uow:
            position = (await uow.db.execute(_LAST_VERSION, key)).scalar_one_or_none() or 0
            if event.version <= position:
                return Outcome.DUPLICATE
            if event.version > position + 1:
                return Outcome.EARLY
            if handler is not None:
                await handler(event, uow)
            try:
                moved = (await uow.db.execute(_ADVANCE, {**key, "v": event.version})).first()
                if moved is None:
                    return Outcome.DUPLICATE  # a concurrent delivery took this version first
                if handler is not None:
                    await uow.db.execute(
                        _REMEMBER,
                        {
                            "c": self.group_id,
                            "e": event.event_id,
                            "t": event.topic,
                            "s": event.stream_id,
                            "y": event.event_type,
                        },
                    )
                await uow.commit()
            except IntegrityError:
                return Outcome.DUPLICATE
        return Outcome.APPLIED if handler is not None else Outcome.SKIPPED

    async def _dead_letter(
        self,
        record: ConsumerRecord[Any, Any],
        producer: AIOKafkaProducer,
        event: InboundEvent | None,
        reason: str,
        attempts: int,
    ) -> None:
        payload = record.value.decode(errors="replace") if record.value else ""
        log.error(
            "message dead-lettered",
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            event_id=str(event.event_id) if event else None,
            reason=reason,
        )
        async with self.runner.unit_of_work(self.actor) as uow:
            await uow.db.execute(
                _DEAD_LETTER,
                {
                    "c": self.group_id,
                    "t": record.topic,
                    "p": record.partition,
                    "o": record.offset,
                    "e": str(event.event_id) if event else None,
                    "y": event.event_type if event else None,
                    "r": reason,
                    "a": attempts,
                    "v": payload,
                },
            )
            if event is not None:
                # The stream moves past the dead-lettered event so its successors still apply.
                await uow.db.execute(
                    _ADVANCE,
                    {"c": self.group_id, "s": self._stream_key(event), "v": event.version},
                )
            await uow.commit()
        headers = [
            *[(k, v) for k, v in (record.headers or ())],
            ("dead-letter-reason", reason.encode()),
            ("dead-letter-consumer", self.group_id.encode()),
            ("original-topic", record.topic.encode()),
            ("original-partition", str(record.partition).encode()),
            ("original-offset", str(record.offset).encode()),
            ("attempts", str(attempts).encode()),
        ]
        try:
            await producer.send_and_wait(
                self.dead_letter_topic, record.value, key=record.key, headers=headers
            )
        except KafkaError:
            log.exception("dead-letter topic unavailable; kept in dead_letters")
            raise
        CONSUMER_DEAD_LETTERED.labels(service=self.service, topic=record.topic).inc()
