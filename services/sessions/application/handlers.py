"""Sessions command handlers: one unit of work per command, one append to one stream.

Handlers read the roster of the Session's assembly (the membership replica, ``shared.roster``)
and pass its numbers to the pure domain: how many members are on the roster of the act's day,
whether one member is.

Scope: the Secretariat acts for every assembly's Sessions; a regional assembly's token acts as
the Chairman and the Secretariat do, for its own assembly's Sessions only (Reg2024 §18–19; Law
2008 Art. 14): every handler checks the assembly of the Session it acts on
(``shared.assemblies.ensure_may_act_for``, 403 ``assembly_scope``) before anything else.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.exc import IntegrityError

from services.sessions.application import protocols
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
from services.sessions.domain.errors import RequestAlreadyConvened
from services.sessions.domain.events import DecisionKind, RegisteredBy
from services.sessions.domain.request import ExtraordinaryRequest
from services.sessions.domain.session import AdoptedDecision, Session
from services.sessions.projections import poll_queries, queries
from shared import roster
from shared.application import Repository, UnitOfWork, violates
from shared.assemblies import REGIONAL_ROLE, ensure_may_act_for
from shared.context import Actor
from shared.errors import Forbidden, InvalidInput

sessions = Repository(Session)
requests = Repository(ExtraordinaryRequest)

SECRETARIAT_ROLES = frozenset({"secretariat", REGIONAL_ROLE})
"""Who registers any member's attendance: the Secretariat, and a regional assembly's token at
its own assembly's Sessions."""
ONE_SESSION_PER_REQUEST = "sessions_one_per_request"


def _not_after_today(field: str, day: date, today: date) -> None:
    if day > today:
        raise InvalidInput(None, reason="date_in_future", field=field, day=str(day))


def acting_for(actor: Actor, member_id: uuid.UUID) -> RegisteredBy:
    """The Secretariat acts for any member (a regional assembly's for its own assembly's, which
    the handler checks on the Session); a member only for themself."""
    if actor.roles & SECRETARIAT_ROLES:
        return RegisteredBy.SECRETARIAT
    if actor.subject != str(member_id):
        raise Forbidden(None, reason="members_act_for_themselves")
    return RegisteredBy.SELF


def _acting_for(uow: UnitOfWork, member_id: uuid.UUID) -> RegisteredBy:
    return acting_for(uow.actor, member_id)


def member_id_of(subject: str) -> uuid.UUID:
    """The acting member's id: a member's token names the member as its subject."""
    try:
        return uuid.UUID(subject)
    except ValueError:
        raise Forbidden(None, reason="members_act_for_themselves") from None


def _member_id(uow: UnitOfWork) -> uuid.UUID:
    return member_id_of(uow.actor.subject)


async def _load(uow: UnitOfWork, session_id: uuid.UUID, expected: int | None) -> Session:
    """The Session, for an actor who may act for its assembly."""
    session = await sessions.load(uow, str(session_id), expected)
    ensure_may_act_for(uow.actor, session.assembly)
    return session


# -- convening -------------------------------------------------------------------------------


async def convene_regular(command: ConveneRegular, uow: UnitOfWork) -> Session:
    ensure_may_act_for(uow.actor, command.assembly)
    _not_after_today("announced_on", command.announced_on, command.today)
    session = Session.convene_regular(
        uuid.uuid4(),
        command.opens_on,
        command.place,
        command.agenda,
        command.announced_on,
        command.assembly,
    )
    await sessions.save(uow, session)
    return session


async def convene_extraordinary(command: ConveneExtraordinary, uow: UnitOfWork) -> Session:
    ensure_may_act_for(uow.actor, command.assembly)
    _not_after_today("decided_on", command.decided_on, command.today)
    request = None
    if command.request_id is not None:
        # locked: two convenings citing one request queue, and the second is refused cleanly
        request = await requests.load(uow, str(command.request_id))
        if await queries.request_session(uow.db, command.request_id) is not None:
            raise RequestAlreadyConvened(None, request_id=str(command.request_id))
    session = Session.convene_extraordinary(
        uuid.uuid4(),
        command.opens_on,
        command.place,
        command.agenda,
        command.decided_on,
        command.assembly,
        request,
    )
    try:
        await sessions.save(uow, session)
    except IntegrityError as exc:  # a concurrent convening on the same request
        if violates(exc, ONE_SESSION_PER_REQUEST):
            raise RequestAlreadyConvened(None, request_id=str(command.request_id)) from exc
        raise
    return session


async def postpone_session(command: PostponeSession, uow: UnitOfWork) -> Session:
    _not_after_today("postponed_on", command.postponed_on, command.today)
    session = await _load(uow, command.session_id, command.expected_version)
    session.postpone(command.opens_on, command.reason, command.postponed_on)
    await sessions.save(uow, session)
    return session


async def cancel_session(command: CancelSession, uow: UnitOfWork) -> Session:
    _not_after_today("cancelled_on", command.cancelled_on, command.today)
    session = await _load(uow, command.session_id, command.expected_version)
    session.cancel(command.reason, command.cancelled_on)
    await sessions.save(uow, session)
    return session


# -- the sitting -----------------------------------------------------------------------------


async def open_sitting(command: OpenSitting, uow: UnitOfWork) -> Session:
    session = await _load(uow, command.session_id, command.expected_version)
    session.open_sitting(command.today)
    await sessions.save(uow, session)
    return session


async def close_sitting(command: CloseSitting, uow: UnitOfWork) -> Session:
    session = await _load(uow, command.session_id, command.expected_version)
    session.close_sitting(command.today)
    session.fix_record(await protocols.fixed_record(uow.db, session))  # who was there, as then
    await sessions.save(uow, session)
    return session


async def register_attendance(command: RegisterAttendance, uow: UnitOfWork) -> Session:
    by = _acting_for(uow, command.member_id)
    session = await _load(uow, command.session_id, command.expected_version)
    on_roster = session.sitting_on is not None and await roster.is_member(
        uow.db, session.assembly, command.member_id, session.sitting_on
    )
    session.register_attendance(command.member_id, by, on_roster)
    await sessions.save(uow, session)
    return session


async def withdraw_attendance(command: WithdrawAttendance, uow: UnitOfWork) -> Session:
    by = _acting_for(uow, command.member_id)
    session = await _load(uow, command.session_id, command.expected_version)
    session.withdraw_attendance(command.member_id, by)
    await sessions.save(uow, session)
    return session


# -- the agenda and the Rules of Procedure ---------------------------------------------------
# The decision_ref is the id of the Session decision behind the change: the domain accepts it
# only if it names a decision this Session adopted (Reg2024 §10–11).


async def _decision(uow: UnitOfWork, decision_ref: str) -> AdoptedDecision | None:
    try:
        decision_id = uuid.UUID(decision_ref)
    except ValueError:
        return None
    found = await poll_queries.decision(uow.db, decision_id)
    if found is None:
        return None
    return AdoptedDecision(decision_id, found["session_id"], DecisionKind(found["kind"]))


async def add_agenda_item(command: AddAgendaItem, uow: UnitOfWork) -> Session:
    session = await _load(uow, command.session_id, command.expected_version)
    decision = await _decision(uow, command.decision_ref)
    session.add_agenda_item(uuid.uuid4(), command.title, command.decision_ref, decision)
    await sessions.save(uow, session)
    return session


async def reorder_agenda(command: ReorderAgenda, uow: UnitOfWork) -> Session:
    session = await _load(uow, command.session_id, command.expected_version)
    decision = await _decision(uow, command.decision_ref)
    session.reorder_agenda(command.order, command.decision_ref, decision)
    await sessions.save(uow, session)
    return session


async def withdraw_agenda_item(command: WithdrawAgendaItem, uow: UnitOfWork) -> Session:
    session = await _load(uow, command.session_id, command.expected_version)
    decision = await _decision(uow, command.decision_ref)
    session.withdraw_agenda_item(command.item_id, command.decision_ref, decision)
    await sessions.save(uow, session)
    return session


async def adopt_rules_of_procedure(command: AdoptRulesOfProcedure, uow: UnitOfWork) -> Session:
    session = await _load(uow, command.session_id, command.expected_version)
    decision = await _decision(uow, command.decision_ref)
    session.adopt_rules_of_procedure(command.decision_ref, decision)
    await sessions.save(uow, session)
    return session


# -- members' requests for an extraordinary Session ------------------------------------------


async def open_request(command: OpenExtraordinaryRequest, uow: UnitOfWork) -> ExtraordinaryRequest:
    ensure_may_act_for(uow.actor, command.assembly)
    _not_after_today("requested_on", command.requested_on, command.today)
    member_id = _member_id(uow)
    on_roster = await roster.is_member(uow.db, command.assembly, member_id, command.requested_on)
    request = ExtraordinaryRequest.open(
        uuid.uuid4(),
        command.reason,
        command.agenda,
        member_id,
        command.requested_on,
        on_roster,
        command.assembly,
        await roster.count_on(uow.db, command.assembly, command.requested_on),
    )
    await requests.save(uow, request)
    return request


async def sign_request(command: SignExtraordinaryRequest, uow: UnitOfWork) -> ExtraordinaryRequest:
    """A member signs for themself; the threshold uses the roster of the signing day."""
    _not_after_today("signed_on", command.signed_on, command.today)
    member_id = _member_id(uow)
    request = await requests.load(uow, str(command.request_id), command.expected_version)
    ensure_may_act_for(uow.actor, request.assembly)
    if await queries.request_session(uow.db, command.request_id) is not None:
        raise RequestAlreadyConvened(None, request_id=str(command.request_id))
    day = command.signed_on
    assembly = request.assembly
    on_roster = await roster.is_member(uow.db, assembly, member_id, day)
    total = await roster.count_on(uow.db, assembly, day)
    counted = await roster.count_among(uow.db, assembly, {*request.signers, member_id}, day)
    request.sign(member_id, day, on_roster, total, counted if on_roster else None)
    await requests.save(uow, request)
    return request
