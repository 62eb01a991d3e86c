"""A state body's action plan to carry out a programme document, a Chairman's order, a Session
decision or a Council resolution, coordinated by the Secretariat (Reg2024 §28). Pure.

One stream per plan (``plan-<id>``). The state body approves its plan by its own act; the
Secretariat registers it with its measures (what, by which state body, by when), may add
measures until it coordinates it. Coordination puts the plan under execution control: the council
service opens one control card for it and one assignment per measure, so the overdue measures
of a programme document stand on the same control board as those of decisions and
resolutions. Each measure is assigned on the day it was set, and its deadline is not before
that day (council's own check on assignments).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.programmes.domain.document import refuse_personal_data_in
from services.programmes.domain.errors import AlreadyDone, NotCompetent, StepRefused, date_before
from services.programmes.domain.events import (
    Act,
    ActionPlanCoordinated,
    ActionPlanRegistered,
    Authority,
    Basis,
    Measure,
    MeasureAdded,
    Summary,
    Title,
)
from services.programmes.domain.procedures import procedure_on
from shared.domain import Aggregate
from shared.errors import InvalidInput
from shared.rulebooks.registry import NATIONAL_ASSEMBLY


@dataclass(frozen=True)
class NewMeasure:
    measure_id: uuid.UUID
    text: Summary
    state_body: str
    deadline: date


def _measure(new: NewMeasure, set_on: date) -> Measure:
    if new.deadline < set_on:
        raise date_before("deadline", new.deadline, set_on)
    refuse_personal_data_in("text", new.text)
    return Measure(
        measure_id=new.measure_id,
        text=new.text,
        state_body=new.state_body,
        deadline=new.deadline,
        set_on=set_on,
    )


class ActionPlan(Aggregate):
    stream_type = "plan"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.state_body = ""
        self.title: Title | None = None
        self.basis: Basis | None = None
        self.approved_on: date | None = None
        self.registered_on: date | None = None
        self.measures: dict[uuid.UUID, Measure] = {}
        self.coordinated_on: date | None = None

    @classmethod
    def register(
        cls,
        plan_id: uuid.UUID,
        state_body: str,
        title: Title,
        basis: Basis,
        approved: Act,
        registered_on: date,
        measures: Sequence[NewMeasure],
    ) -> ActionPlan:
        if registered_on < approved.date:
            raise date_before("registered_on", registered_on, approved.date)
        refuse_personal_data_in("title", title)
        plan = cls(str(plan_id))
        plan._record(
            ActionPlanRegistered(
                plan_id=plan_id,
                assembly=NATIONAL_ASSEMBLY,
                state_body=state_body,
                title=title,
                basis=basis,
                approved=approved,
                registered_on=registered_on,
                measures=tuple(_measure(m, registered_on) for m in measures),
            )
        )
        return plan

    def add_measure(self, new: NewMeasure, added_on: date) -> None:
        """Before coordination: a coordinated plan is under control as it was coordinated
        (changes to it come as a new plan)."""
        if self.coordinated_on is not None:
            raise StepRefused("measure", "coordinated")
        assert self.registered_on is not None
        if added_on < self.registered_on:
            raise date_before("added_on", added_on, self.registered_on)
        if new.measure_id in self.measures:
            raise AlreadyDone("measure", str(new.measure_id))
        self._record(MeasureAdded(plan_id=uuid.UUID(self.id), measure=_measure(new, added_on)))

    def coordinate(self, coordinated_on: date, by: Authority) -> None:
        """The Secretariat coordinates the plan (Reg2024 §28): it comes under control."""
        if self.coordinated_on is not None:
            raise AlreadyDone("coordination", self.id)
        assert self.registered_on is not None and self.approved_on is not None
        assert self.title is not None and self.basis is not None
        if coordinated_on < self.registered_on:
            raise date_before("coordinated_on", coordinated_on, self.registered_on)
        if not self.measures:
            raise InvalidInput(None, reason="programmes_plan_without_measures")
        procedure = procedure_on(coordinated_on)
        rule = procedure.action_plans
        if by not in rule.value:
            raise NotCompetent(
                rule.citation, procedure.rulebook, "coordination", by.value,
                ", ".join(a.value for a in rule.value),
            )  # fmt: skip
        self._record(
            ActionPlanCoordinated(
                plan_id=uuid.UUID(self.id),
                assembly=NATIONAL_ASSEMBLY,
                state_body=self.state_body,
                title=self.title,
                basis=self.basis,
                approved_on=self.approved_on,
                coordinated_on=coordinated_on,
                measures=tuple(self.measures.values()),
                rulebook=procedure.rulebook,
                rule=rule.citation,
            )
        )

    def when_ActionPlanRegistered(self, event: ActionPlanRegistered) -> None:
        self.state_body = event.state_body
        self.title = event.title
        self.basis = event.basis
        self.approved_on = event.approved.date
        self.registered_on = event.registered_on
        self.measures = {m.measure_id: m for m in event.measures}

    def when_MeasureAdded(self, event: MeasureAdded) -> None:
        self.measures[event.measure.measure_id] = event.measure

    def when_ActionPlanCoordinated(self, event: ActionPlanCoordinated) -> None:
        self.coordinated_on = event.coordinated_on
