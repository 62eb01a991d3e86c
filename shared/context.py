"""Per-request (or per-message) context carried through a command: correlation and actor.

Context variables follow a command from the HTTP request into its events' metadata, into the
Kafka headers the relay writes, and into every consumer that applies it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

CORRELATION_HEADER = "X-Correlation-ID"

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
_causation_id: ContextVar[str | None] = ContextVar("causation_id", default=None)


def new_correlation_id() -> str:
    return str(uuid.uuid4())


def current_correlation_id() -> str:
    """The correlation id of the work in progress; a fresh one if none was bound."""
    value = _correlation_id.get()
    if value is None:
        value = new_correlation_id()
        _correlation_id.set(value)
    return value


def current_causation_id() -> str | None:
    return _causation_id.get()


@contextmanager
def bound_correlation(correlation_id: str, causation_id: str | None = None) -> Iterator[None]:
    """Bind a correlation id (and the id of the message that caused this work) for a block."""
    t1 = _correlation_id.set(correlation_id)
    t2 = _causation_id.set(causation_id)
    try:
        yield
    finally:
        _correlation_id.reset(t1)
        _causation_id.reset(t2)


@dataclass(frozen=True)
class Actor:
    """Who issued a command: the token's subject and roles (and the scope of a scoped role)."""

    subject: str
    roles: frozenset[str] = field(default_factory=frozenset)
    region: str | None = None
    state_body: str | None = None

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(subject=f"system:{name}", roles=frozenset({"system"}))
