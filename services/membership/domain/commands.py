"""Membership commands: imperative requests that may be refused."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from services.membership.domain.events import (
    DecisionRef,
    EndGround,
    MemberCategory,
    NominationRoute,
    Person,
    PersonName,
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
