"""A projection receives the typed event, dispatched by its class."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from shared.eventstore.model import DomainEvent, EventRegistry, RecordedEvent
from shared.projections import EventProjection, applies

registry = EventRegistry()


@registry.register
class Opened(DomainEvent):
    event_type = "Opened"
    schema_version = 2

    day: date
    place: str


@registry.upcaster("Opened", 1, added=("place",))
def _opened_v1(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "place": "Astana"}


@registry.register
class Closed(DomainEvent):
    event_type = "Closed"
    schema_version = 1


class Log(EventProjection):
    name = "log"
    tables = ("log",)
    registry = registry

    def __init__(self) -> None:
        self.seen: list[tuple[str, Any, int]] = []

    @applies(Opened)
    async def opened(self, db: Any, event: Opened, recorded: RecordedEvent) -> None:
        self.seen.append(("opened", (event.day, event.place), recorded.version))

    @applies(Closed)
    async def closed(self, db: Any, event: Closed, recorded: RecordedEvent) -> None:
        self.seen.append(("closed", db, recorded.version))


def recorded(event_type: str, schema_version: int, data: dict[str, Any], version: int) -> Any:
    version_now, upcast = registry.upcast(event_type, schema_version, data)
    return RecordedEvent(
        global_position=version, transaction_id=1, stream_id="s-1", stream_type="s",
        version=version, event_id=uuid.uuid4(), event_type=event_type,
        schema_version=version_now, data=upcast, metadata={},
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC), stored_schema_version=schema_version,
    )  # fmt: skip


def test_the_event_types_are_those_of_the_marked_methods() -> None:
    assert Log.event_types == frozenset({"Opened", "Closed"})


async def test_each_event_arrives_typed_at_its_method_older_versions_upcast() -> None:
    log = Log()
    await log.apply("db", recorded("Opened", 1, {"day": "2026-03-02"}, 1))
    await log.apply("db", recorded("Closed", 1, {}, 2))
    assert log.seen == [("opened", (date(2026, 3, 2), "Astana"), 1), ("closed", "db", 2)]
