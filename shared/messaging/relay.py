"""The outbox relay: publishes every committed event to the service's Kafka topic.

The event table is the outbox: an event and its "to publish" record are the same row, so they
commit together by construction. The relay reads the global feed after its checkpoint and
publishes in feed order, keyed by stream id, so each stream's events stay in order on one
partition. It wakes on commit (LISTEN/NOTIFY from a trigger on the event table), with a slow
safety poll in case a notification is missed.

Only one relay per service publishes at a time: it holds a session-level advisory lock on a
dedicated connection; the others wait on standby. When the broker is down, events wait in the
store and flow once it is back; the checkpoint only moves past events the broker acknowledged
(delivery is at-least-once, consumers deduplicate). When the broker has lost messages (the
embedded broker keeps nothing across a restart), the relay publishes the whole log again,
each message it had published before marked ``audit-republished-at`` (an auditor must not
take such a copy, rebuilt from the database, for one that predates a change).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.api.metrics import RELAY_LAG, RELAY_PUBLISHED
from shared.audit.log import AuditLog
from shared.eventstore.model import START, FeedPosition, RecordedEvent
from shared.eventstore.schema import NOTIFY_CHANNEL
from shared.eventstore.store import EventStore
from shared.messaging import envelope
from shared.messaging.kafka import TopicProbe, ensure_topics, make_producer
from shared.settings import PlatformSettings

log = structlog.get_logger(__name__)

_LOAD_CHECKPOINT = text(
    "SELECT transaction_id::text AS xid, global_position, published_count"
    " FROM relay_checkpoints WHERE topic = :t"
)
_SAVE_CHECKPOINT = text(
    """
    INSERT INTO relay_checkpoints (topic, transaction_id, global_position, published_count)
    VALUES (:t, CAST(CAST(:xid AS text) AS xid8), :pos, :n)
    ON CONFLICT (topic) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
        global_position = EXCLUDED.global_position,
        published_count = EXCLUDED.published_count, updated_at = now()
    """
)
_PENDING = text(
    """
    SELECT count(*) FROM events
    WHERE (transaction_id, global_position)
          > (CAST(CAST(:xid AS text) AS xid8), CAST(:pos AS bigint))
    """
)
_TRY_LOCK = text("SELECT pg_try_advisory_lock(hashtextextended(:name, 0))")


class OutboxRelay:
    def __init__(
        self,
        *,
        service: str,
        topic: str,
        engine: AsyncEngine,
        store: EventStore,
        platform: PlatformSettings,
        batch_size: int = 500,
        safety_poll_seconds: float = 5.0,
        max_backoff_seconds: float = 5.0,
        audit: AuditLog | None = None,
    ) -> None:
        self.service = service
        self.topic = topic
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.store = store
        self.platform = platform
        self.batch_size = batch_size
        self.safety_poll_seconds = safety_poll_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self._wake = asyncio.Event()
        self._high_offsets: dict[int, int] = {}
        self.is_leader = False
        self.broker_connected = False
        self.audit = audit
        """With it, each message carries its Merkle leaf index and canonical leaf (issue 7)."""
        self._audit_tables: bool | None = None
        self._republishing: tuple[FeedPosition, bytes] | None = None
        """While republishing after a loss: the position published before it, and the time."""

    def _on_notify(self, *_: Any) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Run until cancelled: take the lead, then publish whatever the store has."""
        backoff = 0.2
        while True:
            try:
                async with self.engine.connect() as conn:
                    await self._take_lead(conn)
                    raw = await conn.get_raw_connection()
                    driver = raw.driver_connection
                    assert driver is not None
                    await driver.add_listener(NOTIFY_CHANNEL, self._on_notify)
                    try:
                        await self._publish_forever()
                    finally:
                        self.is_leader = False
                        await self._release_lead(conn, driver)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; restarting", topic=self.topic)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff_seconds)

    async def _take_lead(self, conn: Any) -> None:
        name = f"kelisim-relay:{self.topic}"
        while not (await conn.execute(_TRY_LOCK, {"name": name})).scalar_one():
            await conn.commit()
            log.debug("another relay publishes this topic; standing by", topic=self.topic)
            await asyncio.sleep(self.safety_poll_seconds)
        await conn.commit()
        self.is_leader = True
        log.info("outbox relay leads", topic=self.topic)

    async def _release_lead(self, conn: Any, driver: Any) -> None:
        """Unlisten and unlock before the connection goes back to the pool (or drop it)."""
        try:
            await driver.remove_listener(NOTIFY_CHANNEL, self._on_notify)
            await conn.execute(text("SELECT pg_advisory_unlock_all()"))
            await conn.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                await conn.invalidate()
            raise

    async def _publish_forever(self) -> None:
        link: tuple[AIOKafkaProducer, TopicProbe] | None = None
        backoff = 0.2
        try:
            while True:
                if link is None:
                    try:
                        link = await self._connect()
                        backoff = 0.2
                    except (KafkaError, OSError) as exc:
                        self.broker_connected = False
                        log.warning("broker unavailable; events wait", error=str(exc))
                        await asyncio.sleep(backoff)
                        backoff = min(backoff * 2, self.max_backoff_seconds)
                        continue
                self._wake.clear()
                try:
                    published, pending = await self._publish_batch(*link)
                except (KafkaError, OSError) as exc:
                    log.warning("publishing failed; will resume", error=str(exc))
                    self.broker_connected = False
                    await _close(link)
                    link = None
                    continue
                if published == self.batch_size:
                    continue
                if pending:
                    # Committed events wait behind an older transaction that is still open.
                    await asyncio.sleep(0.02)
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.safety_poll_seconds)
        finally:
            if link is not None:
                await _close(link)

    async def _connect(self) -> tuple[AIOKafkaProducer, TopicProbe]:
        """Start a producer and a probe; make sure the broker still holds what was published."""
        producer = make_producer(self.platform, f"kelisim-{self.service}-relay")
        probe = TopicProbe(self.platform, f"kelisim-{self.service}-relay-probe")
        try:
            await producer.start()
            await probe.start()
            await self._verify_broker_log(probe)
        except BaseException:
            await _close((producer, probe))
            raise
        self.broker_connected = True
        log.info("outbox relay connected to the broker", topic=self.topic)
        return producer, probe

    async def _verify_broker_log(self, probe: TopicProbe, lost: bool = False) -> None:
        """If the broker lost what was published, publish the whole log again.

        The embedded broker keeps nothing across a restart (and may still acknowledge writes
        to a topic it no longer lists); a real cluster can lose a topic. Signs of loss: the
        topic is gone, it is empty although events were published, or a partition handed out
        an offset at or below one it had acknowledged before (``lost``). The event store is
        the source of truth: the relay starts over from the first event, and consumers skip
        what they already applied while keeping each stream in version order.
        """
        held = await probe.message_count(self.topic)
        if held is None:
            await ensure_topics(self.platform, [self.topic])
        async with self.sessions() as db, db.begin():
            position, published = await self._checkpoint(db)
            if published and (lost or not held):
                log.warning(
                    "the broker lost published events; republishing the log",
                    topic=self.topic,
                    topic_missing=held is None,
                    offsets_went_back=lost,
                    published=published,
                )
                await self._save(db, START, 0)
                self._high_offsets.clear()
                if self._republishing is not None:  # lost again while republishing
                    position = max(position, self._republishing[0])
                self._republishing = (position, str(int(time.time() * 1000)).encode())

    async def _checkpoint(self, db: AsyncSession) -> tuple[FeedPosition, int]:
        row = (await db.execute(_LOAD_CHECKPOINT, {"t": self.topic})).one_or_none()
        if row is None:
            return START, 0
        return FeedPosition(int(row.xid), row.global_position), row.published_count

    async def _save(self, db: AsyncSession, position: FeedPosition, count: int) -> None:
        await db.execute(
            _SAVE_CHECKPOINT,
            {
                "t": self.topic,
                "xid": str(position.transaction_id),
                "pos": position.global_position,
                "n": count,
            },
        )

    async def _publish_batch(
        self, producer: AIOKafkaProducer, probe: TopicProbe
    ) -> tuple[int, bool]:
        """Publish one batch; returns how many were published and whether more are waiting."""
        async with self.sessions() as db:
            async with db.begin():
                position, count = await self._checkpoint(db)
                events = await self.store.read_feed(db, position, self.batch_size)
            read = len(events)
            leaf_headers: dict[int, envelope.Headers] = {}
            if events and self.audit is not None:
                events, leaf_headers = await self._leaf_headers(events)
            if events:
                sent, offsets_went_back = await self._send(producer, events, leaf_headers)
                if sent:
                    last = events[sent - 1]
                    async with db.begin():
                        await self._save(db, last.feed_position, count + sent)
                    position = last.feed_position
                    RELAY_PUBLISHED.labels(service=self.service).inc(sent)
                if sent < len(events):
                    raise KafkaError(f"broker refused event {events[sent].event_id}")
                # Acknowledged is not enough: a broker that restarted empty acknowledges too.
                await self._verify_broker_log(probe, lost=offsets_went_back)
            async with db.begin():
                pending = int(
                    (
                        await db.execute(
                            _PENDING,
                            {"xid": str(position.transaction_id), "pos": position.global_position},
                        )
                    ).scalar_one()
                )
        RELAY_LAG.labels(service=self.service).set(pending)
        return len(events), pending > 0 or len(events) < read

    async def _leaf_headers(
        self, events: list[RecordedEvent]
    ) -> tuple[list[RecordedEvent], dict[int, envelope.Headers]]:
        """The audit headers of ``events`` (``audit-leaf-index``, ``audit-leaf``), after the
        tree builder has caught up; only the prefix of events that have a leaf is returned.
        A database without the audit tables publishes without them."""
        audit = self.audit
        assert audit is not None
        try:
            async with self.sessions() as db:
                if self._audit_tables is None:
                    self._audit_tables = await audit.has_tables(db)
                if not self._audit_tables:
                    return events, {}
                positions = [e.global_position for e in events]
                indices = await audit.leaf_indices(db, positions)
            if len(indices) < len(events):
                await audit.catch_up(self.sessions)
                async with self.sessions() as db:
                    indices = await audit.leaf_indices(db, positions)
            prefix = []
            for event in events:
                if event.global_position not in indices:
                    break
                prefix.append(event)
            async with self.sessions() as db:
                leaves = await audit.canonical_at(db, [e.global_position for e in prefix])
        except Exception:
            log.exception("audit headers unavailable; publishing without them", topic=self.topic)
            return events, {}
        headers = {
            position: [
                (envelope.H_AUDIT_LEAF_INDEX, str(indices[position]).encode()),
                (envelope.H_AUDIT_LEAF, leaves[position]),
            ]
            for position in leaves
        }
        return prefix, headers

    async def _send(
        self,
        producer: AIOKafkaProducer,
        events: list[RecordedEvent],
        leaf_headers: dict[int, envelope.Headers] | None = None,
    ) -> tuple[int, bool]:
        """Send events in order. Returns the length of the prefix the broker acknowledged, and
        whether a partition acknowledged an offset at or below one it had given before."""
        futures: list[asyncio.Future[Any]] = []
        try:
            for event in events:
                public = self.store.registry.public_data(event.event_type, event.data)
                key, value, headers = envelope.encode(event, self.service, public)
                if leaf_headers:
                    headers = headers + leaf_headers.get(event.global_position, [])
                if self._republishing is not None:
                    until, stamp = self._republishing
                    if event.feed_position <= until:
                        headers = [*headers, (envelope.H_AUDIT_REPUBLISHED_AT, stamp)]
                    else:
                        self._republishing = None
                futures.append(await producer.send(self.topic, value, key=key, headers=headers))
        except (KafkaError, OSError) as exc:
            log.warning("send refused", error=str(exc), after=len(futures))
        if futures:
            # Bounded: a broker that vanished mid-batch must not hold the relay forever.
            await asyncio.wait(futures, timeout=self.platform.kafka_request_timeout_ms / 1000 + 5)
        went_back = False
        acknowledged = len(futures)
        for index, future in enumerate(futures):
            if not future.done() or future.cancelled() or future.exception() is not None:
                error = future.exception() if future.done() and not future.cancelled() else None
                log.warning("broker did not acknowledge", event_index=index, error=str(error))
                for pending in futures[index:]:
                    pending.cancel()
                acknowledged = index
                break
            meta = future.result()
            if meta.offset <= self._high_offsets.get(meta.partition, -1):
                went_back = True
            self._high_offsets[meta.partition] = meta.offset
        return acknowledged, went_back


async def _close(link: tuple[AIOKafkaProducer, TopicProbe]) -> None:
    for client in link:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.stop(), 5)
