"""The event registry, upcasting and feed positions, without a database."""

from __future__ import annotations

import json
import pickle
import uuid
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.domain import Aggregate
from shared.eventstore import DomainEvent, EventRegistry, FeedPosition
from shared.eventstore.model import RecordedEvent


def make_registry() -> tuple[EventRegistry, type[DomainEvent]]:
    registry = EventRegistry()

    @registry.register
    class Renamed(DomainEvent):
        event_type: ClassVar[str] = "Renamed"
        schema_version: ClassVar[int] = 3
        full_name: str
        language: str

    @registry.upcaster("Renamed", 1)
    def v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
        return {"full_name": f"{data['first']} {data['last']}"}

    @registry.upcaster("Renamed", 2)
    def v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "language": "kk"}

    return registry, Renamed


def test_upcasters_chain_from_any_older_version_to_the_newest():
    registry, _ = make_registry()
    assert registry.upcast("Renamed", 1, {"first": "Абай", "last": "Құнанбайұлы"}) == (
        3,
        {"full_name": "Абай Құнанбайұлы", "language": "kk"},
    )
    assert registry.upcast("Renamed", 2, {"full_name": "Абай"}) == (
        3,
        {"full_name": "Абай", "language": "kk"},
    )
    assert registry.upcast("Renamed", 3, {"full_name": "x", "language": "ru"})[0] == 3


def test_a_missing_upcaster_is_an_error_not_a_silent_pass():
    registry = EventRegistry()

    @registry.register
    class Grown(DomainEvent):
        event_type: ClassVar[str] = "Grown"
        schema_version: ClassVar[int] = 2
        size: int

    with pytest.raises(LookupError):
        registry.upcast("Grown", 1, {"size": 1})


def test_unknown_types_pass_through_and_unregistered_events_are_refused():
    registry, renamed = make_registry()
    assert registry.upcast("Foreign", 1, {"a": 1}) == (1, {"a": 1})

    class Stray(DomainEvent):
        event_type: ClassVar[str] = "Stray"

    with pytest.raises(LookupError):
        registry.to_new_event(Stray())
    with pytest.raises(ValueError):
        registry.register(type("Renamed2", (renamed,), {"event_type": "Renamed"}))


def test_a_recorded_event_loads_as_its_typed_event():
    registry, renamed = make_registry()
    recorded = RecordedEvent(
        global_position=1,
        transaction_id=7,
        stream_id="s-1",
        stream_type="s",
        version=1,
        event_id=uuid.uuid4(),
        event_type="Renamed",
        schema_version=3,
        data={"full_name": "Абай", "language": "kk"},
        metadata={},
        recorded_at=datetime.now(UTC),
        stored_schema_version=1,
    )
    assert registry.load(recorded) == renamed(full_name="Абай", language="kk")
    assert recorded.envelope()["stream_id"] == "s-1"


def recorded_kwargs(**changes: Any) -> dict[str, Any]:
    return {
        "global_position": 4,
        "transaction_id": 9,
        "stream_id": "s-1",
        "stream_type": "s",
        "version": 2,
        "event_id": uuid.UUID("8a4e2b7c-0000-4000-8000-000000000001"),
        "event_type": "Renamed",
        "schema_version": 3,
        "data": {"full_name": "Абай", "language": "kk", "votes": 2**70},
        "metadata": {"actor": "a", "recorded_at": "2026-12-06T05:00:00+00:00"},
        "recorded_at": datetime(2026, 12, 6, 5, tzinfo=UTC),
        "stored_schema_version": 3,
        **changes,
    }


def stored_row(kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """The row a store's read gives for these fields: data and metadata as JSON text, the
    metadata without its ``recorded_at``."""
    metadata = {k: v for k, v in kwargs["metadata"].items() if k != "recorded_at"}
    return (
        *(kwargs[k] for k in ("global_position", "transaction_id", "stream_id", "stream_type")),
        *(kwargs[k] for k in ("version", "event_id", "event_type", "stored_schema_version")),
        json.dumps(kwargs["data"], ensure_ascii=False),
        json.dumps(metadata),
        kwargs["recorded_at"],
    )


def test_an_event_read_as_a_row_decodes_its_data_once_and_equals_the_event_it_was():
    kwargs = recorded_kwargs()
    built = RecordedEvent(**kwargs)
    read = RecordedEvent.stored(stored_row(kwargs), 3)
    assert read.data == kwargs["data"]  # the integer beyond 64 bits stays exact
    assert read.data is read.data  # decoded once, kept
    assert read.metadata == kwargs["metadata"]
    assert read == built
    assert read != RecordedEvent(**recorded_kwargs(version=3))
    assert read.feed_position == FeedPosition(9, 4)
    assert read.envelope()["data"]["votes"] == 2**70
    assert repr(read) == repr(built)


def test_a_recorded_event_is_immutable_and_survives_pickling():
    read = RecordedEvent.stored(stored_row(recorded_kwargs()), 3)
    with pytest.raises(FrozenInstanceError):
        read.version = 5  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del read.data  # type: ignore[misc]
    with pytest.raises(TypeError):  # its data is a dict, as when it was a frozen dataclass
        hash(read)
    assert pickle.loads(pickle.dumps(read)) == read


@given(st.integers(min_value=0, max_value=2**62), st.integers(min_value=0, max_value=2**62))
def test_feed_positions_round_trip_through_text(xid: int, position: int):
    cursor = FeedPosition(xid, position)
    assert FeedPosition.parse(str(cursor)) == cursor


def test_feed_positions_order_by_transaction_then_position():
    assert FeedPosition(5, 900) < FeedPosition(6, 1) < FeedPosition(6, 2)
    with pytest.raises(ValueError):
        FeedPosition.parse("-1-2")


def test_an_aggregate_without_a_handler_for_an_event_fails_loudly():
    class Counted(DomainEvent):
        event_type: ClassVar[str] = "Counted"

    class Silent(Aggregate):
        stream_type = "silent"

    with pytest.raises(TypeError):
        Silent.rehydrate("1", [Counted()])


def test_private_fields_stay_home_and_out_of_the_published_schema():
    registry = EventRegistry()

    @registry.register
    class PersonRegistered(DomainEvent):
        event_type: ClassVar[str] = "PersonRegistered"
        private_fields: ClassVar[frozenset[str]] = frozenset({"iin"})
        person_id: str
        iin: str

    data = PersonRegistered(person_id="p-1", iin="900101300123").model_dump(mode="json")
    assert registry.public_data("PersonRegistered", data) == {"person_id": "p-1"}
    schema = registry.json_schemas()["PersonRegistered.v1"]
    assert "iin" not in schema["properties"] and "iin" not in schema["required"]
