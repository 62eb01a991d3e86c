"""The elections read model: the Session's elections of Mazhilis deputies (2007–2022), each
candidate with the votes for and whether elected, the deputies' term and the protocol."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.domain.events import MazhilisDeputiesElected, registry
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

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


class ElectionsProjection(EventProjection):
    name = "elections"
    tables = ("election_candidates", "elections")
    registry = registry

    @applies(MazhilisDeputiesElected)
    async def elected(
        self, db: AsyncSession, event: MazhilisDeputiesElected, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _ELECTION,
            {
                "id": event.election_id,
                "session": event.session_id,
                "assembly": event.assembly,
                "sitting_on": event.sitting_on,
                "participants": event.participants,
                "seats": event.seats,
                "required": event.required,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "majority_rule": event.majority_rule,
                "term_from": event.term_from,
                "term_until": event.term_until,
                "source_number": event.source.number,
                "source_date": event.source.date,
                "recorded_at": recorded.recorded_at,
            },
        )
        for position, candidate in enumerate(event.candidates, start=1):
            await db.execute(
                _CANDIDATE,
                {
                    "id": event.election_id,
                    "position": position,
                    "kk": candidate.name.kk,
                    "ru": candidate.name.ru,
                    "member": candidate.member_id,
                    "votes_for": candidate.votes_for,
                    "elected": candidate.elected,
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
