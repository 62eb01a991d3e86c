"""The ``members`` read model: one row per membership, with its current state."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent

_INCLUDED = text(
    """
    INSERT INTO members (member_id, name_kk, name_ru, region, category, status, included_on,
                         decision_number, decision_date, version)
    VALUES (:id, :kk, :ru, :region, :category, 'active', :on, :num, :dd, :v)
    """
)
_ENDED = text(
    "UPDATE members SET status = 'ended', ended_on = :on, end_ground = :ground, version = :v"
    " WHERE member_id = :id"
)
_RENAMED = text(
    "UPDATE members SET name_kk = :kk, name_ru = :ru, version = :v WHERE member_id = :id"
)


class MembersProjection:
    name = "members"
    tables: tuple[str, ...] = ("members",)
    event_types = frozenset({"MemberIncluded", "MembershipEnded", "MemberNameCorrected"})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        common: dict[str, Any] = {"id": uuid.UUID(d["member_id"]), "v": event.version}
        if event.event_type == "MemberIncluded":
            await db.execute(
                _INCLUDED,
                {
                    **common,
                    "kk": d["name"]["kk"],
                    "ru": d["name"]["ru"],
                    "region": d["region"],
                    "category": d["category"],
                    "on": date.fromisoformat(d["effective_on"]),
                    "num": d["decision"]["number"],
                    "dd": date.fromisoformat(d["decision"]["date"]),
                },
            )
        elif event.event_type == "MembershipEnded":
            await db.execute(
                _ENDED,
                {**common, "on": date.fromisoformat(d["effective_on"]), "ground": d["ground"]},
            )
        elif event.event_type == "MemberNameCorrected":
            await db.execute(_RENAMED, {**common, "kk": d["name"]["kk"], "ru": d["name"]["ru"]})
