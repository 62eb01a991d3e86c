"""Execution-control routes (Reg2024 §4.5, §28; Reg2002 §12).

The Secretariat assigns a card to state bodies with deadlines and accepts or returns their
reports; a state body (role ``state_body``, its token scoped to its body) files reports on its
own assignments and sees only them; officials and auditors read everything. A card carries the
assembly of its decision: a regional assembly (role ``regional_assembly``) reads and manages
its own assembly's cards only (403 ``assembly_scope`` for another's); every list filters by
``?assembly=``.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from services.council import projections
from services.council.api.auth import OFFICIALS, ControlReaders, Secretariat, StateBody
from services.council.api.schemas import (
    ASSEMBLY_PATTERN,
    STATE_BODY_PATTERN,
    AssemblyCode,
    AssignmentView,
    AssignRequest,
    CardDetail,
    CardView,
    CommandState,
    Progress,
    ReportRequest,
    ReportState,
    ReturnRequest,
)
from services.council.application import control as handlers
from services.council.domain.commands import (
    AcceptReport,
    Assign,
    FileReport,
    ReturnReport,
)
from services.council.domain.control import ControlCard, NewAssignment
from services.council.domain.errors import CardNotFound
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import JsonDict
from shared.assemblies import REGIONAL_ROLE, ensure_may_act_for, scope_of
from shared.bounds import Offset
from shared.context import Actor
from shared.dates import CalendarDay

router = APIRouter(prefix="/v1/control", tags=["execution control"])

StateBodyCode = Annotated[str | None, Query(pattern=STATE_BODY_PATTERN, max_length=81)]
AssemblyFilter = Annotated[
    AssemblyCode | None,
    Query(
        pattern=ASSEMBLY_PATTERN,
        max_length=40,
        description="Only the cards of this assembly's decisions (``national``: the national"
        " Assembly's); a regional assembly sees its own only.",
    ),
]


def _scope(actor: Actor, requested: str | None) -> str | None:
    """Officials (and a regional assembly, within its own cards) see any state body's
    assignments; a state body only its own."""
    if actor.roles & OFFICIALS or REGIONAL_ROLE in actor.roles:
        return requested
    return actor.state_body or "\0"


def _assembly(actor: Actor, requested: str | None) -> str | None:
    """A regional assembly is held to its own assembly's cards (asking for another's is
    refused, 403 ``assembly_scope``); others see the assembly asked for, or all."""
    confined = scope_of(actor)
    if confined is None:
        return requested
    if requested is not None:
        ensure_may_act_for(actor, requested)
    return confined or "\0"


def _state(card: ControlCard) -> CommandState:
    return CommandState(
        id=uuid.UUID(card.id), version=card.version, status="closed" if card.closed else "open"
    )


def _card(card: ControlCard) -> JsonDict:
    """A command's answer: the card's state."""
    return _state(card).model_dump(mode="json")


def _report(filed: tuple[ControlCard, uuid.UUID]) -> JsonDict:
    """A report's answer: the card's state and the report's id."""
    card, report_id = filed
    return ReportState(**_state(card).model_dump(), report_id=report_id).model_dump(mode="json")


@router.post("/cards/{card_id}/assignments", response_model=CommandState)
async def assign_card(
    card_id: uuid.UUID,
    body: AssignRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Assign the decision to named state bodies, each with its deadline."""
    today = commands.platform.clock.today()
    command = Assign(
        card_id,
        tuple(
            NewAssignment(uuid.uuid4(), a.state_body, a.task, a.deadline) for a in body.assignments
        ),
        body.assigned_on or today,
        today,
        parse_if_match(if_match),
    )
    return await commands.execute(handlers.assign, command, _card)


@router.post("/assignments/{assignment_id}/reports", status_code=201, response_model=ReportState)
async def file_report(
    assignment_id: uuid.UUID, body: ReportRequest, _: StateBody, commands: CommandsDep
) -> JSONResponse:
    """A state body reports on its own assignment."""
    today = commands.platform.clock.today()
    command = FileReport(assignment_id, body.text, body.filed_on or today, today)
    return await commands.execute(handlers.file_report, command, _report, 201)


@router.post("/assignments/{assignment_id}/acceptance", response_model=CommandState)
async def accept_report(
    assignment_id: uuid.UUID, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Accept the report under review: the assignment is carried out; with the last one the
    card closes."""
    command = AcceptReport(assignment_id, commands.platform.clock.today())
    return await commands.execute(handlers.accept_report, command, _card)


@router.post("/assignments/{assignment_id}/return", response_model=CommandState)
async def return_report(
    assignment_id: uuid.UUID, body: ReturnRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Return the report under review with a reason: the state body reports again."""
    command = ReturnReport(assignment_id, body.reason, commands.platform.clock.today())
    return await commands.execute(handlers.return_report, command, _card)


@router.get("/cards", response_model=list[CardView])
async def list_cards(
    actor: ControlReaders,
    platform: PlatformDep,
    state_body: StateBodyCode = None,
    status: Annotated[str | None, Query(pattern=r"^(open|closed)$", max_length=6)] = None,
    source_id: uuid.UUID | None = None,
    assembly: AssemblyFilter = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[CardView]:
    """Control cards with their progress (a state body: the cards assigning it something, with
    its own assignments counted; a regional assembly: its own assembly's)."""
    async with platform.sessions() as db:
        rows = await projections.control.cards(
            db, state_body=_scope(actor, state_body), status=status, source_id=source_id,
            limit=limit, offset=offset, assembly=_assembly(actor, assembly),
        )  # fmt: skip
    return [CardView.model_validate(r) for r in rows]


@router.get("/cards/{card_id}", response_model=CardDetail)
async def get_card(
    card_id: uuid.UUID,
    actor: ControlReaders,
    platform: PlatformDep,
    as_of: CalendarDay | None = None,
) -> CardDetail:
    """A card: its progress, assignments (overdue flagged on ``as_of``), reports and history.
    A state body sees its own assignments only, and no card that gives it none."""
    day = as_of or platform.clock.today()
    body = _scope(actor, None)
    async with platform.sessions() as db:
        card = await projections.control.card(db, card_id)
        assignment_list = await projections.control.card_assignments(db, card_id, body, day)
        if card is None or (body is not None and not assignment_list):
            raise CardNotFound(None, resource="control_card", id=str(card_id))
        ensure_may_act_for(actor, card["assembly"])
        reports = await projections.control.reports(db, card_id, body)
        history = await projections.control.history(db, card_id, body)
    done = sum(1 for a in assignment_list if a["status"] == "done")
    total = len(assignment_list)
    progress = Progress(
        assignments=total,
        done=done,
        overdue=sum(1 for a in assignment_list if a["overdue"]),
        percent=100 * done // total if total else 0,
    )
    return CardDetail.model_validate(
        {
            "card": {**card, "assignments": total, "done": done},
            "progress": progress,
            "assignment_list": assignment_list,
            "reports": reports,
            "history": history,
        }
    )


async def _assignment_filter(
    actor: ControlReaders,
    platform: PlatformDep,
    state_body: StateBodyCode = None,
    source_id: uuid.UUID | None = None,
    deadline_from: CalendarDay | None = None,
    deadline_to: CalendarDay | None = None,
    as_of: CalendarDay | None = None,
    assembly: AssemblyFilter = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The query parameters both assignment lists take, as arguments of
    ``projections.control.assignments``: a state body is held to its own (``_scope``), a
    regional assembly to its assembly's (``_assembly``)."""
    return {
        "day": as_of or platform.clock.today(), "state_body": _scope(actor, state_body),
        "source_id": source_id, "deadline_from": deadline_from, "deadline_to": deadline_to,
        "limit": limit, "offset": offset, "assembly": _assembly(actor, assembly),
    }  # fmt: skip


AssignmentFilter = Annotated[dict[str, Any], Depends(_assignment_filter)]


async def _assignments(
    platform: PlatformDep, selection: dict[str, Any], overdue_only: bool
) -> list[AssignmentView]:
    async with platform.sessions() as db:
        rows = await projections.control.assignments(db, **selection, overdue_only=overdue_only)
    return [AssignmentView.model_validate(r) for r in rows]


@router.get("/assignments", response_model=list[AssignmentView])
async def list_assignments(
    selection: AssignmentFilter, platform: PlatformDep
) -> list[AssignmentView]:
    """Assignments by state body, by decision (``source_id``: the Session decision's or the
    resolution's id) and by deadline window, overdue flagged on ``as_of``."""
    return await _assignments(platform, selection, overdue_only=False)


@router.get("/overdue", response_model=list[AssignmentView])
async def list_overdue_assignments(
    selection: AssignmentFilter, platform: PlatformDep
) -> list[AssignmentView]:
    """Assignments overdue on ``as_of`` (today by default): past the deadline, not carried out,
    no report under review; by state body, by decision, by deadline window."""
    return await _assignments(platform, selection, overdue_only=True)


class PublicExecution(BaseModel):
    """The execution of the Assembly's decisions as the public sees it."""

    as_of: CalendarDay
    cards: list[CardView]
    assignments: list[AssignmentView]
    overdue: int


public_router = APIRouter(prefix="/v1/public", tags=["public summaries"])


@public_router.get("/execution", response_model=PublicExecution)
async def public_execution(
    platform: PlatformDep,
    status: Annotated[str | None, Query(pattern=r"^(open|closed)$", max_length=6)] = None,
    as_of: CalendarDay | None = None,
    assembly: Annotated[AssemblyCode | None, Query(pattern=ASSEMBLY_PATTERN, max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> PublicExecution:
    """Control cards of the Session's decisions and the Council's resolutions (public): each
    card's progress, its assignments to state bodies with deadlines, and which are overdue on
    ``as_of``. What state bodies reported and who reviewed it stay behind the officials'
    routes."""
    day = as_of or platform.clock.today()
    async with platform.sessions() as db:
        cards = await projections.control.cards(
            db, state_body=None, status=status, source_id=None, limit=limit, offset=0,
            assembly=assembly,
        )  # fmt: skip
        rows = await projections.control.assignments(db, day=day, limit=500, assembly=assembly)
    shown = {c["card_id"] for c in cards}
    listed = [AssignmentView.model_validate(r) for r in rows if r["card_id"] in shown]
    return PublicExecution(
        as_of=day,
        cards=[CardView.model_validate(c) for c in cards],
        assignments=listed,
        overdue=sum(1 for a in listed if a.overdue),
    )
