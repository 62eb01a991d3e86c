"""Membership commands: imperative requests that may be refused."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from services.membership.domain.events import DecisionRef, EndGround, MemberCategory, PersonName


@dataclass(frozen=True)
class IncludeMember:
    name: PersonName
    region: str | None
    category: MemberCategory
    decision: DecisionRef
    effective_on: date


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
