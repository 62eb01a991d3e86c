"""The Secretariat's work plan of a year (Reg2024 §13.4, §17). Pure.

One stream per year (``workplan-<year>``). Items come from the Council's resolution proposing
them (Reg2024 §13.4: the Council proposes items for the Secretariat's work plan; only the
rulebook of the resolution's day decides whether the Council had that power) or from the
Secretariat itself. Each item is planned, then completed or dropped with a reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.programmes.domain.document import refuse_personal_data_in
from services.programmes.domain.errors import (
    AlreadyDone,
    PowerNotProvided,
    StepRefused,
    UnknownAct,
    date_before,
)
from services.programmes.domain.events import (
    ItemSource,
    Title,
    WorkPlanItemAdded,
    WorkPlanItemCompleted,
    WorkPlanItemDropped,
)
from services.programmes.domain.procedures import procedure_on
from services.programmes.domain.received import ReceivedResolution
from shared.domain import Aggregate
from shared.errors import InvalidInput, NotFound
from shared.personal_data import refuse_personal_data

ITEMS = uuid.UUID("5e4c9a1e-7c0d-5e55-9a57-776f726b706c")
"""Namespace of the ids of items a resolution proposes: ``uuid5(ITEMS, "<resolution>:<n>")``."""


def _outside_year(year: int, day: date) -> InvalidInput:
    """A year's plan is made in that year or the year before, its items due within it."""
    return InvalidInput(None, reason="programmes_plan_year", year=year, day=str(day))


class ItemStatus(StrEnum):
    PLANNED = "planned"
    COMPLETED = "completed"
    DROPPED = "dropped"


@dataclass
class Item:
    added_on: date
    status: ItemStatus = ItemStatus.PLANNED


class WorkPlan(Aggregate):
    stream_type = "workplan"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.year = int(aggregate_id)
        self.items: dict[uuid.UUID, Item] = {}
        self.resolutions: set[uuid.UUID] = set()

    def _check_dates(self, added_on: date, due_on: date | None) -> None:
        if added_on.year not in (self.year - 1, self.year):
            raise _outside_year(self.year, added_on)
        if due_on is not None and (due_on.year != self.year or due_on < added_on):
            raise _outside_year(self.year, due_on)

    def add_from_secretariat(
        self, item_id: uuid.UUID, title: Title, due_on: date | None, added_on: date
    ) -> None:
        self._check_dates(added_on, due_on)
        refuse_personal_data_in("title", title)
        procedure = procedure_on(added_on)
        self._record(
            WorkPlanItemAdded(
                year=self.year, item_id=item_id, title=title, source=ItemSource.SECRETARIAT,
                resolution_id=None, protocol=None, due_on=due_on, added_on=added_on,
                rulebook=procedure.rulebook, rule=procedure.work_plan.citation,
            )
        )  # fmt: skip

    def add_from_council(
        self,
        resolution: ReceivedResolution,
        due_on: date | None,
        added_on: date,
    ) -> None:
        """Every item the Council's resolution proposes (Reg2024 §13.4), as it worded them."""
        procedure = procedure_on(resolution.adopted_on)
        rule = procedure.work_plan_proposals
        if rule.value is None:
            raise PowerNotProvided(rule.citation, procedure.rulebook, "work_plan_proposal")
        if resolution.kind != "work_plan":
            ident = str(resolution.resolution_id)
            raise UnknownAct(rule.citation, "resolution", ident, "work_plan")
        if resolution.resolution_id in self.resolutions:
            raise AlreadyDone("resolution", str(resolution.resolution_id))
        if added_on < resolution.adopted_on:
            raise date_before("added_on", added_on, resolution.adopted_on)
        self._check_dates(added_on, due_on)
        titles = [Title.model_validate(t) for t in resolution.content.get("items", [])]
        for index, title in enumerate(titles):
            item_id = uuid.uuid5(ITEMS, f"{resolution.resolution_id}:{index}")
            self._record(
                WorkPlanItemAdded(
                    year=self.year, item_id=item_id, title=title,
                    source=ItemSource.COUNCIL_RESOLUTION, resolution_id=resolution.resolution_id,
                    protocol=resolution.protocol, due_on=due_on, added_on=added_on,
                    rulebook=procedure.rulebook, rule=rule.citation,
                )
            )  # fmt: skip

    def _planned(self, item_id: uuid.UUID, step: str, day: date, field_name: str) -> None:
        item = self.items.get(item_id)
        if item is None:
            raise NotFound(None, resource="work_plan_item", id=str(item_id))
        if item.status is not ItemStatus.PLANNED:
            raise StepRefused(step, item.status.value)
        if day < item.added_on:
            raise date_before(field_name, day, item.added_on)

    def complete(self, item_id: uuid.UUID, completed_on: date, note: str | None) -> None:
        self._planned(item_id, "completion", completed_on, "completed_on")
        refuse_personal_data("note", note)
        self._record(
            WorkPlanItemCompleted(
                year=self.year, item_id=item_id, completed_on=completed_on, note=note
            )
        )

    def drop(self, item_id: uuid.UUID, dropped_on: date, reason: str) -> None:
        self._planned(item_id, "dropping", dropped_on, "dropped_on")
        refuse_personal_data("reason", reason)
        self._record(
            WorkPlanItemDropped(
                year=self.year, item_id=item_id, dropped_on=dropped_on, reason=reason
            )
        )

    def when_WorkPlanItemAdded(self, event: WorkPlanItemAdded) -> None:
        self.items[event.item_id] = Item(event.added_on)
        if event.resolution_id is not None:
            self.resolutions.add(event.resolution_id)

    def when_WorkPlanItemCompleted(self, event: WorkPlanItemCompleted) -> None:
        self.items[event.item_id].status = ItemStatus.COMPLETED

    def when_WorkPlanItemDropped(self, event: WorkPlanItemDropped) -> None:
        self.items[event.item_id].status = ItemStatus.DROPPED
