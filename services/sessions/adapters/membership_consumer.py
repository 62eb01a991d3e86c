"""Applies ``kelisim.membership.v1`` to the sessions service's own roster projection.

Quorum is computed from the roster of the day (Reg2024 §9), so the roster keeps dates: a
member counts on day D when ``joined_on <= D`` and (``left_on`` is null or ``D < left_on``).
Each applied event also adds one row to ``roster_changes``: the platform's inbox guarantees
that a redelivered event adds none.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from shared.application import UnitOfWork
from shared.assemblies import is_national, of_event
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

MEMBERSHIP_TOPIC = topic_of("membership")

_JOINED = text(
    """
    INSERT INTO roster (member_id, name_kk, name_ru, region, joined_on, left_on)
    VALUES (:id, :kk, :ru, :region, :on, NULL)
    ON CONFLICT (member_id) DO UPDATE SET name_kk = EXCLUDED.name_kk,
        name_ru = EXCLUDED.name_ru, region = EXCLUDED.region, joined_on = EXCLUDED.joined_on,
        left_on = NULL
    """
)
_LEFT = text("UPDATE roster SET left_on = :on WHERE member_id = :id")
_RENAMED = text("UPDATE roster SET name_kk = :kk, name_ru = :ru WHERE member_id = :id")
_CHANGE = text(
    "INSERT INTO roster_changes (member_id, change, effective_on, source_event_id)"
    " VALUES (:id, :change, :on, :source)"
)


class Name(InboundContract):
    kk: str
    ru: str


class MemberIncluded(InboundContract):
    member_id: uuid.UUID
    assembly: str | None = None
    """The assembly of the membership; None (an event before regional memberships): national."""
    name: Name
    region: str | None
    """None for a member the Assembly includes without a region."""
    effective_on: date


class MembershipEnded(InboundContract):
    member_id: uuid.UUID
    assembly: str | None = None
    effective_on: date


class MemberNameCorrected(InboundContract):
    member_id: uuid.UUID
    assembly: str | None = None
    name: Name


class RegionNamed(InboundContract):
    """``RegionRegistered`` and ``RegionRenamed``: the region's code and names."""

    code: str
    name: Name


async def _record_change(
    uow: UnitOfWork,
    message: InboundEvent,
    member_id: uuid.UUID,
    change: str,
    effective_on: date | None,
) -> None:
    await uow.db.execute(
        _CHANGE,
        {"id": member_id, "change": change, "on": effective_on, "source": message.event_id},
    )


# The roster here is the Assembly's own (Reg2024 §9 counts its members): a regional
# assembly's memberships are skipped until the shared roster replica replaces this one.


@reads(MemberIncluded)
async def member_included(event: MemberIncluded, message: InboundEvent, uow: UnitOfWork) -> None:
    if not is_national(of_event(event.assembly)):
        return
    await uow.db.execute(
        _JOINED,
        {
            "id": event.member_id,
            "kk": event.name.kk,
            "ru": event.name.ru,
            "region": event.region,
            "on": event.effective_on,
        },
    )
    await _record_change(uow, message, event.member_id, "joined", event.effective_on)


@reads(MembershipEnded)
async def membership_ended(event: MembershipEnded, message: InboundEvent, uow: UnitOfWork) -> None:
    if not is_national(of_event(event.assembly)):
        return
    await uow.db.execute(_LEFT, {"id": event.member_id, "on": event.effective_on})
    await _record_change(uow, message, event.member_id, "left", event.effective_on)


@reads(MemberNameCorrected)
async def member_renamed(
    event: MemberNameCorrected, message: InboundEvent, uow: UnitOfWork
) -> None:
    if not is_national(of_event(event.assembly)):
        return
    await uow.db.execute(
        _RENAMED, {"id": event.member_id, "kk": event.name.kk, "ru": event.name.ru}
    )
    await _record_change(uow, message, event.member_id, "renamed", None)


_REGION = text(
    "INSERT INTO regions (code, name_kk, name_ru) VALUES (:code, :kk, :ru)"
    " ON CONFLICT (code) DO UPDATE SET name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru"
)


@reads(RegionNamed)
async def region_named(event: RegionNamed, message: InboundEvent, uow: UnitOfWork) -> None:
    """A region's names, for protocols that list members with their region."""
    await uow.db.execute(_REGION, {"code": event.code, "kk": event.name.kk, "ru": event.name.ru})


HANDLERS: dict[str, Handler] = {
    "MemberIncluded": member_included,
    "MembershipEnded": membership_ended,
    "MemberNameCorrected": member_renamed,
    "RegionRegistered": region_named,
    "RegionRenamed": region_named,
}
