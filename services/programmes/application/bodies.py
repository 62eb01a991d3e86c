"""The working bodies' handlers (Reg2024 §20–26; seed 003): established in scope, statutes,
seats for members and experts, meetings, dissolution."""

from __future__ import annotations

import uuid

from services.programmes import projections
from services.programmes.application.acts import not_after
from services.programmes.application.experts import experts
from services.programmes.domain.body import Occupant, WorkingBody
from services.programmes.domain.commands import (
    ApproveBodyStatute,
    DissolveBody,
    EndSeat,
    EstablishBody,
    FillSeat,
    HoldMeeting,
)
from services.programmes.domain.errors import (
    OutOfScope,
)
from shared.application import Repository, UnitOfWork
from shared.assemblies import NATIONAL, REGIONAL_ROLE, ensure_may_act_for
from shared.errors import InvalidInput, NotFound

bodies = Repository(WorkingBody)


SECRETARIAT = "secretariat"


def _in_scope(uow: UnitOfWork, region: str | None) -> None:
    """The Secretariat acts for every body; a regional assembly for its own region's only
    (Reg2024 §18–19), never for a body of the Assembly itself (in no region: the national
    Assembly's): 403 ``assembly_scope`` (``shared.assemblies``)."""
    actor = uow.actor
    if SECRETARIAT in actor.roles:
        return
    if REGIONAL_ROLE in actor.roles:
        ensure_may_act_for(actor, region or NATIONAL)
        return
    raise OutOfScope(region)


async def establish_body(command: EstablishBody, uow: UnitOfWork) -> WorkingBody:
    not_after("established_on", command.established_on, command.today)
    _in_scope(uow, command.region)
    body = WorkingBody.establish(
        uuid.uuid4(), command.kind, command.name, command.region, command.established_on,
        command.decided_by, command.act,
    )  # fmt: skip
    await bodies.save(uow, body)
    return body


async def _body(uow: UnitOfWork, body_id: uuid.UUID) -> WorkingBody:
    body = await bodies.load(uow, str(body_id))
    _in_scope(uow, body.region)
    return body


async def approve_body_statute(command: ApproveBodyStatute, uow: UnitOfWork) -> WorkingBody:
    not_after("approved_on", command.approved_on, command.today)
    body = await _body(uow, command.body_id)
    body.approve_statute(
        command.text, command.attachments, command.approved_on, command.approved_by, command.act
    )
    await bodies.save(uow, body)
    return body


async def fill_seat(command: FillSeat, uow: UnitOfWork) -> tuple[WorkingBody, uuid.UUID]:
    """A member of the Assembly on the day (as membership published the roster) or a
    registered expert takes a seat."""
    not_after("start_on", command.start_on, command.today)
    body = await _body(uow, command.body_id)
    if command.member_id is not None:
        name = await projections.received.member_name_on(
            uow.db, command.member_id, command.start_on
        )
        if name is None:
            raise InvalidInput(
                None, reason="programmes_not_a_member", member_id=str(command.member_id),
                day=str(command.start_on),
            )  # fmt: skip
    elif command.expert_id is not None:
        expert = await experts.get(uow, str(command.expert_id), lock=False)
        if expert is None or expert.name is None:
            raise NotFound(None, resource="expert", id=str(command.expert_id))
        name = expert.name
    else:
        raise InvalidInput(None, reason="programmes_one_occupant")
    seat_id = uuid.uuid4()
    occupant = Occupant(command.member_id, command.expert_id, name)
    body.fill_seat(seat_id, command.role, occupant, command.start_on, command.act)
    await bodies.save(uow, body)
    return body, seat_id


async def end_seat(command: EndSeat, uow: UnitOfWork) -> WorkingBody:
    not_after("end_on", command.end_on, command.today)
    body = await _body(uow, command.body_id)
    body.end_seat(command.seat_id, command.end_on, command.ground, command.act)
    await bodies.save(uow, body)
    return body


async def hold_meeting(command: HoldMeeting, uow: UnitOfWork) -> tuple[WorkingBody, uuid.UUID]:
    not_after("held_on", command.held_on, command.today)
    body = await _body(uow, command.body_id)
    for document_id in command.documents:
        if await projections.documents.document(uow.db, document_id) is None:
            raise NotFound(None, resource="document", id=str(document_id))
    meeting_id = uuid.uuid4()
    body.hold_meeting(
        meeting_id, command.number, command.held_on, command.place, command.agenda,
        command.documents, command.present,
    )  # fmt: skip
    await bodies.save(uow, body)
    return body, meeting_id


async def dissolve_body(command: DissolveBody, uow: UnitOfWork) -> WorkingBody:
    not_after("dissolved_on", command.dissolved_on, command.today)
    body = await _body(uow, command.body_id)
    body.dissolve(command.dissolved_on, command.act)
    await bodies.save(uow, body)
    return body
