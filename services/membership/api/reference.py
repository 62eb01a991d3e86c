"""Reference-data routes: regions, ethnic groups, associations (``/v1/reference``).

Everyone reads them, the anonymous public too. Only the Secretariat changes them, as events;
a change to an entry may carry ``If-Match: "<version>"`` (the version a GET answered in
``ETag``), and is refused with 412 when the entry has changed since.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from services.membership.api.auth import Secretariat
from services.membership.application import reference
from services.membership.domain.commands import (
    CloseAssociation,
    RegisterAssociation,
    RegisterEthnicGroup,
    RenameAssociation,
    RenameEthnicGroup,
    RenameRegion,
)
from services.membership.domain.events import (
    CODE_PATTERN,
    AssociationKind,
    AssociationLevel,
    AssociationStatus,
    Names,
    Reason,
    RegionKind,
)
from services.membership.domain.reference import Association, EthnicGroup, Region
from services.membership.projections import associations, ethnic_groups, regions
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Offset
from shared.dates import CalendarDay
from shared.errors import NotFound

router = APIRouter(prefix="/v1/reference", tags=["reference data"])

CodePath = Annotated[str, Path(pattern=CODE_PATTERN, max_length=40)]
CodeQuery = Annotated[str | None, Query(pattern=CODE_PATTERN, max_length=40)]


# ---------------------------------------------------------------------------------------------
# Request and response bodies


class RenameRequest(RequestBody):
    name: Names
    reason: Reason
    """Why: the decree or decision renaming it, or the spelling corrected."""


class RegisterEthnicGroupRequest(RequestBody):
    code: str = Field(pattern=CODE_PATTERN)
    name: Names


class RegisterAssociationRequest(RequestBody):
    name: Names
    level: AssociationLevel
    kind: AssociationKind
    region: str | None = Field(default=None, pattern=CODE_PATTERN)
    """Required for a regional association, absent for a republican one (Reg2002 §14)."""
    ethnic_group: str | None = Field(default=None, pattern=CODE_PATTERN)
    """Required for an ethnocultural association, absent otherwise (Reg2002 §13–14)."""


class CloseAssociationRequest(RequestBody):
    closed_on: CalendarDay
    reason: Reason


class EntryState(BaseModel):
    code: str
    version: int


class AssociationState(BaseModel):
    association_id: uuid.UUID
    version: int
    status: AssociationStatus


class RegionView(BaseModel):
    code: str
    kind: RegionKind
    name: Names
    version: int


class EthnicGroupView(BaseModel):
    code: str
    name: Names
    version: int


class AssociationView(BaseModel):
    association_id: uuid.UUID
    name: Names
    level: AssociationLevel
    kind: AssociationKind
    region: str | None
    ethnic_group: str | None
    status: AssociationStatus
    closed_on: CalendarDay | None
    version: int


def _entry(entry: Region | EthnicGroup) -> JsonDict:
    """A command's answer: the entry's code and stream version."""
    return EntryState(code=entry.code, version=entry.version).model_dump(mode="json")


def _association(association: Association) -> JsonDict:
    """A command's answer: the association's id, stream version and status."""
    assert association.status is not None
    body = AssociationState(
        association_id=association.association_id,
        version=association.version,
        status=association.status,
    )
    return body.model_dump(mode="json")


def _etag(response: Response, row: dict[str, Any]) -> None:
    response.headers["ETag"] = f'"{row["version"]}"'


# ---------------------------------------------------------------------------------------------
# Regions (Reg2024 §18–19)


@router.get("/regions", response_model=list[RegionView])
async def list_regions(platform: PlatformDep, kind: RegionKind | None = None) -> list[RegionView]:
    """The regions, cities of republican significance and the capital: the capital first."""
    async with platform.sessions() as db:
        rows = await regions.list_regions(db, kind=kind)
    return [RegionView.model_validate(r) for r in rows]


@router.get("/regions/{code}", response_model=RegionView)
async def get_region(code: CodePath, platform: PlatformDep, response: Response) -> RegionView:
    async with platform.sessions() as db:
        row = await regions.get_region(db, code)
    if row is None:
        raise NotFound(None, resource="region", id=code)
    _etag(response, row)
    return RegionView.model_validate(row)


@router.post("/regions/{code}/renaming", response_model=EntryState)
@router.post(
    "/regions/{code}/rename",
    response_model=EntryState,
    deprecated=True,
    operation_id="renameRegionAtOldPath",
    description="Deprecated path: POST `/regions/{code}/renaming`.",
)
async def rename_region(
    code: CodePath,
    body: RenameRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Rename a region. Regions are fixed by the administrative division: none is added or
    removed through the API (Reg2024 §18–19)."""
    command = RenameRegion(code, body.name, body.reason, parse_if_match(if_match))
    return await commands.execute(reference.rename_region, command, _entry)


# ---------------------------------------------------------------------------------------------
# Ethnic groups


@router.get("/ethnic-groups", response_model=list[EthnicGroupView])
async def list_ethnic_groups(platform: PlatformDep) -> list[EthnicGroupView]:
    async with platform.sessions() as db:
        rows = await ethnic_groups.list_ethnic_groups(db)
    return [EthnicGroupView.model_validate(r) for r in rows]


@router.get("/ethnic-groups/{code}", response_model=EthnicGroupView)
async def get_ethnic_group(
    code: CodePath, platform: PlatformDep, response: Response
) -> EthnicGroupView:
    async with platform.sessions() as db:
        row = await ethnic_groups.get_ethnic_group(db, code)
    if row is None:
        raise NotFound(None, resource="ethnic_group", id=code)
    _etag(response, row)
    return EthnicGroupView.model_validate(row)


@router.post("/ethnic-groups", status_code=201, response_model=EntryState)
async def register_ethnic_group(
    body: RegisterEthnicGroupRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Register an ethnic group under a new code (a code is taken once)."""
    command = RegisterEthnicGroup(body.code, body.name)
    return await commands.execute(reference.register_ethnic_group, command, _entry, 201)


@router.post("/ethnic-groups/{code}/renaming", response_model=EntryState)
@router.post(
    "/ethnic-groups/{code}/rename",
    response_model=EntryState,
    deprecated=True,
    operation_id="renameEthnicGroupAtOldPath",
    description="Deprecated path: POST `/ethnic-groups/{code}/renaming`.",
)
async def rename_ethnic_group(
    code: CodePath,
    body: RenameRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = RenameEthnicGroup(code, body.name, body.reason, parse_if_match(if_match))
    return await commands.execute(reference.rename_ethnic_group, command, _entry)


# ---------------------------------------------------------------------------------------------
# Associations (Reg2002 §13–14)


@router.get("/associations", response_model=list[AssociationView])
async def list_associations(
    platform: PlatformDep,
    region: CodeQuery = None,
    level: AssociationLevel | None = None,
    kind: AssociationKind | None = None,
    ethnic_group: CodeQuery = None,
    status: Literal["active", "closed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[AssociationView]:
    async with platform.sessions() as db:
        rows = await associations.list_associations(
            db,
            region=region,
            level=level,
            kind=kind,
            ethnic_group=ethnic_group,
            status=status,
            limit=limit,
            offset=offset,
        )
    return [AssociationView.model_validate(r) for r in rows]


@router.get("/associations/{association_id}", response_model=AssociationView)
async def get_association(
    association_id: uuid.UUID, platform: PlatformDep, response: Response
) -> AssociationView:
    async with platform.sessions() as db:
        row = await associations.get_association(db, association_id)
    if row is None:
        raise NotFound(None, resource="association", id=str(association_id))
    _etag(response, row)
    return AssociationView.model_validate(row)


@router.post("/associations", status_code=201, response_model=AssociationState)
async def register_association(
    body: RegisterAssociationRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Register an ethnocultural or other public association, republican or regional."""
    command = RegisterAssociation(body.name, body.level, body.kind, body.region, body.ethnic_group)
    return await commands.execute(reference.register_association, command, _association, 201)


@router.post("/associations/{association_id}/renaming", response_model=AssociationState)
@router.post(
    "/associations/{association_id}/rename",
    response_model=AssociationState,
    deprecated=True,
    operation_id="renameAssociationAtOldPath",
    description="Deprecated path: POST `/associations/{association_id}/renaming`.",
)
async def rename_association(
    association_id: uuid.UUID,
    body: RenameRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = RenameAssociation(association_id, body.name, body.reason, parse_if_match(if_match))
    return await commands.execute(reference.rename_association, command, _association)


@router.post("/associations/{association_id}/closure", response_model=AssociationState)
@router.post(
    "/associations/{association_id}/close",
    response_model=AssociationState,
    deprecated=True,
    operation_id="closeAssociationAtOldPath",
    description="Deprecated path: POST `/associations/{association_id}/closure`.",
)
async def close_association(
    association_id: uuid.UUID,
    body: CloseAssociationRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Record that an association ceased; its history stays, it can no longer be changed."""
    command = CloseAssociation(
        association_id, body.closed_on, body.reason, parse_if_match(if_match)
    )
    return await commands.execute(reference.close_association, command, _association)
