"""Read models: projections of a service's own events.

A projection is applied in the transaction of the append that produced the events, so a read
model never lags its store. ``rebuild`` drops a read model's rows and replays the whole store
into it in one transaction: the result equals the live read model (a test proves it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar, Protocol, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.eventstore.model import DomainEvent, EventRegistry, RecordedEvent
from shared.eventstore.store import EventStore

E = TypeVar("E", bound=DomainEvent)
Applier = Callable[[Any, AsyncSession, E, RecordedEvent], Awaitable[None]]


class Projection(Protocol):
    """A read model fed by events. Applying must be deterministic: events only, no clock."""

    @property
    def name(self) -> str: ...

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables it owns, emptied on rebuild (children first)."""
        ...

    @property
    def event_types(self) -> frozenset[str]: ...

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None: ...

    # Optional: ``async def apply_batch(self, db, events)``, for events of independent
    # commands appended together (``Projector.apply_independent``), e.g. many rows in one
    # statement; it must leave the same rows as ``apply`` on each event.


def applies(*classes: type[DomainEvent]) -> Callable[[Applier[E]], Applier[E]]:
    """Mark a method of an :class:`EventProjection` as the writer of these event classes."""

    def mark(method: Applier[E]) -> Applier[E]:
        method.__dict__.setdefault("_applies", []).extend(classes)
        return method

    return mark


class EventProjection:
    """A projection that receives each event typed, as the service wrote it, and dispatches it
    by its class to the method marked ``@applies(EventClass)``: the method gets the typed
    event and the recorded envelope (stream, version, position, time). Older schema versions
    arrive upcast by the registry, so a writer reads one shape per event class.

    Subclasses set ``name``, ``tables`` and ``registry`` (the service's event registry)."""

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    registry: ClassVar[EventRegistry]
    _appliers: ClassVar[dict[type[DomainEvent], Applier[Any]]]
    event_types: ClassVar[frozenset[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        appliers: dict[type[DomainEvent], Applier[Any]] = {}
        for klass in reversed(cls.__mro__):
            for member in vars(klass).values():
                for event_class in getattr(member, "_applies", ()):
                    appliers[event_class] = member
        cls._appliers = appliers
        cls.event_types = frozenset(event_class.event_type for event_class in appliers)

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        typed = self.registry.load(event)
        applier = self._appliers.get(type(typed))
        if applier is not None:
            await applier(self, db, typed, event)


class Projector:
    """Routes recorded events to the projections that handle them."""

    def __init__(self, projections: Sequence[Projection]) -> None:
        names = [p.name for p in projections]
        if len(set(names)) != len(names):
            raise ValueError(f"projection names must be unique: {names}")
        self.projections = {p.name: p for p in projections}

    async def apply(self, db: AsyncSession, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            for projection in self.projections.values():
                if event.event_type in projection.event_types:
                    await projection.apply(db, event)

    async def apply_independent(self, db: AsyncSession, events: Sequence[RecordedEvent]) -> None:
        """Apply the events of independent commands (one event per stream, no two on the same
        stream), appended together: a projection that has ``apply_batch`` gets all of its
        events in one call (one statement for many rows), the others event by event."""
        for projection in self.projections.values():
            handled = [e for e in events if e.event_type in projection.event_types]
            if not handled:
                continue
            batch = getattr(projection, "apply_batch", None)
            if batch is not None:
                await batch(db, handled)
            else:
                for event in handled:
                    await projection.apply(db, event)

    async def rebuild(
        self,
        sessions: async_sessionmaker[AsyncSession],
        store: EventStore,
        name: str,
        batch_size: int = 5000,
    ) -> int:
        """Empty one read model and replay every stored event into it; returns events applied.

        Its tables are locked for the rebuild: concurrent appends wait for it, then apply
        their own events on top, so nothing is lost or applied twice.
        """
        projection = self.projections.get(name)
        if projection is None:
            raise LookupError(f"no projection {name!r}; known: {sorted(self.projections)}")
        applied = 0
        async with sessions() as db, db.begin():
            await db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            tables = ", ".join(projection.tables)
            await db.execute(text(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"))
            await db.execute(text(f"TRUNCATE {tables}"))
            after = 0
            while True:
                rows = await store.read_all(
                    db,
                    after_position=after,
                    limit=batch_size,
                    event_types=projection.event_types,
                )
                if not rows:
                    break
                for event in rows:
                    await projection.apply(db, event)
                    applied += 1
                after = rows[-1].global_position
        return applied
