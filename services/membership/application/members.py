"""The Member's command handlers (candidacies and memberships): one unit of work per
command, one stream per command.

Who may decide is checked here, per assembly: the Assembly's membership is the Chairman's
(Reg2002 §14–15), a regional assembly's its own, recorded by its secretariat (a
``regional_assembly`` token of that region) or by the Assembly's Secretariat and Chairman, who
act for every assembly (Law 2008 Art. 14; Reg2024 §17–19). A regional token acting for another
assembly is refused (403 ``assembly_scope``).
"""

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
    AssociationIsClosed,
    PersonAlreadyMember,
    PersonAlreadyRegionalMember,
    ResignationOnlyBySelf,
    UnknownAssociation,
    UnknownEthnicGroup,
    UnknownRegion,
)
from services.membership.domain.events import EndGround
from services.membership.domain.iin import person_key
from services.membership.domain.member import Member
from services.membership.projections.associations import get_association
from services.membership.projections.members import most_members_from, person_id_of
from shared.application import Repository, UnitOfWork, violates
from shared.assemblies import REGIONAL_ROLE, ensure_may_act_for, is_national
from shared.context import Actor
from shared.errors import Forbidden, InvalidInput

members = Repository(Member)

CHAIRMAN_ROLES = frozenset({"chairman"})
REGIONAL_DECIDERS = frozenset({"chairman", "secretariat", REGIONAL_ROLE})
"""Who records a regional assembly's decision on its membership: its own secretariat (the
region's ``regional_assembly`` token) or the Assembly's Secretariat and Chairman (Law 2008
Art. 14; Reg2024 §17)."""
ONE_ACTIVE_MEMBERSHIP = "members_one_active_per_person"
"""One active membership of the Assembly per person."""
ONE_ACTIVE_REGIONAL_MEMBERSHIP = "members_one_active_regional_per_person"
"""One active regional membership per person (Law 2008 Art. 17: a member who moves to
another region leaves the first regional assembly)."""


def authorise(actor: Actor, assembly: str) -> None:
    """May ``actor`` decide on the membership of ``assembly``: 403 ``assembly_scope`` for a
    regional token of another region, 403 ``role_required`` for a role that does not decide."""
    ensure_may_act_for(actor, assembly)
    deciders = CHAIRMAN_ROLES if is_national(assembly) else REGIONAL_DECIDERS
    if not actor.roles & deciders:
        raise Forbidden(None, reason="role_required", roles=", ".join(sorted(deciders)))


async def _load(uow: UnitOfWork, member_id: uuid.UUID, expected_version: int | None) -> Member:
    return await members.load(uow, str(member_id), expected_version)


_QUOTA_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended('membership-composition', 0))")


async def _check_composition(uow: UnitOfWork, member: Member) -> None:
    """From the succession date the Halyq Kenesi's quotas hold on the roster of every day the
    membership covers (Constitution 2026: 42 + 42 + 42). Inclusions queue on one lock, so two
    cannot both take the last seat."""
    assert member.included_on is not None and member.category is not None
    if not member.national:
        return  # the quotas are the Halyq Kenesi's own membership's
    book = quota_rulebook(member.included_on)
    if book is None:
        return
    await uow.db.execute(_QUOTA_LOCK)
    in_category, in_total = await most_members_from(
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
        if violates(exc, ONE_ACTIVE_REGIONAL_MEMBERSHIP):
            raise PersonAlreadyRegionalMember(None) from exc
        raise


async def _person_id(uow: UnitOfWork, iin: str) -> uuid.UUID | None:
    """The person's id from their other memberships (by the IIN's digest), None for a person
    new to every assembly. Inclusions of one person queue on a lock taken by the same
    statement, so two memberships of a new person included at once get one id."""
    return await person_id_of(uow.db, person_key(iin))


def _region_of(assembly: str, region: str | None) -> str | None:
    """A regional assembly's member lives in its region (Law 2008 Art. 17): the region
    defaults to the assembly's and may not be another."""
    if is_national(assembly):
        return region
    if region is not None and region != assembly:
        raise InvalidInput(
            None, reason="assembly_region_mismatch", assembly=assembly, region=region
        )
    return assembly


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
        found = await get_association(uow.db, association_id)
        if found is None:
            raise UnknownAssociation(str(association_id))
        if found["status"] == "closed":
            raise AssociationIsClosed(str(association_id))


async def nominate_candidate(command: NominateCandidate, uow: UnitOfWork) -> Member:
    ensure_may_act_for(uow.actor, command.assembly)
    region = _region_of(command.assembly, command.region)
    await _check_references(
        uow,
        (region, command.nominating_region),
        command.person.ethnic_group,
        command.association_id,
    )
    member = Member.nominate(
        uuid.uuid4(),
        command.person,
        region,
        command.category,
        command.association_id,
        command.route,
        command.nominating_region,
        command.decision,
        command.nominated_on,
        command.assembly,
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
    authorise(uow.actor, member.assembly)
    # a stream without a nomination (included at the Chairman's discretion) is refused below
    person_id = await _person_id(uow, member.person.iin) if member.person is not None else None
    member.approve(command.decision, command.effective_on, person_id)
    await _save_new_membership(uow, member)
    return member


async def reject_candidacy(command: RejectCandidacy, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    authorise(uow.actor, member.assembly)
    member.reject(command.decision, command.rejected_on)
    await members.save(uow, member)
    return member


async def include_member(command: IncludeMember, uow: UnitOfWork) -> Member:
    authorise(uow.actor, command.assembly)
    region = _region_of(command.assembly, command.region)
    await _check_references(uow, (region,), command.person.ethnic_group, command.association_id)
    member = Member.include(
        command.member_id or uuid.uuid4(),
        command.person,
        region,
        command.category,
        command.decision,
        command.effective_on,
        command.association_id,
        command.assembly,
        await _person_id(uow, command.person.iin),
    )
    await _save_new_membership(uow, member)
    return member


async def end_membership(command: EndMembership, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    ensure_may_act_for(uow.actor, member.assembly)
    # Reg2002 §20: without the deciding body's decision (the Chairman's; a regional assembly's
    # own, Law 2008 Art. 14), only the member's own wish ends it.
    by_self = command.ground is EndGround.OWN_WISH and uow.actor.subject == member.id
    deciders = CHAIRMAN_ROLES if member.national else REGIONAL_DECIDERS
    if not uow.actor.roles & deciders and not by_self:
        raise ResignationOnlyBySelf()
    member.end(command.ground, command.effective_on, command.decision)
    await members.save(uow, member)
    return member


async def correct_member_name(command: CorrectMemberName, uow: UnitOfWork) -> Member:
    member = await _load(uow, command.member_id, command.expected_version)
    ensure_may_act_for(uow.actor, member.assembly)
    member.correct_name(command.name, command.reason)
    await members.save(uow, member)
    return member
