"""Membership routes: thin — validate, authorise, call a handler, shape the answer."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from services.membership.api import messages  # noqa: F401  (registers the messages)
from services.membership.api.schemas import (
    CorrectNameRequest,
    EndMembershipRequest,
    IncludeMemberRequest,
    MemberState,
    MemberView,
)
from services.membership.application import handlers
from services.membership.domain.commands import CorrectMemberName, EndMembership, IncludeMember
from services.membership.domain.member import Member
from services.membership.projections import queries
from shared.api.app import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.auth import require_roles
from shared.application import CommandResult, UnitOfWork
from shared.context import Actor
from shared.errors import NotFound

router = APIRouter(prefix="/v1/members", tags=["members"])

Chairman = Annotated[Actor, Depends(require_roles("chairman"))]
ChairmanOrMember = Annotated[Actor, Depends(require_roles("chairman", "member"))]
Secretariat = Annotated[Actor, Depends(require_roles("secretariat", "chairman"))]


def _state(member: Member, status: int = 200) -> CommandResult:
    body = MemberState(member_id=uuid.UUID(member.id), version=member.version, active=member.active)
    return CommandResult(status, body.model_dump(mode="json"))


@router.post("", status_code=201, response_model=MemberState)
async def include_member(
    body: IncludeMemberRequest, _: Chairman, commands: CommandsDep
) -> JSONResponse:
    """The Chairman includes a person at his discretion (Reg2002 §14)."""
    command = IncludeMember(body.name, body.region, body.category, body.decision, body.effective_on)

    async def work(uow: UnitOfWork) -> CommandResult:
        return _state(await handlers.include_member(command, uow), 201)

    return await commands.run(work)


@router.post("/{member_id}/end", response_model=MemberState)
async def end_membership(
    member_id: uuid.UUID,
    body: EndMembershipRequest,
    _: ChairmanOrMember,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """End a membership: by the Chairman on a ground, or by the member's own wish (Reg2002 §20)."""
    command = EndMembership(
        member_id, body.ground, body.effective_on, body.decision, parse_if_match(if_match)
    )

    async def work(uow: UnitOfWork) -> CommandResult:
        return _state(await handlers.end_membership(command, uow))

    return await commands.run(work)


@router.post("/{member_id}/name-corrections", response_model=MemberState)
async def correct_name(
    member_id: uuid.UUID,
    body: CorrectNameRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Correct a member's name; the history keeps every earlier spelling."""
    command = CorrectMemberName(member_id, body.name, body.reason, parse_if_match(if_match))

    async def work(uow: UnitOfWork) -> CommandResult:
        return _state(await handlers.correct_member_name(command, uow))

    return await commands.run(work)


@router.get("", response_model=list[MemberView])
async def list_members(
    platform: PlatformDep,
    region: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_]{1,39}$")] = None,
    status: Literal["active", "ended"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[MemberView]:
    async with platform.sessions() as db:
        rows = await queries.list_members(
            db, region=region, status=status, limit=limit, offset=offset
        )
    return [MemberView.model_validate(r) for r in rows]


@router.get("/{member_id}", response_model=MemberView)
async def get_member(member_id: uuid.UUID, platform: PlatformDep) -> MemberView:
    async with platform.sessions() as db:
        row = await queries.get_member(db, member_id)
    if row is None:
        raise NotFound(None, resource="member", id=str(member_id))
    return MemberView.model_validate(row)
