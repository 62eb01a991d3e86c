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
from shared.messaging.consumer import Handler
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


async def _record_change(
    uow: UnitOfWork, event: InboundEvent, change: str, effective_on: date | None
) -> None:
    await uow.db.execute(
        _CHANGE,
        {
            "id": uuid.UUID(event.data["member_id"]),
            "change": change,
            "on": effective_on,
            "source": event.event_id,
        },
    )


async def member_included(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    on = date.fromisoformat(d["effective_on"])
    await uow.db.execute(
        _JOINED,
        {
            "id": uuid.UUID(d["member_id"]),
            "kk": d["name"]["kk"],
            "ru": d["name"]["ru"],
            "region": d["region"],
            "on": on,
        },
    )
    await _record_change(uow, event, "joined", on)


async def membership_ended(event: InboundEvent, uow: UnitOfWork) -> None:
    on = date.fromisoformat(event.data["effective_on"])
    await uow.db.execute(_LEFT, {"id": uuid.UUID(event.data["member_id"]), "on": on})
    await _record_change(uow, event, "left", on)


async def member_renamed(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(
        _RENAMED, {"id": uuid.UUID(d["member_id"]), "kk": d["name"]["kk"], "ru": d["name"]["ru"]}
    )
    await _record_change(uow, event, "renamed", None)


_REGION = text(
    "INSERT INTO regions (code, name_kk, name_ru) VALUES (:code, :kk, :ru)"
    " ON CONFLICT (code) DO UPDATE SET name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru"
)


async def region_named(event: InboundEvent, uow: UnitOfWork) -> None:
    """A region's names, for protocols that list members with their region."""
    d = event.data
    await uow.db.execute(_REGION, {"code": d["code"], "kk": d["name"]["kk"], "ru": d["name"]["ru"]})


HANDLERS: dict[str, Handler] = {
    "MemberIncluded": member_included,
    "MembershipEnded": membership_ended,
    "MemberNameCorrected": member_renamed,
    "RegionRegistered": region_named,
    "RegionRenamed": region_named,
}
