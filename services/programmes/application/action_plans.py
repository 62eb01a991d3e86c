"""The action plans' handlers (Reg2024 §28): registered on a basis that exists, measures,
coordination."""

from __future__ import annotations

import uuid

from services.programmes import projections
from services.programmes.application.acts import not_after, received_resolution
from services.programmes.application.documents import documents
from services.programmes.domain.action_plan import ActionPlan
from services.programmes.domain.commands import AddMeasure, CoordinatePlan, RegisterPlan
from services.programmes.domain.errors import (
    NotInForce,
    UnknownAct,
)
from services.programmes.domain.events import (
    Authority,
    BasisKind,
)
from services.programmes.domain.procedures import procedure_on
from shared.application import Repository, UnitOfWork

plans = Repository(ActionPlan)


async def _check_basis(uow: UnitOfWork, command: RegisterPlan) -> None:
    """What the plan carries out must exist: a document in force, a Chairman's order on one,
    an adopted Session decision or Council resolution this service has received."""
    basis, day = command.basis, command.approved.date
    rule = procedure_on(day).action_plans.citation
    match basis.kind:
        case BasisKind.PROGRAMME_DOCUMENT:
            row = await projections.documents.document(uow.db, basis.id)
            if row is None:
                raise UnknownAct(rule, "document", str(basis.id))
            found = await documents.get(uow, str(basis.id), lock=False)
            if found is None or not found.in_force_on(day, row["superseded_from"]):
                raise NotInForce(rule, "document", str(basis.id), day)
        case BasisKind.CHAIRMAN_ORDER:
            orders = (
                await projections.documents.orders(uow.db, basis.document_id)
                if basis.document_id
                else []
            )
            if basis.id not in {o["order_id"] for o in orders}:
                raise UnknownAct(rule, "order", str(basis.id))
        case BasisKind.SESSION_DECISION:
            if await projections.received.decision(uow.db, basis.id) is None:
                raise UnknownAct(rule, "decision", str(basis.id))
        case BasisKind.COUNCIL_RESOLUTION:
            await received_resolution(uow, basis.id, rule)


async def register_plan(command: RegisterPlan, uow: UnitOfWork) -> ActionPlan:
    not_after("registered_on", command.registered_on, command.today)
    await _check_basis(uow, command)
    plan = ActionPlan.register(
        uuid.uuid4(), command.state_body, command.title, command.basis, command.approved,
        command.registered_on, command.measures,
    )  # fmt: skip
    await plans.save(uow, plan)
    return plan


async def add_measure(command: AddMeasure, uow: UnitOfWork) -> ActionPlan:
    not_after("added_on", command.added_on, command.today)
    plan = await plans.load(uow, str(command.plan_id), command.expected_version)
    plan.add_measure(command.measure, command.added_on)
    await plans.save(uow, plan)
    return plan


async def coordinate_plan(command: CoordinatePlan, uow: UnitOfWork) -> ActionPlan:
    not_after("coordinated_on", command.coordinated_on, command.today)
    plan = await plans.load(uow, str(command.plan_id), command.expected_version)
    plan.coordinate(command.coordinated_on, Authority.SECRETARIAT)
    await plans.save(uow, plan)
    return plan
