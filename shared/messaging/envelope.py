"""How an event travels on Kafka: key = stream id, value = JSON envelope, typed headers."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from shared.eventstore.model import RecordedEvent

H_EVENT_ID = "event-id"
H_EVENT_TYPE = "event-type"
H_SCHEMA_VERSION = "schema-version"
H_CORRELATION_ID = "correlation-id"
H_CAUSATION_ID = "causation-id"
H_GLOBAL_POSITION = "global-position"
H_STREAM_VERSION = "stream-version"
H_SOURCE = "source-service"
H_AUDIT_LEAF_INDEX = "audit-leaf-index"
"""The event's leaf index in its service's Merkle tree (commit order; shared.audit)."""
H_AUDIT_LEAF = "audit-leaf"
"""The event's canonical leaf (RFC 8785 JSON, shared.audit.canonical): what the tree hashes."""
H_AUDIT_REPUBLISHED_AT = "audit-republished-at"
"""Milliseconds since the epoch: the relay published this event again, from its database, after
the broker lost the topic (an auditor's reference copy it is not, for changes made before)."""

Headers = list[tuple[str, bytes]]


def encode(
    event: RecordedEvent, service: str, public_data: dict[str, Any] | None = None
) -> tuple[bytes, bytes, Headers]:
    """Key, value and headers of the Kafka message that carries ``event`` (with its public
    data: the event's private fields never leave the service)."""
    body = event.envelope(public_data)
    value = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers: Headers = [
        (H_EVENT_ID, str(event.event_id).encode()),
        (H_EVENT_TYPE, event.event_type.encode()),
        (H_SCHEMA_VERSION, str(event.schema_version).encode()),
        (H_CORRELATION_ID, str(event.metadata.get("correlation_id", "")).encode()),
        (H_GLOBAL_POSITION, str(event.global_position).encode()),
        (H_STREAM_VERSION, str(event.version).encode()),
        (H_SOURCE, service.encode()),
    ]
    causation = event.metadata.get("causation_id")
    if causation:
        headers.append((H_CAUSATION_ID, str(causation).encode()))
    return event.stream_id.encode(), value, headers


@dataclass(frozen=True)
class InboundEvent:
    """An event received from another service's topic."""

    topic: str
    partition: int
    offset: int
    event_id: uuid.UUID
    event_type: str
    schema_version: int
    stream_id: str
    stream_type: str
    version: int
    global_position: int
    recorded_at: str
    data: dict[str, Any]
    metadata: dict[str, Any]

    @property
    def correlation_id(self) -> str | None:
        value = self.metadata.get("correlation_id")
        return str(value) if value else None


def decode(topic: str, partition: int, offset: int, value: bytes | None) -> InboundEvent:
    """Parse a message value; raises ValueError when it is not a Kelisim event envelope."""
    if value is None:
        raise ValueError("message has no value")
    try:
        raw = json.loads(value)
        return InboundEvent(
            topic=topic,
            partition=partition,
            offset=offset,
            event_id=uuid.UUID(raw["event_id"]),
            event_type=str(raw["event_type"]),
            schema_version=int(raw["schema_version"]),
            stream_id=str(raw["stream_id"]),
            stream_type=str(raw["stream_type"]),
            version=int(raw["version"]),
            global_position=int(raw["global_position"]),
            recorded_at=str(raw["recorded_at"]),
            data=dict(raw["data"]),
            metadata=dict(raw["metadata"]),
        )
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a Kelisim event envelope: {exc}") from exc
