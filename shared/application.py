"""The application layer's platform: unit of work, aggregate repository, command execution.

One command is one unit of work: one transaction in which the events are appended, the
service's read models are updated, and (with an Idempotency-Key) the response is stored. A
retried command with the same key returns the first response and appends nothing.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Generic, Literal, Self, TypeVar
from weakref import WeakKeyDictionary

import structlog
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.context import Actor, current_causation_id, current_correlation_id
from shared.domain import Aggregate, stream_id_of
from shared.errors import (
    ConcurrencyConflict,
    ConcurrentAppend,
    Conflict,
    EventStoreMisuse,
    IdempotencyKeyReused,
    InvalidInput,
    NotFound,
)
from shared.eventstore.model import DomainEvent, EventMetadata, RecordedEvent
from shared.eventstore.store import EventStore, StreamAppend
from shared.eventstore.unit import UnitSession
from shared.messaging.notifier import CommitNotifier
from shared.metrics import EVENTS_APPENDED
from shared.projections import Projector
from shared.rulebooks.registry import RulebookRegistry, using_rulebooks

log = structlog.get_logger(__name__)

JsonDict = dict[str, Any]
A = TypeVar("A", bound=Aggregate)
Policy = Callable[[Sequence[RecordedEvent]], Awaitable[None]]
"""A service's reaction to its own events: given the events one unit of work appended, run
in-process once it has committed (``CommandRunner.react``)."""


@dataclass(frozen=True)
class CommandResult:
    """What a command answers: stored as-is for idempotent replays."""

    status_code: int
    body: JsonDict
    replayed: bool = False


class UnitOfWork:
    """One transaction: appends, read-model updates and bookkeeping commit together."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        store: EventStore,
        projector: Projector,
        actor: Actor,
        idempotency_key: str | None = None,
        service: str = "",
        notifier: CommitNotifier | None = None,
        rulebooks: Callable[[], RulebookRegistry] | None = None,
    ) -> None:
        self._sessions = sessions
        self._rulebooks = rulebooks
        self._context = ExitStack()
        self.service = service
        self.notifier = notifier
        self.store = store
        self.projector = projector
        self.actor = actor
        self.idempotency_key = idempotency_key
        self._db: AsyncSession | None = None
        self.recorded: list[RecordedEvent] = []
        self._after_commit: list[Callable[[], None]] = []
        self.react: Policy | None = None
        """The service's policies, given what this unit of work appended once it has committed
        and its own callbacks have run (``CommandRunner.react``)."""
        self._before_rollback: list[Callable[[], None]] = []

    @property
    def db(self) -> AsyncSession:
        if self._db is None:
            raise EventStoreMisuse("the unit of work is not open")
        return self._db

    async def __aenter__(self) -> Self:
        if self._rulebooks is not None:  # the service's rulebooks judge what this command does
            self._context.enter_context(using_rulebooks(self._rulebooks()))
        # A session whose transaction is the driver's, begun at its first statement
        # (shared.eventstore.unit): SQLAlchemy's session machinery around each command cost
        # more CPU than the command's statements. A session maker not bound to an engine (or
        # an engine whose driver is not asyncpg) gives SQLAlchemy's own session.
        options = dict(self._sessions.kw)
        bind = options.pop("bind", None)
        try:
            if isinstance(bind, AsyncEngine):
                self._db = await UnitSession.open(bind, **options)
            else:
                self._db = self._sessions()
        except BaseException:
            self._context.close()
            raise
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        db = self.db
        try:
            if db.in_transaction():
                for callback in self._before_rollback:  # while this transaction's locks hold
                    callback()
                await db.rollback()
        finally:
            self._before_rollback.clear()
            self._after_commit.clear()
            await db.close()
            self._db = None
            self._context.close()

    async def commit(self) -> None:
        try:
            await self.db.commit()
        except BaseException:
            for callback in self._before_rollback:  # it did not commit: drop what it changed
                callback()
            raise
        finally:
            self._before_rollback.clear()
        if self.recorded and self.notifier is not None:
            self.notifier.poke()
        for callback in self._after_commit:
            callback()
        self._after_commit.clear()
        if self.react is not None and self.recorded:
            await self.react(list(self.recorded))

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once this unit of work has committed (never if it has not)."""
        self._after_commit.append(callback)

    def before_rollback(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` if this unit of work ends without committing, before its
        transaction (and the locks it holds) is released."""
        self._before_rollback.append(callback)

    def metadata(self) -> EventMetadata:
        return command_metadata(self.actor, self.idempotency_key)

    async def append(
        self,
        stream_id: str,
        stream_type: str,
        expected_version: int | None,
        events: Sequence[DomainEvent],
        metadata: Sequence[EventMetadata] | None = None,
    ) -> list[RecordedEvent]:
        """Append domain events to a stream and project them, in this transaction; with
        ``metadata``, each event with its own (the events of independent commands)."""
        new = [self.store.registry.to_new_event(e) for e in events]
        recorded = await self.store.append(
            self.db,
            stream_id,
            expected_version,
            new,
            self.metadata() if metadata is None else metadata,
            stream_type=stream_type,
        )
        await self.projector.apply(self.db, recorded)
        self.recorded.extend(recorded)
        EVENTS_APPENDED.labels(service=self.service, stream_type=stream_type).inc(len(recorded))
        return recorded

    async def append_each(self, appends: Sequence[StreamAppend]) -> list[RecordedEvent | None]:
        """Append one event to each of several streams of independent commands, each event with
        its own metadata, and project them, in this transaction (``EventStore.append_each``):
        None where a stream was not at its expected version."""
        recorded = await self.store.append_each(self.db, appends)
        done = [r for r in recorded if r is not None]
        await self.projector.apply_independent(self.db, done)
        self.recorded.extend(done)
        for r in done:
            EVENTS_APPENDED.labels(service=self.service, stream_type=r.stream_type).inc()
        return recorded


def violates(exc: IntegrityError, constraint: str) -> bool:
    """Whether the constraint (or unique index) named ``constraint`` refused the statement,
    by the name the server reports (``constraint_name``), not by searching the message."""
    cause: BaseException | None = exc.orig
    while cause is not None:
        name = getattr(cause, "constraint_name", None)
        if name is not None:
            return bool(name == constraint)
        cause = cause.__cause__
    return False


def command_metadata(actor: Actor, idempotency_key: str | None = None) -> EventMetadata:
    """The metadata of a command's events: its actor, and the correlation of the request (or
    message) being handled in the caller's context."""
    return EventMetadata(
        actor=actor.subject,
        roles=tuple(sorted(actor.roles)),
        correlation_id=current_correlation_id(),
        causation_id=current_causation_id(),
        idempotency_key=idempotency_key,
    )


_STREAM_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:stream, 0))")
_STREAM_SHARED_LOCK = text("SELECT pg_advisory_xact_lock_shared(hashtextextended(:stream, 0))")


class Repository(Generic[A]):
    """Loads an aggregate from its stream and saves its pending events."""

    def __init__(self, aggregate: type[A], cache_size: int = 256) -> None:
        self.aggregate = aggregate
        # Kept per event store (one per service instance, hence per database), never shared
        # between two databases that hold streams of the same name.
        self._read_caches: WeakKeyDictionary[EventStore, OrderedDict[str, A]]
        self._read_caches = WeakKeyDictionary()
        self._write_caches: WeakKeyDictionary[EventStore, OrderedDict[str, A]]
        self._write_caches = WeakKeyDictionary()
        self._cache_size = cache_size

    async def read(
        self, uow: UnitOfWork, aggregate_id: str, *, lock: bool | Literal["shared"] = "shared"
    ) -> A | None:
        """The aggregate for a command that only reads it (never changes it): an instance kept
        between commands and shared by them, brought up to date with the events recorded since
        (usually none: one indexed lookup instead of reading and replaying the whole stream,
        which matters for an aggregate read by hundreds of concurrent commands, like a poll
        by its ballots). Callers must not record events on it."""
        stream = stream_id_of(self.aggregate.stream_type, aggregate_id)
        await self._lock(uow, stream, lock)
        cache = self._read_caches.setdefault(uow.store, OrderedDict())
        cached, newer = await self._since(uow, stream, cache.get(aggregate_id))
        if cached is not None and not newer:
            cache.move_to_end(aggregate_id)
            return cached
        events = (uow.store.registry.load(r) for r in newer)
        if cached is None:
            if not newer:
                return None
            aggregate = self.aggregate.rehydrate(aggregate_id, events)
        else:
            aggregate = copy.deepcopy(cached)  # instances already handed out stay as they were
            aggregate.catch_up(events)
        self._keep(cache, aggregate)
        return aggregate

    @staticmethod
    async def _since(
        uow: UnitOfWork, stream: str, cached: A | None
    ) -> tuple[A | None, list[RecordedEvent]]:
        """A kept instance still usable, with the events recorded after it; or None and the
        whole stream. The stream must hold the kept instance's last event: if not (a
        transaction that never committed, a restored database), the instance is not used."""
        if cached is not None and not cached.pending_events:
            newer = await uow.store.read_stream(uow.db, stream, after_version=cached.version - 1)
            if newer and newer[0].version == cached.version:
                return cached, newer[1:]
        return None, await uow.store.read_stream(uow.db, stream)

    def _keep(self, cache: OrderedDict[str, A], aggregate: A) -> None:
        cache[aggregate.id] = aggregate
        cache.move_to_end(aggregate.id)
        while len(cache) > self._cache_size:
            cache.popitem(last=False)

    def _kept_if_clean(self, cache: OrderedDict[str, A], aggregate: A) -> Callable[[], None]:
        def keep() -> None:
            if not aggregate.pending_events:  # its state is exactly the committed stream's
                self._keep(cache, aggregate)

        return keep

    @staticmethod
    def _dropped(cache: OrderedDict[str, A], aggregate: A) -> Callable[[], None]:
        def drop() -> None:
            if cache.get(aggregate.id) is aggregate:
                del cache[aggregate.id]

        return drop

    @staticmethod
    async def _lock(uow: UnitOfWork, stream: str, lock: bool | Literal["shared"]) -> None:
        if lock == "shared":
            await uow.db.execute(_STREAM_SHARED_LOCK, {"stream": stream})
        elif lock:
            await uow.db.execute(_STREAM_LOCK, {"stream": stream})

    async def get(
        self, uow: UnitOfWork, aggregate_id: str, *, lock: bool | Literal["shared"] = True
    ) -> A | None:
        """The aggregate, or None. With ``lock`` (a command about to change it), first take a
        transaction-scoped advisory lock on its stream: commands on one stream then queue
        instead of racing to the same version (the lock assigns no transaction id, so the
        append is still the transaction's first write). ``lock="shared"``: commands that only
        read the stream but must not interleave with one that changes it (many run at once,
        each excluding the exclusive holder). Read another stream with lock=False.

        Under the exclusive lock the instance left by this process's last committed command on
        the stream is used again, caught up with the events recorded since, instead of
        replaying the whole stream: a Session registering 400 members reads one event per
        registration, not hundreds. A command that fails has its instance dropped before its
        lock is released."""
        stream = stream_id_of(self.aggregate.stream_type, aggregate_id)
        await self._lock(uow, stream, lock)
        cache = self._write_caches.setdefault(uow.store, OrderedDict())
        cached, newer = await self._since(
            uow, stream, cache.get(aggregate_id) if lock is True else None
        )
        events = (uow.store.registry.load(r) for r in newer)
        if cached is not None:
            cached.catch_up(events)
            aggregate = cached
        elif not newer:
            return None
        else:
            aggregate = self.aggregate.rehydrate(aggregate_id, events)
        if lock is True:
            # Only this transaction holds the stream's lock, so only it uses the kept instance;
            # if it ends without committing, the instance (perhaps changed) is dropped before
            # the lock is released.
            self._keep(cache, aggregate)
            uow.before_rollback(self._dropped(cache, aggregate))
        return aggregate

    async def load(
        self,
        uow: UnitOfWork,
        aggregate_id: str,
        expected_version: int | None = None,
        *,
        lock: bool | Literal["shared"] = True,
    ) -> A:
        """The aggregate, or NotFound; ConcurrencyConflict when the caller's expected version
        (an If-Match) is no longer the stream's."""
        aggregate = await self.get(uow, aggregate_id, lock=lock)
        if aggregate is None:
            raise NotFound(None, resource=self.aggregate.stream_type, id=aggregate_id)
        if expected_version is not None and aggregate.version != expected_version:
            raise ConcurrencyConflict(aggregate.stream_id, expected_version, aggregate.version)
        return aggregate

    async def save(
        self, uow: UnitOfWork, aggregate: A, metadata: Sequence[EventMetadata] | None = None
    ) -> list[RecordedEvent]:
        """Append the aggregate's pending events; with ``metadata``, each with its own."""
        recorded = await uow.append(
            aggregate.stream_id,
            aggregate.stream_type,
            aggregate.version,
            aggregate.pending_events,
            metadata,
        )
        aggregate.mark_saved()
        cache = self._write_caches.setdefault(uow.store, OrderedDict())
        uow.after_commit(self._kept_if_clean(cache, aggregate))
        return recorded

    async def save_each(
        self, uow: UnitOfWork, saves: Sequence[tuple[A, EventMetadata]]
    ) -> list[bool]:
        """Save aggregates of independent commands together, each with one pending event and
        its command's metadata (``UnitOfWork.append_each``): whether each was saved; one whose
        stream is no longer at its version is not, and keeps its pending event."""
        appends = []
        for aggregate, metadata in saves:
            [event] = aggregate.pending_events
            appends.append(
                StreamAppend(
                    aggregate.stream_id,
                    aggregate.stream_type,
                    aggregate.version,
                    uow.store.registry.to_new_event(event),
                    metadata,
                )
            )
        recorded = await uow.append_each(appends)
        for (aggregate, _), r in zip(saves, recorded, strict=True):
            if r is not None:
                aggregate.mark_saved()
        return [r is not None for r in recorded]


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests "the same" for an Idempotency-Key."""
    digest = hashlib.sha256()
    digest.update(method.upper().encode())
    digest.update(b"\0")
    digest.update(path.encode())
    digest.update(b"\0")
    digest.update(body)
    return digest.hexdigest()


MAX_IDEMPOTENCY_KEY = 200
APPEND_ATTEMPTS = 8

_FIND_KEY = text(
    "SELECT request_hash, status_code, body FROM idempotency_keys WHERE scope = :s AND key = :k"
)
_SAVE_KEY = text(
    "INSERT INTO idempotency_keys (scope, key, request_hash, status_code, body)"
    " VALUES (:s, :k, :h, :c, CAST(:b AS jsonb))"
)


@dataclass(frozen=True)
class Idempotency:
    """An Idempotency-Key and what it protects: the caller's scope and the request."""

    key: str
    scope: str
    fingerprint: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.key) <= MAX_IDEMPOTENCY_KEY or not self.key.isprintable():
            raise InvalidInput(None, reason="idempotency_key_invalid", max=MAX_IDEMPOTENCY_KEY)


Work = Callable[[UnitOfWork], Awaitable[CommandResult]]


class CommandRunner:
    """Runs a command's work in one unit of work, honouring an Idempotency-Key."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        store: EventStore,
        projector: Projector,
        service: str,
        notifier: CommitNotifier | None = None,
        rulebooks: Callable[[], RulebookRegistry] | None = None,
    ) -> None:
        self.service = service
        self.notifier = notifier
        self.sessions = sessions
        self.store = store
        self.projector = projector
        self.rulebooks = rulebooks
        """The service's rulebooks (packaged and published); each unit of work judges by them."""
        self.policies: list[Policy] = []

    def react(self, policy: Policy) -> None:
        """Run ``policy`` on the events of every unit of work this runner opens, in-process
        once it has committed: a reaction of the service to its own events that never goes
        through the broker. A policy that fails is logged; the command stays committed."""
        self.policies.append(policy)

    def unit_of_work(self, actor: Actor, idempotency_key: str | None = None) -> UnitOfWork:
        uow = UnitOfWork(
            self.sessions,
            self.store,
            self.projector,
            actor,
            idempotency_key,
            self.service,
            self.notifier,
            self.rulebooks,
        )
        if self.policies:
            uow.react = self._react
        return uow

    async def _react(self, events: Sequence[RecordedEvent]) -> None:
        if not events:
            return
        for policy in self.policies:
            try:
                await policy(events)
            except Exception as exc:
                log.warning(
                    "policy failed after commit",
                    policy=getattr(policy, "__qualname__", type(policy).__qualname__),
                    error=f"{type(exc).__name__}: {exc}",
                )

    async def run(
        self, work: Work, actor: Actor, idempotency: Idempotency | None = None
    ) -> CommandResult:
        """Run a command's work in a unit of work. A lost append race (``ConcurrentAppend``:
        another writer took the stream's next version after this command read it) runs the
        command again on the fresh state, a few times with jitter; a stale If-Match, checked
        when the aggregate is loaded, stays a conflict for the client."""
        for attempt in range(1, APPEND_ATTEMPTS + 1):
            try:
                return await self._run_once(work, actor, idempotency)
            except ConcurrentAppend:
                if attempt == APPEND_ATTEMPTS:
                    raise
                await asyncio.sleep(random.uniform(0, 0.005 * attempt))  # noqa: S311 - jitter
        raise EventStoreMisuse("unreachable")

    async def _run_once(
        self, work: Work, actor: Actor, idempotency: Idempotency | None
    ) -> CommandResult:
        if idempotency is None:
            async with self.unit_of_work(actor) as uow:
                result = await work(uow)
                await uow.commit()
                return result
        # Two attempts: the second one runs only when a concurrent request with the same key
        # committed first (a unique violation on the key, or a conflict over the state both
        # changed), and then finds its stored response; a genuine conflict is raised again.
        for attempt in range(2):
            async with self.unit_of_work(actor, idempotency.key) as uow:
                prior = await self._stored(uow.db, idempotency)
                if prior is not None:
                    return prior
                try:
                    result = await work(uow)
                except Conflict:
                    if attempt:
                        raise
                    continue
                try:
                    await uow.db.execute(
                        _SAVE_KEY,
                        {
                            "s": idempotency.scope,
                            "k": idempotency.key,
                            "h": idempotency.fingerprint,
                            "c": result.status_code,
                            "b": json.dumps(result.body, ensure_ascii=False),
                        },
                    )
                    await uow.commit()
                except IntegrityError:
                    continue
                return result
        raise EventStoreMisuse("idempotency key neither stored nor found")

    @staticmethod
    async def _stored(db: AsyncSession, idempotency: Idempotency) -> CommandResult | None:
        row = (
            await db.execute(_FIND_KEY, {"s": idempotency.scope, "k": idempotency.key})
        ).one_or_none()
        if row is None:
            return None
        if row.request_hash != idempotency.fingerprint:
            raise IdempotencyKeyReused(None, key=idempotency.key)
        return CommandResult(row.status_code, row.body, replayed=True)
