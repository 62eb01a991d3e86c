"""The Member aggregate: one person's candidacy and membership, from nomination to end.

One stream per candidacy (``member-<id>``): nominated → reviewed by the Council → submitted
by the Deputy Chairmen → included (approved) or rejected by the Chairman → ended. A person
included at the Chairman's discretion starts directly as a member. Pure: no I/O.

A membership is of one assembly (``assembly``): the national Assembly or a regional assembly
(Reg2024 §18–19). A regional assembly decides its own membership by its decision (Law 2008
Art. 14), recorded by its secretariat: a regional candidacy is approved or rejected by that
decision straight after nomination, without the Council's review and the Deputy Chairmen's
submission. One natural person may be a member of a regional assembly and of the Assembly,
each membership a stream of its own with its own dates, nomination and end, sharing the
``person_id`` the handler finds by the IIN.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from services.membership.domain.errors import (
    ApprovalBeforeCouncilReview,
    CandidacyAlreadyDecided,
    CandidacyAlreadyReviewed,
    EndBeforeInclusion,
    GroundNotForNationalMembership,
    InvalidIin,
    MembershipAlreadyEnded,
    NominationIncomplete,
    NotAMember,
    NotRecommended,
    NotSubmitted,
    RegionalCandidacyDecidedRegionally,
)
from services.membership.domain.events import (
    REGIONAL_ONLY_GROUNDS,
    CandidacyNominated,
    CandidacyRejected,
    CandidacyReviewed,
    CandidacySubmitted,
    DecisionRef,
    EndGround,
    InclusionRoute,
    MemberCategory,
    MemberIncluded,
    MemberNameCorrected,
    MembershipEnded,
    NominationRoute,
    Person,
    PersonName,
    ReviewSource,
)
from services.membership.domain.iin import is_valid_iin
from shared.assemblies import ASSEMBLIES, NATIONAL, is_national
from shared.domain import Aggregate
from shared.errors import InvalidInput
from shared.personal_data import refuse_personal_data


class Status(StrEnum):
    NOMINATED = "nominated"
    REVIEWED = "reviewed"
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    ACTIVE = "active"
    ENDED = "ended"


DECIDED = frozenset({Status.REJECTED, Status.ACTIVE, Status.ENDED})


class Member(Aggregate):
    stream_type = "member"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.status: Status | None = None
        self.recommended: bool | None = None
        self.included_on: date | None = None
        self.ended_on: date | None = None
        self.ground: EndGround | None = None
        self.name: PersonName | None = None
        self.iin: str | None = None
        self.region: str | None = None
        self.category: MemberCategory | None = None
        self.association_id: uuid.UUID | None = None
        self.person: Person | None = None
        self.assembly: str = NATIONAL
        self.person_id: uuid.UUID | None = None

    @property
    def active(self) -> bool:
        return self.status is Status.ACTIVE

    @property
    def national(self) -> bool:
        return is_national(self.assembly)

    # -- commands ----------------------------------------------------------------------------

    @classmethod
    def nominate(
        cls,
        member_id: uuid.UUID,
        person: Person,
        region: str | None,
        category: MemberCategory,
        association_id: uuid.UUID | None,
        route: NominationRoute,
        nominating_region: str | None,
        decision: DecisionRef,
        nominated_on: date,
        assembly: str = NATIONAL,
    ) -> Member:
        """A nominating body puts a candidacy forward by its decision (Reg2002 §14), for the
        Assembly or for a regional assembly (Law 2008 Art. 14)."""
        check_assembly(assembly)
        _check_iin(person.iin)
        if route is NominationRoute.REGIONAL_ASSEMBLY:
            # by the regional assembly's decision, on an ethnocultural association's proposal
            if nominating_region is None:
                raise NominationIncomplete("nominating_region")
            if association_id is None:
                raise NominationIncomplete("association_id")
        if route is NominationRoute.ASSOCIATION and association_id is None:
            raise NominationIncomplete("association_id")
        member = cls(str(member_id))
        member._record(
            CandidacyNominated(
                member_id=member_id,
                assembly=assembly,
                name=person.name,
                iin=person.iin,
                gender=person.gender,
                ethnic_group=person.ethnic_group,
                region=region,
                category=category,
                association_id=association_id,
                route=route,
                nominating_region=nominating_region,
                decision=decision,
                nominated_on=nominated_on,
            )
        )
        return member

    @classmethod
    def include(
        cls,
        member_id: uuid.UUID,
        person: Person,
        region: str | None,
        category: MemberCategory,
        decision: DecisionRef,
        effective_on: date,
        association_id: uuid.UUID | None = None,
        assembly: str = NATIONAL,
        person_id: uuid.UUID | None = None,
    ) -> Member:
        """The Chairman includes a person at his discretion, without nomination (Reg2002 §14);
        a regional assembly includes a person by its own decision (Law 2008 Art. 14).
        ``person_id``: the person's id from another membership, if any (else the new
        membership's id names the person)."""
        check_assembly(assembly)
        _check_iin(person.iin)
        member = cls(str(member_id))
        member._record(
            MemberIncluded(
                member_id=member_id,
                assembly=assembly,
                person_id=person_id or member_id,
                name=person.name,
                region=region,
                category=category,
                decision=decision,
                effective_on=effective_on,
                route=InclusionRoute.CHAIRMAN_DISCRETION,
                association_id=association_id,
                iin=person.iin,
                gender=person.gender,
                ethnic_group=person.ethnic_group,
            )
        )
        return member

    def review(
        self,
        recommended: bool,
        protocol: DecisionRef,
        source: ReviewSource,
        resolution_id: uuid.UUID | None,
    ) -> None:
        """The Council considers the candidacy (Reg2024 §13.2), once; a regional candidacy is
        decided by its regional assembly instead (Law 2008 Art. 14)."""
        if not self.national:
            raise RegionalCandidacyDecidedRegionally(self.assembly)
        if self.status in DECIDED:
            raise CandidacyAlreadyDecided(None, member_id=self.id)
        if self.status is not Status.NOMINATED:
            raise CandidacyAlreadyReviewed(None, member_id=self.id)
        self._record(
            CandidacyReviewed(
                member_id=uuid.UUID(self.id),
                recommended=recommended,
                protocol=protocol,
                source=source,
                resolution_id=resolution_id,
            )
        )

    def submit(self, submitted_on: date, decision: DecisionRef | None) -> None:
        """The Deputy Chairmen present a recommended candidacy to the Chairman (Reg2002 §14)."""
        if not self.national:
            raise RegionalCandidacyDecidedRegionally(self.assembly)
        if self.status in DECIDED or self.status is Status.SUBMITTED:
            raise CandidacyAlreadyDecided(None, member_id=self.id)
        if self.status is Status.NOMINATED:
            raise ApprovalBeforeCouncilReview()
        if not self.recommended:
            raise NotRecommended()
        self._record(
            CandidacySubmitted(
                member_id=uuid.UUID(self.id), submitted_on=submitted_on, decision=decision
            )
        )

    def approve(
        self, decision: DecisionRef, effective_on: date, person_id: uuid.UUID | None = None
    ) -> None:
        """The Chairman approves a submitted candidacy (a regional assembly, by its decision,
        its own nominated candidacy): the person becomes a member. ``person_id`` as in
        :meth:`include`."""
        self._check_decidable()
        assert self.person is not None and self.name is not None and self.category is not None
        self._record(
            MemberIncluded(
                member_id=uuid.UUID(self.id),
                assembly=self.assembly,
                person_id=person_id or uuid.UUID(self.id),
                name=self.name,
                region=self.region,
                category=self.category,
                decision=decision,
                effective_on=effective_on,
                route=InclusionRoute.NOMINATION,
                association_id=self.association_id,
                iin=self.person.iin,
                gender=self.person.gender,
                ethnic_group=self.person.ethnic_group,
            )
        )

    def reject(self, decision: DecisionRef, rejected_on: date) -> None:
        """The Chairman may reject any candidacy presented to him (Reg2002 §14)."""
        self._check_decidable()
        self._record(
            CandidacyRejected(
                member_id=uuid.UUID(self.id), decision=decision, rejected_on=rejected_on
            )
        )

    def _check_decidable(self) -> None:
        if self.status in DECIDED:
            raise CandidacyAlreadyDecided(None, member_id=self.id)
        if not self.national and self.status is Status.NOMINATED:
            return  # the regional assembly decides on the nomination (Law 2008 Art. 14)
        if self.status is Status.NOMINATED:
            raise ApprovalBeforeCouncilReview()  # Reg2024 §13.2
        if self.status is not Status.SUBMITTED:
            raise NotSubmitted()

    def end(self, ground: EndGround, effective_on: date, decision: DecisionRef | None) -> None:
        """End the membership on a ground (Reg2002 §15, §20; Law 2008 Art. 17). Moving
        permanently to another region ends a regional membership only (Law 2008 Art. 17)."""
        if self.status is Status.ENDED:
            raise MembershipAlreadyEnded(None, member_id=self.id)
        if self.status is not Status.ACTIVE:
            raise NotAMember(None, member_id=self.id)
        assert self.included_on is not None
        if effective_on < self.included_on:
            raise EndBeforeInclusion()
        if ground in REGIONAL_ONLY_GROUNDS and self.national:
            raise GroundNotForNationalMembership(ground.value)
        self._record(
            MembershipEnded(
                member_id=uuid.UUID(self.id),
                assembly=self.assembly,
                ground=ground,
                decision=decision,
                effective_on=effective_on,
            )
        )

    def correct_name(self, name: PersonName, reason: str) -> None:
        """Personal data is corrected by an event of its own; nothing is overwritten."""
        if name == self.name:
            return
        # The reason is published: it may cite the document, not the member's IIN or phone.
        refuse_personal_data("reason", reason)
        self._record(
            MemberNameCorrected(
                member_id=uuid.UUID(self.id), assembly=self.assembly, name=name, reason=reason
            )
        )

    # -- evolution ---------------------------------------------------------------------------

    def when_CandidacyNominated(self, event: CandidacyNominated) -> None:
        self.status = Status.NOMINATED
        self.assembly = event.assembly
        self.name = event.name
        self.region = event.region
        self.category = event.category
        self.association_id = event.association_id
        self.person = Person(
            name=event.name, iin=event.iin, gender=event.gender, ethnic_group=event.ethnic_group
        )

    def when_CandidacyReviewed(self, event: CandidacyReviewed) -> None:
        self.status = Status.REVIEWED
        self.recommended = event.recommended

    def when_CandidacySubmitted(self, event: CandidacySubmitted) -> None:
        self.status = Status.SUBMITTED

    def when_CandidacyRejected(self, event: CandidacyRejected) -> None:
        self.status = Status.REJECTED

    def when_MemberIncluded(self, event: MemberIncluded) -> None:
        self.status = Status.ACTIVE
        self.assembly = event.assembly
        self.person_id = event.person_id
        self.included_on = event.effective_on
        self.name = event.name
        self.region = event.region
        self.category = event.category
        self.iin = event.iin

    def when_MembershipEnded(self, event: MembershipEnded) -> None:
        self.status = Status.ENDED
        self.ended_on = event.effective_on
        self.ground = event.ground

    def when_MemberNameCorrected(self, event: MemberNameCorrected) -> None:
        self.name = event.name


def check_assembly(assembly: str) -> None:
    """A membership is of the national Assembly (``national``, whichever rulebook is in force)
    or of one of the 20 regional assemblies (Reg2024 §18)."""
    if assembly not in ASSEMBLIES:
        raise InvalidInput(None, reason="unknown_assembly", assembly=assembly)


def _check_iin(iin: str) -> None:
    if not is_valid_iin(iin):
        raise InvalidIin()
