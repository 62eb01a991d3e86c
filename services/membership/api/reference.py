"""Reference-data routes: regions, ethnic groups, associations (``/v1/reference``).

Everyone reads them, the anonymous public too. Only the Secretariat changes them, as events;
a change to an entry may carry ``If-Match: "<version>"`` (the version a GET answered in
``ETag``), and is refused with 412 when the entry has changed since.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from services.membership.application import reference as handlers
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
from services.membership.projections import reference as queries
from shared.api.auth import require_roles
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import CommandResult, UnitOfWork
from shared.bounds import Offset
from shared.context import Actor
from shared.dates import CalendarDay
from shared.errors import NotFound
from shared.i18n import register_messages

router = APIRouter(prefix="/v1/reference", tags=["reference data"])

Secretariat = Annotated[Actor, Depends(require_roles("secretariat"))]
CodePath = Annotated[str, Path(pattern=CODE_PATTERN, max_length=40)]
CodeQuery = Annotated[str | None, Query(pattern=CODE_PATTERN, max_length=40)]


# ---------------------------------------------------------------------------------------------
# Request and response bodies


class RenameRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Names
    reason: Reason
    """Why: the decree or decision renaming it, or the spelling corrected."""


class RegisterEthnicGroupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    name: Names


class RegisterAssociationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Names
    level: AssociationLevel
    kind: AssociationKind
    region: str | None = Field(default=None, pattern=CODE_PATTERN)
    """Required for a regional association, absent for a republican one (Reg2002 §14)."""
    ethnic_group: str | None = Field(default=None, pattern=CODE_PATTERN)
    """Required for an ethnocultural association, absent otherwise (Reg2002 §13–14)."""


class CloseAssociationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

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


def _entry(entry: Region | EthnicGroup, status: int = 200) -> CommandResult:
    body = EntryState(code=entry.code, version=entry.version)
    return CommandResult(status, body.model_dump(mode="json"))


def _association(association: Association, status: int = 200) -> CommandResult:
    assert association.status is not None
    body = AssociationState(
        association_id=association.association_id,
        version=association.version,
        status=association.status,
    )
    return CommandResult(status, body.model_dump(mode="json"))


def _etag(response: Response, row: dict[str, Any]) -> None:
    response.headers["ETag"] = f'"{row["version"]}"'


# ---------------------------------------------------------------------------------------------
# Regions (Reg2024 §18–19)


@router.get("/regions", response_model=list[RegionView])
async def list_regions(platform: PlatformDep, kind: RegionKind | None = None) -> list[RegionView]:
    """The regions, cities of republican significance and the capital: the capital first."""
    async with platform.sessions() as db:
        rows = await queries.list_regions(db, kind=kind)
    return [RegionView.model_validate(r) for r in rows]


@router.get("/regions/{code}", response_model=RegionView)
async def get_region(code: CodePath, platform: PlatformDep, response: Response) -> RegionView:
    async with platform.sessions() as db:
        row = await queries.get_region(db, code)
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

    async def work(uow: UnitOfWork) -> CommandResult:
        return _entry(await handlers.rename_region(command, uow))

    return await commands.run(work)


# ---------------------------------------------------------------------------------------------
# Ethnic groups


@router.get("/ethnic-groups", response_model=list[EthnicGroupView])
async def list_ethnic_groups(platform: PlatformDep) -> list[EthnicGroupView]:
    async with platform.sessions() as db:
        rows = await queries.list_ethnic_groups(db)
    return [EthnicGroupView.model_validate(r) for r in rows]


@router.get("/ethnic-groups/{code}", response_model=EthnicGroupView)
async def get_ethnic_group(
    code: CodePath, platform: PlatformDep, response: Response
) -> EthnicGroupView:
    async with platform.sessions() as db:
        row = await queries.get_ethnic_group(db, code)
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

    async def work(uow: UnitOfWork) -> CommandResult:
        return _entry(await handlers.register_ethnic_group(command, uow), 201)

    return await commands.run(work)


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

    async def work(uow: UnitOfWork) -> CommandResult:
        return _entry(await handlers.rename_ethnic_group(command, uow))

    return await commands.run(work)


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
        rows = await queries.list_associations(
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
        row = await queries.get_association(db, association_id)
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

    async def work(uow: UnitOfWork) -> CommandResult:
        return _association(await handlers.register_association(command, uow), 201)

    return await commands.run(work)


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

    async def work(uow: UnitOfWork) -> CommandResult:
        return _association(await handlers.rename_association(command, uow))

    return await commands.run(work)


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

    async def work(uow: UnitOfWork) -> CommandResult:
        return _association(await handlers.close_association(command, uow))

    return await commands.run(work)


# ---------------------------------------------------------------------------------------------
# Messages of the refusals above, in Kazakh, Russian and English

register_messages(
    {
        "title.region_already_registered": {
            "kk": "Өңір бұрын тіркелген",
            "ru": "Регион уже зарегистрирован",
            "en": "Region already registered",
        },
        "region_already_registered": {
            "kk": "«{region}» кодымен өңір бұрын тіркелген.",
            "ru": "Регион с кодом «{region}» уже зарегистрирован.",
            "en": "A region with the code “{region}” is already registered.",
        },
        "title.ethnic_group_already_registered": {
            "kk": "Этнос бұрын тіркелген",
            "ru": "Этнос уже зарегистрирован",
            "en": "Ethnic group already registered",
        },
        "ethnic_group_already_registered": {
            "kk": "«{ethnic_group}» кодымен этнос бұрын тіркелген; код бір рет қана беріледі.",
            "ru": "Этнос с кодом «{ethnic_group}» уже зарегистрирован; код присваивается один раз.",
            "en": (
                "An ethnic group with the code “{ethnic_group}” is already registered; "
                "a code is assigned only once."
            ),
        },
        "title.association_already_registered": {
            "kk": "Бірлестік бұрын тіркелген",
            "ru": "Объединение уже зарегистрировано",
            "en": "Association already registered",
        },
        "association_already_registered": {
            "kk": "Бұл бірлестік бұрын тіркелген.",
            "ru": "Это объединение уже зарегистрировано.",
            "en": "This association is already registered.",
        },
        "title.association_closed": {
            "kk": "Бірлестік жабылған",
            "ru": "Объединение закрыто",
            "en": "Association closed",
        },
        "association_closed": {
            "kk": "Бұл бірлестік жабылған; оны өзгертуге болмайды.",
            "ru": "Это объединение закрыто; изменения не допускаются.",
            "en": "This association is closed; it can no longer be changed.",
        },
        "regional_association_needs_region": {
            "kk": "Өңірлік бірлестік үшін оның өңірі көрсетілуі керек ({rule}).",
            "ru": "Для регионального объединения должен быть указан его регион ({rule}).",
            "en": "A regional association must name its region ({rule}).",
        },
        "republican_association_has_no_region": {
            "kk": (
                "Республикалық бірлестік бүкіл ел аумағында әрекет етеді: "
                "өңір көрсетілмейді ({rule})."
            ),
            "ru": (
                "Республиканское объединение действует на всей территории страны: "
                "регион не указывается ({rule})."
            ),
            "en": (
                "A republican association acts throughout the country: it names no region ({rule})."
            ),
        },
        "ethnocultural_association_needs_ethnic_group": {
            "kk": "Этномәдени бірлестік үшін ол өкілдік ететін этнос көрсетілуі керек ({rule}).",
            "ru": (
                "Для этнокультурного объединения должен быть указан этнос, "
                "который оно представляет ({rule})."
            ),
            "en": "An ethnocultural association must name the ethnic group it represents ({rule}).",
        },
        "ethnic_group_only_for_ethnocultural": {
            "kk": "Этнос тек этномәдени бірлестік үшін көрсетіледі ({rule}).",
            "ru": "Этнос указывается только для этнокультурного объединения ({rule}).",
            "en": "An ethnic group is named only for an ethnocultural association ({rule}).",
        },
        "unknown_region": {
            "kk": (
                "«{region}» өңірі анықтамалықта жоқ: облыстардың, республикалық маңызы бар "
                "қалалардың және астананың бірін көрсетіңіз ({rule})."
            ),
            "ru": (
                "Региона «{region}» нет в справочнике: укажите одну из областей, городов "
                "республиканского значения или столицу ({rule})."
            ),
            "en": (
                "The region “{region}” is not in the reference data: name one of the regions, "
                "cities of republican significance or the capital ({rule})."
            ),
        },
        "unknown_ethnic_group": {
            "kk": (
                "«{ethnic_group}» этносы анықтамалықта жоқ; оны алдымен Хатшылық "
                "тіркеуі керек ({rule})."
            ),
            "ru": (
                "Этноса «{ethnic_group}» нет в справочнике; сначала его должен "
                "зарегистрировать Секретариат ({rule})."
            ),
            "en": (
                "The ethnic group “{ethnic_group}” is not in the reference data; "
                "the Secretariat must register it first ({rule})."
            ),
        },
    }
)
