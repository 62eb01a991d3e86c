"""Bodies and posts: command handlers, one unit of work (and one body stream) per command.

Seat limits and the other rules of a body are decided by its aggregate, so they hold under
concurrency: the body's stream is appended at the version it was read at. Whether a holder is
a member of the Assembly on the first day of the term is read from the member's own stream in
the same transaction; a membership ended concurrently with the appointment is not seen (an
accepted race: the Secretariat then ends the term).

A regional assembly's body (its chair and council, ``regional_assembly.<region>``) is recorded
by that assembly's secretariat (the region's ``regional_assembly`` token) or by the
Assembly's officials; any other body by the Assembly's officials only (403 ``assembly_scope``
for a regional token; Law 2008 Art. 14; Reg2024 §17–19).
"""

from __future__ import annotations

import uuid

from services.membership.domain.commands import AppointToPost, EndPostTerm
from services.membership.domain.events import DecisionRef, PostKind
from services.membership.domain.member import Member
from services.membership.domain.posts import Body, RosterEntry, body_key, parse_body_key
from services.membership.projections.post_terms import body_of_term
from shared.application import Repository, UnitOfWork
from shared.assemblies import NATIONAL, ensure_may_act_for
from shared.errors import ConcurrencyConflict, NotFound

bodies = Repository(Body)
members = Repository(Member)


def assembly_of_body(key: str) -> str:
    """The assembly a body is of: a regional assembly's own body, or the Assembly's."""
    _, region = parse_body_key(key)
    return region or NATIONAL


async def _load_body(uow: UnitOfWork, key: str, expected_version: int | None) -> Body:
    ensure_may_act_for(uow.actor, assembly_of_body(key))
    body = await bodies.get(uow, key) or Body(key)
    if expected_version is not None and body.version != expected_version:
        raise ConcurrencyConflict(body.stream_id, expected_version, body.version)
    return body


async def appoint_to_post(command: AppointToPost, uow: UnitOfWork) -> tuple[Body, uuid.UUID]:
    """Start a term in a post; answers the body and the new term's id."""
    term_id = command.term_id or uuid.uuid4()
    key = body_key(command.post, command.region)
    roster = None
    if command.member_id is not None:
        member = await members.get(uow, str(command.member_id), lock=False)  # read only
        if member is None or member.name is None:
            raise NotFound(None, resource="member", id=str(command.member_id))
        roster = RosterEntry(member.name, member.included_on, member.ended_on, member.assembly)
    body = await _load_body(uow, key, command.expected_version)
    body.appoint(term_id, command, roster)
    await bodies.save(uow, body)
    return body, term_id


async def end_post_term(command: EndPostTerm, uow: UnitOfWork) -> Body:
    key = await body_of_term(uow.db, command.term_id)
    if key is None:
        raise NotFound(None, resource="post_term", id=str(command.term_id))
    body = await _load_body(uow, key, command.expected_version)
    body.end_term(command)
    await bodies.save(uow, body)
    return body


async def record_deputy_chairman_recommendation(
    member_id: uuid.UUID, protocol: DecisionRef, resolution_id: uuid.UUID, uow: UnitOfWork
) -> Body:
    """Keep the Council's recommendation in the Deputy Chairmen's stream (Reg2024 §16)."""
    body = await _load_body(uow, body_key(PostKind.DEPUTY_CHAIRMAN_ETHNOCULTURAL, None), None)
    body.record_recommendation(member_id, protocol, resolution_id)
    await bodies.save(uow, body)
    return body
