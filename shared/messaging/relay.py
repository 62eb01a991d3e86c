"""The outbox relay: publishes every committed event to the service's Kafka topic.

The event table is the outbox: an event and its "to publish" record are the same row, so they
commit together by construction. The relay reads the global feed after its checkpoint and
publishes in feed order, keyed by stream id, so each stream's events stay in order on one
partition. It wakes on commit (the units of work NOTIFY after they commit,
``shared.messaging.notifier``), with a slow safety poll in case a notification is missed.

Only one relay per topic publishes at a time: the leader holds a lease, a row of
``relay_leases`` that it renews every quarter of ``lease_seconds`` and that expires by the
database's clock when it is not renewed. The others stand by and take the lease once it has
expired, so a leader that vanished (a lost node, a network partition, a paused process) is
replaced within about ``lease_seconds``, whatever happened to its connections. Each new
leader raises the lease's epoch. Fencing, so that a deposed leader cannot publish:

- the leader starts a batch only while its lease has at least ``lease_seconds / 2`` left by
  its own monotonic clock (counted from before the renewal was sent, so it ends before the
  database's expiry), and its producer gives up on a message after ``lease_seconds / 5``:
  everything it hands the broker is delivered or abandoned while the lease still holds;
- it moves the checkpoint only in a statement that checks its epoch (``_SAVE_CHECKPOINT``);
  a leader whose lease was taken cannot move it, stops, and stands by.

The leader's connection also detects a dead peer in seconds (``shared.messaging.liveness``).
When the broker is down, events wait in the store and flow once it is back; the checkpoint
only moves past events the broker acknowledged (delivery is at-least-once, consumers
deduplicate). When the broker has lost messages (the embedded broker keeps nothing across a
restart), the relay publishes the whole log again, each message it had published before
marked ``audit-republished-at`` (an auditor must not take such a copy, rebuilt from the
database, for one that predates a change).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
import uuid
from collections.abc import Sequence
from typing import Any, Protocol

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.eventstore.model import START, FeedPosition, RecordedEvent
from shared.eventstore.schema import NOTIFY_CHANNEL
from shared.eventstore.store import EventStore
from shared.messaging import envelope
from shared.messaging.kafka import TopicProbe, ensure_topics, make_producer
from shared.messaging.liveness import detect_dead_peers
from shared.metrics import RELAY_BROKER_CONNECTED, RELAY_LAG, RELAY_LEADER, RELAY_PUBLISHED
from shared.settings import PlatformSettings

log = structlog.get_logger(__name__)


class AuditLeaves(Protocol):
    """What the relay needs of the service's audit log to put each message's Merkle leaf in its
    headers (``shared.audit.log.AuditLog`` is one): the messaging package does not import the
    audit package."""

    async def has_tables(self, db: Any) -> bool: ...

    async def leaf_indices(self, db: Any, positions: Sequence[int]) -> dict[int, int]: ...

    async def catch_up(self, sessions: async_sessionmaker[AsyncSession]) -> int: ...

    async def canonical_at(self, db: Any, positions: Sequence[int]) -> dict[int, bytes]: ...


_LOAD_CHECKPOINT = text(
    "SELECT transaction_id::text AS xid, global_position, published_count"
    " FROM relay_checkpoints WHERE topic = :t"
)
# Fenced: only the holder of the current epoch, before its lease expires, moves the checkpoint.
# FOR SHARE makes a standby's takeover wait for this statement's transaction.
_SAVE_CHECKPOINT = text(
    """
    WITH lease AS (
        SELECT 1 FROM relay_leases
        WHERE topic = :t AND holder = :h AND epoch = :e AND expires_at > clock_timestamp()
        FOR SHARE
    )
    INSERT INTO relay_checkpoints (topic, transaction_id, global_position, published_count)
    SELECT :t, CAST(CAST(:xid AS text) AS xid8), :pos, :n FROM lease
    ON CONFLICT (topic) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
        global_position = EXCLUDED.global_position,
        published_count = EXCLUDED.published_count, updated_at = now()
    RETURNING topic
    """
)
_PENDING = text(
    """
    SELECT count(*) FROM events
    WHERE (transaction_id, global_position)
          > (CAST(CAST(:xid AS text) AS xid8), CAST(:pos AS bigint))
    """
)
_ACQUIRE = text(
    """
    INSERT INTO relay_leases (topic, holder, epoch, expires_at)
    VALUES (:t, :h, 1, clock_timestamp() + make_interval(secs => :ttl))
    ON CONFLICT (topic) DO UPDATE SET holder = EXCLUDED.holder, epoch = relay_leases.epoch + 1,
        expires_at = EXCLUDED.expires_at, renewed_at = clock_timestamp()
    WHERE relay_leases.expires_at <= clock_timestamp()
    RETURNING epoch
    """
)
_RENEW = text(
    """
    UPDATE relay_leases SET expires_at = clock_timestamp() + make_interval(secs => :ttl),
        renewed_at = clock_timestamp()
    WHERE topic = :t AND holder = :h AND epoch = :e AND expires_at > clock_timestamp()
    RETURNING epoch
    """
)
_RELEASE = text(
    "UPDATE relay_leases SET expires_at = clock_timestamp()"
    " WHERE topic = :t AND holder = :h AND epoch = :e"
)


class LeaseLost(Exception):
    """This relay no longer holds the lease: it must not publish."""


class Lease:
    """The lease this relay holds: its epoch and, by the local monotonic clock, its end."""

    def __init__(self, epoch: int, valid_until: float) -> None:
        self.epoch = epoch
        self.valid_until = valid_until
        self.lost: str | None = None

    def remaining(self) -> float:
        return self.valid_until - time.monotonic()


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
        audit: AuditLeaves | None = None,
        lease_seconds: float = 10.0,
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
        self.lease_seconds = lease_seconds
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        """This relay's name in ``relay_leases`` (one per relay object)."""
        self.lease: Lease | None = None
        self._lead_lock = asyncio.Lock()
        detect_dead_peers(engine)
        self.audit = audit
        """With it, each message carries its Merkle leaf index and canonical leaf."""
        self._audit_tables: bool | None = None
        self._republishing: tuple[FeedPosition, bytes] | None = None
        """While republishing after a loss: the position published before it, and the time."""

    def _on_notify(self, *_: Any) -> None:
        self._wake.set()

    @property
    def renew_every(self) -> float:
        """How often the leader renews its lease, and a standby tries to take it."""
        return self.lease_seconds / 4

    async def run(self) -> None:
        """Run until cancelled: take the lead, then publish whatever the store has."""
        self._lost_lead()  # a standby's gauges read 0, so that "no leader" shows
        backoff = 0.2
        while True:
            try:
                async with self.engine.connect() as conn:
                    lease = await self._take_lead(conn)
                    raw = await conn.get_raw_connection()
                    driver = raw.driver_connection
                    assert driver is not None
                    await driver.add_listener(NOTIFY_CHANNEL, self._on_notify)
                    try:
                        await self._lead(conn, lease)
                    finally:
                        self._lost_lead()
                        await self._release_lead(conn, driver, lease)
            except asyncio.CancelledError:
                raise
            except LeaseLost as exc:
                log.warning("outbox relay lost the lead", topic=self.topic, why=str(exc))
            except Exception:
                log.exception("outbox relay failed; restarting", topic=self.topic)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff_seconds)

    async def _lead(self, conn: Any, lease: Lease) -> None:
        """Publish while renewing the lease; return (by raising) when either stops. A lost
        lease stops the publisher even when it waits on a connection that went silent: such
        a task is left to fail on its own, and can neither send nor save without the lease."""
        publisher = asyncio.create_task(self._publish_forever(lease), name="relay-publisher")
        renewer = asyncio.create_task(self._keep_lease(conn, lease), name="relay-lease")
        try:
            await asyncio.wait({publisher, renewer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (renewer, publisher):
                task.cancel()
                task.add_done_callback(_retrieve)
            await asyncio.wait({publisher, renewer}, timeout=self.renew_every)
        if publisher.done() and not publisher.cancelled() and publisher.exception() is not None:
            raise publisher.exception()  # type: ignore[misc]
        raise LeaseLost(lease.lost or "the lease was not renewed")

    def _params(self, lease: Lease | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"t": self.topic, "h": self.holder, "ttl": self.lease_seconds}
        if lease is not None:
            params["e"] = lease.epoch
        return params

    async def _lead_statement(self, conn: Any, statement: Any, params: dict[str, Any]) -> Any:
        """One leadership statement on the leader's connection, bounded in time."""
        async with self._lead_lock, asyncio.timeout(self.renew_every):
            row = (await conn.execute(statement, params)).first()
            await conn.commit()
        return row

    async def _take_lead(self, conn: Any) -> Lease:
        while True:
            started = time.monotonic()
            row = await self._lead_statement(conn, _ACQUIRE, self._params())
            if row is not None:
                break
            log.debug("another relay publishes this topic; standing by", topic=self.topic)
            await asyncio.sleep(self.renew_every)
        lease = Lease(int(row.epoch), started + self.lease_seconds)
        self.lease = lease
        self.is_leader = True
        RELAY_LEADER.labels(service=self.service).set(1)
        log.info("outbox relay leads", topic=self.topic, epoch=lease.epoch)
        return lease

    async def _keep_lease(self, conn: Any, lease: Lease) -> None:
        """Renew the lease until it is lost; a renewal that fails is tried again while the
        lease lasts (the publisher stops on its own when it runs short)."""
        while lease.lost is None:
            await asyncio.sleep(self.renew_every)
            started = time.monotonic()
            try:
                row = await self._lead_statement(conn, _RENEW, self._params(lease))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("lease renewal failed", topic=self.topic, error=repr(exc))
                if lease.remaining() <= 0:
                    lease.lost = "expired: not renewed in time"
                    self._wake.set()
                continue
            if row is None:
                lease.lost = "taken by another relay"
                self._wake.set()
                return
            lease.valid_until = started + self.lease_seconds

    def _check_lease(self, lease: Lease) -> None:
        if lease.lost is not None:
            raise LeaseLost(lease.lost)
        if lease.remaining() <= 0:
            lease.lost = "expired: not renewed in time"
            raise LeaseLost(lease.lost)

    async def _lease_for_a_batch(self, lease: Lease) -> None:
        """Wait until the lease has half its term left (renewal is behind when it has not)."""
        while True:
            self._check_lease(lease)
            if lease.remaining() >= self.lease_seconds / 2:
                return
            await asyncio.sleep(0.05)

    def _lost_lead(self) -> None:
        self.is_leader = False
        self.lease = None
        RELAY_LEADER.labels(service=self.service).set(0)
        RELAY_BROKER_CONNECTED.labels(service=self.service).set(0)

    async def _release_lead(self, conn: Any, driver: Any, lease: Lease) -> None:
        """Hand the lease back (a standby takes it at its next try) through a pooled session,
        and drop the leader's connection: the renewer may have been cancelled mid-statement.
        Best effort: a lease not handed back expires by itself."""
        try:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self.renew_every):
                    await driver.remove_listener(NOTIFY_CHANNEL, self._on_notify)
            if lease.lost is None:
                try:
                    async with (
                        asyncio.timeout(self.renew_every),
                        self.sessions() as db,
                        db.begin(),
                    ):
                        await db.execute(_RELEASE, self._params(lease))
                except Exception as exc:
                    log.warning("lease not handed back; it expires", error=repr(exc))
        finally:
            with contextlib.suppress(Exception):
                await conn.invalidate()

    async def _publish_forever(self, lease: Lease) -> None:
        link: tuple[AIOKafkaProducer, TopicProbe] | None = None
        backoff = 0.2
        try:
            while True:
                self._check_lease(lease)
                if link is None:
                    try:
                        link = await self._connect(lease)
                        backoff = 0.2
                    except (KafkaError, OSError) as exc:
                        self._broker_state(False)
                        log.warning("broker unavailable; events wait", error=str(exc))
                        await asyncio.sleep(backoff)
                        backoff = min(backoff * 2, self.max_backoff_seconds)
                        continue
                self._wake.clear()
                try:
                    published, pending = await self._publish_batch(*link, lease)
                except (KafkaError, OSError) as exc:
                    log.warning("publishing failed; will resume", error=str(exc))
                    self._broker_state(False)
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

    def _broker_state(self, connected: bool) -> None:
        self.broker_connected = connected
        RELAY_BROKER_CONNECTED.labels(service=self.service).set(1 if connected else 0)

    @property
    def send_timeout_ms(self) -> int:
        """How long the producer tries to deliver a message: a fifth of the lease, so that a
        message is delivered or abandoned (twice that, queued then in flight, and a second)
        before a lease that had half its term left when the batch started ends."""
        return min(self.platform.kafka_request_timeout_ms, int(self.lease_seconds * 1000 / 5))

    async def _connect(self, lease: Lease) -> tuple[AIOKafkaProducer, TopicProbe]:
        """Start a producer and a probe; make sure the broker still holds what was published."""
        producer = make_producer(
            self.platform, f"kelisim-{self.service}-relay", request_timeout_ms=self.send_timeout_ms
        )
        probe = TopicProbe(self.platform, f"kelisim-{self.service}-relay-probe")
        try:
            await producer.start()
            await probe.start()
            await self._verify_broker_log(probe, lease)
        except BaseException:
            await _close((producer, probe))
            raise
        self._broker_state(True)
        log.info("outbox relay connected to the broker", topic=self.topic)
        return producer, probe

    async def _verify_broker_log(self, probe: TopicProbe, lease: Lease, lost: bool = False) -> None:
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
                await self._save(db, lease, START, 0)
                self._high_offsets.clear()
                if self._republishing is not None:  # lost again while republishing
                    position = max(position, self._republishing[0])
                self._republishing = (position, str(int(time.time() * 1000)).encode())

    async def _checkpoint(self, db: AsyncSession) -> tuple[FeedPosition, int]:
        row = (await db.execute(_LOAD_CHECKPOINT, {"t": self.topic})).one_or_none()
        if row is None:
            return START, 0
        return FeedPosition(int(row.xid), row.global_position), row.published_count

    async def _save(
        self, db: AsyncSession, lease: Lease, position: FeedPosition, count: int
    ) -> None:
        """Move the checkpoint, fenced by the lease (``LeaseLost`` when it is not ours)."""
        # A leader that vanishes between this statement and its commit must not keep the lease
        # row locked (FOR SHARE) until its connection is found dead: the server ends the
        # transaction once it idles for a quarter of the lease.
        await db.execute(
            text("SELECT set_config('idle_in_transaction_session_timeout', :ms, true)"),
            {"ms": str(int(self.renew_every * 1000))},
        )
        saved = (
            await db.execute(
                _SAVE_CHECKPOINT,
                {
                    **self._params(lease),
                    "xid": str(position.transaction_id),
                    "pos": position.global_position,
                    "n": count,
                },
            )
        ).first()
        if saved is None:
            lease.lost = "the checkpoint is fenced: the lease is no longer ours"
            raise LeaseLost(lease.lost)

    async def _publish_batch(
        self, producer: AIOKafkaProducer, probe: TopicProbe, lease: Lease
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
                await self._lease_for_a_batch(lease)
                sent, offsets_went_back = await self._send(producer, events, leaf_headers)
                if sent:
                    last = events[sent - 1]
                    async with db.begin():
                        await self._save(db, lease, last.feed_position, count + sent)
                    position = last.feed_position
                    RELAY_PUBLISHED.labels(service=self.service).inc(sent)
                if sent < len(events):
                    raise KafkaError(f"broker refused event {events[sent].event_id}")
                # Acknowledged is not enough: a broker that restarted empty acknowledges too.
                await self._verify_broker_log(probe, lease, lost=offsets_went_back)
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
            await asyncio.wait(futures, timeout=2 * self.send_timeout_ms / 1000 + 1)
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


def _retrieve(task: asyncio.Task[None]) -> None:
    """Mark a finished task's exception as seen (it was logged or superseded)."""
    if not task.cancelled():
        task.exception()


async def _close(link: tuple[AIOKafkaProducer, TopicProbe]) -> None:
    for client in link:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.stop(), 5)
