"""The command handlers of a members' request for an extraordinary Session: opening it and
signing it (the threshold is judged on the roster of the signing day)."""

from __future__ import annotations

import uuid

from services.sessions import projections
from services.sessions.application.acting import member_id_of, not_after_today
from services.sessions.domain.commands import OpenExtraordinaryRequest, SignExtraordinaryRequest
from services.sessions.domain.errors import RequestAlreadyConvened
from services.sessions.domain.request import ExtraordinaryRequest
from shared import roster
from shared.application import Repository, UnitOfWork
from shared.assemblies import ensure_may_act_for

requests = Repository(ExtraordinaryRequest)


async def open_request(command: OpenExtraordinaryRequest, uow: UnitOfWork) -> ExtraordinaryRequest:
    ensure_may_act_for(uow.actor, command.assembly)
    not_after_today("requested_on", command.requested_on, command.today)
    member_id = member_id_of(uow.actor.subject)
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
    not_after_today("signed_on", command.signed_on, command.today)
    member_id = member_id_of(uow.actor.subject)
    request = await requests.load(uow, str(command.request_id), command.expected_version)
    ensure_may_act_for(uow.actor, request.assembly)
    if await projections.sessions.request_session(uow.db, command.request_id) is not None:
        raise RequestAlreadyConvened(None, request_id=str(command.request_id))
    day = command.signed_on
    assembly = request.assembly
    on_roster = await roster.is_member(uow.db, assembly, member_id, day)
    total = await roster.count_on(uow.db, assembly, day)
    counted = await roster.count_among(uow.db, assembly, {*request.signers, member_id}, day)
    request.sign(member_id, day, on_roster, total, counted if on_roster else None)
    await requests.save(uow, request)
    return request
