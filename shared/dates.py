"""Dates and instants as the APIs take and give them, each saying its time zone.

Every domain date is a calendar day in Asia/Almaty (``shared.clock``); every instant is written
with its UTC offset. A request or response field typed :data:`CalendarDay` or :data:`Instant`
carries that in its JSON Schema description (OpenAPI), so a client never has to guess the zone:

    registered_on: CalendarDay
    received_at: Instant | None = None
    as_of: CalendarDay | None = None          (a query parameter, in a route's signature)

A field with a description of its own keeps it; it must then name the zone itself (the test
``tests/api/test_time_zones.py`` fails for any date or date-time in the OpenAPI documents that
does not).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Final

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

DAY_DESCRIPTION: Final = "A calendar day in Asia/Almaty (ISO 8601, YYYY-MM-DD)."
INSTANT_DESCRIPTION: Final = (
    "An instant in ISO 8601 with its UTC offset, e.g. 2026-03-20T19:00:00+05:00 (Almaty time)"
    " or 2026-03-20T14:00:00Z."
)


class ZoneNote:
    """Adds ``description`` to a type's JSON Schema (a field's own description wins)."""

    def __init__(self, description: str) -> None:
        self.description = description

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema: dict[str, Any] = handler(core_schema)
        schema.setdefault("description", self.description)
        return schema

    def __hash__(self) -> int:
        return hash(self.description)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ZoneNote) and other.description == self.description


CalendarDay = Annotated[date, ZoneNote(DAY_DESCRIPTION)]
"""A calendar day in Asia/Almaty."""
Instant = Annotated[datetime, ZoneNote(INSTANT_DESCRIPTION)]
"""An instant, written with its UTC offset."""
