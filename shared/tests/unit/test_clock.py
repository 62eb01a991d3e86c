"""The one clock: the Kazakhstan day of an instant, with the offset of its own date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfoNotFoundError

import pytest

from shared.clock import Clock, FixedClock, load_zone
from shared.settings import PlatformSettings


def test_half_past_eleven_utc_is_the_next_day_in_astana() -> None:
    clock = FixedClock(datetime(2026, 3, 16, 23, 30, tzinfo=UTC))
    assert clock.today() == date(2026, 3, 17)
    assert clock.local(clock.now()).utcoffset() == timedelta(hours=5)
    assert FixedClock(datetime(2026, 3, 16, 18, 59, tzinfo=UTC)).today() == date(2026, 3, 16)
    assert FixedClock(datetime(2026, 3, 16, 19, 0, tzinfo=UTC)).today() == date(2026, 3, 17)


def test_before_march_2024_astana_was_utc_plus_six() -> None:
    clock = Clock()
    assert clock.day_of(datetime(2012, 6, 1, 18, 30, tzinfo=UTC)) == date(2012, 6, 2)
    assert clock.local(datetime(2012, 6, 1, 18, 30, tzinfo=UTC)).utcoffset() == timedelta(hours=6)
    # one zone, UTC+5, from 1 March 2024
    assert clock.local(datetime(2024, 3, 2, tzinfo=UTC)).utcoffset() == timedelta(hours=5)
    assert clock.start_of(date(2012, 6, 2)) == datetime(2012, 6, 1, 18, tzinfo=UTC)
    assert clock.start_of(date(2026, 6, 2)) == datetime(2026, 6, 1, 19, tzinfo=UTC)


def test_an_instant_in_another_offset_falls_on_its_astana_day() -> None:
    moscow = timezone(timedelta(hours=3))
    assert Clock().day_of(datetime(2026, 3, 16, 23, 0, tzinfo=moscow)) == date(2026, 3, 17)


def test_the_zone_is_configured_and_instants_carry_their_offset() -> None:
    night = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)
    assert FixedClock(night, "UTC").today() == date(2026, 3, 16)
    assert PlatformSettings().time_zone == "Asia/Almaty"
    with pytest.raises(ZoneInfoNotFoundError):
        load_zone("Asia/Nowhere")
    with pytest.raises(ValueError, match="offset"):
        Clock().day_of(datetime(2026, 3, 16, 23, 30))
    with pytest.raises(ValueError, match="offset"):
        FixedClock(datetime(2026, 3, 16, 23, 30))


def test_a_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 3, 16, 23, 30, tzinfo=UTC))
    clock.advance(timedelta(hours=20))
    assert clock.today() == date(2026, 3, 18)
    clock.set(datetime(2012, 1, 1, tzinfo=UTC))
    assert clock.now() == datetime(2012, 1, 1, tzinfo=UTC) and clock.today() == date(2012, 1, 1)
