"""Working days on a national calendar: pure, no I/O.

A day is a working day when it is not a Saturday or Sunday and not a listed day off, or when a
transfer made that Saturday or Sunday a working day (Labour Code Art. 85). Time limits of the
Administrative Procedural and Process Code count working days (APPC 2020 Art. 64, 76).

A calendar knows only the years it was given data for: a computation that touches another
year raises ``CalendarNotCovered`` rather than silently ignoring that year's holidays.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import ClassVar

from shared.errors import KelisimError


class DayKind(StrEnum):
    HOLIDAY = "holiday"
    """A national or state holiday (Law "On holidays"): a day off."""
    RELIGIOUS_HOLIDAY = "religious_holiday"
    """Orthodox Christmas, the first day of Kurban Ait: a day off, never shifted (Art. 85)."""
    WEEKEND_SHIFT = "weekend_shift"
    """The next working day after a holiday that fell on a Saturday or Sunday (Art. 85)."""
    TRANSFER_DAY_OFF = "transfer_day_off"
    """A weekday made a day off by a transfer of days off (Art. 85 p. 3)."""
    TRANSFER_WORKING_DAY = "transfer_working_day"
    """A Saturday or Sunday made a working day by a transfer of days off (Art. 85 p. 3)."""


DAYS_OFF = frozenset(
    {
        DayKind.HOLIDAY,
        DayKind.RELIGIOUS_HOLIDAY,
        DayKind.WEEKEND_SHIFT,
        DayKind.TRANSFER_DAY_OFF,
    }
)


class CalendarNotCovered(KelisimError):
    """A working-day computation reached a year the calendar has no data for."""

    status: ClassVar[int] = 422
    code: ClassVar[str] = "calendar_not_covered"

    def __init__(self, year: int) -> None:
        super().__init__(None, reason="calendar_not_covered", year=year)
        self.year = year


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: DayKind


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days over the covered years; ``utc_offset`` and office hours place an instant."""

    days: Mapping[date, DayKind]
    years: frozenset[int]
    utc_offset: timedelta = timedelta(hours=5)
    office_start: time = time(9, 0)
    office_end: time = time(18, 0)
    _weekend: frozenset[int] = field(default=frozenset({5, 6}), repr=False)

    @classmethod
    def of(
        cls,
        days: Iterable[CalendarDay],
        years: Iterable[int],
        utc_offset: timedelta = timedelta(hours=5),
        office_start: time = time(9, 0),
        office_end: time = time(18, 0),
    ) -> WorkingCalendar:
        return cls(
            {d.day: d.kind for d in days}, frozenset(years), utc_offset, office_start, office_end
        )

    def _check(self, day: date) -> None:
        if day.year not in self.years:
            raise CalendarNotCovered(day.year)

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        kind = self.days.get(day)
        if kind is DayKind.TRANSFER_WORKING_DAY:
            return True
        if kind in DAYS_OFF:
            return False
        return day.weekday() not in self._weekend

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        current = day + timedelta(days=1)
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself is not counted: a
        period runs from the day after the event that starts it)."""
        if count < 0:
            raise ValueError("count must not be negative")
        current = start
        for _ in range(count):
            current = self.next_working_day(current)
        return current

    def working_days_after(self, start: date, end: date) -> int:
        """How many working days lie in ``(start, end]`` (0 when ``end <= start``)."""
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def local(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            raise ValueError("an instant must carry its time zone")
        return instant.astimezone(timezone(self.utc_offset))

    def registration_day(self, received_at: datetime) -> date:
        """The day an appeal received at ``received_at`` is registered: that day when it is a
        working day and the office has not yet closed, else the next working day
        (APPC 2020 Art. 64)."""
        local = self.local(received_at)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.office_end:
            return day
        return self.next_working_day(day)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, or the month's last day when it has
    fewer days (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))
