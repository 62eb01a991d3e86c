"""The lifecycle of an incident: reported → verified | dismissed → in mediation → resolved
(Reg2024 §4.10, §4.15)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.monitoring.domain.errors import IncidentTransitionRefused
from services.monitoring.domain.events import (
    IncidentCategory,
    IncidentStep,
    RecommendationIssued,
    Severity,
)
from services.monitoring.domain.incident import Incident, IncidentStatus
from shared.errors import InvalidInput


def reported() -> Incident:
    incident = Incident.report(
        uuid.uuid4(), "zhambyl", "Қордай ауданы", date(2026, 2, 7), IncidentCategory.MASS_BRAWL,
        ["kazakh", "dungan"], Severity.HIGH, "Тұрмыстық жанжал", "assembly-zhambyl",
        date(2026, 2, 8),
    )  # fmt: skip
    incident.mark_saved()
    return incident


def step(on: date, reason: str = "Проверено на месте") -> IncidentStep:
    return IncidentStep(by="secretariat-1", reason=reason, on=on)


def test_the_full_lifecycle_with_a_recommendation() -> None:
    incident = reported()
    incident.verify(step(date(2026, 2, 9)))
    incident.start_mediation(step(date(2026, 2, 10)), "Совет медиаторов АНК")
    incident.recommend(
        uuid.uuid4(), "Акимат Жамбылской области", "Провести встречу старейшин", None,
        date(2026, 3, 1), date(2026, 2, 11), "secretariat-1",
    )  # fmt: skip
    incident.resolve(step(date(2026, 2, 20), "Стороны примирились"))
    assert incident.status is IncidentStatus.RESOLVED
    assert any(isinstance(e, RecommendationIssued) for e in incident.pending_events)


def test_steps_out_of_order_are_refused() -> None:
    incident = reported()
    with pytest.raises(IncidentTransitionRefused):
        incident.start_mediation(step(date(2026, 2, 9)), "m")
    with pytest.raises(IncidentTransitionRefused):
        incident.recommend(uuid.uuid4(), "a", "t", None, None, date(2026, 2, 9), "s")
    incident.dismiss(step(date(2026, 2, 9), "Сведения не подтвердились"))
    with pytest.raises(IncidentTransitionRefused):
        incident.verify(step(date(2026, 2, 9)))
    with pytest.raises(InvalidInput):
        reported().verify(step(date(2026, 2, 1)))
