"""Sessions routes: convening, the sitting, attendance, the agenda, members' requests.

Permissions: the Chairman convenes, postpones and cancels; the Secretariat
runs the sitting (opens and closes it, registers anyone's attendance, records the agenda
changes and the Rules of Procedure the Session decided); a regional assembly's token does all
of that for its own assembly's Sessions only (403 ``assembly_scope`` for any other assembly,
the national one included: Reg2024 §18–19); members act only for themselves (their own
attendance, requests and signatures); auditors read everything; the public reads Sessions and
their quorum.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from services.sessions.api import messages  # noqa: F401  (registers the messages)
from services.sessions.api.schemas import (
    ASSEMBLY_PATTERN,
    AddAgendaItemRequest,
    AssemblySessions,
    AttendanceRequest,
    CancelRequest,
    CommandState,
    Compliance,
    ConveneExtraordinaryRequest,
    ConveneRequest,
    DecisionRequest,
    ExtraordinaryRequestView,
    OpenRequestBody,
    PostponeRequest,
    ReorderAgendaRequest,
    SessionDetail,
    SessionsByAssembly,
    SessionView,
    SignRequest,
)
from services.sessions.application import handlers
from services.sessions.application.attendance_intake import (
    GroupCommitFailed,
    attendance_intake_of,
)
from services.sessions.domain import commands as c
from services.sessions.domain.events import AgendaItem, Title
from services.sessions.domain.request import ExtraordinaryRequest
from services.sessions.domain.session import Session
from services.sessions.projections import queries
from shared.api.auth import CurrentActor, require_roles
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import CommandResult, UnitOfWork
from shared.assemblies import REGIONAL_ROLE
from shared.bounds import Offset
from shared.context import Actor
from shared.errors import NotFound
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

sessions_router = APIRouter(prefix="/v1/sessions", tags=["sessions"])
requests_router = APIRouter(prefix="/v1/session-requests", tags=["session requests"])

Chairman = Annotated[Actor, Depends(require_roles("chairman", REGIONAL_ROLE))]
Secretariat = Annotated[Actor, Depends(require_roles("secretariat", REGIONAL_ROLE))]
Member = Annotated[Actor, Depends(require_roles("member"))]
SecretariatOrMember = Annotated[
    Actor, Depends(require_roles("secretariat", REGIONAL_ROLE, "member"))
]
Readers = Annotated[
    Actor,
    Depends(require_roles("chairman", "deputy_chairman", "secretariat", "auditor", "member")),
]
Officials = Annotated[
    Actor, Depends(require_roles("chairman", "deputy_chairman", "secretariat", "auditor"))
]
ATTENDANCE_READERS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor", "member"})

Aggregate = Session | ExtraordinaryRequest
Handler = Callable[[Any, UnitOfWork], Awaitable[Aggregate]]


def _agenda(titles: list[Title]) -> tuple[AgendaItem, ...]:
    return tuple(AgendaItem(item_id=uuid.uuid4(), title=title) for title in titles)


def _status(aggregate: Aggregate) -> str:
    if isinstance(aggregate, Session):
        return str(aggregate.status)
    return "supported" if aggregate.supported else "open"


async def _run(
    commands: CommandsDep, handler: Handler, command: Any, status: int = 200
) -> JSONResponse:
    async def work(uow: UnitOfWork) -> CommandResult:
        aggregate = await handler(command, uow)
        state = CommandState(
            id=uuid.UUID(aggregate.id), version=aggregate.version, status=_status(aggregate)
        )
        return CommandResult(status, state.model_dump(mode="json"))

    return await commands.run(work)


# -- convening (the Chairman) ----------------------------------------------------------------


@sessions_router.post("", status_code=201, response_model=CommandState)
async def convene_session(body: ConveneRequest, _: Chairman, commands: CommandsDep) -> JSONResponse:
    """Convene a regular Session: CalendarDay, place and provisional agenda announced at least a
    month ahead (Reg2002 §8)."""
    today = commands.platform.clock.today()
    command = c.ConveneRegular(
        body.opens_on, body.place, _agenda(body.agenda), body.announced_on or today, today,
        body.assembly,
    )  # fmt: skip
    return await _run(commands, handlers.convene_regular, command, 201)


@sessions_router.post("/extraordinary", status_code=201, response_model=CommandState)
async def convene_extraordinary(
    body: ConveneExtraordinaryRequest, _: Chairman, commands: CommandsDep
) -> JSONResponse:
    """Convene an extraordinary Session on the Chairman's initiative or citing a supported
    members' request; held within a month of the decision (Reg2002 §8)."""
    today = commands.platform.clock.today()
    command = c.ConveneExtraordinary(
        body.opens_on, body.place, _agenda(body.agenda), body.decided_on or today, today,
        body.request_id, body.assembly,
    )  # fmt: skip
    return await _run(commands, handlers.convene_extraordinary, command, 201)


@sessions_router.post("/{session_id}/postponement", response_model=CommandState)
async def postpone_session(
    session_id: uuid.UUID,
    body: PostponeRequest,
    _: Chairman,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    today = commands.platform.clock.today()
    command = c.PostponeSession(
        session_id, body.opens_on, body.reason, body.postponed_on or today, today,
        parse_if_match(if_match),
    )  # fmt: skip
    return await _run(commands, handlers.postpone_session, command)


@sessions_router.post("/{session_id}/cancellation", response_model=CommandState)
async def cancel_session(
    session_id: uuid.UUID,
    body: CancelRequest,
    _: Chairman,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    today = commands.platform.clock.today()
    command = c.CancelSession(
        session_id, body.reason, body.cancelled_on or today, today, parse_if_match(if_match)
    )
    return await _run(commands, handlers.cancel_session, command)


# -- the sitting (the Secretariat; members for themselves) -----------------------------------


@sessions_router.post("/{session_id}/sitting/opening", response_model=CommandState)
async def open_sitting(
    session_id: uuid.UUID, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    command = c.OpenSitting(session_id, commands.platform.clock.today(), parse_if_match(if_match))
    return await _run(commands, handlers.open_sitting, command)


@sessions_router.post("/{session_id}/sitting/closing", response_model=CommandState)
async def close_sitting(
    session_id: uuid.UUID, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    command = c.CloseSitting(session_id, commands.platform.clock.today(), parse_if_match(if_match))
    return await _run(commands, handlers.close_sitting, command)


@sessions_router.post("/{session_id}/attendance", response_model=CommandState)
async def register_attendance(
    session_id: uuid.UUID,
    body: AttendanceRequest,
    _: SecretariatOrMember,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Register a member on the roster of the sitting's day as present: the Secretariat for
    anyone, a member only for themself."""
    command = c.RegisterAttendance(session_id, body.member_id, parse_if_match(if_match))
    if commands.idempotency is None:  # committed with others arriving (attendance_intake)
        with contextlib.suppress(GroupCommitFailed):  # else a command of its own, below
            done = await attendance_intake_of(commands.platform).register(command, commands.actor)
            state = CommandState(id=done.session_id, version=done.version, status=done.status)
            return JSONResponse(state.model_dump(mode="json"))
    return await _run(commands, handlers.register_attendance, command)


@sessions_router.post(
    "/{session_id}/attendance/{member_id}/withdrawal", response_model=CommandState
)
async def withdraw_attendance(
    session_id: uuid.UUID,
    member_id: uuid.UUID,
    _: SecretariatOrMember,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """A registered member leaves the sitting: the live quorum no longer counts them."""
    command = c.WithdrawAttendance(session_id, member_id, parse_if_match(if_match))
    return await _run(commands, handlers.withdraw_attendance, command)


@sessions_router.post("/{session_id}/agenda", response_model=CommandState)
async def add_agenda_item(
    session_id: uuid.UUID,
    body: AddAgendaItemRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Record an item the Session added to its agenda by decision ``decision_ref``."""
    command = c.AddAgendaItem(session_id, body.title, body.decision_ref, parse_if_match(if_match))
    return await _run(commands, handlers.add_agenda_item, command)


@sessions_router.post("/{session_id}/agenda/order", response_model=CommandState)
async def reorder_agenda(
    session_id: uuid.UUID,
    body: ReorderAgendaRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.ReorderAgenda(
        session_id, tuple(body.order), body.decision_ref, parse_if_match(if_match)
    )
    return await _run(commands, handlers.reorder_agenda, command)


@sessions_router.post("/{session_id}/agenda/{item_id}/withdrawal", response_model=CommandState)
async def withdraw_agenda_item(
    session_id: uuid.UUID,
    item_id: uuid.UUID,
    body: DecisionRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = c.WithdrawAgendaItem(session_id, item_id, body.decision_ref, parse_if_match(if_match))
    return await _run(commands, handlers.withdraw_agenda_item, command)


@sessions_router.post("/{session_id}/rules-of-procedure", response_model=CommandState)
async def adopt_rules_of_procedure(
    session_id: uuid.UUID,
    body: DecisionRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Record the Session's decision adopting its Rules of Procedure (Reg2024 §11)."""
    command = c.AdoptRulesOfProcedure(session_id, body.decision_ref, parse_if_match(if_match))
    return await _run(commands, handlers.adopt_rules_of_procedure, command)


# -- reading ---------------------------------------------------------------------------------


@sessions_router.get("/compliance/years-without-session", response_model=Compliance)
async def years_without_session(
    _: Officials,
    platform: PlatformDep,
    to_year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    from_year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    assembly: Annotated[str, Query(pattern=ASSEMBLY_PATTERN, max_length=40)] = NATIONAL_ASSEMBLY,
) -> Compliance:
    """Years with fewer Sessions held than the rulebook in force requires (Reg2002 §8)."""
    async with platform.sessions() as db:
        result = await queries.years_without_session(
            db, to_year or platform.clock.today().year, from_year, assembly
        )
    return Compliance.model_validate(result)


@sessions_router.get("/by-assembly", response_model=SessionsByAssembly)
async def sessions_by_assembly(
    platform: PlatformDep, year: Annotated[int | None, Query(ge=1990, le=2200)] = None
) -> SessionsByAssembly:
    """Sessions held in ``year`` (this year by default) by each of the 21 assemblies, and the
    assemblies that held none (Reg2024 §18–19: each regional assembly holds its own Sessions;
    Reg2002 §8: at least one a year). Public."""
    year = year or platform.clock.today().year
    async with platform.sessions() as db:
        rows = await queries.held_by_assembly(db, year)
    return SessionsByAssembly(
        year=year,
        assemblies=[AssemblySessions.model_validate(r) for r in rows],
        without_session=[r["assembly"] for r in rows if r["held"] == 0],
    )


@sessions_router.get("", response_model=list[SessionView])
async def list_sessions(
    platform: PlatformDep,
    assembly: Annotated[str | None, Query(pattern=ASSEMBLY_PATTERN, max_length=40)] = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    status: Annotated[
        str | None, Query(pattern=r"^(convened|sitting|held|cancelled)$", max_length=9)
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[SessionView]:
    """Sessions, latest first: public."""
    async with platform.sessions() as db:
        rows = await queries.list_sessions(
            db, assembly=assembly, year=year, status=status, limit=limit, offset=offset
        )
    return [SessionView.model_validate(r) for r in rows]


@sessions_router.get("/{session_id}", response_model=SessionDetail)
async def get_session(
    session_id: uuid.UUID, actor: CurrentActor, platform: PlatformDep
) -> SessionDetail:
    """One Session with its agenda, postponements and live quorum (public); who attends, for
    members, officials and auditors."""
    async with platform.sessions() as db:
        row = await queries.session(db, session_id)
        if row is None:
            raise NotFound(None, resource="session", id=str(session_id))
        agenda = await queries.agenda(db, session_id)
        history = await queries.postponements(db, session_id)
        quorum = await queries.quorum(db, row)
        attendance = (
            await queries.attendance(db, session_id) if actor.roles & ATTENDANCE_READERS else None
        )
    return SessionDetail.model_validate(
        {
            **row,
            "agenda": agenda,
            "postponements_history": history,
            "quorum": quorum,
            "attendance": attendance,
        }
    )


@requests_router.post("", status_code=201, response_model=CommandState)
async def open_request(body: OpenRequestBody, _: Member, commands: CommandsDep) -> JSONResponse:
    """A member opens a request for an extraordinary Session, for members to sign."""
    today = commands.platform.clock.today()
    command = c.OpenExtraordinaryRequest(
        body.reason, _agenda(body.agenda), body.requested_on or today, today, body.assembly
    )
    return await _run(commands, handlers.open_request, command, 201)


@requests_router.post("/{request_id}/signatures", response_model=CommandState)
async def sign_request(
    request_id: uuid.UUID,
    body: SignRequest,
    _: Member,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """A member signs for themself; at a third of the roster of the day it is supported
    (Reg2002 §8)."""
    today = commands.platform.clock.today()
    command = c.SignExtraordinaryRequest(
        request_id, body.signed_on or today, today, parse_if_match(if_match)
    )
    return await _run(commands, handlers.sign_request, command)


@requests_router.get("", response_model=list[ExtraordinaryRequestView])
async def list_requests(
    _: Readers,
    platform: PlatformDep,
    supported: bool | None = None,
    assembly: Annotated[str | None, Query(pattern=ASSEMBLY_PATTERN, max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[ExtraordinaryRequestView]:
    async with platform.sessions() as db:
        rows = await queries.list_requests(
            db, supported=supported, assembly=assembly, limit=limit, offset=offset
        )
    return [ExtraordinaryRequestView.model_validate(r) for r in rows]


@requests_router.get("/{request_id}", response_model=ExtraordinaryRequestView)
async def get_request(
    request_id: uuid.UUID, _: Readers, platform: PlatformDep
) -> ExtraordinaryRequestView:
    async with platform.sessions() as db:
        row = await queries.request(db, request_id)
    if row is None:
        raise NotFound(None, resource="session_request", id=str(request_id))
    return ExtraordinaryRequestView.model_validate(row)


ROUTERS = (sessions_router, requests_router)
