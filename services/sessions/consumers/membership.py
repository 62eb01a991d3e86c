"""Applies ``kelisim.membership.v1`` to the sessions service's projections of membership.

- the membership replica (``shared.roster``: ``MemberIncluded``, ``MembershipEnded``,
  ``MemberNameCorrected``): quorum is computed from the roster of the Session's assembly on
  the sitting's day (Reg2024 §9; Law 2008 Art. 14), and each applied event adds one row to
  ``roster_changes``;
- the regions' names (``RegionRegistered``, ``RegionRenamed``), for protocols that list
  members with their region.

The platform's inbox guarantees that a redelivered event is applied once.
"""

from __future__ import annotations

from sqlalchemy import text

from shared import roster
from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

MEMBERSHIP_TOPIC = topic_of("membership")

_REGION = text(
    "INSERT INTO regions (code, name_kk, name_ru) VALUES (:code, :kk, :ru)"
    " ON CONFLICT (code) DO UPDATE SET name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru"
)


class RegionNamed(InboundContract):
    """``RegionRegistered`` and ``RegionRenamed``: the region's code and names."""

    code: str
    name: roster.Name


@reads(RegionNamed)
async def region_named(event: RegionNamed, message: InboundEvent, uow: UnitOfWork) -> None:
    """A region's names, for protocols that list members with their region."""
    await uow.db.execute(_REGION, {"code": event.code, "kk": event.name.kk, "ru": event.name.ru})


HANDLERS: dict[str, Handler] = {
    **roster.HANDLERS,
    "RegionRegistered": region_named,
    "RegionRenamed": region_named,
}
