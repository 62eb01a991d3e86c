"""The pure aggregate: decide by recording events, evolve by applying them. No I/O here.

A subclass handles each event type in a method named ``when_<EventClassName>``; a command
method checks the rules, then calls ``self._record(event)``, which applies the event and keeps
it for the repository to append.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Self

from shared.eventstore.model import DomainEvent


class Aggregate:
    """Base of every event-sourced aggregate."""

    stream_type: ClassVar[str]

    def __init__(self, aggregate_id: str) -> None:
        self.id = aggregate_id
        self.version = 0
        self._pending: list[DomainEvent] = []

    @property
    def stream_id(self) -> str:
        return stream_id_of(self.stream_type, self.id)

    @classmethod
    def rehydrate(cls, aggregate_id: str, history: Iterable[DomainEvent]) -> Self:
        aggregate = cls(aggregate_id)
        aggregate.catch_up(history)
        return aggregate

    def catch_up(self, history: Iterable[DomainEvent]) -> None:
        """Apply events recorded after this instance's version (none pending)."""
        if self._pending:
            raise ValueError("an aggregate with pending events cannot catch up")
        for event in history:
            self._apply(event)
            self.version += 1

    def _record(self, event: DomainEvent) -> None:
        self._apply(event)
        self._pending.append(event)

    def _apply(self, event: DomainEvent) -> None:
        handler = getattr(self, f"when_{type(event).__name__}", None)
        if handler is None:
            raise TypeError(f"{type(self).__name__} cannot apply {type(event).__name__}")
        handler(event)

    @property
    def pending_events(self) -> tuple[DomainEvent, ...]:
        return tuple(self._pending)

    def mark_saved(self) -> None:
        self.version += len(self._pending)
        self._pending.clear()


def stream_id_of(stream_type: str, aggregate_id: str) -> str:
    return f"{stream_type}-{aggregate_id}"
