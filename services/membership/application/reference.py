"""Reference-data command handlers (one unit of work each).

The handlers load an entry from its stream (the source of truth: a duplicate code is refused
by the aggregate, a concurrent duplicate by the stream's version) and check references to
other entries (an association's region and ethnic group) on the read models, which are
updated in the same transaction as every append and so never lag.

Other slices look entries up in the read models (``projections/regions.py``,
``ethnic_groups.py``, ``associations.py``) inside their own unit of work, or through the
in-memory ``known_regions`` and ``known_ethnic_groups`` here.
"""

from __future__ import annotations

import uuid

from services.membership.domain.commands import (
    CloseAssociation,
    RegisterAssociation,
    RegisterEthnicGroup,
    RenameAssociation,
    RenameEthnicGroup,
    RenameRegion,
)
from services.membership.domain.errors import UnknownEthnicGroup, UnknownRegion
from services.membership.domain.reference import Association, EthnicGroup, Region
from services.membership.projections.ethnic_groups import ethnic_group_exists
from services.membership.projections.regions import region_exists
from shared.application import Repository, UnitOfWork
from shared.reference_cache import KnownCodes

regions = Repository(Region)
ethnic_groups = Repository(EthnicGroup)
associations = Repository(Association)

# Regions and ethnic groups are registered and renamed, never removed: the codes a command
# names are served from memory once seen (``shared.reference_cache``).
known_regions = KnownCodes(region_exists)
known_ethnic_groups = KnownCodes(ethnic_group_exists)


# ---------------------------------------------------------------------------------------------
# Handlers


async def _region(uow: UnitOfWork, code: str, expected_version: int | None) -> Region:
    return await regions.load(uow, code, expected_version)


async def _ethnic_group(uow: UnitOfWork, code: str, expected_version: int | None) -> EthnicGroup:
    return await ethnic_groups.load(uow, code, expected_version)


async def _association(
    uow: UnitOfWork, association_id: uuid.UUID, expected_version: int | None
) -> Association:
    return await associations.load(uow, str(association_id), expected_version)


async def rename_region(command: RenameRegion, uow: UnitOfWork) -> Region:
    """Regions are fixed by the administrative division: the Secretariat only renames them."""
    region = await _region(uow, command.code, command.expected_version)
    region.rename(command.name, command.reason)
    await regions.save(uow, region)
    return region


async def register_ethnic_group(command: RegisterEthnicGroup, uow: UnitOfWork) -> EthnicGroup:
    group = await ethnic_groups.get(uow, command.code) or EthnicGroup(command.code)
    group.register(command.name)
    await ethnic_groups.save(uow, group)
    known_ethnic_groups.registered(uow, command.code)
    return group


async def rename_ethnic_group(command: RenameEthnicGroup, uow: UnitOfWork) -> EthnicGroup:
    group = await _ethnic_group(uow, command.code, command.expected_version)
    group.rename(command.name, command.reason)
    await ethnic_groups.save(uow, group)
    return group


async def register_association(command: RegisterAssociation, uow: UnitOfWork) -> Association:
    new = Association(str(uuid.uuid4()))
    new.register(command.name, command.level, command.kind, command.region, command.ethnic_group)
    if command.region is not None and not await region_exists(uow.db, command.region):
        raise UnknownRegion(command.region)
    if command.ethnic_group is not None and not await ethnic_group_exists(
        uow.db, command.ethnic_group
    ):
        raise UnknownEthnicGroup(command.ethnic_group)
    await associations.save(uow, new)
    return new


async def rename_association(command: RenameAssociation, uow: UnitOfWork) -> Association:
    found = await _association(uow, command.association_id, command.expected_version)
    found.rename(command.name, command.reason)
    await associations.save(uow, found)
    return found


async def close_association(command: CloseAssociation, uow: UnitOfWork) -> Association:
    found = await _association(uow, command.association_id, command.expected_version)
    found.close(command.closed_on, command.reason)
    await associations.save(uow, found)
    return found
