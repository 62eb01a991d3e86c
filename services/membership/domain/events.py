"""Membership events: immutable, versioned, past-tense facts, every one of the service (the
Member's and the candidacy's, the bodies' and posts', the reference data's and the rulebook
ledger's) with the values they carry and the one registry.

Published on ``kelisim.membership.v1`` with what other services need for their own roster
(member id, names in kk/ru, region, category, dates) and nothing more personal.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.assemblies import NATIONAL
from shared.dates import CalendarDay
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
    date: CalendarDay


class MemberCategory(StrEnum):
    """Where members come from (Reg2002 §13)."""

    STATE_BODY = "state_body"
    ETHNOCULTURAL_ASSOCIATION = "ethnocultural_association"
    PUBLIC_ASSOCIATION = "public_association"
    PUBLIC_FIGURE = "public_figure"
    MASLIKHAT = "maslikhat"
    """A deputy of a maslikhat (local representative body): one of the Halyq Kenesi's three
    quotas (Constitution 2026)."""


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
    SUCCESSION = "succession"
    """The Assembly's bodies ended: the Halyq Kenesi succeeded it (Constitution 2026)."""
    MOVED_TO_ANOTHER_REGION = "moved_to_another_region"
    """A regional assembly's member moved permanently to another region and so left that
    regional assembly (Law 2008 Art. 17); never a ground for the national Assembly."""


REGIONAL_ONLY_GROUNDS = frozenset({EndGround.MOVED_TO_ANOTHER_REGION})
"""Grounds that end a regional membership only (Law 2008 Art. 17)."""


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


class NominationRoute(StrEnum):
    """How a candidacy was put forward (Reg2002 §14; Law 2008 Art. 15)."""

    REGIONAL_ASSEMBLY = "regional_assembly"
    """By a regional assembly's decision, on an ethnocultural association's proposal."""
    ASSOCIATION = "association"
    """By the highest body of a republican or regional public association."""
    COUNCIL = "council"
    ROTATION = "rotation"


class InclusionRoute(StrEnum):
    NOMINATION = "nomination"
    """Approved by the Chairman after nomination, Council review and submission."""
    CHAIRMAN_DISCRETION = "chairman_discretion"
    """Included by the Chairman at his own discretion, without nomination (Reg2002 §14)."""


class ReviewSource(StrEnum):
    COUNCIL_RESOLUTION = "council_resolution"
    """Applied from the Council's resolution on ``kelisim.council.v1``."""
    SECRETARIAT_BACKFILL = "secretariat_backfill"
    """Recorded by the Secretariat from the Council's protocol (for history)."""


class Person(BaseModel):
    """Who a candidacy or membership is about. The IIN, sex and ethnicity stay in this service."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: PersonName
    iin: str = Field(pattern=r"^[0-9]{12}$")
    gender: Gender
    ethnic_group: str | None = None


@registry.register
class CandidacyNominated(DomainEvent):
    """A candidacy was put forward by a nominating body's decision (Reg2002 §14)."""

    event_type = "CandidacyNominated"
    schema_version = 2
    private_fields = frozenset({"iin", "gender", "ethnic_group"})

    member_id: uuid.UUID
    assembly: str
    """The assembly the candidacy is for: ``national`` or a region's code (Law 2008 Art. 14:
    a regional assembly decides its own membership)."""
    name: PersonName
    iin: str
    gender: Gender
    ethnic_group: str | None
    region: str | None
    category: MemberCategory
    association_id: uuid.UUID | None
    route: NominationRoute
    nominating_region: str | None
    """The regional assembly that decided, on the regional-assembly route."""
    decision: DecisionRef
    nominated_on: date


@registry.upcaster("CandidacyNominated", 1, added=("assembly",))
def _candidacy_nominated_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # Before regional assemblies were modelled, every candidacy was for the Assembly itself.
    return {**data, "assembly": NATIONAL}


@registry.register
class CandidacyReviewed(DomainEvent):
    """The Council considered the candidacy and recommended it or not (Reg2024 §13.2)."""

    event_type = "CandidacyReviewed"
    schema_version = 1

    member_id: uuid.UUID
    recommended: bool
    protocol: DecisionRef
    source: ReviewSource
    resolution_id: uuid.UUID | None


@registry.register
class CandidacySubmitted(DomainEvent):
    """The Deputy Chairmen presented the candidacy to the Chairman (Reg2002 §14)."""

    event_type = "CandidacySubmitted"
    schema_version = 1

    member_id: uuid.UUID
    submitted_on: date
    decision: DecisionRef | None


@registry.register
class CandidacyRejected(DomainEvent):
    """The Chairman rejected the candidacy (Reg2002 §14)."""

    event_type = "CandidacyRejected"
    schema_version = 1

    member_id: uuid.UUID
    decision: DecisionRef
    rejected_on: date


@registry.register
class MemberIncluded(DomainEvent):
    """A person became a member: approved after nomination, or included at the Chairman's
    discretion (Reg2002 §14). ``effective_on`` is the first day of membership."""

    event_type = "MemberIncluded"
    schema_version = 3
    private_fields = frozenset({"iin", "gender", "ethnic_group"})

    member_id: uuid.UUID
    assembly: str
    """The assembly this membership is of: ``national`` or a region's code (Reg2024 §18–19)."""
    person_id: uuid.UUID
    """The natural person: the same in every assembly the person is a member of (membership
    finds it by the IIN in its own store); never the IIN itself."""
    name: PersonName
    region: str | None
    category: MemberCategory
    decision: DecisionRef
    effective_on: date
    route: InclusionRoute
    association_id: uuid.UUID | None
    iin: str | None
    gender: Gender | None
    ethnic_group: str | None


@registry.upcaster(
    "MemberIncluded", 1, added=("route", "association_id", "iin", "gender", "ethnic_group")
)
def _member_included_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 knew only the Chairman's discretionary inclusion, without personal details.
    return {
        **data,
        "route": InclusionRoute.CHAIRMAN_DISCRETION.value,
        "association_id": None,
        "iin": None,
        "gender": None,
        "ethnic_group": None,
    }


@registry.upcaster("MemberIncluded", 2, added=("assembly", "person_id"))
def _member_included_v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    # v2 knew only the national Assembly, one membership per person: the membership's own id
    # names the person.
    return {**data, "assembly": NATIONAL, "person_id": data["member_id"]}


@registry.register
class MembershipEnded(DomainEvent):
    """A membership ended on a ground (Reg2002 §15, §20; Law Art. 17); the day it ended."""

    event_type = "MembershipEnded"
    schema_version = 2

    member_id: uuid.UUID
    assembly: str
    """The assembly whose membership ended (a consumer keeping one assembly's roster skips
    the others)."""
    ground: EndGround
    decision: DecisionRef | None
    effective_on: date


@registry.upcaster("MembershipEnded", 1, added=("assembly",))
def _membership_ended_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "assembly": NATIONAL}


@registry.register
class MemberNameCorrected(DomainEvent):
    """A member's name was corrected; the earlier spelling stays in the history."""

    event_type = "MemberNameCorrected"
    schema_version = 2

    member_id: uuid.UUID
    assembly: str
    name: PersonName
    reason: str


@registry.upcaster("MemberNameCorrected", 1, added=("assembly",))
def _member_name_corrected_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "assembly": NATIONAL}


# -- bodies and posts -----------------------------------------------------------------------


class BodyKind(StrEnum):
    COUNCIL = "council"
    """Governs between Sessions; members by the Chairman's decision (Reg2024 §12; Reg2002 §9)."""
    DEPUTY_CHAIRMEN = "deputy_chairmen"
    """The Chairman's deputies: two (Reg2002 §7), three from 2011 (Reg2011 §10; Reg2024 §16)."""
    SCIENTIFIC_EXPERT_COUNCIL = "scientific_expert_council"
    """Chair, deputies and members (Reg2011 §16; Reg2024 §21–24)."""
    REGIONAL_ASSEMBLY = "regional_assembly"
    """One per region (Reg2024 §18–19), chaired by the akim ex officio (Law 2008 Art. 14)."""
    SENATE_DEPUTIES = "senate_deputies"
    """The five Senate deputies appointed on the Council's proposal (Reg2024 §5, §13), from the
    amendments of the Constitution of 2022 until the Constitution of 2026."""
    MAZHILIS_DEPUTIES = "mazhilis_deputies"
    """The nine Mazhilis deputies the Session elected (Reg2011 §8), from 2007 to 2022."""


class PostKind(StrEnum):
    COUNCIL_MEMBER = "council_member"
    DEPUTY_CHAIRMAN_HEAD_OF_SECRETARIAT = "deputy_chairman_head_of_secretariat"
    DEPUTY_CHAIRMAN_ETHNOCULTURAL = "deputy_chairman_ethnocultural"
    SCIENTIFIC_EXPERT_COUNCIL_MEMBER = "scientific_expert_council_member"
    SCIENTIFIC_EXPERT_COUNCIL_CHAIR = "scientific_expert_council_chair"
    SCIENTIFIC_EXPERT_COUNCIL_DEPUTY_CHAIR = "scientific_expert_council_deputy_chair"
    REGIONAL_ASSEMBLY_CHAIR = "regional_assembly_chair"
    REGIONAL_COUNCIL_MEMBER = "regional_council_member"
    """A member of a regional assembly's own council (Law 2008 Art. 14), from its members."""
    SENATE_DEPUTY = "senate_deputy"
    MAZHILIS_DEPUTY = "mazhilis_deputy"


class PostEndGround(StrEnum):
    """Why a term ended."""

    ROTATION = "rotation"
    """Replaced in rotation (Reg2024 §16)."""
    RELEASED = "released"
    """Released from the post by the Chairman's decision or order (Reg2024 §5.3)."""
    RESIGNED = "resigned"
    """At the holder's own request."""
    LEFT_OFFICE = "left_office"
    """An ex-officio holder left the office the post goes with (e.g. the akim)."""
    MEMBERSHIP_ENDED = "membership_ended"
    """The holder ceased to be a member of the Assembly or of the Scientific-Expert Council."""
    TERM_EXPIRED = "term_expired"
    """The term of office ran out (e.g. a Senate deputy's)."""
    DEATH = "death"
    OTHER = "other"


MAX_ROTATION_MONTHS: Final = 120


@registry.register
class PostTermStarted(DomainEvent):
    """Someone began to hold a post of a body on ``start_on``, by ``document``.

    ``member_id`` is the Assembly member holding it (None only for a regional assembly's chair
    or a Scientific-Expert Council member or officer from outside the Assembly); ``name`` is
    always given. An ethnocultural Deputy Chairman carries the President's rotation period and
    the Council's recommendation (Reg2024 §16); a Senate deputy the Council's proposal
    (Reg2024 §5, §13).
    """

    event_type = "PostTermStarted"
    schema_version = 1

    term_id: uuid.UUID
    body: BodyKind
    region: str | None
    post: PostKind
    member_id: uuid.UUID | None
    name: PersonName
    start_on: date
    document: DecisionRef
    rotation_period_months: Annotated[int, Field(ge=1, le=MAX_ROTATION_MONTHS)] | None
    recommendation: DecisionRef | None
    proposal: DecisionRef | None


@registry.register
class PostTermEnded(DomainEvent):
    """A term ended: ``end_on`` is the first day its holder no longer holds the post."""

    event_type = "PostTermEnded"
    schema_version = 1

    term_id: uuid.UUID
    body: BodyKind
    region: str | None
    post: PostKind
    member_id: uuid.UUID | None
    end_on: date
    ground: PostEndGround
    reason: str | None
    document: DecisionRef


@registry.register
class DeputyChairmanRecommended(DomainEvent):
    """The Council recommended a member for an ethnocultural Deputy Chairman's seat
    (Reg2024 §16), as its resolution on ``kelisim.council.v1`` said. Recorded in the Deputy
    Chairmen's stream, so the President's order appointing that member can rely on it."""

    event_type = "DeputyChairmanRecommended"
    schema_version = 1

    member_id: uuid.UUID
    protocol: DecisionRef
    resolution_id: uuid.UUID


# -- reference data -------------------------------------------------------------------------


CODE_PATTERN: Final = r"^[a-z][a-z0-9_]{1,39}$"
"""A reference code: lower-case snake_case, 2 to 40 characters (``almaty_city``, ``uyghur``)."""

Code = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=1000)]


class Names(BaseModel):
    """The name of a reference entry in Kazakh (the state language), Russian and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kk: Name
    ru: Name
    en: Name


class RegionKind(StrEnum):
    """The administrative units that have a regional assembly (Reg2024 §18–19)."""

    REGION = "region"
    CITY_OF_REPUBLICAN_SIGNIFICANCE = "city_of_republican_significance"
    CAPITAL = "capital"


class AssociationLevel(StrEnum):
    """Republican or regional public association (Reg2002 §14)."""

    REPUBLICAN = "republican"
    REGIONAL = "regional"


class AssociationKind(StrEnum):
    """Ethnocultural or other public association (Reg2002 §13)."""

    ETHNOCULTURAL = "ethnocultural"
    PUBLIC = "public"


class AssociationStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


@registry.register
class RegionRegistered(DomainEvent):
    """A region, city of republican significance or the capital entered the reference data."""

    event_type = "RegionRegistered"
    schema_version = 1

    code: Code
    kind: RegionKind
    name: Names


@registry.register
class RegionRenamed(DomainEvent):
    """A region's name changed (a decree renaming it, or a corrected spelling)."""

    event_type = "RegionRenamed"
    schema_version = 1

    code: Code
    name: Names
    reason: Reason


@registry.register
class EthnicGroupRegistered(DomainEvent):
    """An ethnic group entered the reference data."""

    event_type = "EthnicGroupRegistered"
    schema_version = 1

    code: Code
    name: Names


@registry.register
class EthnicGroupRenamed(DomainEvent):
    """An ethnic group's name was corrected; earlier spellings stay in the history."""

    event_type = "EthnicGroupRenamed"
    schema_version = 1

    code: Code
    name: Names
    reason: Reason


@registry.register
class AssociationRegistered(DomainEvent):
    """An ethnocultural or other public association, republican or regional, was registered
    (Reg2002 §13–14). ``region`` is set exactly for a regional one, ``ethnic_group`` exactly
    for an ethnocultural one."""

    event_type = "AssociationRegistered"
    schema_version = 1

    association_id: uuid.UUID
    name: Names
    level: AssociationLevel
    kind: AssociationKind
    region: Code | None
    ethnic_group: Code | None


@registry.register
class AssociationRenamed(DomainEvent):
    """An association's name changed; earlier names stay in the history."""

    event_type = "AssociationRenamed"
    schema_version = 1

    association_id: uuid.UUID
    name: Names
    reason: Reason


@registry.register
class AssociationClosed(DomainEvent):
    """An association ceased (liquidated, merged, or no longer taking part) on ``closed_on``."""

    event_type = "AssociationClosed"
    schema_version = 1

    association_id: uuid.UUID
    closed_on: date
    reason: Reason


# -- the rulebook ledger --------------------------------------------------------------------


@registry.register
class RulebookVersionPublished(DomainEvent):
    """The Secretariat published a rulebook version: ``rulebook`` is its whole text as data
    (the format of ``shared/rulebooks/data``), ``document`` the act it rests on."""

    event_type = "RulebookVersionPublished"
    schema_version = 1

    rulebook: dict[str, Any]
    document: DecisionRef
    published_on: date


@registry.register
class SuccessionDateSet(DomainEvent):
    """The day ``assembly`` (the Halyq Kenesi) succeeds ``succeeds`` (the Assembly), set by the
    Secretariat citing ``document``."""

    event_type = "SuccessionDateSet"
    schema_version = 1

    assembly: str
    succeeds: str
    on: date
    document: DecisionRef
