"""Append-only event store on PostgreSQL: the source of truth of every service."""

from shared.eventstore.model import (
    NO_STREAM,
    DomainEvent,
    EventMetadata,
    EventRegistry,
    FeedPosition,
    NewEvent,
    RecordedEvent,
)
from shared.eventstore.store import EventStore, StreamAppend

__all__ = [
    "NO_STREAM",
    "DomainEvent",
    "EventMetadata",
    "EventRegistry",
    "EventStore",
    "FeedPosition",
    "NewEvent",
    "RecordedEvent",
    "StreamAppend",
]
