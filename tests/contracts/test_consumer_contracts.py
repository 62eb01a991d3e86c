"""Every consumer's inbound contract against the producer's published event schema.

Each service's consumer declares, per event type, the fields it reads (``shared.messaging.
contracts``). Here every declared contract is checked against the JSON Schema the producing
service publishes for that event type (``GET /v1/events/schemas``, the registry's
``json_schemas``): a field the consumer reads must be published, always present when the
consumer needs it, and of a type the consumer accepts. A producer that renames, drops, makes
optional or retypes such a field fails this test before any consumer fails in production.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import pytest

from shared.messaging.consumer import ANY_EVENT_TYPE
from shared.messaging.contracts import ContractHandler
from shared.service import Platform
from shared.settings import topic_of

SERVICES = ("membership", "sessions", "council", "monitoring", "programmes")

# Handlers that take every event type of a topic and read it by what it happens to carry: the
# fields they look for, which at least one of the producer's event types must publish.
TOLERANT_READERS = {("monitoring", "council"): {"resolution_id"}}

Schema = Mapping[str, Any]


@cache
def platform(service: str) -> Platform:
    bootstrap = importlib.import_module(f"services.{service}.bootstrap")
    built = bootstrap.build()
    assert isinstance(built, Platform)
    return built


def producer_of(topic: str) -> str:
    for service in SERVICES:
        if topic_of(service) == topic:
            return service
    raise AssertionError(f"no service publishes {topic}")


@cache
def published(service: str) -> dict[str, Schema]:
    """The producer's newest published schema of each event type, by type."""
    newest: dict[str, tuple[int, Schema]] = {}
    for key, schema in platform(service).registry.json_schemas().items():
        event_type, _, version = key.rpartition(".v")
        number = int(version)
        if event_type not in newest or newest[event_type][0] < number:
            newest[event_type] = (number, schema)
    return {event_type: schema for event_type, (_, schema) in newest.items()}


def consumed() -> Iterator[tuple[str, str, str, Any]]:
    for service in SERVICES:
        consumer = platform(service).consumer
        if consumer is None:
            continue
        for topic, handlers in consumer.handlers.items():
            for event_type, handler in handlers.items():
                yield service, producer_of(topic), event_type, handler


CONSUMED = sorted(consumed(), key=lambda c: c[:3])


def _resolve(schema: Schema, root: Schema) -> Schema:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = root.get("$defs", {})[name]
    return schema


def _variants(schema: Schema, root: Schema) -> list[Schema]:
    schema = _resolve(schema, root)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return [v for option in options for v in _variants(option, root)]
    return [schema]


def _kind(schema: Schema) -> str:
    if "const" in schema or "enum" in schema:
        return "string" if schema.get("type", "string") == "string" else str(schema["type"])
    kind = schema.get("type")
    return str(kind) if kind is not None else "any"


def _accepts(consumer: Schema, producer: Schema) -> bool:
    """Whether one consumer variant takes every value of one producer variant."""
    wanted, given = _kind(consumer), _kind(producer)
    if wanted == "any":
        return True
    if wanted == "number" and given == "integer":
        return True
    if wanted != given:
        return False
    fmt = consumer.get("format")
    return fmt is None or producer.get("format") == fmt


def problems(
    consumer: Schema, c_root: Schema, producer: Schema, p_root: Schema, at: str
) -> list[str]:
    found: list[str] = []
    c_variants, p_variants = _variants(consumer, c_root), _variants(producer, p_root)
    for given in p_variants:
        matching = [wanted for wanted in c_variants if _accepts(wanted, given)]
        if not matching:
            found.append(
                f"{at}: the producer publishes {_kind(given)}"
                f"{' (' + given['format'] + ')' if 'format' in given else ''}, "
                f"which the consumer's contract does not take"
            )
            continue
        wanted = matching[0]
        if _kind(given) == "object" and "properties" in wanted:
            found += _object_problems(wanted, c_root, given, p_root, at)
        elif _kind(given) == "array" and "items" in wanted and "items" in given:
            found += problems(wanted["items"], c_root, given["items"], p_root, f"{at}[]")
    return found


def _object_problems(
    consumer: Schema, c_root: Schema, producer: Schema, p_root: Schema, at: str
) -> list[str]:
    found: list[str] = []
    given_fields = producer.get("properties", {})
    always_given = set(producer.get("required", []))
    for name, wanted in consumer.get("properties", {}).items():
        path = f"{at}.{name}" if at else name
        if name not in given_fields:
            found.append(f"{path}: the consumer reads it, the producer does not publish it")
            continue
        if name in consumer.get("required", []) and name not in always_given:
            found.append(f"{path}: the consumer needs it, the producer may leave it out")
        found += problems(wanted, c_root, given_fields[name], p_root, path)
    return found


@pytest.mark.parametrize(
    ("service", "producer", "event_type", "handler"),
    CONSUMED,
    ids=[f"{c[0]}<-{c[1]}:{c[2]}" for c in CONSUMED],
)
def test_the_consumer_reads_only_what_the_producer_publishes(
    service: str, producer: str, event_type: str, handler: Any
) -> None:
    if event_type == ANY_EVENT_TYPE:
        fields = TOLERANT_READERS.get((service, producer))
        assert fields is not None, f"{service} reads every event of {producer} without a contract"
        carried = {
            name for schema in published(producer).values() for name in schema.get("properties", {})
        }
        assert fields <= carried, f"no event of {producer} carries {sorted(fields - carried)}"
        return
    assert isinstance(handler, ContractHandler), (
        f"{service}'s handler of {producer}'s {event_type} declares no inbound contract "
        "(shared.messaging.contracts.reads)"
    )
    schemas = published(producer)
    assert event_type in schemas, f"{producer} publishes no {event_type}"
    contract = handler.contract.model_json_schema()
    found = problems(contract, contract, schemas[event_type], schemas[event_type], "")
    assert found == [], f"{service} reading {producer}'s {event_type}:\n" + "\n".join(found)


def test_both_replicas_read_the_membership_with_its_assembly_and_person() -> None:
    """Sessions and council keep one membership replica (``shared.roster``): one contract."""
    contracts = {
        service: handler.contract
        for service, producer, event_type, handler in CONSUMED
        if (producer, event_type) == ("membership", "MemberIncluded")
    }
    assert contracts["sessions"] is contracts["council"]
    assert {"assembly", "person_id", "member_id", "effective_on"} <= set(
        contracts["sessions"].model_fields
    )


def test_every_service_that_consumes_is_checked() -> None:
    assert {c[0] for c in CONSUMED} == set(SERVICES)
