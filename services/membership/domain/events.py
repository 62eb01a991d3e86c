"""Membership events: immutable, versioned, past-tense facts.

Published on ``kelisim.membership.v1`` with what other services need for their own roster
(member id, names in kk/ru, region, category, dates) and nothing more personal.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shared.eventstore.model import DomainEvent, EventRegistry

registry = EventRegistry()


class PersonName(BaseModel):
    """A person's name as written in Kazakh and in Russian."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kk: str = Field(min_length=1, max_length=200)
    ru: str = Field(min_length=1, max_length=200)


class DecisionRef(BaseModel):
    """The document behind a step: decision (order, protocol) number and date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str = Field(min_length=1, max_length=100)
    date: date


class MemberCategory(StrEnum):
    """Where members come from (Reg2002 §13)."""

    STATE_BODY = "state_body"
    ETHNOCULTURAL_ASSOCIATION = "ethnocultural_association"
    PUBLIC_ASSOCIATION = "public_association"
    PUBLIC_FIGURE = "public_figure"


class EndGround(StrEnum):
    """Grounds on which membership ends (Law 2008 Art. 17; Reg2002 §15, §20)."""

    OWN_WISH = "own_wish"
    LOSS_OF_CITIZENSHIP_OR_EMIGRATION = "loss_of_citizenship_or_emigration"
    EX_OFFICIO_POST_CHANGE = "ex_officio_post_change"
    DEATH = "death"
    COURT_RULING = "court_ruling"
    ROTATION = "rotation"
    RECALL_BY_NOMINATING_ASSOCIATION = "recall_by_nominating_association"
    CHAIRMAN_HEALTH = "chairman_health"
    CHAIRMAN_IMPROPER_PERFORMANCE = "chairman_improper_performance"
    CHAIRMAN_DISCREDITING_ACT = "chairman_discrediting_act"
    CHAIRMAN_CRIMINAL_CONVICTION = "chairman_criminal_conviction"
    CHAIRMAN_OTHER = "chairman_other"


@registry.register
class MemberIncluded(DomainEvent):
    """The Chairman included a person in the Assembly at his discretion (Reg2002 §14)."""

    event_type = "MemberIncluded"
    schema_version = 1

    member_id: uuid.UUID
    name: PersonName
    region: str | None
    category: MemberCategory
    decision: DecisionRef
    effective_on: date


@registry.register
class MembershipEnded(DomainEvent):
    """A membership ended on a ground (Reg2002 §15, §20; Law Art. 17); the day it ended."""

    event_type = "MembershipEnded"
    schema_version = 1

    member_id: uuid.UUID
    ground: EndGround
    decision: DecisionRef | None
    effective_on: date


@registry.register
class MemberNameCorrected(DomainEvent):
    """A member's name was corrected; the earlier spelling stays in the history."""

    event_type = "MemberNameCorrected"
    schema_version = 1

    member_id: uuid.UUID
    name: PersonName
    reason: str
