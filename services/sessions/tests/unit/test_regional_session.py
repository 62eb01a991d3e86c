"""A regional assembly's Session, pure: judged by the regional rulebook on its own roster's
total (Law 2008 Art. 14: the national thresholds, Reg2024 §9 two thirds of all members), while a
national Session on the same day keeps the national rule."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.sessions.domain.errors import QuorumNotPresent
from services.sessions.domain.events import AgendaItem, RegisteredBy, Title
from services.sessions.domain.session import Session

DAY = date(2026, 6, 1)


def sitting_of(assembly: str, present: int) -> Session:
    session = Session.convene_regular(
        uuid.uuid4(),
        DAY,
        "Семей",
        (AgendaItem(item_id=uuid.uuid4(), title=Title(kk="Күн тәртібі", ru="Повестка")),),
        DAY - timedelta(days=40),
        assembly,
    )
    session.open_sitting(DAY)
    for _ in range(present):
        session.register_attendance(uuid.uuid4(), RegisteredBy.SECRETARIAT, on_roster=True)
    return session


@pytest.mark.parametrize(("present", "quorate"), [(29, False), (30, True)])
def test_a_regional_session_of_45_members_is_quorate_from_30(present: int, quorate: bool) -> None:
    """Two thirds of 45 is 30: 30 present is a quorum, 29 is not (Law 2008 Art. 14, with the
    national threshold of Reg2024 §9)."""
    verdict = sitting_of("abai", present).quorum(45)
    assert (verdict.actual, verdict.required, verdict.satisfied) == (present, 30, quorate)
    assert (verdict.rulebook, verdict.rule) == ("Regional2008", "Law 2008 Art. 14")


def test_the_national_session_on_the_same_day_keeps_its_own_rule() -> None:
    """Reg2024 §9: two thirds of the national roster's total (here 300: 200 required)."""
    verdict = sitting_of("apk", 199).quorum(300)
    assert (verdict.required, verdict.satisfied, verdict.rule) == (200, False, "Reg2024 §9")
    assert sitting_of("apk", 200).quorum(300).satisfied


def test_a_regional_session_without_quorum_opens_no_vote() -> None:
    with pytest.raises(QuorumNotPresent) as refused:
        sitting_of("abai", 29).require_quorum(45)
    assert refused.value.rule == "Law 2008 Art. 14"
