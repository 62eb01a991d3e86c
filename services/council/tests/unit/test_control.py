"""Execution control without a database (Reg2024 §4.5): assignments, reports, acceptance or
return, the card closing with the last acceptance, and what is overdue."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.council.domain.control import (
    AssignmentStatus,
    ControlCard,
    NewAssignment,
    card_id_of,
    is_overdue,
)
from services.council.domain.errors import (
    AssignmentClosed,
    CardClosed,
    DateBefore,
    NoReportPending,
    NotYourAssignment,
    ReportPending,
)
from services.council.domain.events import CardSource, ControlCardClosed, Text
from shared.personal_data import Kind, PersonalDataInText

ADOPTED = date(2026, 3, 1)
TASK = Text(kk="Орындау", ru="Исполнить")


def card() -> ControlCard:
    return ControlCard.open(
        CardSource.SESSION_DECISION,
        uuid.uuid4(),
        assembly="apk",
        kind="other",
        text=Text(kk="Шешім", ru="Решение"),
        adopted_on=ADOPTED,
        rulebook="Reg2024",
        rule="Reg2024 §10",
    )


def assign(c: ControlCard, *bodies: str, deadline: date = date(2026, 4, 1)) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in bodies]
    c.assign(
        [NewAssignment(i, b, TASK, deadline) for i, b in zip(ids, bodies, strict=True)],
        date(2026, 3, 2),
    )
    return ids


def test_one_card_per_source() -> None:
    source = uuid.uuid4()
    assert card_id_of(CardSource.SESSION_DECISION, source) == card_id_of(
        CardSource.SESSION_DECISION, source
    )
    assert card_id_of(CardSource.SESSION_DECISION, source) != card_id_of(
        CardSource.COUNCIL_RESOLUTION, source
    )


def test_reports_accepted_for_every_assignment_close_the_card() -> None:
    c = card()
    first, second = assign(c, "minculture", "akimat-astana")
    with pytest.raises(NotYourAssignment):
        c.file_report(first, "akimat-astana", uuid.uuid4(), "done", date(2026, 3, 10))
    with pytest.raises(NoReportPending):
        c.accept(first, date(2026, 3, 10))
    c.file_report(first, "minculture", uuid.uuid4(), "Жоспар бекітілді", date(2026, 3, 10))
    with pytest.raises(ReportPending):
        c.file_report(first, "minculture", uuid.uuid4(), "again", date(2026, 3, 11))
    c.return_report(first, "Мерзімдер көрсетілмеген", date(2026, 3, 12))
    assert c.assignments[first].status is AssignmentStatus.RETURNED
    c.file_report(first, "minculture", uuid.uuid4(), "Мерзімдермен", date(2026, 3, 13))
    c.accept(first, date(2026, 3, 14))
    assert not c.closed
    with pytest.raises(AssignmentClosed):
        c.file_report(first, "minculture", uuid.uuid4(), "more", date(2026, 3, 15))
    c.file_report(second, "akimat-astana", uuid.uuid4(), "Орындалды", date(2026, 3, 15))
    c.accept(second, date(2026, 3, 16))
    assert c.closed and isinstance(c.pending_events[-1], ControlCardClosed)
    with pytest.raises(CardClosed):
        assign(c, "minculture")


def test_dates_follow_the_decision() -> None:
    c = card()
    with pytest.raises(DateBefore):
        c.assign([NewAssignment(uuid.uuid4(), "b", TASK, date(2026, 4, 1))], date(2026, 2, 1))
    with pytest.raises(DateBefore):
        assign(c, "b", deadline=date(2026, 3, 1))


@pytest.mark.parametrize(
    ("status", "day", "overdue"),
    [
        (AssignmentStatus.ASSIGNED, date(2026, 4, 1), False),  # on the deadline itself
        (AssignmentStatus.ASSIGNED, date(2026, 4, 2), True),
        (AssignmentStatus.RETURNED, date(2026, 4, 2), True),
        (AssignmentStatus.REPORTED, date(2026, 4, 2), False),
        (AssignmentStatus.DONE, date(2026, 4, 2), False),
    ],
)
def test_overdue_is_past_the_deadline_and_not_carried_out(
    status: AssignmentStatus, day: date, overdue: bool
) -> None:
    assert is_overdue(status, date(2026, 4, 1), day) is overdue


def test_personal_identifiers_in_the_published_texts_are_refused() -> None:
    """The task, the report and a return's reason are published: no IIN, BIN, phone number or
    e-mail address in them (the refusal names the field, not the identifier)."""
    c = card()
    task = Text(kk="Орындау", ru="Помочь семье, ИИН 540403609681")
    with pytest.raises(PersonalDataInText) as refused:
        c.assign([NewAssignment(uuid.uuid4(), "minculture", task, date(2026, 4, 1))], ADOPTED)
    assert (refused.value.field, refused.value.kind) == ("task", Kind.IIN)
    (first,) = assign(c, "minculture")
    with pytest.raises(PersonalDataInText) as refused:
        c.file_report(
            first, "minculture", uuid.uuid4(), "Звонить 8 701 111 22 33", date(2026, 3, 9)
        )
    assert (refused.value.field, refused.value.kind) == ("text", Kind.PHONE)
    c.file_report(first, "minculture", uuid.uuid4(), "Орындалды", date(2026, 3, 10))
    with pytest.raises(PersonalDataInText) as refused:
        c.return_report(first, "Уточнить у ivanov@mail.kz", date(2026, 3, 11))
    assert (refused.value.field, refused.value.kind) == ("reason", Kind.EMAIL)
