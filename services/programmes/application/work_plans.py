"""The Council's work plans' handlers, one plan a year (Reg2024 §13.4): items added by a
resolution or by the Secretariat, closed."""

from __future__ import annotations

import uuid

from services.programmes.application.acts import not_after, received_resolution
from services.programmes.domain.commands import AddWorkPlanItems, CloseWorkPlanItem
from services.programmes.domain.procedures import procedure_on
from services.programmes.domain.work_plan import WorkPlan
from shared.application import Repository, UnitOfWork

work_plans = Repository(WorkPlan)


async def add_work_plan_items(command: AddWorkPlanItems, uow: UnitOfWork) -> WorkPlan:
    """Items the Council's resolution proposes, or one item of the Secretariat's."""
    not_after("added_on", command.added_on, command.today)
    plan = await work_plans.get(uow, str(command.year)) or WorkPlan(str(command.year))
    if command.resolution_id is not None:
        rule = procedure_on(command.added_on).work_plan.citation
        resolution = await received_resolution(uow, command.resolution_id, rule)
        plan.add_from_council(resolution, command.due_on, command.added_on)
    else:
        assert command.title is not None
        plan.add_from_secretariat(uuid.uuid4(), command.title, command.due_on, command.added_on)
    await work_plans.save(uow, plan)
    return plan


async def close_work_plan_item(command: CloseWorkPlanItem, uow: UnitOfWork) -> WorkPlan:
    not_after("on", command.on, command.today)
    plan = await work_plans.load(uow, str(command.year))
    if command.completed:
        plan.complete(command.item_id, command.on, command.text)
    else:
        plan.drop(command.item_id, command.on, command.text or "")
    await work_plans.save(uow, plan)
    return plan
