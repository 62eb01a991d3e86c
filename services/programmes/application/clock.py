"""The service's clock: every "today" is the calendar day in Kazakhstan (``Asia/Almaty``),
never the server's zone nor the UTC date. The composition root puts one in the platform's
extras; tests put a fixed one in its place."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from shared.service import Platform

ZONE = "Asia/Almaty"
EXTRA = "clock"


class Clock(Protocol):
    def today(self) -> date: ...


class KazakhstanClock:
    def __init__(self, zone: str = ZONE) -> None:
        self.zone = ZoneInfo(zone)

    def today(self) -> date:
        return datetime.now(self.zone).date()


class FixedClock:
    """A clock that says what it is told."""

    def __init__(self, day: date) -> None:
        self.day = day

    def today(self) -> date:
        return self.day


def today(platform: Platform) -> date:
    clock = platform.extras.get(EXTRA)
    if clock is None:
        clock = platform.extras[EXTRA] = KazakhstanClock()
    assert isinstance(clock, KazakhstanClock | FixedClock)
    return clock.today()
