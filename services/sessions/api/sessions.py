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

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from services.sessions import projections
from services.sessions.api.auth import (
    ATTENDANCE_READERS,
    Chairman,
    Member,
    Officials,
    Readers,
    Secretariat,
    SecretariatOrMember,
)
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
from services.sessions.application import attendance_intake, session_requests, sessions
from services.sessions.application.attendance_intake import Registered
from services.sessions.domain.commands import (
    AddAgendaItem,
    AdoptRulesOfProcedure,
    CancelSession,
    CloseSitting,
    ConveneExtraordinary,
    ConveneRegular,
    OpenExtraordinaryRequest,
    OpenSitting,
    PostponeSession,
    RegisterAttendance,
    ReorderAgenda,
    SignExtraordinaryRequest,
    WithdrawAgendaItem,
    WithdrawAttendance,
)
from services.sessions.domain.events import AgendaItem, Title
from services.sessions.domain.request import ExtraordinaryRequest
from services.sessions.domain.session import Session
from shared.api.auth import CurrentActor
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import JsonDict
from shared.bounds import Offset
from shared.errors import NotFound
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

sessions_router = APIRouter(prefix="/v1/sessions", tags=["sessions"])
requests_router = APIRouter(prefix="/v1/session-requests", tags=["session requests"])


Aggregate = Session | ExtraordinaryRequest


def _agenda(titles: list[Title]) -> tuple[AgendaItem, ...]:
    return tuple(AgendaItem(item_id=uuid.uuid4(), title=title) for title in titles)


def _status(aggregate: Aggregate) -> str:
    if isinstance(aggregate, Session):
        return str(aggregate.status)
    return "supported" if aggregate.supported else "open"


def _state(aggregate: Aggregate) -> JsonDict:
    state = CommandState(
        id=uuid.UUID(aggregate.id), version=aggregate.version, status=_status(aggregate)
    )
    return state.model_dump(mode="json")


def _registered(done: Registered) -> JsonDict:
    state = CommandState(id=done.session_id, version=done.version, status=done.status)
    return state.model_dump(mode="json")


# -- convening (the Chairman) ----------------------------------------------------------------


@sessions_router.post("", status_code=201, response_model=CommandState)
async def convene_session(body: ConveneRequest, _: Chairman, commands: CommandsDep) -> JSONResponse:
    """Convene a regular Session: CalendarDay, place and provisional agenda announced at least a
    month ahead (Reg2002 §8)."""
    today = commands.platform.clock.today()
    command = ConveneRegular(
        body.opens_on, body.place, _agenda(body.agenda), body.announced_on or today, today,
        body.assembly,
    )  # fmt: skip
    return await commands.execute(sessions.convene_regular, command, _state, 201)


@sessions_router.post("/extraordinary", status_code=201, response_model=CommandState)
async def convene_extraordinary(
    body: ConveneExtraordinaryRequest, _: Chairman, commands: CommandsDep
) -> JSONResponse:
    """Convene an extraordinary Session on the Chairman's initiative or citing a supported
    members' request; held within a month of the decision (Reg2002 §8)."""
    today = commands.platform.clock.today()
    command = ConveneExtraordinary(
        body.opens_on, body.place, _agenda(body.agenda), body.decided_on or today, today,
        body.request_id, body.assembly,
    )  # fmt: skip
    return await commands.execute(sessions.convene_extraordinary, command, _state, 201)


@sessions_router.post("/{session_id}/postponement", response_model=CommandState)
async def postpone_session(
    session_id: uuid.UUID,
    body: PostponeRequest,
    _: Chairman,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    today = commands.platform.clock.today()
    command = PostponeSession(
        session_id, body.opens_on, body.reason, body.postponed_on or today, today,
        parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(sessions.postpone_session, command, _state)


@sessions_router.post("/{session_id}/cancellation", response_model=CommandState)
async def cancel_session(
    session_id: uuid.UUID,
    body: CancelRequest,
    _: Chairman,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    today = commands.platform.clock.today()
    command = CancelSession(
        session_id, body.reason, body.cancelled_on or today, today, parse_if_match(if_match)
    )
    return await commands.execute(sessions.cancel_session, command, _state)


# -- the sitting (the Secretariat; members for themselves) -----------------------------------


@sessions_router.post("/{session_id}/sitting/opening", response_model=CommandState)
async def open_sitting(
    session_id: uuid.UUID, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    command = OpenSitting(session_id, commands.platform.clock.today(), parse_if_match(if_match))
    return await commands.execute(sessions.open_sitting, command, _state)


@sessions_router.post("/{session_id}/sitting/closing", response_model=CommandState)
async def close_sitting(
    session_id: uuid.UUID, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    command = CloseSitting(session_id, commands.platform.clock.today(), parse_if_match(if_match))
    return await commands.execute(sessions.close_sitting, command, _state)


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
    command = RegisterAttendance(session_id, body.member_id, parse_if_match(if_match))
    return commands.respond(
        await attendance_intake.register_attendance(
            commands.platform, command, commands.actor, commands.idempotency, _registered
        )
    )


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
    command = WithdrawAttendance(session_id, member_id, parse_if_match(if_match))
    return await commands.execute(sessions.withdraw_attendance, command, _state)


@sessions_router.post("/{session_id}/agenda", response_model=CommandState)
async def add_agenda_item(
    session_id: uuid.UUID,
    body: AddAgendaItemRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Record an item the Session added to its agenda by decision ``decision_ref``."""
    command = AddAgendaItem(session_id, body.title, body.decision_ref, parse_if_match(if_match))
    return await commands.execute(sessions.add_agenda_item, command, _state)


@sessions_router.post("/{session_id}/agenda/order", response_model=CommandState)
async def reorder_agenda(
    session_id: uuid.UUID,
    body: ReorderAgendaRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = ReorderAgenda(
        session_id, tuple(body.order), body.decision_ref, parse_if_match(if_match)
    )
    return await commands.execute(sessions.reorder_agenda, command, _state)


@sessions_router.post("/{session_id}/agenda/{item_id}/withdrawal", response_model=CommandState)
async def withdraw_agenda_item(
    session_id: uuid.UUID,
    item_id: uuid.UUID,
    body: DecisionRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = WithdrawAgendaItem(session_id, item_id, body.decision_ref, parse_if_match(if_match))
    return await commands.execute(sessions.withdraw_agenda_item, command, _state)


@sessions_router.post("/{session_id}/rules-of-procedure", response_model=CommandState)
async def adopt_rules_of_procedure(
    session_id: uuid.UUID,
    body: DecisionRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Record the Session's decision adopting its Rules of Procedure (Reg2024 §11)."""
    command = AdoptRulesOfProcedure(session_id, body.decision_ref, parse_if_match(if_match))
    return await commands.execute(sessions.adopt_rules_of_procedure, command, _state)


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
        result = await projections.sessions.years_without_session(
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
        rows = await projections.sessions.held_by_assembly(db, year)
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
        rows = await projections.sessions.list_sessions(
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
        row = await projections.sessions.session(db, session_id)
        if row is None:
            raise NotFound(None, resource="session", id=str(session_id))
        agenda = await projections.sessions.agenda(db, session_id)
        history = await projections.sessions.postponements(db, session_id)
        quorum = await projections.sessions.quorum(db, row)
        attendance = (
            await projections.sessions.attendance(db, session_id)
            if actor.roles & ATTENDANCE_READERS
            else None
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
    command = OpenExtraordinaryRequest(
        body.reason, _agenda(body.agenda), body.requested_on or today, today, body.assembly
    )
    return await commands.execute(session_requests.open_request, command, _state, 201)


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
    command = SignExtraordinaryRequest(
        request_id, body.signed_on or today, today, parse_if_match(if_match)
    )
    return await commands.execute(session_requests.sign_request, command, _state)


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
        rows = await projections.sessions.list_requests(
            db, supported=supported, assembly=assembly, limit=limit, offset=offset
        )
    return [ExtraordinaryRequestView.model_validate(r) for r in rows]


@requests_router.get("/{request_id}", response_model=ExtraordinaryRequestView)
async def get_request(
    request_id: uuid.UUID, _: Readers, platform: PlatformDep
) -> ExtraordinaryRequestView:
    async with platform.sessions() as db:
        row = await projections.sessions.request(db, request_id)
    if row is None:
        raise NotFound(None, resource="session_request", id=str(request_id))
    return ExtraordinaryRequestView.model_validate(row)


ROUTERS = (sessions_router, requests_router)
