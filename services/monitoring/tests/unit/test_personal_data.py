"""Personal data in the free text officials type (APPC 2020 Art. 63): refused where the text is
published, private where it is about the applicant or the people of an incident; what the
earlier versions of the events published is read as private, and their leaves do not change."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest

from services.monitoring.domain.calendar import Calendar
from services.monitoring.domain.early_warning import RegionWatch, RuleSet
from services.monitoring.domain.events import (
    AlertLevel,
    AlertRaised,
    AppealAnswered,
    ApplicantNotified,
    CalendarEntry,
    DomainEvent,
    GoodDirection,
    IncidentCategory,
    IncidentReported,
    IncidentStep,
    Names,
    NotificationSubject,
    Severity,
    Source,
    Thresholds,
    registry,
)
from services.monitoring.domain.incident import Incident
from services.monitoring.domain.indicators import Indicator
from services.monitoring.tests.conftest import valid_bin, valid_iin
from services.monitoring.tests.unit.test_appeal import CAL, applicant, register, saved
from services.monitoring.tests.unit.test_incident import step
from shared.calendars import DayKind
from shared.personal_data import Kind, PersonalDataInText

IIN = valid_iin(17)  # the applicant's own (test_appeal.applicant)
OTHER_IIN = valid_iin(71)
BIN = valid_bin(5)
ON = date(2026, 3, 31)


@contextmanager
def refused(kind: Kind, field: str) -> Iterator[None]:
    """The block is refused for an identifier of ``kind`` in ``field``."""
    with pytest.raises(PersonalDataInText) as info:
        yield
    assert (info.value.kind, info.value.field) == (kind, field)


@pytest.mark.parametrize(
    ("body", "reason", "kind", "field"),
    [
        ("Акимат", f"Вне компетенции, ИИН {OTHER_IIN}", Kind.IIN, "reason"),
        ("Акимат", f"Касается ТОО с БИН {BIN}", Kind.BIN, "reason"),
        ("Акимат", "Заявителю позвонить: 8 (702) 555-66-77", Kind.PHONE, "reason"),
        ("Акимат, kense@akimat.kz", "Вне компетенции", Kind.EMAIL, "body"),
        ("Акимат", "Жалоба Айгүл Серікқызы на акимат", Kind.NAME, "reason"),
        ("Акимат по делу Серікқызы", "Вне компетенции", Kind.NAME, "body"),
        ("Акимат", "Заявитель просил звонить на 87010000000", Kind.PHONE, "reason"),
    ],
)
def test_a_forwarding_with_personal_data_is_refused(
    body: str, reason: str, kind: Kind, field: str
) -> None:
    appeal = saved(register())
    with refused(kind, field):
        appeal.forward(body, reason, ON, "officer-1")
    assert not appeal.pending_events


def test_the_applicants_contact_is_refused_also_where_it_is_not_a_phone_number() -> None:
    appeal = saved(register(applicant(contact="telegram @aigul_s, дом. 55-66-77")))
    with refused(Kind.CONTACT, "reason"):
        appeal.forward("Акимат", "Ответ просили в @aigul_s", ON, "officer-1")
    with refused(Kind.CONTACT, "reason"):
        appeal.forward("Акимат", "Звонили на 55-66-77", ON, "officer-1")
    appeal.forward("Акимат", "Связались через telegram", ON, "officer-1")


def test_an_entitys_name_is_no_personal_data() -> None:
    appeal = saved(register(applicant(name="ТОО Береке Строй", id_kind="bin", id_number=BIN)))
    appeal.forward("Акимат", "Береке Строй: спор о земле, вне компетенции", ON, "officer-1")
    with refused(Kind.BIN, "reason"):
        saved(register(applicant(id_kind="bin", id_number=BIN))).forward(
            "Акимат", f"БИН {BIN}", ON, "officer-1"
        )


def test_an_extension_and_an_assignment_are_checked_too() -> None:
    appeal = saved(register())
    with refused(Kind.NAME, "reason"):
        appeal.extend(ON, "head", "Серікқызына қосымша тексеру керек", date(2026, 5, 1), CAL)
    with refused(Kind.IIN, "officer"):
        appeal.assign(f"Иванов, ИИН {OTHER_IIN}", ON, "head")
    # An officer may share a name with the applicant.
    appeal.assign("Айгүл Нұрланқызы", ON, "head")


def test_how_the_applicant_was_told_and_what_they_were_answered_are_private() -> None:
    appeal = saved(register())
    appeal.forward("Акимат", "Вне компетенции", ON, "officer-1")
    means = f"SMS Айгүл Серікқызы на +7 701 000 00 00, ИИН {IIN}"
    appeal.notify(NotificationSubject.FORWARDING, ON, means)
    notified = appeal.pending_events[-1]
    assert isinstance(notified, ApplicantNotified) and notified.private_means == means
    appeal2 = saved(register())
    summary = f"Айгүл Серікқызы, ИИН {IIN}: разъяснено"
    appeal2.answer(ON, "officer-1", summary)
    answered = appeal2.pending_events[-1]
    assert isinstance(answered, AppealAnswered) and answered.private_summary == summary
    for event in (notified, answered):
        data = registry.to_new_event(event).data
        published = registry.public_data(event.event_type, data)
        assert IIN not in str(published) and "Серікқызы" not in str(published)
        schema = registry.json_schemas()[f"{event.event_type}.v2"]
        assert not [p for p in schema["properties"] if p.startswith("private_")]


def test_an_incidents_place_and_description_are_private_its_steps_are_checked() -> None:
    description = f"Драка; пострадавший Иванов И., ИИН {IIN}, тел. 8 701 000 00 00"
    incident = Incident.report(
        uuid.uuid4(), "zhambyl", "ул. Абая 10, у дома Ивановых", date(2026, 2, 7),
        IncidentCategory.MASS_BRAWL, ["kazakh"], Severity.HIGH, description, "assembly-zhambyl",
        date(2026, 2, 8),
    )  # fmt: skip
    (event,) = incident.pending_events
    assert isinstance(event, IncidentReported) and event.private_description == description
    published = registry.public_data(event.event_type, registry.to_new_event(event).data)
    assert set(published) == {
        "incident_id", "region", "occurred_on", "category", "ethnic_groups", "severity",
        "reported_by", "reported_on",
    }  # fmt: skip
    incident.mark_saved()
    with refused(Kind.IIN, "reason"):
        incident.verify(step(date(2026, 2, 9), f"Подтверждено, ИИН {IIN}"))
    incident.verify(step(date(2026, 2, 9)))
    with refused(Kind.PHONE, "mediator"):
        incident.start_mediation(step(date(2026, 2, 10)), "аксакал Сейіт, +7 777 123 45 67")
    incident.start_mediation(step(date(2026, 2, 10)), "Совет медиаторов АНК")
    with refused(Kind.EMAIL, "addressee"):
        incident.recommend(
            uuid.uuid4(), "akim@zhambyl.kz", "Провести встречу", None, None, date(2026, 2, 11), "s"
        )
    with refused(Kind.IIN, "text"):
        incident.recommend(
            uuid.uuid4(), "Акимат", f"Помочь семье (ИИН {IIN})", None, None, date(2026, 2, 11), "s"
        )
    with refused(Kind.PHONE, "reason"):
        incident.resolve(IncidentStep(by="s", reason="Звонили 87770001122", on=date(2026, 3, 1)))


def test_alert_notes_and_the_reasons_of_rules_thresholds_and_calendar_days_are_checked() -> None:
    watch = RegionWatch("zhambyl")
    alert_id = uuid.uuid4()
    watch._record(
        AlertRaised(
            alert_id=alert_id, region="zhambyl", rule_id="incident_rate", rules_version=1,
            rule_kind="incident_rate", level=AlertLevel.WATCH, key="k", evidence=(), facts={},
            as_of=ON,
        )
    )  # fmt: skip
    with refused(Kind.PHONE, "text"):
        watch.acknowledge(alert_id, "s", "Связались с аксакалом: 8 701 111 22 33", ON)
    with refused(Kind.IIN, "text"):
        watch.close(alert_id, "s", f"Снято, ИИН {IIN}", ON)
    with refused(Kind.EMAIL, "reason"):
        RuleSet("rules").publish((), "по письму ivanov@mail.kz")
    indicator = Indicator.define(
        None, "trust_index", Names(kk="И", ru="И", en="I"), "%", GoodDirection.HIGHER,
        Thresholds(watch=Decimal(60)),
    )  # fmt: skip
    with refused(Kind.IIN, "reason"):
        indicator.change_thresholds(Thresholds(watch=Decimal(50)), f"по данным {IIN}")
    calendar = Calendar("calendar-kz")
    calendar.publish_year(2026, "published", (), ())
    entry = CalendarEntry(
        day=date(2026, 4, 20), kind=DayKind.HOLIDAY, name=Names(kk="К", ru="К", en="K")
    )
    source = Source(title="Постановление", url="https://adilet.zan.kz/")
    with refused(Kind.PHONE, "reason"):
        calendar.declare_day(entry, source, "Справки: 8 (7172) 74-55-66")
    calendar.declare_day(entry, source, "Постановление Правительства от 12.03.2026 № 150")


# -- the earlier versions ---------------------------------------------------------------------

V1 = {
    "ApplicantNotified": {
        "appeal_id": str(uuid.uuid4()), "subject": "forwarding", "notified_on": "2026-03-31",
        "on_time": True, "means": "SMS на +7 701 000 00 00",
    },
    "AppealAnswered": {
        "appeal_id": str(uuid.uuid4()), "answered_on": "2026-03-31", "answered_by": "o",
        "summary": f"Ответ Айгүл, ИИН {IIN}", "on_time": True,
    },
    "IncidentReported": {
        "incident_id": str(uuid.uuid4()), "region": "zhambyl", "place": "Қордай",
        "occurred_on": "2026-02-07", "category": "mass_brawl", "ethnic_groups": ["kazakh"],
        "severity": "high", "description": f"ИИН {IIN}", "reported_by": "a",
        "reported_on": "2026-02-08",
    },
}  # fmt: skip
TYPES: dict[str, type[DomainEvent]] = {
    "ApplicantNotified": ApplicantNotified,
    "AppealAnswered": AppealAnswered,
    "IncidentReported": IncidentReported,
}
MOVED = {
    "ApplicantNotified": {"means": "private_means"},
    "AppealAnswered": {"summary": "private_summary"},
    "IncidentReported": {"place": "private_place", "description": "private_description"},
}


@pytest.mark.parametrize("event_type", sorted(V1))
def test_an_earlier_versions_text_is_read_as_private(event_type: str) -> None:
    stored = V1[event_type]
    version, data = registry.upcast(event_type, 1, stored)
    assert version == 2
    for old, new in MOVED[event_type].items():
        assert data[new] == stored[old] and old not in data
    TYPES[event_type].model_validate(data)
    published = registry.public_data(event_type, data)
    assert not set(MOVED[event_type].values()) & set(published)
    # What a leaf commits to is the row as stored: the v1 fields were public and stay so, so
    # the leaves of events recorded before do not change (shared.audit.canonical).
    assert registry.public_data(event_type, stored) == stored
