"""Membership's archive vocabulary for the bulk path (``kelisim archive load membership``):
memberships and post terms of the past, each line one act with its own dates and document,
recorded by the same handlers (and checks) as the API.

- ``member``: a person included by the Chairman's decision (``decision``) from
  ``effective_on`` — or, with ``assembly`` a region's code, by that regional assembly's
  decision (Law 2008 Art. 14) — with the ``member_id`` later lines refer to, and its ``end``
  if the record has it (Reg2002 §14–15, §20; Law 2008 Art. 17);
- ``membership_end``: the end of a membership on its ground, by its decision;
- ``post_term``: a term in a post (the document of the appointment, and its ``end`` when
  known), judged by the rulebook of its date (Reg2002 §7, Reg2011 §10, Reg2024 §16 ...).
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.membership.application import members, posts
from services.membership.domain.commands import AppointToPost, EndMembership, IncludeMember, TermEnd
from services.membership.domain.events import (
    DecisionRef,
    EndGround,
    MemberCategory,
    Person,
    PostEndGround,
    PostKind,
)
from services.membership.domain.events import PersonName as Name
from shared.application import UnitOfWork
from shared.archive.loader import Act
from shared.assemblies import NATIONAL
from shared.clock import Clock


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MembershipEndLine(_Line):
    member_id: uuid.UUID
    ground: EndGround
    effective_on: date
    decision: DecisionRef | None = None


class MemberEnd(_Line):
    ground: EndGround
    effective_on: date
    decision: DecisionRef | None = None


class MemberLine(_Line):
    member_id: uuid.UUID
    assembly: str = NATIONAL
    """``national`` or a region's code (checked by the handler)."""
    person: Person
    region: str | None = None
    category: MemberCategory
    association_id: uuid.UUID | None = None
    decision: DecisionRef
    effective_on: date
    end: MemberEnd | None = None


class PostEnd(_Line):
    end_on: date
    ground: PostEndGround
    reason: str | None = Field(default=None, max_length=1000)
    document: DecisionRef


class PostTermLine(_Line):
    term_id: uuid.UUID | None = None
    post: PostKind
    region: str | None = None
    member_id: uuid.UUID | None = None
    name: Name | None = None
    start_on: date
    document: DecisionRef
    rotation_period_months: int | None = Field(default=None, ge=1, le=120)
    recommendation: DecisionRef | None = None
    proposal: DecisionRef | None = None
    end: PostEnd | None = None


async def _member(line: MemberLine, uow: UnitOfWork, clock: Clock) -> None:
    await members.include_member(
        IncludeMember(
            person=line.person, region=line.region, category=line.category,
            decision=line.decision, effective_on=line.effective_on,
            association_id=line.association_id, member_id=line.member_id,
            assembly=line.assembly,
        ),
        uow,
    )  # fmt: skip
    if line.end is not None:
        end = line.end
        await members.end_membership(
            EndMembership(line.member_id, end.ground, end.effective_on, end.decision), uow
        )


async def _membership_end(line: MembershipEndLine, uow: UnitOfWork, clock: Clock) -> None:
    await members.end_membership(
        EndMembership(line.member_id, line.ground, line.effective_on, line.decision), uow
    )


async def _post_term(line: PostTermLine, uow: UnitOfWork, clock: Clock) -> None:
    end = line.end
    await posts.appoint_to_post(
        AppointToPost(
            post=line.post, region=line.region, member_id=line.member_id, name=line.name,
            start_on=line.start_on, document=line.document,
            rotation_period_months=line.rotation_period_months,
            recommendation=line.recommendation, proposal=line.proposal, term_id=line.term_id,
            end=None if end is None
            else TermEnd(end.end_on, end.ground, end.reason, end.document),
        ),
        uow,
    )  # fmt: skip


ACTS: dict[str, Act] = {
    "member": Act(MemberLine, _member),
    "membership_end": Act(MembershipEndLine, _membership_end),
    "post_term": Act(PostTermLine, _post_term),
}
