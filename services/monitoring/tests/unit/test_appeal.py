"""The Appeal aggregate under the statutory time limits, on the real 2026 calendar
(APPC 2020 Art. 63, 64, 76)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from services.monitoring.domain.appeal import Appeal, AppealStatus
from services.monitoring.domain.errors import (
    AppealClosed,
    ExtensionAfterDue,
    ExtensionBeyondLimit,
    ExtensionNotLater,
    InvalidIdNumber,
    NoNotificationPending,
)
from services.monitoring.domain.events import (
    AppealChannel,
    AppealClosedUnconsidered,
    AppealDeadlineExtended,
    AppealForwarded,
    AppealRegistered,
    AppealTopic,
    Applicant,
    ApplicantNotified,
    NotificationSubject,
)
from services.monitoring.tests.conftest import valid_bin, valid_iin
from shared.calendars import kazakhstan_seed

ALMATY = timezone(timedelta(hours=5))
CAL = kazakhstan_seed().calendar()
FRIDAY_EVENING = datetime(2026, 3, 20, 19, 0, tzinfo=ALMATY)


def applicant(**changes: object) -> Applicant:
    values: dict[str, object] = {
        "name": "Айгүл Серікқызы",
        "id_number": valid_iin(17),
        "address": "Шымкент, Тәуке хан даңғылы, 5",
        "contact": "+7 701 000 00 00",
    }
    values.update(changes)
    return Applicant.model_validate(values)


def register(who: Applicant | None = None, received_at: datetime = FRIDAY_EVENING) -> Appeal:
    return Appeal.register(
        uuid.uuid4(), "APK-2026-000001", received_at, AppealChannel.POST, "officer-1",
        "shymkent", AppealTopic.INTERETHNIC_RELATIONS, "kk", who or applicant(),
        "Мектептегі тіл мәселесі", "hash", CAL,
    )  # fmt: skip


def test_registration_after_hours_before_nauryz() -> None:
    appeal = register()
    (event,) = appeal.pending_events
    assert isinstance(event, AppealRegistered)
    assert event.registered_on == date(2026, 3, 26)
    assert event.answer_due == date(2026, 4, 16)
    assert event.forward_by == date(2026, 3, 31)
    assert not event.anonymous
    assert appeal.status is AppealStatus.REGISTERED


@pytest.mark.parametrize("missing", ["name", "id_number", "address"])
def test_an_anonymous_appeal_is_registered_and_closed_unconsidered(missing: str) -> None:
    appeal = register(applicant(**{missing: None}))
    registered, closed = appeal.pending_events
    assert isinstance(registered, AppealRegistered) and registered.anonymous
    assert isinstance(closed, AppealClosedUnconsidered)
    assert closed.reason == "anonymous" and closed.rule == "APPC 2020 Art. 63"
    assert closed.closed_on == date(2026, 3, 26)
    with pytest.raises(AppealClosed):
        appeal.answer(date(2026, 3, 27), "officer", "—")


def test_an_entity_appeals_with_its_bin_and_a_bad_number_is_refused() -> None:
    appeal = register(applicant(id_kind="bin", id_number=valid_bin(3)))
    assert isinstance(appeal.pending_events[0], AppealRegistered)
    bad = valid_iin(17)[:11] + str((int(valid_iin(17)[11]) + 1) % 10)
    with pytest.raises(InvalidIdNumber):
        register(applicant(id_number=bad))


def saved(appeal: Appeal) -> Appeal:
    appeal.mark_saved()
    return appeal


def test_forwarding_on_the_third_working_day_is_within_the_limit() -> None:
    appeal = saved(register())
    appeal.forward("Министерство просвещения", "Вне компетенции", date(2026, 3, 31), "officer-1")
    (event,) = appeal.pending_events
    assert isinstance(event, AppealForwarded)
    assert event.within_limit and event.notify_by == date(2026, 3, 31)
    assert appeal.status is AppealStatus.FORWARDED
    # Not told by the end of 31 March: the notification is overdue from 1 April.
    assert appeal.overdue_on(date(2026, 3, 31)) == []
    assert [o.kind for o in appeal.overdue_on(date(2026, 4, 1))] == ["notification"]
    appeal.notify(NotificationSubject.FORWARDING, date(2026, 3, 31), "SMS")
    assert isinstance(appeal.pending_events[-1], ApplicantNotified)
    assert appeal.pending_events[-1].on_time
    assert appeal.overdue_on(date(2026, 4, 1)) == []


def test_forwarding_on_the_fourth_working_day_is_recorded_as_late() -> None:
    appeal = saved(register())
    appeal.forward("Акимат", "Вне компетенции", date(2026, 4, 1), "officer-1")
    event = appeal.pending_events[0]
    assert isinstance(event, AppealForwarded)
    assert not event.within_limit
    assert event.notify_by == date(2026, 4, 1)
    appeal.notify(NotificationSubject.FORWARDING, date(2026, 4, 2), "letter")
    assert not appeal.pending_events[-1].on_time  # type: ignore[attr-defined]


def test_an_extension_of_exactly_two_months_is_allowed() -> None:
    appeal = saved(register())
    appeal.extend(date(2026, 4, 16), "head", "Нужен запрос в акимат", date(2026, 6, 16), CAL)
    (event,) = appeal.pending_events
    assert isinstance(event, AppealDeadlineExtended)
    assert event.limit == date(2026, 6, 16)
    # Told within 3 working days of the decision: 17, 20, 21 April.
    assert event.notify_by == date(2026, 4, 21)
    assert appeal.overdue_on(date(2026, 4, 21)) == []
    assert [o.kind for o in appeal.overdue_on(date(2026, 4, 22))] == ["notification"]
    appeal.notify(NotificationSubject.EXTENSION, date(2026, 4, 21), "SMS")
    assert appeal.overdue_on(date(2026, 6, 16)) == []
    assert [o.kind for o in appeal.overdue_on(date(2026, 6, 17))] == ["answer"]


def test_an_extension_one_day_beyond_two_months_is_refused() -> None:
    appeal = saved(register())
    with pytest.raises(ExtensionBeyondLimit) as refused:
        appeal.extend(date(2026, 4, 10), "head", "Нужен запрос", date(2026, 6, 17), CAL)
    assert refused.value.rule == "APPC 2020 Art. 76"


def test_two_extensions_together_stay_within_two_months() -> None:
    appeal = saved(register())
    appeal.extend(date(2026, 4, 10), "head", "Первое продление", date(2026, 5, 15), CAL)
    appeal.notify(NotificationSubject.EXTENSION, date(2026, 4, 13), "SMS")
    appeal.extend(date(2026, 5, 14), "head", "Второе продление", date(2026, 6, 16), CAL)
    with pytest.raises(ExtensionBeyondLimit):
        appeal.extend(date(2026, 6, 1), "head", "Третье продление", date(2026, 6, 17), CAL)


def test_an_extension_is_decided_while_the_period_runs() -> None:
    appeal = saved(register())
    with pytest.raises(ExtensionAfterDue):
        appeal.extend(date(2026, 4, 17), "head", "Поздно", date(2026, 5, 20), CAL)
    with pytest.raises(ExtensionNotLater):
        appeal.extend(date(2026, 4, 1), "head", "Не позже", date(2026, 4, 16), CAL)


def test_answer_on_the_last_day_is_on_time_and_the_day_after_is_late() -> None:
    on_time = saved(register())
    assert [o.kind for o in on_time.overdue_on(date(2026, 4, 17))] == ["answer"]
    on_time.answer(date(2026, 4, 16), "officer-1", "Разъяснено")
    assert on_time.pending_events[-1].on_time  # type: ignore[attr-defined]
    assert on_time.overdue_on(date(2026, 4, 17)) == []
    late = saved(register())
    late.answer(date(2026, 4, 17), "officer-1", "Разъяснено")
    assert not late.pending_events[-1].on_time  # type: ignore[attr-defined]


def test_no_notification_is_owed_without_a_forwarding_or_an_extension() -> None:
    appeal = saved(register())
    with pytest.raises(NoNotificationPending):
        appeal.notify(NotificationSubject.EXTENSION, date(2026, 3, 27), "SMS")
