"""Who acts for which region, and the regions known: a regional assembly acts for its own
region only, the Secretariat for every one (Reg2024 §17–19; ``shared.assemblies``)."""

from __future__ import annotations

from services.monitoring import projections
from services.monitoring.domain.errors import (
    UnknownRegion,
)
from shared.application import UnitOfWork
from shared.assemblies import REGIONAL_ROLE, ensure_may_act_for
from shared.context import Actor
from shared.errors import Forbidden
from shared.reference_cache import KnownCodes

SECRETARIAT = "secretariat"


def in_scope(uow: UnitOfWork, region: str) -> None:
    """The Secretariat acts for every region; a regional assembly for its own only
    (Reg2024 §18–19): 403 ``assembly_scope`` otherwise, as in every service
    (``shared.assemblies``; a region's code names its assembly)."""
    actor = uow.actor
    if SECRETARIAT in actor.roles:
        return
    if REGIONAL_ROLE in actor.roles:
        ensure_may_act_for(actor, region)
        return
    raise Forbidden(None, reason="role_required", roles=f"{SECRETARIAT}, {REGIONAL_ROLE}")


def may_read_incident_text(actor: Actor, region: str) -> bool:
    """Where an incident happened and what happened name the people involved: read whole by
    the Secretariat, which verifies the incident (Reg2024 §17), and by the assembly of its
    region, which reports it and mediates (Reg2024 §4.15, §18–19); masked for the others."""
    if SECRETARIAT in actor.roles:
        return True
    return REGIONAL_ROLE in actor.roles and actor.region == region


# Regions come from membership's events and are never removed: served from memory once seen.
known_regions = KnownCodes(projections.monitoring.region_exists)


async def known_region(uow: UnitOfWork, region: str) -> None:
    if not await known_regions.exists(uow, region):
        raise UnknownRegion(region)  # Reg2024 §18–19
