"""Awards and their statutes by date (Reg2024 §13.5), bodies' seats and composition
(Reg2024 §20–24), experts' identifiers, action plans (Reg2024 §28) and the work plan
(Reg2024 §13.4), pure."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.programmes.domain.action_plan import ActionPlan, NewMeasure
from services.programmes.domain.award import Award
from services.programmes.domain.body import Occupant, WorkingBody
from services.programmes.domain.errors import (
    AlreadyDone,
    BodyMismatch,
    InvalidIdNumber,
    NotCompetent,
    NotInForce,
    PowerNotProvided,
    StepRefused,
)
from services.programmes.domain.events import (
    Act,
    ActionPlanCoordinated,
    Authority,
    Basis,
    BasisKind,
    BodyKind,
    PersonName,
    Recipient,
    SeatEndGround,
    SeatRole,
    Summary,
    Title,
)
from services.programmes.domain.expert import Expert
from services.programmes.domain.received import ReceivedResolution
from services.programmes.domain.work_plan import WorkPlan
from shared.errors import InvalidInput

NAME = Title(kk="Медаль", ru="Медаль")
ACT = Act(number="1", date=date(2025, 1, 10))


def award_resolution(on: date, statute: str, award_id: str | None = None) -> ReceivedResolution:
    content = {"kind": "public_award", "award": NAME.model_dump(), "award_id": award_id,
               "statute": {"kk": statute, "ru": statute}}  # fmt: skip
    return ReceivedResolution(uuid.uuid4(), "public_award", on, Act(number="К", date=on), content)


def saved(aggregate: Award) -> Award:
    aggregate.mark_saved()
    return aggregate


def test_statutes_by_date_and_conferrals_under_them() -> None:
    award = saved(Award.establish(award_resolution(date(2025, 2, 1), "Бірінші")))
    with pytest.raises(InvalidInput):  # effective not after the version it replaces
        award.amend_statute(
            award_resolution(date(2025, 3, 1), "Екінші", award.id), date(2025, 2, 1)
        )
    award.amend_statute(award_resolution(date(2025, 3, 1), "Екінші", award.id), date(2025, 4, 1))
    assert award.statute_on(date(2025, 1, 31)) is None
    assert award.statute_on(date(2025, 3, 31)).text.kk == "Бірінші"  # type: ignore[union-attr]
    assert award.statute_on(date(2025, 4, 1)).version == 2  # type: ignore[union-attr]
    recipient = Recipient(name=PersonName(kk="Сәуле", ru="Сауле"))
    decision = Act(number="Ө-1", date=date(2025, 3, 15))
    award.confer(uuid.uuid4(), recipient, Authority.CHAIRMAN, decision, None, date(2025, 3, 15))
    assert award.pending_events[-1].statute_version == 1  # type: ignore[attr-defined]
    with pytest.raises(NotInForce):
        award.confer(uuid.uuid4(), recipient, Authority.CHAIRMAN, ACT, None, date(2025, 1, 20))


def test_only_the_rulebook_of_the_resolutions_day_gives_the_power() -> None:
    with pytest.raises(PowerNotProvided) as refused:
        Award.establish(award_resolution(date(2019, 2, 1), "Ереже"))
    assert refused.value.rule == "Reg2011 §9"
    with pytest.raises(PowerNotProvided):
        WorkPlan("2020").add_from_council(
            ReceivedResolution(uuid.uuid4(), "work_plan", date(2019, 12, 1), ACT,
                               {"items": [NAME.model_dump()]}),
            None, date(2019, 12, 5),
        )  # fmt: skip


def body(kind: BodyKind = BodyKind.COMMISSION, on: date = date(2025, 1, 10)) -> WorkingBody:
    decision = Act(number="1", date=on)
    made = WorkingBody.establish(
        uuid.uuid4(), kind, NAME, None, on, Authority.SECRETARIAT, decision
    )
    made.mark_saved()
    return made


def member(name: str) -> Occupant:
    return Occupant(uuid.uuid4(), None, PersonName(kk=name, ru=name))


def test_seats_and_composition_on_any_day() -> None:
    commission = body()
    chair, other = member("А"), member("Б")
    first = uuid.uuid4()
    commission.fill_seat(first, SeatRole.CHAIR, chair, date(2025, 2, 1), ACT)
    with pytest.raises(AlreadyDone):  # one chair at a time
        commission.fill_seat(uuid.uuid4(), SeatRole.CHAIR, other, date(2025, 3, 1), ACT)
    with pytest.raises(AlreadyDone):  # one seat per person at a time
        commission.fill_seat(uuid.uuid4(), SeatRole.MEMBER, chair, date(2025, 3, 1), ACT)
    commission.end_seat(first, date(2025, 3, 1), SeatEndGround.RESIGNED, None)
    second = uuid.uuid4()
    commission.fill_seat(second, SeatRole.CHAIR, other, date(2025, 3, 1), ACT)
    assert commission.composition_on(date(2025, 2, 28)) == [first]
    assert commission.composition_on(date(2025, 3, 1)) == [second]
    commission.dissolve(date(2025, 6, 1), ACT)
    assert commission.composition_on(date(2025, 6, 1)) == []
    with pytest.raises(StepRefused):
        commission.hold_meeting(uuid.uuid4(), "1", date(2025, 6, 2), "Астана", [NAME], [], 3)


def test_who_creates_which_body_by_the_day() -> None:
    with pytest.raises(NotCompetent) as refused:
        body(BodyKind.SCIENTIFIC_EXPERT_COUNCIL)
    assert refused.value.rule == "Reg2024 §21, §24"
    council = WorkingBody.establish(
        uuid.uuid4(), BodyKind.SCIENTIFIC_EXPERT_COUNCIL, NAME, None, date(2025, 1, 10),
        Authority.HEAD_OF_SECRETARIAT, ACT,
    )  # fmt: skip
    with pytest.raises(BodyMismatch):
        council.fill_seat(uuid.uuid4(), SeatRole.MEMBER, member("В"), date(2025, 2, 1), ACT)
    # Before 2011 the Chairman created consultative bodies (Reg2002 §11).
    with pytest.raises(NotCompetent) as refused:
        body(on=date(2009, 5, 1))
    assert refused.value.rule == "Reg2002 §11"
    with pytest.raises(InvalidInput):
        WorkingBody.establish(uuid.uuid4(), BodyKind.MOTHERS_COUNCIL, NAME, None,
                              date(2025, 1, 10), Authority.REGIONAL_ASSEMBLY, ACT)  # fmt: skip


def test_an_experts_identifiers() -> None:
    name = PersonName(kk="С", ru="С")
    with pytest.raises(InvalidIdNumber):
        Expert.register(uuid.uuid4(), name, None, "KZ", "123456789012", None, date(2025, 1, 1))
    with pytest.raises(InvalidInput):
        Expert.register(uuid.uuid4(), name, None, "KZ", None, None, date(2025, 1, 1))
    with pytest.raises(InvalidInput):
        Expert.register(uuid.uuid4(), name, None, "DE", None, None, date(2025, 1, 1))
    foreign = Expert.register(uuid.uuid4(), name, None, "DE", None, "C01X00T47", date(2025, 1, 1))
    assert foreign.pending_events[0].private_fields == {"private_iin", "private_document"}


def measure(deadline: date) -> NewMeasure:
    return NewMeasure(uuid.uuid4(), Summary(kk="Іс-шара", ru="Мероприятие"), "minculture", deadline)


def test_an_action_plan_until_and_at_its_coordination() -> None:
    basis = Basis(kind=BasisKind.SESSION_DECISION, id=uuid.uuid4())
    approved = Act(number="Б-7", date=date(2025, 5, 1))
    with pytest.raises(InvalidInput):  # a deadline before the day it was set
        ActionPlan.register(uuid.uuid4(), "minculture", NAME, basis, approved, date(2025, 5, 2),
                            [measure(date(2025, 5, 1))])  # fmt: skip
    plan = ActionPlan.register(uuid.uuid4(), "minculture", NAME, basis, approved,
                               date(2025, 5, 2), [measure(date(2025, 9, 1))])  # fmt: skip
    plan.mark_saved()
    plan.add_measure(measure(date(2025, 10, 1)), date(2025, 5, 10))
    with pytest.raises(NotCompetent) as refused:
        plan.coordinate(date(2025, 5, 12), Authority.COUNCIL)
    assert refused.value.rule == "Reg2024 §28"
    plan.coordinate(date(2025, 5, 12), Authority.SECRETARIAT)
    coordinated = plan.pending_events[-1]
    assert isinstance(coordinated, ActionPlanCoordinated)
    assert [m.set_on for m in coordinated.measures] == [date(2025, 5, 2), date(2025, 5, 10)]
    with pytest.raises(StepRefused):
        plan.add_measure(measure(date(2025, 11, 1)), date(2025, 5, 20))
    with pytest.raises(AlreadyDone):
        plan.coordinate(date(2025, 5, 13), Authority.SECRETARIAT)


def test_a_years_plan_is_made_in_time() -> None:
    plan = WorkPlan("2026")
    with pytest.raises(InvalidInput):
        plan.add_from_secretariat(uuid.uuid4(), NAME, None, date(2024, 12, 1))
    with pytest.raises(InvalidInput):
        plan.add_from_secretariat(uuid.uuid4(), NAME, date(2027, 1, 5), date(2025, 12, 1))
    plan.add_from_secretariat(uuid.uuid4(), NAME, date(2026, 3, 1), date(2025, 12, 1))
