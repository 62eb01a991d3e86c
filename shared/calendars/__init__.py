"""National working-day calendars: holidays and transfers of days off as data.

``WorkingCalendar`` counts working days (APPC 2020 Art. 64, 76; Labour Code Art. 85);
``kazakhstan_seed()`` is the packaged seed for 2025-2027, with its official sources.
"""

from shared.calendars.model import (
    DAYS_OFF,
    CalendarDay,
    CalendarNotCovered,
    DayKind,
    WorkingCalendar,
    add_months,
)
from shared.calendars.seed import CalendarSeed, SeedDay, SeedYear, kazakhstan_seed

__all__ = [
    "DAYS_OFF",
    "CalendarDay",
    "CalendarNotCovered",
    "CalendarSeed",
    "DayKind",
    "SeedDay",
    "SeedYear",
    "WorkingCalendar",
    "add_months",
    "kazakhstan_seed",
]
