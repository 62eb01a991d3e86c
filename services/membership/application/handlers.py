"""Membership command handlers: one unit of work per command."""

from __future__ import annotations

import uuid

from services.membership.domain.commands import CorrectMemberName, EndMembership, IncludeMember
from services.membership.domain.errors import ResignationOnlyBySelf
from services.membership.domain.events import EndGround
from services.membership.domain.member import Member
from shared.application import Repository, UnitOfWork
from shared.errors import ConcurrencyConflict, NotFound

members = Repository(Member)

CHAIRMAN_ROLES = frozenset({"chairman"})


async def include_member(command: IncludeMember, uow: UnitOfWork) -> Member:
    member = Member.include(
        uuid.uuid4(),
        command.name,
        command.region,
        command.category,
        command.decision,
        command.effective_on,
    )
    await members.save(uow, member)
    return member


async def _load(uow: UnitOfWork, member_id: uuid.UUID, expected_version: int | None) -> Member:
    member = await members.get(uow, str(member_id))
    if member is None:
        raise NotFound(None, resource="member", id=str(member_id))
    if expected_version is not None and member.version != expected_version:
        raise ConcurrencyConflict(member.stream_id, expected_version, member.version)
    return member


async def end_membership(command: EndMembership, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    # Reg2002 §20: without the Chairman's decision, only the member's own wish ends it.
    by_self = command.ground is EndGround.OWN_WISH and uow.actor.subject == member.id
    if not uow.actor.roles & CHAIRMAN_ROLES and not by_self:
        raise ResignationOnlyBySelf()
    member.end(command.ground, command.effective_on, command.decision)
    await members.save(uow, member)
    return member


async def correct_member_name(command: CorrectMemberName, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    member.correct_name(command.name, command.reason)
    await members.save(uow, member)
    return member
