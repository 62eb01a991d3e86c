"""A service's AsyncAPI 3.0 document: what it publishes on Kafka, and what it reads.

Built from the code that publishes and reads, not written beside it:

- the **channel** of the service's topic (``kelisim.<service>.v1``), and a ``send`` operation
  with one **message** per event type and per schema version still in the log: the current
  version of every registered event, and each older version an upcaster describes
  (``EventRegistry.upcaster(renamed=, added=)``): messages published before the change carry
  it. The relay publishes every event at its current version (it upcasts what it reads);
- each message's **headers**, as ``shared.messaging.envelope.encode`` and the relay set them
  (``event-id``, ``event-type``, ``schema-version``, ``correlation-id``, ``causation-id``,
  ``global-position``, ``stream-version``, ``source-service``, ``audit-leaf-index``,
  ``audit-leaf``, ``audit-republished-at``), all UTF-8 strings;
- its **payload**: the JSON envelope (``RecordedEvent.envelope``) whose ``data`` is the event's
  public data, of the JSON Schema the registry gives (``$id`` namespaced by the service:
  two services may name an event alike), and the Kafka key (the stream id);
- ``x-consumers`` on each message: the services that declare a handler for it
  (``consumes`` in each service's composition root; a handler of every event type counts);
- for each topic the service reads, a channel and a ``receive`` operation with the event types
  it handles (their payloads are in the publisher's document).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from shared.eventstore.model import EventRegistry
from shared.messaging import envelope
from shared.messaging.consumer import ANY_EVENT_TYPE

ASYNCAPI_VERSION: Final = "3.0.0"
KAFKA_BINDING_VERSION: Final = "0.5.0"

_STRING: Final = {"type": "string"}
_DIGITS: Final = {"type": "string", "pattern": "^[0-9]+$"}

HEADERS: Final[dict[str, tuple[dict[str, Any], str]]] = {
    envelope.H_EVENT_ID: ({**_STRING, "format": "uuid"}, "The event's id: deduplicate on it."),
    envelope.H_EVENT_TYPE: (_STRING, "The event type (past tense), as in the payload."),
    envelope.H_SCHEMA_VERSION: (_DIGITS, "The version of the event type's schema."),
    envelope.H_CORRELATION_ID: (_STRING, "The correlation id of the request that caused it."),
    envelope.H_CAUSATION_ID: (_STRING, "The id of the event that caused it, if any."),
    envelope.H_GLOBAL_POSITION: (_DIGITS, "The event's position in the service's log."),
    envelope.H_STREAM_VERSION: (_DIGITS, "The event's version in its stream."),
    envelope.H_SOURCE: (_STRING, "The service that published it."),
    envelope.H_AUDIT_LEAF_INDEX: (_DIGITS, "The event's leaf index in the service's Merkle tree."),
    envelope.H_AUDIT_LEAF: (
        _STRING,
        "The event's canonical leaf (RFC 8785 JSON): what the audit tree hashes.",
    ),
    envelope.H_AUDIT_REPUBLISHED_AT: (
        _DIGITS,
        "Milliseconds since the epoch: published again from the database after the broker lost "
        "the topic (not an auditor's reference copy).",
    ),
}
REQUIRED_HEADERS: Final = (
    envelope.H_EVENT_ID,
    envelope.H_EVENT_TYPE,
    envelope.H_SCHEMA_VERSION,
    envelope.H_CORRELATION_ID,
    envelope.H_GLOBAL_POSITION,
    envelope.H_STREAM_VERSION,
    envelope.H_SOURCE,
)


def topic_of(service: str) -> str:
    return f"kelisim.{service}.v1"


def _channel_id(service: str) -> str:
    return f"{service}Events"


def _message_id(key: str) -> str:
    """``MemberIncluded.v2`` → ``MemberIncluded_v2`` (ids are word characters)."""
    return key.replace(".", "_")


def _headers(service: str, event_type: str | None, version: int | None) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, (schema, description) in HEADERS.items():
        prop = {**schema, "description": description}
        if name == envelope.H_EVENT_TYPE and event_type is not None:
            prop["const"] = event_type
        elif name == envelope.H_SCHEMA_VERSION and version is not None:
            prop["const"] = str(version)
        elif name == envelope.H_SOURCE:
            prop["const"] = service
        properties[name] = prop
    return {"type": "object", "required": list(REQUIRED_HEADERS), "properties": properties}


def _envelope(event_type: str | None, version: int | None, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [
            "event_id",
            "event_type",
            "schema_version",
            "stream_id",
            "stream_type",
            "version",
            "global_position",
            "transaction_id",
            "recorded_at",
            "data",
            "metadata",
        ],
        "properties": {
            "event_id": {"type": "string", "format": "uuid"},
            "event_type": {"type": "string", **({"const": event_type} if event_type else {})},
            "schema_version": {"type": "integer", **({"const": version} if version else {})},
            "stream_id": {"type": "string", "description": "The aggregate's id (the Kafka key)."},
            "stream_type": {"type": "string", "description": "The kind of aggregate."},
            "version": {"type": "integer", "minimum": 1, "description": "Version in its stream."},
            "global_position": {"type": "integer", "minimum": 1},
            "transaction_id": {"type": "integer", "minimum": 0},
            "recorded_at": {"type": "string", "format": "date-time"},
            "data": data,
            "metadata": {
                "type": "object",
                "description": "Who acted and why: actor, correlation_id, causation_id.",
            },
        },
    }


@cache
def consumers() -> Mapping[str, Mapping[str, frozenset[str]]]:
    """For each service of the catalogue: the topics it reads and the event types it handles
    there (``ANY_EVENT_TYPE`` for all), from its composition root's ``consumes``."""
    from shared.rulebooks.publications import RulebookSource
    from shared.runtime.catalog import SERVICES

    found: dict[str, dict[str, frozenset[str]]] = {}
    for spec in SERVICES:
        module = importlib.import_module(f"{spec.module}.bootstrap")
        declared = getattr(module, "consumes", None)
        reads = declared(RulebookSource()) if declared is not None else {}
        found[spec.name] = {topic: frozenset(by_type) for topic, by_type in reads.items()}
    return found


def _asyncapi_schema(node: Any) -> Any:
    """A JSON Schema as an AsyncAPI schema object: a ``discriminator`` is the name of the
    property (pydantic writes OpenAPI's object, whose mapping the ``oneOf`` already says)."""
    if isinstance(node, list):
        return [_asyncapi_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _asyncapi_schema(value) for key, value in node.items()}
    discriminator = node.get("discriminator")
    if isinstance(discriminator, dict) and "propertyName" in discriminator:
        result["discriminator"] = discriminator["propertyName"]
    return result


def _readers(topic: str, event_type: str) -> list[str]:
    return sorted(
        service
        for service, reads in consumers().items()
        if event_type in reads.get(topic, ()) or ANY_EVENT_TYPE in reads.get(topic, ())
    )


def asyncapi_document(
    service: str,
    registry: EventRegistry,
    *,
    bootstrap_servers: str,
    title: str | None = None,
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of ``service``, whose events ``registry`` knows."""
    topic = topic_of(service)
    channel = _channel_id(service)
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    channel_messages: dict[str, Any] = {}
    for key, schema in registry.json_schemas(service, all_versions=True).items():
        event_type, _, version_text = key.rpartition(".v")
        version = int(version_text)
        current = registry.current_version(event_type) == version
        schema_id = _message_id(key)
        schemas[schema_id] = _asyncapi_schema(schema)
        message_id = schema_id
        messages[message_id] = {
            "name": key,
            "title": f"{event_type} (schema version {version})",
            "summary": schema.get("description") or f"The event {event_type}.",
            "contentType": "application/json",
            "headers": _headers(service, event_type, version),
            "payload": _envelope(
                event_type, version, {"$ref": f"#/components/schemas/{schema_id}"}
            ),
            "correlationId": {
                "description": "The request that caused the event.",
                "location": f"$message.header#/{envelope.H_CORRELATION_ID}",
            },
            "bindings": {
                "kafka": {
                    "key": {"type": "string", "description": "The stream id."},
                    "bindingVersion": KAFKA_BINDING_VERSION,
                }
            },
            "x-consumers": _readers(topic, event_type),
            "x-current": current,
        }
        if not current:
            messages[message_id]["description"] = (
                "An older version: messages published before the schema changed carry it; "
                "the relay publishes the current version now."
            )
        channel_messages[message_id] = {"$ref": f"#/components/messages/{message_id}"}

    channels: dict[str, Any] = {
        channel: {
            "address": topic,
            "title": f"The events of {service}",
            "description": (
                "Every event the service commits, in commit order per stream (keyed by stream "
                "id), delivered at least once: deduplicate on `event-id`."
            ),
            "messages": channel_messages,
            "bindings": {"kafka": {"topic": topic, "bindingVersion": KAFKA_BINDING_VERSION}},
        }
    }
    operations: dict[str, Any] = {
        f"publish{service.capitalize()}Events": {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel}"},
            "summary": "The outbox relay publishes every committed event.",
            "messages": [{"$ref": f"#/channels/{channel}/messages/{m}"} for m in channel_messages],
        }
    }
    for read_topic, types in sorted(consumers().get(service, {}).items()):
        publisher = read_topic.split(".")[1]
        if read_topic == topic:
            read_channel, read_messages = (
                channel,
                {
                    m: ref
                    for m, ref in channel_messages.items()
                    if messages[m]["name"].rpartition(".v")[0] in types or ANY_EVENT_TYPE in types
                },
            )
        else:
            read_channel = _channel_id(publisher)
            read_messages = {}
            for event_type in sorted(types):
                name = "AnyEvent" if event_type == ANY_EVENT_TYPE else event_type
                message_id = f"{publisher}_{name}"
                messages[message_id] = {
                    "name": name,
                    "title": f"{event_type} of {publisher}",
                    "summary": (
                        f"Read from {publisher}; its payload schema is in {publisher}'s "
                        "AsyncAPI document."
                    ),
                    "contentType": "application/json",
                    "headers": _headers(
                        publisher, None if event_type == ANY_EVENT_TYPE else event_type, None
                    ),
                    "payload": _envelope(
                        None if event_type == ANY_EVENT_TYPE else event_type,
                        None,
                        {"type": "object"},
                    ),
                }
                read_messages[message_id] = {"$ref": f"#/components/messages/{message_id}"}
            channels[read_channel] = {
                "address": read_topic,
                "title": f"The events of {publisher}",
                "messages": read_messages,
                "bindings": {
                    "kafka": {"topic": read_topic, "bindingVersion": KAFKA_BINDING_VERSION}
                },
            }
        operations[f"read{publisher.capitalize()}Events"] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{read_channel}"},
            "summary": f"The consumer of {service} reads these events of {publisher}.",
            "messages": [
                {"$ref": f"#/channels/{read_channel}/messages/{m}"} for m in read_messages
            ],
        }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": f"urn:kelisim:{service}",
        "info": {
            "title": title or f"Kelisim — {service} events",
            "version": "1.0.0",
            "description": (
                f"The events {service} publishes on `{topic}` and those it reads. Values are "
                "JSON envelopes; headers are UTF-8 strings; private fields never leave the "
                "service."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "kafka": {
                "host": bootstrap_servers.split(",")[0],
                "protocol": "kafka",
                "description": "The Kafka-compatible broker (KELISIM_KAFKA_BOOTSTRAP_SERVERS).",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    }
