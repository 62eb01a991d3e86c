"""The packaged seed of Kazakhstan's calendar (``data/kz.json``), with its sources.

The file is the seed only: monitoring's migration writes it as events, and from then on the
Secretariat keeps the calendar up to date through the API (as events, too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from shared.calendars.model import CalendarDay, DayKind, WorkingCalendar

DATA_PACKAGE = "shared.calendars.data"


@dataclass(frozen=True)
class SeedDay:
    day: date
    kind: DayKind
    name_kk: str
    name_ru: str
    name_en: str


@dataclass(frozen=True)
class SeedYear:
    year: int
    status: str
    """``published`` (from official announcements) or ``derived`` (from the law alone)."""
    sources: tuple[dict[str, str], ...]
    days: tuple[SeedDay, ...]


@dataclass(frozen=True)
class CalendarSeed:
    utc_offset: timedelta
    office_start: time
    office_end: time
    legal_basis: tuple[dict[str, str], ...]
    years: tuple[SeedYear, ...]

    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar.of(
            (CalendarDay(d.day, d.kind) for y in self.years for d in y.days),
            (y.year for y in self.years),
            self.utc_offset,
            self.office_start,
            self.office_end,
        )


def _offset(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    hours, _, minutes = text.lstrip("+-").partition(":")
    return sign * timedelta(hours=int(hours), minutes=int(minutes or 0))


def parse_seed(raw: dict[str, Any]) -> CalendarSeed:
    names: dict[str, dict[str, str]] = raw["names"]
    years = []
    for year_text, body in sorted(raw["years"].items()):
        days = []
        for entry in body["days"]:
            day = date.fromisoformat(entry["date"])
            if day.year != int(year_text):
                raise ValueError(f"{day} is listed under {year_text}")
            name = names[entry["name"]]
            days.append(SeedDay(day, DayKind(entry["kind"]), name["kk"], name["ru"], name["en"]))
        years.append(SeedYear(int(year_text), body["status"], tuple(body["sources"]), tuple(days)))
    return CalendarSeed(
        utc_offset=_offset(raw["utc_offset"]),
        office_start=time.fromisoformat(raw["office_hours"]["start"]),
        office_end=time.fromisoformat(raw["office_hours"]["end"]),
        legal_basis=tuple(raw["legal_basis"]),
        years=tuple(years),
    )


@cache
def kazakhstan_seed() -> CalendarSeed:
    text = files(DATA_PACKAGE).joinpath("kz.json").read_text(encoding="utf-8")
    return parse_seed(json.loads(text))
