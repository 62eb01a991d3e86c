"""Building blocks every service's composition root assembles.

``build_platform`` is called by each ``services/<name>/bootstrap.py`` — the only place that
picks adapters — with the service's settings, event registry, projections and consumer
handlers. Nothing here runs at import time.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shared.application import CommandRunner
from shared.audit.heads import AuditKeys, load_keys
from shared.audit.log import AuditLog, TreeBuilder
from shared.clock import Clock
from shared.eventstore.model import EventRegistry
from shared.eventstore.store import EventStore
from shared.jsoncodec import loads_json
from shared.messaging.consumer import EventConsumer, Handler
from shared.messaging.liveness import detect_dead_peers
from shared.messaging.notifier import CommitNotifier
from shared.messaging.relay import OutboxRelay
from shared.projections import Projection, Projector
from shared.rulebooks.publications import RulebookSource
from shared.settings import ServiceSettings

T = TypeVar("T")


@dataclass
class Platform:
    """What a service is made of; owned by its app's lifespan."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    registry: EventRegistry
    store: EventStore
    projector: Projector
    runner: CommandRunner
    relay: OutboxRelay | None
    consumer: EventConsumer | None
    parts: dict[type, object] = field(default_factory=dict)
    """The service's own parts its composition root adds (the ballot box, an intake), by
    class: :meth:`add` and :meth:`part`."""
    audit: AuditLog | None = None
    """The service's Merkle tree over its event log."""
    tree_builder: TreeBuilder | None = None
    clock: Clock = field(default_factory=Clock)
    """Every "today" and "now" of the service (``shared.clock``); tests put a fixed one."""
    rulebooks: RulebookSource = field(default_factory=RulebookSource)
    """The rulebooks every command and request is judged by: the packaged ones and the
    versions the Secretariat published (``shared.rulebooks.publications``)."""

    def add(self, part: object) -> None:
        """Add one of the service's own parts, found later by its class."""
        self.parts[type(part)] = part

    def part(self, kind: type[T]) -> T:
        """The service's part of class ``kind`` (LookupError if the root added none)."""
        found = self.parts.get(kind)
        if not isinstance(found, kind):
            raise LookupError(f"the service has no {kind.__name__}")
        return found

    async def dispose(self) -> None:
        if self.runner.notifier is not None:
            await self.runner.notifier.close()
        await self.engine.dispose()


_RETURNED_AT = "kelisim_returned_at"


def create_engine_for(
    url: str, *, pool_size: int, max_overflow: int, ping_idle_seconds: float = 10.0
) -> AsyncEngine:
    """A service's engine: jsonb decoded by ``shared.jsoncodec``, dead peers detected, and a
    pool whose connections are pinged before use only when they sat idle longer than
    ``ping_idle_seconds`` (0: every time).

    A ping is one more round trip per command: SQLAlchemy's ``pool_pre_ping`` sends it on every
    checkout. A connection in steady use has just answered, so only one that waited in the pool
    is checked; one that no longer answers is discarded and the pool connects again. A failure
    on a connection in use (the server gone mid-command) invalidates the whole pool as before,
    so the next command connects afresh."""
    engine = create_async_engine(
        url, pool_size=pool_size, max_overflow=max_overflow, json_deserializer=loads_json
    )
    detect_dead_peers(engine)

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        returned = record.info.get(_RETURNED_AT)
        if returned is not None and time.monotonic() - returned <= ping_idle_seconds:
            return
        try:
            dbapi_connection.ping()
        except Exception as exc:  # the driver's own error for a dead connection
            raise DisconnectionError("the pooled connection no longer answers") from exc

    return engine


def build_platform(
    settings: ServiceSettings,
    registry: EventRegistry,
    projections: Sequence[Projection] = (),
    consumes: Mapping[str, Mapping[str, Handler]] | None = None,
    rulebooks: RulebookSource | None = None,
) -> Platform:
    """Assemble a service. ``consumes`` maps a topic to its handlers by event type;
    ``rulebooks``: the service's rulebook source when its consumers keep publications."""
    engine = create_engine_for(
        settings.resolved_database_url(),
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        ping_idle_seconds=settings.db_ping_idle_seconds,
    )
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    store = EventStore(registry)
    projector = Projector(projections)
    notifier = CommitNotifier(engine)
    source = rulebooks or RulebookSource()
    runner = CommandRunner(
        sessions, store, projector, settings.service, notifier, lambda: source.registry
    )
    keys = _audit_keys(settings)  # at start-up: a service never runs without its audit keys
    audit = AuditLog(settings.service, registry, lambda: keys)
    tree_builder = TreeBuilder(
        audit,
        sessions,
        poll_seconds=settings.audit_builder_poll_seconds,
        head_interval_seconds=settings.audit_head_interval_seconds,
    )
    relay = OutboxRelay(
        service=settings.service,
        topic=settings.topic,
        engine=engine,
        store=store,
        platform=settings.platform,
        batch_size=settings.relay_batch_size,
        safety_poll_seconds=settings.relay_safety_poll_seconds,
        audit=audit,
        lease_seconds=settings.relay_lease_seconds,
    )
    consumer = None
    if consumes:
        consumer = EventConsumer(
            service=settings.service,
            group_id=settings.consumer_group,
            handlers=consumes,
            runner=runner,
            platform=settings.platform,
            dead_letter_topic=settings.dead_letter_topic,
            max_attempts=settings.consumer_max_attempts,
        )
    return Platform(
        settings=settings,
        engine=engine,
        sessions=sessions,
        registry=registry,
        store=store,
        projector=projector,
        runner=runner,
        relay=relay,
        consumer=consumer,
        audit=audit,
        tree_builder=tree_builder,
        clock=Clock(settings.platform.time_zone),
        rulebooks=source,
    )


def _audit_keys(settings: ServiceSettings) -> AuditKeys:
    """The service's audit keys: from its settings, else (outside production) key files."""
    signing, commitment = settings.audit_signing_key, settings.audit_commitment_key
    return load_keys(
        settings.service,
        signing_key=signing.get_secret_value() if signing is not None else None,
        commitment_key=commitment.get_secret_value() if commitment is not None else None,
        home=settings.platform.home,
        production=settings.platform.environment == "production",
    )
