"""The elections read model: the Session's elections of Mazhilis deputies (2007–2022), each
candidate with the votes for and whether elected, the deputies' term and the protocol."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent

_ELECTION = text(
    """
    INSERT INTO elections (election_id, session_id, assembly, sitting_on, participants, seats,
        required, rulebook, rule, majority_rule, term_from, term_until, source_number,
        source_date, recorded_at)
    VALUES (:id, :session, :assembly, :sitting_on, :participants, :seats, :required, :rulebook,
        :rule, :majority_rule, :term_from, :term_until, :source_number, :source_date,
        :recorded_at)
    """
)
_CANDIDATE = text(
    "INSERT INTO election_candidates (election_id, position, name_kk, name_ru, member_id,"
    " votes_for, elected) VALUES (:id, :position, :kk, :ru, :member, :votes_for, :elected)"
)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


class ElectionsProjection:
    name = "elections"
    tables: tuple[str, ...] = ("election_candidates", "elections")
    event_types = frozenset({"MazhilisDeputiesElected"})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d: dict[str, Any] = event.data
        election = uuid.UUID(d["election_id"])
        await db.execute(
            _ELECTION,
            {
                "id": election,
                "session": uuid.UUID(d["session_id"]),
                "assembly": d["assembly"],
                "sitting_on": date.fromisoformat(d["sitting_on"]),
                "participants": d["participants"],
                "seats": d["seats"],
                "required": d["required"],
                "rulebook": d["rulebook"],
                "rule": d["rule"],
                "majority_rule": d["majority_rule"],
                "term_from": date.fromisoformat(d["term_from"]),
                "term_until": _day(d["term_until"]),
                "source_number": d["source"]["number"],
                "source_date": date.fromisoformat(d["source"]["date"]),
                "recorded_at": event.recorded_at,
            },
        )
        for position, candidate in enumerate(d["candidates"], start=1):
            member = candidate["member_id"]
            await db.execute(
                _CANDIDATE,
                {
                    "id": election,
                    "position": position,
                    "kk": candidate["name"]["kk"],
                    "ru": candidate["name"]["ru"],
                    "member": None if member is None else uuid.UUID(member),
                    "votes_for": candidate["votes_for"],
                    "elected": candidate["elected"],
                },
            )


async def election(db: AsyncSession, election_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text("SELECT * FROM elections WHERE election_id = :id"), {"id": election_id}
        )
    ).one_or_none()
    if row is None:
        return None
    candidates = await db.execute(
        text(
            "SELECT name_kk, name_ru, member_id, votes_for, elected FROM election_candidates"
            " WHERE election_id = :id ORDER BY position"
        ),
        {"id": election_id},
    )
    return {**row._mapping, "candidates": [dict(c._mapping) for c in candidates]}


async def session_elections(db: AsyncSession, session_id: uuid.UUID) -> list[dict[str, Any]]:
    ids = await db.execute(
        text(
            "SELECT election_id FROM elections WHERE session_id = :id"
            " ORDER BY recorded_at, election_id"
        ),
        {"id": session_id},
    )
    found = [await election(db, election_id) for election_id in ids.scalars()]
    return [e for e in found if e is not None]
