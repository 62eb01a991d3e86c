"""The working calendar's command handlers (its years and declared days), the working
calendar every deadline is counted on, and the rule that an act is not dated after today."""

from __future__ import annotations

from datetime import date

from services.monitoring.domain.calendar import CALENDAR_ID, Calendar
from services.monitoring.domain.commands import (
    DeclareCalendarDay,
    PublishCalendarYear,
    WithdrawCalendarDay,
)
from services.monitoring.domain.errors import (
    date_in_future,
)
from shared.application import Repository, UnitOfWork
from shared.calendars import WorkingCalendar
from shared.errors import NotFound

calendars = Repository(Calendar)


def not_after(field: str, day: date, today: date) -> None:
    if day > today:
        raise date_in_future(field, day)


async def working_calendar(uow: UnitOfWork) -> WorkingCalendar:
    # Read only: the instance kept between commands, caught up with one indexed lookup.
    calendar = await calendars.read(uow, CALENDAR_ID, lock=False)
    if calendar is None:
        raise NotFound(None, resource="calendar", id=CALENDAR_ID)
    return calendar.working_calendar()


async def _calendar_for_change(uow: UnitOfWork) -> Calendar:
    return await calendars.get(uow, CALENDAR_ID) or Calendar(CALENDAR_ID)


async def publish_calendar_year(command: PublishCalendarYear, uow: UnitOfWork) -> Calendar:
    calendar = await _calendar_for_change(uow)
    calendar.publish_year(command.year, command.status, command.days, command.sources)
    await calendars.save(uow, calendar)
    return calendar


async def declare_calendar_day(command: DeclareCalendarDay, uow: UnitOfWork) -> Calendar:
    calendar = await _calendar_for_change(uow)
    calendar.declare_day(command.entry, command.source, command.reason)
    await calendars.save(uow, calendar)
    return calendar


async def withdraw_calendar_day(command: WithdrawCalendarDay, uow: UnitOfWork) -> Calendar:
    calendar = await _calendar_for_change(uow)
    calendar.withdraw_day(command.day, command.reason)
    await calendars.save(uow, calendar)
    return calendar
