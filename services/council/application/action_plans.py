"""State bodies' action plans under execution control (Reg2024 §28).

The programmes service publishes a plan's coordination by the Secretariat on
``kelisim.programmes.v1`` (``ActionPlanCoordinated``, with every measure). The plan gets one
control card (``source`` ``action_plan``, ``source_id`` the plan's id) and one assignment per
measure (``assignment_id`` the measure's id, assigned on the day the measure was set), in one
append: from then on its reports, acceptance and overdue measures are on the same control
board as the assignments of decisions and resolutions. A card that exists is left as it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from services.council.application.control import cards
from services.council.domain.control import ControlCard, NewAssignment, card_id_of
from services.council.domain.events import CardSource, Text
from shared.application import UnitOfWork


@dataclass(frozen=True)
class PlanMeasure:
    """A measure of the plan: its id becomes the assignment's."""

    measure_id: uuid.UUID
    state_body: str
    task: Text
    deadline: date
    set_on: date


def _assignments(measures: Iterable[PlanMeasure]) -> list[tuple[date, list[NewAssignment]]]:
    """The measures as assignments, grouped by the day each was set (in order of days)."""
    ordered = sorted(measures, key=lambda m: (m.set_on, m.deadline, str(m.measure_id)))
    return [
        (
            day,
            [
                NewAssignment(
                    assignment_id=m.measure_id,
                    state_body=m.state_body,
                    task=m.task,
                    deadline=m.deadline,
                )
                for m in group
            ],
        )
        for day, group in groupby(ordered, key=lambda m: m.set_on)
    ]


async def control_action_plan(
    uow: UnitOfWork,
    plan_id: uuid.UUID,
    *,
    assembly: str,
    kind: str,
    title: Text,
    approved_on: date,
    rulebook: str,
    rule: str,
    measures: Sequence[PlanMeasure],
) -> ControlCard:
    """Open the plan's card with its measures as assignments."""
    existing = await cards.get(uow, str(card_id_of(CardSource.ACTION_PLAN, plan_id)))
    if existing is not None:
        return existing
    card = ControlCard.open(
        CardSource.ACTION_PLAN,
        plan_id,
        assembly=assembly,
        kind=kind,
        text=title,
        adopted_on=approved_on,
        rulebook=rulebook,
        rule=rule,
    )
    for day, assignments in _assignments(measures):
        card.assign(assignments, day)
    await cards.save(uow, card)
    return card
