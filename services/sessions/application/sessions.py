"""The Session's command handlers: one unit of work per command, one append to one stream.

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

from sqlalchemy.exc import IntegrityError

from services.sessions import projections
from services.sessions.application import protocols
from services.sessions.application.acting import acting_for, not_after_today
from services.sessions.application.session_requests import requests
from services.sessions.domain.commands import (
    AddAgendaItem,
    AdoptRulesOfProcedure,
    CancelSession,
    CloseSitting,
    ConveneExtraordinary,
    ConveneRegular,
    OpenSitting,
    PostponeSession,
    RegisterAttendance,
    ReorderAgenda,
    WithdrawAgendaItem,
    WithdrawAttendance,
)
from services.sessions.domain.errors import RequestAlreadyConvened
from services.sessions.domain.events import DecisionKind
from services.sessions.domain.session import AdoptedDecision, Session
from shared import roster
from shared.application import Repository, UnitOfWork, violates
from shared.assemblies import ensure_may_act_for

sessions = Repository(Session)

ONE_SESSION_PER_REQUEST = "sessions_one_per_request"


async def _load(uow: UnitOfWork, session_id: uuid.UUID, expected: int | None) -> Session:
    """The Session, for an actor who may act for its assembly."""
    session = await sessions.load(uow, str(session_id), expected)
    ensure_may_act_for(uow.actor, session.assembly)
    return session


# -- convening -------------------------------------------------------------------------------


async def convene_regular(command: ConveneRegular, uow: UnitOfWork) -> Session:
    ensure_may_act_for(uow.actor, command.assembly)
    not_after_today("announced_on", command.announced_on, command.today)
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
    not_after_today("decided_on", command.decided_on, command.today)
    request = None
    if command.request_id is not None:
        # locked: two convenings citing one request queue, and the second is refused cleanly
        request = await requests.load(uow, str(command.request_id))
        if await projections.sessions.request_session(uow.db, command.request_id) is not None:
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
    not_after_today("postponed_on", command.postponed_on, command.today)
    session = await _load(uow, command.session_id, command.expected_version)
    session.postpone(command.opens_on, command.reason, command.postponed_on)
    await sessions.save(uow, session)
    return session


async def cancel_session(command: CancelSession, uow: UnitOfWork) -> Session:
    not_after_today("cancelled_on", command.cancelled_on, command.today)
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
    by = acting_for(uow.actor, command.member_id)
    session = await _load(uow, command.session_id, command.expected_version)
    on_roster = session.sitting_on is not None and await roster.is_member(
        uow.db, session.assembly, command.member_id, session.sitting_on
    )
    session.register_attendance(command.member_id, by, on_roster)
    await sessions.save(uow, session)
    return session


async def withdraw_attendance(command: WithdrawAttendance, uow: UnitOfWork) -> Session:
    by = acting_for(uow.actor, command.member_id)
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
    found = await projections.polls.decision(uow.db, decision_id)
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
