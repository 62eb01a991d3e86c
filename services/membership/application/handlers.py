"""Membership command handlers: one unit of work per command, one stream per command."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from services.membership.application import reference
from services.membership.domain.commands import (
    ApproveCandidacy,
    CorrectMemberName,
    EndMembership,
    IncludeMember,
    NominateCandidate,
    RecordCouncilReview,
    RejectCandidacy,
    SubmitCandidacy,
)
from services.membership.domain.composition import check_quota, quota_rulebook
from services.membership.domain.errors import (
    PersonAlreadyMember,
    ResignationOnlyBySelf,
    UnknownAssociation,
)
from services.membership.domain.events import EndGround
from services.membership.domain.member import Member
from services.membership.domain.reference import (
    AssociationIsClosed,
    UnknownEthnicGroup,
    UnknownRegion,
)
from services.membership.projections import queries
from shared.application import Repository, UnitOfWork, violates

members = Repository(Member)

CHAIRMAN_ROLES = frozenset({"chairman"})
ONE_ACTIVE_MEMBERSHIP = "members_one_active_per_person"


async def _load(uow: UnitOfWork, member_id: uuid.UUID, expected_version: int | None) -> Member:
    return await members.load(uow, str(member_id), expected_version)


_QUOTA_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended('membership-composition', 0))")


async def _check_composition(uow: UnitOfWork, member: Member) -> None:
    """From the succession date the Halyq Kenesi's quotas hold on the roster of every day the
    membership covers (Constitution 2026: 42 + 42 + 42). Inclusions queue on one lock, so two
    cannot both take the last seat."""
    assert member.included_on is not None and member.category is not None
    book = quota_rulebook(member.included_on)
    if book is None:
        return
    await uow.db.execute(_QUOTA_LOCK)
    in_category, in_total = await queries.most_members_from(
        uow.db, member.included_on, member.category.value
    )
    check_quota(book, member.category, member.included_on, in_category, in_total)


async def _save_new_membership(uow: UnitOfWork, member: Member) -> None:
    """Save a membership that becomes active: one active membership per person, within the
    composition the rulebook of its day fixes.

    One active membership per person is kept by a unique index on the read model, written in
    the same transaction as the event: a second one (sequential or concurrent) fails there and
    nothing of its command is committed. No query beforehand: a round trip on every inclusion
    to give the same answer earlier.
    """
    await _check_composition(uow, member)
    try:
        await members.save(uow, member)
    except IntegrityError as exc:
        if violates(exc, ONE_ACTIVE_MEMBERSHIP):
            raise PersonAlreadyMember(None) from exc
        raise


async def _check_references(
    uow: UnitOfWork,
    regions: tuple[str | None, ...],
    ethnic_group: str | None,
    association_id: uuid.UUID | None,
) -> None:
    """What a nomination or an inclusion names must exist in the reference data."""
    for code in regions:
        if code is not None and not await reference.known_regions.exists(uow, code):
            raise UnknownRegion(code)  # Reg2024 §18–19
    if ethnic_group is not None and not await reference.known_ethnic_groups.exists(
        uow, ethnic_group
    ):
        raise UnknownEthnicGroup(ethnic_group)
    if association_id is not None:
        found = await reference.association(uow.db, association_id)
        if found is None:
            raise UnknownAssociation(str(association_id))
        if found["status"] == "closed":
            raise AssociationIsClosed(str(association_id))


async def nominate_candidate(command: NominateCandidate, uow: UnitOfWork) -> Member:
    await _check_references(
        uow,
        (command.region, command.nominating_region),
        command.person.ethnic_group,
        command.association_id,
    )
    member = Member.nominate(
        uuid.uuid4(),
        command.person,
        command.region,
        command.category,
        command.association_id,
        command.route,
        command.nominating_region,
        command.decision,
        command.nominated_on,
    )
    await members.save(uow, member)
    return member


async def record_council_review(command: RecordCouncilReview, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    member.review(command.recommended, command.protocol, command.source, command.resolution_id)
    await members.save(uow, member)
    return member


async def submit_candidacy(command: SubmitCandidacy, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    member.submit(command.submitted_on, command.decision)
    await members.save(uow, member)
    return member


async def approve_candidacy(command: ApproveCandidacy, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    member.approve(command.decision, command.effective_on)
    await _save_new_membership(uow, member)
    return member


async def reject_candidacy(command: RejectCandidacy, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    member.reject(command.decision, command.rejected_on)
    await members.save(uow, member)
    return member


async def include_member(command: IncludeMember, uow: UnitOfWork) -> Member:
    await _check_references(
        uow, (command.region,), command.person.ethnic_group, command.association_id
    )
    member = Member.include(
        command.member_id or uuid.uuid4(),
        command.person,
        command.region,
        command.category,
        command.decision,
        command.effective_on,
        command.association_id,
    )
    await _save_new_membership(uow, member)
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
