"""Working days on Kazakhstan's calendar, over the real holidays of 2025–2027 (APPC 2020
Art. 64, 76; Labour Code Art. 85)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from shared.calendars import (
    CalendarNotCovered,
    DayKind,
    WorkingCalendar,
    add_months,
    kazakhstan_seed,
)

ALMATY = timezone(timedelta(hours=5))
CAL = kazakhstan_seed().calendar()


def test_an_appeal_received_on_friday_evening_before_nauryz_is_registered_after_it() -> None:
    # Friday 20 March 2026, 19:00: after office hours. Nauryz 21–23 March (Sat–Mon); the
    # Saturday and Sunday holidays make Tuesday 24 and Wednesday 25 days off (Art. 85).
    received = datetime(2026, 3, 20, 19, 0, tzinfo=ALMATY)
    registered = CAL.registration_day(received)
    assert registered == date(2026, 3, 26)
    # 15 working days from the day after registration (APPC 2020 Art. 76).
    assert CAL.add_working_days(registered, 15) == date(2026, 4, 16)
    # Forwarding within 3 working days: 27, 30, 31 March.
    assert CAL.add_working_days(registered, 3) == date(2026, 3, 31)


def test_an_appeal_received_in_office_hours_is_registered_the_same_day() -> None:
    received = datetime(2026, 3, 20, 17, 59, tzinfo=ALMATY)
    assert CAL.registration_day(received) == date(2026, 3, 20)
    assert CAL.add_working_days(date(2026, 3, 20), 15) == date(2026, 4, 15)
    # The same instant written in UTC is still 17:59 in Kazakhstan.
    assert CAL.registration_day(received.astimezone(UTC)) == date(2026, 3, 20)
    # 18:00 is after hours.
    assert CAL.registration_day(received + timedelta(minutes=1)) == date(2026, 3, 26)


def test_a_day_off_registers_on_the_next_working_day() -> None:
    assert CAL.registration_day(datetime(2026, 5, 9, 10, tzinfo=ALMATY)) == date(2026, 5, 12)
    assert CAL.registration_day(datetime(2025, 12, 31, 23, tzinfo=ALMATY)) == date(2026, 1, 5)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 3), False),  # transferred day off (from Sunday 5 January)
        (date(2025, 1, 5), True),  # the Sunday made a working day
        (date(2025, 3, 10), False),  # 8 March 2025 was a Saturday
        (date(2026, 1, 7), False),  # Orthodox Christmas
        (date(2026, 3, 9), False),  # 8 March 2026 was a Sunday
        (date(2026, 3, 24), False),
        (date(2026, 3, 25), False),
        (date(2026, 3, 26), True),
        (date(2026, 5, 11), False),  # 9 May 2026 was a Saturday
        (date(2026, 5, 27), False),  # Kurban Ait
        (date(2026, 8, 31), True),  # 30 August is no longer a holiday from 2026
        (date(2026, 10, 26), False),  # 25 October 2026 was a Sunday
        (date(2027, 3, 15), False),  # Constitution Day under the 2026 Constitution
        (date(2027, 1, 4), False),  # 2 January 2027 is a Saturday
    ],
)
def test_real_days_off_and_transfers(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_every_holiday_on_a_weekend_gives_one_weekday_off() -> None:
    """Labour Code Art. 85: a (non-religious) holiday on a Saturday or Sunday makes the next
    working day a day off; the seed lists those days, one per such holiday."""
    for year in kazakhstan_seed().years:
        on_weekend = [d for d in year.days if d.kind is DayKind.HOLIDAY and d.day.weekday() >= 5]
        shifts = [d for d in year.days if d.kind is DayKind.WEEKEND_SHIFT]
        assert len(shifts) == len(on_weekend), year.year
        assert all(s.day.weekday() < 5 for s in shifts)


def test_each_year_cites_its_sources() -> None:
    seed = kazakhstan_seed()
    assert [y.year for y in seed.years] == [2025, 2026, 2027]
    assert all(
        y.sources and all(s["url"].startswith("https://") for s in y.sources) for y in seed.years
    )
    assert seed.legal_basis


def test_a_year_without_data_is_refused_not_guessed() -> None:
    with pytest.raises(CalendarNotCovered):
        CAL.is_working_day(date(2024, 12, 31))
    with pytest.raises(CalendarNotCovered):
        CAL.add_working_days(date(2027, 12, 20), 15)


def test_an_empty_calendar_counts_weekdays() -> None:
    calendar = WorkingCalendar.of([], [2030])
    assert calendar.add_working_days(date(2030, 1, 4), 1) == date(2030, 1, 7)
    assert calendar.working_days_after(date(2030, 1, 4), date(2030, 1, 11)) == 5
    assert calendar.working_days_after(date(2030, 1, 11), date(2030, 1, 4)) == 0


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 4, 16), 2, date(2026, 6, 16)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
    ],
)
def test_calendar_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected
