"""The Session and the members' request, pure: every rule at its boundaries, per rulebook."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.sessions.domain.errors import (
    AgendaItemNotFound,
    AgendaOrderInvalid,
    AlreadyRegistered,
    AlreadySigned,
    DecisionNotAdopted,
    DecisionOfAnotherKind,
    ExtraordinaryTooLate,
    InsufficientNotice,
    NotOnRoster,
    NotRegistered,
    PostponementNotLater,
    QuorumNotPresent,
    RequestNotSupported,
    SessionIsCancelled,
    SittingAlreadyOpened,
    SittingBeforeSessionDate,
    SittingNotOpen,
)
from services.sessions.domain.events import (
    AgendaItem,
    DecisionKind,
    ExtraordinaryRequestSupported,
    Initiative,
    RegisteredBy,
    SessionConvened,
    SessionKind,
    SessionPostponed,
    Title,
    registry,
)
from services.sessions.domain.request import ExtraordinaryRequest
from services.sessions.domain.session import AdoptedDecision, Session, Status
from shared.eventstore.model import RecordedEvent
from shared.personal_data import Kind, PersonalDataInText

# One day in force of each rulebook: Reg2002, Reg2011, Reg2024.
RULEBOOK_DAYS = {
    "Reg2002": date(2005, 3, 1),
    "Reg2011": date(2015, 3, 1),
    "Reg2024": date(2025, 3, 1),
}
QUORUM_RULE = {
    "Reg2002": "Reg2002 §8",
    "Reg2011": "Law 2008 (by Reg2011 §7)",
    "Reg2024": "Reg2024 §9",
}
by_rulebook = pytest.mark.parametrize("book", sorted(RULEBOOK_DAYS))


def agenda(n: int = 2) -> list[AgendaItem]:
    return [
        AgendaItem(item_id=uuid.uuid4(), title=Title(kk=f"Мәселе {i}", ru=f"Вопрос {i}"))
        for i in range(1, n + 1)
    ]


def regular(announced_on: date, notice_days: int = 30) -> Session:
    return Session.convene_regular(
        uuid.uuid4(), announced_on + timedelta(days=notice_days), "Астана", agenda(), announced_on
    )


def sitting(announced_on: date = RULEBOOK_DAYS["Reg2024"]) -> Session:
    session = regular(announced_on)
    assert session.opens_on is not None
    session.open_sitting(session.opens_on)
    return session


def supported_request(day: date, total: int = 9) -> ExtraordinaryRequest:
    request = ExtraordinaryRequest.open(
        uuid.uuid4(), "Шұғыл мәселе", agenda(1), uuid.uuid4(), day, on_roster=True
    )
    for _ in range(-(-total // 3)):
        request.sign(uuid.uuid4(), day, True, total)
    assert request.supported
    return request


def reloaded(session: Session) -> Session:
    """Through the registry and back: what the store would give."""
    history = []
    for version, event in enumerate(session.pending_events, start=1):
        new = registry.to_new_event(event)
        recorded = RecordedEvent(
            global_position=version, transaction_id=1, stream_id=session.stream_id,
            stream_type=session.stream_type, version=version, event_id=new.event_id,
            event_type=new.event_type, schema_version=new.schema_version, data=new.data,
            metadata={}, recorded_at=None,  # type: ignore[arg-type]
            stored_schema_version=new.schema_version,
        )  # fmt: skip
        history.append(registry.load(recorded))
    return Session.rehydrate(session.id, history)


# -- convening: the notice period ------------------------------------------------------------


@by_rulebook
def test_a_regular_session_announced_30_days_ahead_is_convened(book: str) -> None:
    session = regular(RULEBOOK_DAYS[book], 30)
    (event,) = session.pending_events
    assert isinstance(event, SessionConvened)
    assert event.kind is SessionKind.REGULAR and event.initiative is None
    assert (event.rulebook, event.rule) == (book, "Reg2002 §8")
    assert session.status is Status.CONVENED


@by_rulebook
def test_29_days_notice_is_refused_citing_the_rule(book: str) -> None:
    with pytest.raises(InsufficientNotice) as refused:
        regular(RULEBOOK_DAYS[book], 29)
    assert refused.value.rule == "Reg2002 §8"
    assert refused.value.reason_code == "insufficient_notice"
    assert refused.value.params["required"] == 30 and refused.value.params["actual"] == 29


def test_a_session_before_any_rulebook_is_refused() -> None:
    from shared.rulebooks import NoRulebookInForce

    with pytest.raises(NoRulebookInForce):
        regular(date(1999, 1, 1))


def test_the_assembly_is_a_parameter() -> None:
    session = Session.convene_regular(
        uuid.uuid4(), date(2025, 5, 1), "Астана", agenda(), date(2025, 3, 1), assembly="apk"
    )
    assert session.assembly == "apk"
    from shared.rulebooks import NoRulebookInForce

    with pytest.raises(NoRulebookInForce):  # a regional assembly without its own rulebook yet
        Session.convene_regular(
            uuid.uuid4(), date(2025, 5, 1), "Алматы", agenda(), date(2025, 3, 1), "almaty"
        )


# -- extraordinary Sessions --------------------------------------------------------------------


@by_rulebook
def test_an_extraordinary_session_is_held_by_day_30_of_the_decision_not_31(book: str) -> None:
    decided = RULEBOOK_DAYS[book]
    session = Session.convene_extraordinary(
        uuid.uuid4(), decided + timedelta(days=30), "Астана", agenda(), decided
    )
    event = session.pending_events[0]
    assert isinstance(event, SessionConvened)
    assert event.kind is SessionKind.EXTRAORDINARY and event.initiative is Initiative.CHAIRMAN
    assert event.deadline == decided + timedelta(days=30) and event.rule == "Reg2002 §8"
    with pytest.raises(ExtraordinaryTooLate) as refused:
        Session.convene_extraordinary(
            uuid.uuid4(), decided + timedelta(days=31), "Астана", agenda(), decided
        )
    assert refused.value.rule == "Reg2002 §8"
    assert refused.value.params["deadline"] == str(decided + timedelta(days=30))


def test_an_extraordinary_session_needs_no_month_of_notice() -> None:
    decided = date(2025, 3, 1)
    Session.convene_extraordinary(uuid.uuid4(), decided + timedelta(days=3), "А", agenda(), decided)


def test_an_extraordinary_session_on_a_supported_request() -> None:
    day = date(2025, 3, 1)
    request = supported_request(day)
    session = Session.convene_extraordinary(
        uuid.uuid4(), day + timedelta(days=10), "Астана", request.agenda, day, request=request
    )
    event = session.pending_events[0]
    assert isinstance(event, SessionConvened)
    assert event.initiative is Initiative.MEMBERS_REQUEST
    assert event.request_id == uuid.UUID(request.id)


def test_an_unsupported_request_cannot_convene_a_session() -> None:
    day = date(2025, 3, 1)
    request = ExtraordinaryRequest.open(uuid.uuid4(), "r", agenda(1), uuid.uuid4(), day, True)
    request.sign(uuid.uuid4(), day, True, 9)
    with pytest.raises(RequestNotSupported) as refused:
        Session.convene_extraordinary(
            uuid.uuid4(), day + timedelta(days=5), "А", agenda(), day, request=request
        )
    assert refused.value.rule == "Reg2002 §8"


# -- the members' request: one third of the roster of the day ---------------------------------


@by_rulebook
@pytest.mark.parametrize(("total", "third"), [(394, 132), (583, 195), (9, 3)])
def test_a_request_one_signature_short_of_a_third_and_at_it(
    book: str, total: int, third: int
) -> None:
    day = RULEBOOK_DAYS[book]
    request = ExtraordinaryRequest.open(uuid.uuid4(), "r", agenda(1), uuid.uuid4(), day, True)
    for _ in range(third - 1):
        verdict = request.sign(uuid.uuid4(), day, True, total)
    assert not verdict.satisfied and not request.supported
    assert verdict.required == third and verdict.actual == third - 1
    request.mark_saved()
    verdict = request.sign(uuid.uuid4(), day, True, total)
    assert verdict.satisfied and request.supported
    assert verdict.rule == "Reg2002 §8"
    supported = request.pending_events[-1]
    assert isinstance(supported, ExtraordinaryRequestSupported)
    assert (supported.signatures, supported.required, supported.roster_total) == (
        third,
        third,
        total,
    )
    request.mark_saved()
    request.sign(uuid.uuid4(), day, True, total)  # more signatures: supported once
    assert len(request.pending_events) == 1


def test_signatures_of_members_who_left_do_not_count() -> None:
    day = date(2025, 3, 1)
    request = ExtraordinaryRequest.open(uuid.uuid4(), "r", agenda(1), uuid.uuid4(), day, True)
    request.sign(uuid.uuid4(), day, True, 6)
    verdict = request.sign(uuid.uuid4(), day, True, 6, signers_on_roster=1)  # one left
    assert not verdict.satisfied and request.signatures == 1


def test_a_member_signs_once() -> None:
    day = date(2025, 3, 1)
    member = uuid.uuid4()
    request = ExtraordinaryRequest.open(uuid.uuid4(), "r", agenda(1), uuid.uuid4(), day, True)
    request.sign(member, day, True, 394)
    with pytest.raises(AlreadySigned):
        request.sign(member, day + timedelta(days=1), True, 394)


def test_only_members_on_the_roster_request_and_sign() -> None:
    day = date(2025, 3, 1)
    with pytest.raises(NotOnRoster):
        ExtraordinaryRequest.open(uuid.uuid4(), "r", agenda(1), uuid.uuid4(), day, False)
    request = ExtraordinaryRequest.open(uuid.uuid4(), "r", agenda(1), uuid.uuid4(), day, True)
    with pytest.raises(NotOnRoster) as refused:
        request.sign(uuid.uuid4(), day, False, 394)
    assert refused.value.rule == "Reg2024 §7"


# -- postponement and cancellation ------------------------------------------------------------


def test_postponement_records_the_new_date_and_the_reason() -> None:
    session = regular(date(2025, 3, 1))
    session.mark_saved()
    session.postpone(date(2025, 5, 1), "Төрағаның өкімі", date(2025, 3, 20))
    (event,) = session.pending_events
    assert isinstance(event, SessionPostponed)
    assert (event.previous_opens_on, event.opens_on) == (date(2025, 3, 31), date(2025, 5, 1))
    assert event.reason == "Төрағаның өкімі" and event.rule == "Reg2002 §8"
    assert session.opens_on == date(2025, 5, 1)


def test_a_postponed_regular_session_gets_the_notice_period_again() -> None:
    session = regular(date(2025, 3, 1))
    session.postpone(date(2025, 4, 29), "r", date(2025, 3, 30))  # 30 days
    with pytest.raises(InsufficientNotice):
        session.postpone(date(2025, 5, 1), "r", date(2025, 4, 2))  # 29 days


def test_a_postponement_moves_to_a_later_date() -> None:
    session = regular(date(2025, 3, 1))
    with pytest.raises(PostponementNotLater):
        session.postpone(date(2025, 3, 31), "r", date(2025, 3, 2))


def test_an_extraordinary_session_stays_within_the_month_when_postponed() -> None:
    decided = date(2025, 3, 1)
    session = Session.convene_extraordinary(
        uuid.uuid4(), decided + timedelta(days=10), "А", agenda(), decided
    )
    session.postpone(decided + timedelta(days=30), "r", decided + timedelta(days=5))
    with pytest.raises(ExtraordinaryTooLate):
        session.postpone(decided + timedelta(days=31), "r", decided + timedelta(days=6))


def test_a_cancelled_session_cannot_open_nor_be_postponed() -> None:
    session = regular(date(2025, 3, 1))
    session.cancel("Төтенше жағдай", date(2025, 3, 10))
    assert session.status is Status.CANCELLED
    with pytest.raises(SessionIsCancelled):
        session.open_sitting(date(2025, 3, 31))
    with pytest.raises(SessionIsCancelled):
        session.postpone(date(2025, 6, 1), "r", date(2025, 3, 11))
    with pytest.raises(SessionIsCancelled):
        session.cancel("again", date(2025, 3, 11))


# -- the sitting and attendance ----------------------------------------------------------------


def test_the_sitting_opens_on_the_session_date_not_before_and_once() -> None:
    session = regular(date(2025, 3, 1))
    with pytest.raises(SittingBeforeSessionDate) as refused:
        session.open_sitting(date(2025, 3, 30))
    assert refused.value.rule == "Reg2002 §8"
    session.open_sitting(date(2025, 3, 31))
    with pytest.raises(SittingAlreadyOpened):
        session.open_sitting(date(2025, 3, 31))
    with pytest.raises(SittingAlreadyOpened):
        session.postpone(date(2025, 6, 1), "r", date(2025, 3, 31))
    with pytest.raises(SittingAlreadyOpened):
        session.cancel("r", date(2025, 3, 31))
    session.close_sitting(date(2025, 3, 31))
    assert session.status is Status.HELD
    with pytest.raises(SittingNotOpen):
        session.register_attendance(uuid.uuid4(), RegisteredBy.SECRETARIAT, True)


def test_attendance_only_at_an_open_sitting() -> None:
    session = regular(date(2025, 3, 1))
    with pytest.raises(SittingNotOpen) as refused:
        session.register_attendance(uuid.uuid4(), RegisteredBy.SELF, True)
    assert refused.value.rule == "Reg2024 §7"


def test_registering_twice_and_off_the_roster_are_refused() -> None:
    session = sitting()
    member = uuid.uuid4()
    session.register_attendance(member, RegisteredBy.SELF, True)
    with pytest.raises(AlreadyRegistered):
        session.register_attendance(member, RegisteredBy.SECRETARIAT, True)
    with pytest.raises(NotOnRoster):
        session.register_attendance(uuid.uuid4(), RegisteredBy.SECRETARIAT, False)
    with pytest.raises(NotRegistered):
        session.withdraw_attendance(uuid.uuid4(), RegisteredBy.SECRETARIAT)


@by_rulebook
@pytest.mark.parametrize(("total", "two_thirds"), [(394, 263), (583, 389)])
def test_quorum_exactly_two_thirds_and_one_fewer(book: str, total: int, two_thirds: int) -> None:
    session = sitting(RULEBOOK_DAYS[book])
    members = [uuid.uuid4() for _ in range(two_thirds)]
    for member in members[:-1]:
        session.register_attendance(member, RegisteredBy.SECRETARIAT, True)
    short = session.quorum(total)
    assert not short.satisfied and (short.actual, short.required) == (two_thirds - 1, two_thirds)
    assert short.rule == QUORUM_RULE[book] and short.rulebook == book
    with pytest.raises(QuorumNotPresent) as refused:
        session.require_quorum(total)
    assert refused.value.rule == QUORUM_RULE[book]
    assert refused.value.params["required"] == two_thirds

    session.register_attendance(members[-1], RegisteredBy.SELF, True)
    assert session.require_quorum(total).satisfied  # exactly two thirds: valid

    session.withdraw_attendance(members[0], RegisteredBy.SELF)  # live: one leaves, it is gone
    assert not session.quorum(total).satisfied


def test_no_quorum_without_an_open_sitting() -> None:
    with pytest.raises(SittingNotOpen):
        regular(date(2025, 3, 1)).require_quorum(3)


# -- the agenda and the Rules of Procedure, by Session decision ------------------------------


def decided(session: Session, kind: DecisionKind = DecisionKind.OTHER) -> AdoptedDecision:
    return AdoptedDecision(uuid.uuid4(), uuid.UUID(session.id), kind)


def test_agenda_items_added_reordered_and_withdrawn_by_decision() -> None:
    session = regular(date(2025, 3, 1))
    first, second = (item.item_id for item in session.agenda)
    d = decided(session)
    with pytest.raises(SittingNotOpen):
        session.add_agenda_item(uuid.uuid4(), Title(kk="Қ", ru="Р"), "СШ-1", d)
    session.open_sitting(date(2025, 3, 31))
    third = uuid.uuid4()
    session.add_agenda_item(third, Title(kk="Жаңа", ru="Новый"), str(d.decision_id), d)
    assert [i.item_id for i in session.agenda] == [first, second, third]
    with pytest.raises(AgendaOrderInvalid):
        session.reorder_agenda([third, first], "СШ-2", d)
    with pytest.raises(AgendaOrderInvalid):
        session.reorder_agenda([third, first, first], "СШ-2", d)
    session.reorder_agenda([third, first, second], "СШ-2", d)
    session.withdraw_agenda_item(first, "СШ-3", d)
    assert [i.item_id for i in session.agenda] == [third, second]
    with pytest.raises(AgendaItemNotFound):
        session.withdraw_agenda_item(first, "СШ-4", d)
    rules = decided(session, DecisionKind.RULES_OF_PROCEDURE)
    session.adopt_rules_of_procedure("СШ-5", rules)
    assert session.rules_of_procedure == "СШ-5"
    assert session.pending_events[-1].rule == "Reg2024 §11"  # type: ignore[attr-defined]

    again = reloaded(session)
    assert [i.item_id for i in again.agenda] == [third, second]
    assert again.status is Status.SITTING and again.rules_of_procedure == "СШ-5"


def test_only_a_decision_of_this_session_changes_the_agenda() -> None:
    """Reg2024 §10–11: the Session's own adopted decision; for the Rules of Procedure, one of
    that kind."""
    session = regular(date(2025, 3, 1))
    session.open_sitting(date(2025, 3, 31))
    (first, _) = (item.item_id for item in session.agenda)
    elsewhere = AdoptedDecision(uuid.uuid4(), uuid.uuid4(), DecisionKind.OTHER)
    for decision in (None, elsewhere):
        with pytest.raises(DecisionNotAdopted) as refused:
            session.withdraw_agenda_item(first, "X-1", decision)
        assert refused.value.rule == "Reg2024 §10"
    with pytest.raises(DecisionOfAnotherKind) as refused_kind:
        session.adopt_rules_of_procedure("X-2", decided(session, DecisionKind.ADDRESS))
    assert refused_kind.value.rule == "Reg2024 §11"
    assert session.pending_events[-1].event_type == "SittingOpened"


def test_published_reasons_refuse_personal_identifiers() -> None:
    """A postponement's, a cancellation's and a request's reason are published: no IIN, BIN,
    phone number or e-mail address in them."""
    session = regular(date(2025, 3, 1))
    with pytest.raises(PersonalDataInText) as refused:
        session.postpone(date(2025, 5, 1), "Справки: 8 (7172) 74-55-66", date(2025, 3, 20))
    assert (refused.value.field, refused.value.kind) == ("reason", Kind.PHONE)
    with pytest.raises(PersonalDataInText):
        session.cancel("По заявлению, ИИН 540403609681", date(2025, 3, 10))
    with pytest.raises(PersonalDataInText):
        ExtraordinaryRequest.open(
            uuid.uuid4(), "Пишите: member@mail.kz", agenda(1), uuid.uuid4(), date(2025, 3, 1), True
        )
    session.cancel("Төтенше жағдай", date(2025, 3, 10))
