"""State bodies' action plans (Reg2024 §28) and the Secretariat's work plan (Reg2024 §13.4).

A plan carries out a programme document, a Chairman's order, a Session decision or a Council
resolution; the Secretariat registers it with its measures and coordinates it, and from then
its measures are assignments on council's control board (``/v1/control`` of the council
service, the plan's id as ``source_id``). A state body reads the plans that give it measures.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from pydantic import Field, model_validator

from services.programmes import projections
from services.programmes.api.auth import Readers, Secretariat
from services.programmes.api.common import (
    CodeQuery,
    CommandAnswer,
    Format,
    Limit,
    Offset,
    Today,
    WorkPlanAnswer,
    is_official,
    listing,
    state,
)
from services.programmes.application import action_plans, work_plans
from services.programmes.domain.action_plan import ActionPlan, NewMeasure
from services.programmes.domain.commands import (
    AddMeasure,
    AddWorkPlanItems,
    CloseWorkPlanItem,
    CoordinatePlan,
    RegisterPlan,
)
from services.programmes.domain.events import (
    Act,
    Basis,
    Code,
    Paragraph,
    Reason,
    Summary,
    Title,
)
from services.programmes.domain.work_plan import WorkPlan
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.schemas import RequestBody
from shared.context import Actor
from shared.dates import CalendarDay
from shared.errors import Forbidden, NotFound

router = APIRouter(prefix="/v1/action-plans", tags=["action plans"])
work_plan_router = APIRouter(prefix="/v1/work-plans", tags=["work plan"])


class MeasureIn(RequestBody):
    text: Summary
    state_body: Code
    deadline: CalendarDay


class PlanRequest(RequestBody):
    state_body: Code
    title: Title
    basis: Basis
    approved: Act
    """The state body's act approving its plan."""
    registered_on: CalendarDay | None = None
    measures: list[MeasureIn] = Field(default_factory=list, max_length=500)


class AddMeasureRequest(MeasureIn):
    added_on: CalendarDay | None = None


class CoordinationRequest(RequestBody):
    coordinated_on: CalendarDay | None = None


def _new(measure: MeasureIn) -> NewMeasure:
    return NewMeasure(uuid.uuid4(), measure.text, measure.state_body, measure.deadline)


def _plan_state(plan: ActionPlan) -> dict[str, Any]:
    status = "coordinated" if plan.coordinated_on is not None else "registered"
    return state(plan.id, plan.version, status)


@router.post("", status_code=201, response_model=CommandAnswer)
async def register_plan(
    body: PlanRequest, _: Secretariat, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = RegisterPlan(
        body.state_body, body.title, body.basis, body.approved, body.registered_on or day,
        tuple(_new(m) for m in body.measures), day,
    )  # fmt: skip
    return await commands.execute(action_plans.register_plan, command, _plan_state, 201)


@router.post("/{plan_id}/measures", response_model=CommandAnswer)
async def add_measure(
    plan_id: uuid.UUID,
    body: AddMeasureRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = AddMeasure(plan_id, _new(body), body.added_on or day, day, parse_if_match(if_match))
    return await commands.execute(action_plans.add_measure, command, _plan_state)


@router.post("/{plan_id}/coordination", response_model=CommandAnswer)
async def coordinate_plan(
    plan_id: uuid.UUID,
    body: CoordinationRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
    if_match: IfMatch = None,
) -> JSONResponse:
    """The Secretariat coordinates the plan (Reg2024 §28): its measures come under control."""
    command = CoordinatePlan(plan_id, body.coordinated_on or day, day, parse_if_match(if_match))
    return await commands.execute(action_plans.coordinate_plan, command, _plan_state)


PLAN_CSV = (
    "plan_id", "state_body", "title_kk", "title_ru", "basis_kind", "basis_id", "approved_number",
    "approved_on", "registered_on", "coordinated_on", "measures", "rulebook", "rule",
)  # fmt: skip
MEASURE_CSV = ("measure_id", "state_body", "text_kk", "text_ru", "deadline", "set_on")


def _body_scope(actor: Actor, requested: str | None) -> str | None:
    """Readers read every plan; a state body those that give it measures."""
    if is_official(actor):
        return requested
    if actor.state_body is None or (requested is not None and requested != actor.state_body):
        raise Forbidden(None, reason="programmes_state_body_scope")
    return actor.state_body


@router.get("", response_model=None)
async def list_plans(
    actor: Readers,
    platform: PlatformDep,
    state_body: CodeQuery = None,
    basis_id: uuid.UUID | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    async with platform.sessions() as db:
        rows = await projections.action_plans.plans(
            db, state_body=_body_scope(actor, state_body), basis_id=basis_id, limit=limit,
            offset=offset,
        )  # fmt: skip
    return listing(rows, fmt, PLAN_CSV, "action-plans")


@router.get("/{plan_id}", response_model=None)
async def get_plan(
    plan_id: uuid.UUID, actor: Readers, platform: PlatformDep, fmt: Format = "json"
) -> dict[str, Any] | Response:
    """A plan with its measures (``format=csv``: the measures)."""
    scope = _body_scope(actor, None)
    async with platform.sessions() as db:
        row = await projections.action_plans.plan(db, plan_id)
        measures = await projections.action_plans.measures(db, plan_id)
    if row is None or (
        scope is not None
        and row["state_body"] != scope
        and all(m["state_body"] != scope for m in measures)
    ):
        raise NotFound(None, resource="action_plan", id=str(plan_id))
    if fmt == "csv":
        response = listing(measures, fmt, MEASURE_CSV, f"measures-{plan_id}")
        assert isinstance(response, Response)
        return response
    return {**row, "measures": measures}


# -- the Secretariat's work plan ------------------------------------------------------------------

Year = Annotated[int, Path(ge=1995, le=2100)]


class WorkPlanItemRequest(RequestBody):
    """Either the Council's resolution proposing items (all of them are added, as the Council
    worded them, Reg2024 §13.4) or the title of the Secretariat's own item."""

    resolution_id: uuid.UUID | None = None
    title: Title | None = None
    due_on: CalendarDay | None = None
    added_on: CalendarDay | None = None

    @model_validator(mode="after")
    def _one_source(self) -> WorkPlanItemRequest:
        if (self.resolution_id is None) == (self.title is None):
            raise ValueError("give either resolution_id or title")
        return self


class CompletionRequest(RequestBody):
    completed_on: CalendarDay | None = None
    note: Paragraph | None = None


class DroppingRequest(RequestBody):
    dropped_on: CalendarDay | None = None
    reason: Reason


def _work_plan_state(plan: WorkPlan) -> dict[str, Any]:
    return {"year": plan.year, "version": plan.version, "items": len(plan.items)}


@work_plan_router.post("/{year}/items", status_code=201, response_model=WorkPlanAnswer)
async def add_items(
    year: Year, body: WorkPlanItemRequest, _: Secretariat, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = AddWorkPlanItems(
        year, body.title, body.resolution_id, body.due_on, body.added_on or day, day
    )
    return await commands.execute(work_plans.add_work_plan_items, command, _work_plan_state, 201)


@work_plan_router.post("/{year}/items/{item_id}/completion", response_model=WorkPlanAnswer)
async def complete_item(
    year: Year,
    item_id: uuid.UUID,
    body: CompletionRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
) -> JSONResponse:
    command = CloseWorkPlanItem(year, item_id, True, body.completed_on or day, body.note, day)
    return await commands.execute(work_plans.close_work_plan_item, command, _work_plan_state)


@work_plan_router.post("/{year}/items/{item_id}/dropping", response_model=WorkPlanAnswer)
async def drop_item(
    year: Year,
    item_id: uuid.UUID,
    body: DroppingRequest,
    _: Secretariat,
    commands: CommandsDep,
    day: Today,
) -> JSONResponse:
    command = CloseWorkPlanItem(year, item_id, False, body.dropped_on or day, body.reason, day)
    return await commands.execute(work_plans.close_work_plan_item, command, _work_plan_state)


WORK_PLAN_CSV = (
    "item_id", "year", "title_kk", "title_ru", "source", "resolution_id", "protocol_number",
    "protocol_date", "due_on", "added_on", "status", "closed_on", "note", "rulebook", "rule",
)  # fmt: skip


@work_plan_router.get("/{year}", response_model=None)
async def work_plan(
    year: Year,
    _: Readers,
    platform: PlatformDep,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    async with platform.sessions() as db:
        rows = await projections.work_plan.work_plan(db, year, limit, offset)
    return listing(rows, fmt, WORK_PLAN_CSV, f"work-plan-{year}")
