"""Request and response bodies of the membership API (validated at the edge)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

from services.membership.domain.events import (
    DecisionRef,
    EndGround,
    Gender,
    MemberCategory,
    NominationRoute,
    PersonName,
)
from shared.api.schemas import RequestBody
from shared.assemblies import ASSEMBLIES, NATIONAL
from shared.dates import CalendarDay

CODE_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"


class PersonIn(RequestBody):
    name: PersonName
    iin: str = Field(pattern=r"^[0-9]{12}$", description="ЖСН / ИИН: 12 digits")
    gender: Gender
    ethnic_group: str | None = Field(default=None, pattern=CODE_PATTERN)


def _membership_assembly(value: str) -> str:
    if value not in ASSEMBLIES:
        raise ValueError(f"unknown assembly {value!r}")
    return value


MembershipAssembly = Annotated[str, AfterValidator(_membership_assembly)]
"""A membership's assembly: ``national`` or a region's code (never a rulebook's code)."""


def _assembly_field() -> Any:
    return Field(
        default=NATIONAL,
        max_length=40,
        description="The assembly: `national` (the Assembly of the People of Kazakhstan) or a "
        "region's code for its regional assembly (Reg2024 §18–19).",
        json_schema_extra={"enum": list(ASSEMBLIES)},
    )


class NominateRequest(RequestBody):
    person: PersonIn
    assembly: MembershipAssembly = _assembly_field()
    region: str | None = Field(default=None, pattern=CODE_PATTERN)
    category: MemberCategory
    association_id: uuid.UUID | None = None
    route: NominationRoute
    nominating_region: str | None = Field(default=None, pattern=CODE_PATTERN)
    decision: DecisionRef
    nominated_on: CalendarDay


class CouncilReviewRequest(RequestBody):
    """The Secretariat back-fills a review from the Council's protocol."""

    recommended: bool
    protocol: DecisionRef


class SubmitRequest(RequestBody):
    submitted_on: CalendarDay
    decision: DecisionRef | None = None


class ApproveRequest(RequestBody):
    decision: DecisionRef
    effective_on: CalendarDay


class RejectRequest(RequestBody):
    decision: DecisionRef
    rejected_on: CalendarDay


class IncludeMemberRequest(RequestBody):
    """The Chairman includes a person in the Assembly (Reg2002 §14); a regional assembly's
    secretariat records that assembly's decision including a person (Law 2008 Art. 14), with
    the decision's number and date. A regional member's region is the assembly's."""

    person: PersonIn
    assembly: MembershipAssembly = _assembly_field()
    region: str | None = Field(default=None, pattern=CODE_PATTERN)
    category: MemberCategory
    association_id: uuid.UUID | None = None
    decision: DecisionRef
    effective_on: CalendarDay


class EndMembershipRequest(RequestBody):
    ground: EndGround
    effective_on: CalendarDay
    decision: DecisionRef | None = None


class CorrectNameRequest(RequestBody):
    name: PersonName
    reason: str = Field(min_length=3, max_length=1000)


class MemberState(BaseModel):
    member_id: uuid.UUID
    version: int
    status: str


class MemberPublicView(BaseModel):
    """What the public reads: names, region and standing."""

    member_id: uuid.UUID
    assembly: str
    """``national`` or the region's code of a regional assembly."""
    person_id: uuid.UUID | None
    """The natural person, the same in every assembly; None for a candidacy not decided."""
    name_kk: str
    name_ru: str
    region: str | None
    status: str
    included_on: CalendarDay | None
    ended_on: CalendarDay | None


class MemberView(MemberPublicView):
    """What the Assembly's officials and auditors read (the IIN only masked)."""

    category: MemberCategory
    route: str | None
    association_id: uuid.UUID | None
    ethnic_group: str | None
    gender: Gender | None
    iin_masked: str | None
    nomination_route: NominationRoute | None
    nominating_region: str | None
    nominated_on: CalendarDay | None
    recommended: bool | None
    submitted_on: CalendarDay | None
    rejected_on: CalendarDay | None
    end_ground: EndGround | None
    version: int


class Roster(BaseModel):
    as_of: CalendarDay
    assembly: str
    total: int
    members: list[MemberView] | list[MemberPublicView]


class HistoryEntry(BaseModel):
    version: int
    event_type: str
    recorded_at: str
    actor: str
    data: dict[str, Any]


class ChairOfTheDay(BaseModel):
    """A regional assembly's chair on the day: the akim, from the ``regional_assembly_chair``
    post (Law 2008 Art. 14)."""

    term_id: uuid.UUID
    member_id: uuid.UUID | None
    name: PersonName


class AssemblyComposition(BaseModel):
    assembly: str
    members: int
    """Its members on the day."""
    chair: ChairOfTheDay | None
    """The chair of the day (regional assemblies: the akim); None for the national Assembly,
    chaired by the President (Reg2024 §5), and for a regional assembly whose chair is not
    recorded."""
    council_members: int
    """Its council on the day: holders of ``council_member`` (the Assembly's Council,
    Reg2024 §12) or of ``regional_council_member`` (a regional assembly's, Law 2008 Art. 14)."""


class AcrossAssemblies(BaseModel):
    memberships: int
    """Memberships of all the assemblies on the day (a person in two assemblies counts twice)."""
    people: int
    """Natural persons who are a member of at least one assembly (each counted once)."""
    national_members: int
    regional_people: int
    """Natural persons who are a member of a regional assembly (each counted once)."""


class AssembliesComposition(BaseModel):
    as_of: CalendarDay
    assemblies: list[AssemblyComposition]
    total: AcrossAssemblies
