"""The one clock: the instant (UTC, with its offset) and the Kazakhstan calendar day.

Every "today" of the system — the default ``as_of`` of a query, the date of a sitting, a
decision or a report, a deadline, an overdue check — is the calendar day in one configured
time zone (``KELISIM_TIME_ZONE``, ``Asia/Almaty`` by default), never the server's zone and
never the UTC date: between 00:00 and 05:00 in Astana the UTC date is still yesterday.
Timestamps stay instants in UTC; a date is the day an instant falls on in that zone.

Kazakhstan has used one zone, UTC+5, since 1 March 2024; before that Astana and Almaty were
UTC+6. The zone comes from the tz database (2024a or later), so an instant of 2012 gets the
offset of 2012. The ``tzdata`` package (a pinned dependency) is preferred to the system's
database, which may be older than that change.

Each service's platform holds one :class:`Clock` (``platform.clock``); tests put a
:class:`FixedClock` in its place.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

DEFAULT_TIME_ZONE = "Asia/Almaty"


@cache
def load_zone(name: str) -> ZoneInfo:
    """The tz database zone ``name``: from the ``tzdata`` package when it has it, else from the
    system's database. Raises ``ZoneInfoNotFoundError`` for an unknown zone."""
    try:
        entry = resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
        with entry.open("rb") as data:
            return ZoneInfo.from_file(data, key=name)
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError, ValueError):
        return ZoneInfo(name)


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("an instant must carry its offset")
    return instant


class Clock:
    """The system clock, read in one time zone."""

    def __init__(self, zone: str | ZoneInfo = DEFAULT_TIME_ZONE) -> None:
        self.zone = load_zone(zone) if isinstance(zone, str) else zone

    def now(self) -> datetime:
        """This instant, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The calendar day it is now in the clock's zone."""
        return self.day_of(self.now())

    def day_of(self, instant: datetime) -> date:
        """The calendar day ``instant`` falls on in the clock's zone."""
        return self.local(instant).date()

    def local(self, instant: datetime) -> datetime:
        """``instant`` as wall-clock time in the clock's zone (with that day's offset)."""
        return _aware(instant).astimezone(self.zone)

    def start_of(self, day: date) -> datetime:
        """The first instant of ``day`` in the clock's zone, in UTC."""
        midnight = datetime(day.year, day.month, day.day, tzinfo=self.zone)
        return midnight.astimezone(UTC)


class FixedClock(Clock):
    """A clock that says what it is told: for tests and for replaying a day."""

    def __init__(self, instant: datetime, zone: str | ZoneInfo = DEFAULT_TIME_ZONE) -> None:
        super().__init__(zone)
        self._instant = _aware(instant).astimezone(UTC)

    def now(self) -> datetime:
        return self._instant

    def set(self, instant: datetime) -> None:
        self._instant = _aware(instant).astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._instant += delta
