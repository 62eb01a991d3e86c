"""The working-day calendar as data the Secretariat keeps (Labour Code Art. 85). Pure.

One stream, ``calendar-kz``: whole years published (the seed, or a year's official calendar)
and single days declared or withdrawn later (a government transfer of days off, a religious
holiday's date). Deadlines are computed from the calendar as it stands when the act is
recorded, and the computed dates are kept in the act's event: a later calendar change does not
move a deadline already set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from services.monitoring.domain.events import (
    CalendarDayDeclared,
    CalendarDayWithdrawn,
    CalendarEntry,
    CalendarYearPublished,
    Source,
)
from shared.calendars import CalendarDay, WorkingCalendar, kazakhstan_seed
from shared.domain import Aggregate
from shared.errors import InvalidInput, NotFound
from shared.personal_data import refuse_personal_data

CALENDAR_ID = "kz"


class Calendar(Aggregate):
    stream_type = "calendar"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.entries: dict[date, CalendarEntry] = {}
        self.years: set[int] = set()

    def publish_year(
        self, year: int, status: str, days: Sequence[CalendarEntry], sources: Sequence[Source]
    ) -> None:
        for entry in days:
            if entry.day.year != year:
                raise InvalidInput(None, reason="calendar_day_outside_year", day=str(entry.day))
        if len({entry.day for entry in days}) != len(days):
            raise InvalidInput(None, reason="calendar_day_twice", year=year)
        self._record(
            CalendarYearPublished(
                year=year,
                status="derived" if status == "derived" else "published",
                days=tuple(sorted(days, key=lambda e: e.day)),
                sources=tuple(sources),
            )
        )

    def declare_day(self, entry: CalendarEntry, source: Source, reason: str) -> None:
        if entry.day.year not in self.years:
            raise InvalidInput(None, reason="calendar_year_not_published", year=entry.day.year)
        refuse_personal_data("reason", reason)
        self._record(CalendarDayDeclared(entry=entry, source=source, reason=reason))

    def withdraw_day(self, day: date, reason: str) -> None:
        if day not in self.entries:
            raise NotFound(None, resource="calendar_day", id=str(day))
        refuse_personal_data("reason", reason)
        self._record(CalendarDayWithdrawn(day=day, reason=reason))

    def working_calendar(self) -> WorkingCalendar:
        seed = kazakhstan_seed()
        return WorkingCalendar.of(
            (CalendarDay(e.day, e.kind) for e in self.entries.values()),
            self.years,
            seed.utc_offset,
            seed.office_start,
            seed.office_end,
        )

    def when_CalendarYearPublished(self, event: CalendarYearPublished) -> None:
        self.entries = {d: e for d, e in self.entries.items() if d.year != event.year}
        self.entries.update({e.day: e for e in event.days})
        self.years.add(event.year)

    def when_CalendarDayDeclared(self, event: CalendarDayDeclared) -> None:
        self.entries[event.entry.day] = event.entry

    def when_CalendarDayWithdrawn(self, event: CalendarDayWithdrawn) -> None:
        self.entries.pop(event.day, None)
