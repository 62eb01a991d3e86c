"""Membership commands: imperative requests that may be refused."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from services.membership.domain.events import (
    AssociationKind,
    AssociationLevel,
    DecisionRef,
    EndGround,
    MemberCategory,
    Names,
    NominationRoute,
    Person,
    PersonName,
    PostEndGround,
    PostKind,
    ReviewSource,
)
from shared.assemblies import NATIONAL


@dataclass(frozen=True)
class NominateCandidate:
    person: Person
    region: str | None
    category: MemberCategory
    association_id: uuid.UUID | None
    route: NominationRoute
    nominating_region: str | None
    decision: DecisionRef
    nominated_on: date
    assembly: str = NATIONAL
    """The assembly the candidacy is for (Law 2008 Art. 14)."""


@dataclass(frozen=True)
class RecordCouncilReview:
    member_id: uuid.UUID
    recommended: bool
    protocol: DecisionRef
    source: ReviewSource
    resolution_id: uuid.UUID | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class SubmitCandidacy:
    member_id: uuid.UUID
    submitted_on: date
    decision: DecisionRef | None
    expected_version: int | None = None


@dataclass(frozen=True)
class ApproveCandidacy:
    member_id: uuid.UUID
    decision: DecisionRef
    effective_on: date
    expected_version: int | None = None


@dataclass(frozen=True)
class RejectCandidacy:
    member_id: uuid.UUID
    decision: DecisionRef
    rejected_on: date
    expected_version: int | None = None


@dataclass(frozen=True)
class IncludeMember:
    person: Person
    region: str | None
    category: MemberCategory
    decision: DecisionRef
    effective_on: date
    association_id: uuid.UUID | None = None
    member_id: uuid.UUID | None = None
    """Given by an archive that refers to the member in later acts; else a new id."""
    assembly: str = NATIONAL
    """The assembly the person becomes a member of: the Assembly by the Chairman's decision,
    a regional assembly by its own decision (Law 2008 Art. 14)."""


@dataclass(frozen=True)
class EndMembership:
    member_id: uuid.UUID
    ground: EndGround
    effective_on: date
    decision: DecisionRef | None
    expected_version: int | None = None


@dataclass(frozen=True)
class CorrectMemberName:
    member_id: uuid.UUID
    name: PersonName
    reason: str
    expected_version: int | None = None


# -- bodies and posts -----------------------------------------------------------------------


@dataclass(frozen=True)
class TermEnd:
    """How a term ended, when it is entered from the record with its end already known."""

    end_on: date
    ground: PostEndGround
    reason: str | None
    document: DecisionRef


@dataclass(frozen=True)
class AppointToPost:
    """Start a term (``end``: and end it, when it is entered from the archives with both)."""

    post: PostKind
    region: str | None
    member_id: uuid.UUID | None
    name: PersonName | None
    start_on: date
    document: DecisionRef
    rotation_period_months: int | None = None
    recommendation: DecisionRef | None = None
    proposal: DecisionRef | None = None
    expected_version: int | None = None
    end: TermEnd | None = None
    term_id: uuid.UUID | None = None
    """Given by an archive that refers to the term later; else a new id."""


@dataclass(frozen=True)
class EndPostTerm:
    term_id: uuid.UUID
    end_on: date
    ground: PostEndGround
    reason: str | None
    document: DecisionRef
    expected_version: int | None = None

    @property
    def end(self) -> TermEnd:
        return TermEnd(self.end_on, self.ground, self.reason, self.document)


# -- reference data -------------------------------------------------------------------------


@dataclass(frozen=True)
class RenameRegion:
    code: str
    name: Names
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class RegisterEthnicGroup:
    code: str
    name: Names


@dataclass(frozen=True)
class RenameEthnicGroup:
    code: str
    name: Names
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class RegisterAssociation:
    name: Names
    level: AssociationLevel
    kind: AssociationKind
    region: str | None
    ethnic_group: str | None


@dataclass(frozen=True)
class RenameAssociation:
    association_id: uuid.UUID
    name: Names
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class CloseAssociation:
    association_id: uuid.UUID
    closed_on: date
    reason: str
    expected_version: int | None = None


# -- the rulebook ledger ------------------------------------------------------------------


@dataclass(frozen=True)
class PublishRulebook:
    text: str
    document: DecisionRef
    today: date


@dataclass(frozen=True)
class SetSuccession:
    assembly: str
    on: date
    document: DecisionRef
    today: date
