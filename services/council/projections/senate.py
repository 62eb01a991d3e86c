"""The Senate-candidate proposals read model (Law 2008 Art. 14; Reg2024 §13), fed by the
proposal streams and by the meetings that put them on their agenda: each proposal, pending or on
a meeting's agenda (which meeting, which item, since when). ``senate_proposal_agenda`` holds
one row per proposal placed: its key refuses a second placement made concurrently. Its writer
and its queries."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.council.domain.events import (
    SenateCandidateProposed,
    SenateProposalsPutOnAgenda,
    registry,
)
from services.council.projections.meetings import of_assembly
from shared.assemblies import codes_of
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

_PROPOSED = text(
    """
    INSERT INTO senate_proposals (proposal_id, assembly, candidate_kk, candidate_ru,
        decision_number, decision_date, submitted_on, rulebook, rule, status, version)
    VALUES (:id, :assembly, :kk, :ru, :number, :date, :on, :rulebook, :rule, 'pending', :v)
    """
)
_PLACED = text(
    "INSERT INTO senate_proposal_agenda (proposal_id, meeting_id, item_id, put_on)"
    " VALUES (:id, :meeting, :item, :on)"
)
_ON_AGENDA = text(
    "UPDATE senate_proposals SET status = 'on_agenda', meeting_id = :meeting, item_id = :item,"
    " put_on = :on WHERE proposal_id = :id"
)


class SenateProposalsProjection(EventProjection):
    name = "senate_proposals"
    tables = ("senate_proposal_agenda", "senate_proposals")
    registry = registry

    @applies(SenateCandidateProposed)
    async def proposed(
        self, db: AsyncSession, event: SenateCandidateProposed, rec: RecordedEvent
    ) -> None:
        await db.execute(
            _PROPOSED,
            {
                "id": event.proposal_id,
                "assembly": event.assembly,
                "kk": event.candidate.kk,
                "ru": event.candidate.ru,
                "number": event.decision.number,
                "date": event.decision.date,
                "on": event.submitted_on,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "v": rec.version,
            },
        )

    @applies(SenateProposalsPutOnAgenda)
    async def put_on_agenda(
        self, db: AsyncSession, event: SenateProposalsPutOnAgenda, rec: RecordedEvent
    ) -> None:
        placed = {"meeting": event.meeting_id, "item": event.item.item_id, "on": event.put_on}
        for proposal in event.proposals:
            await db.execute(_PLACED, {"id": proposal, **placed})
            await db.execute(_ON_AGENDA, {"id": proposal, **placed})


# -- queries -------------------------------------------------------------------------------


async def senate_proposals(
    db: AsyncSession, assembly: str | None, status: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    """The proposals, oldest first; by assembly (``shared.assemblies.codes_of``) and status."""
    rows = await db.execute(
        text(
            f"SELECT * FROM senate_proposals WHERE {of_assembly('assembly')}"
            " AND (CAST(:status AS text) IS NULL OR status = :status)"
            " ORDER BY submitted_on, assembly, proposal_id LIMIT :limit OFFSET :offset"
        ),
        {"assemblies": codes_of(assembly), "status": status, "limit": limit,
         "offset": offset},
    )  # fmt: skip
    return [dict(r._mapping) for r in rows]


async def senate_proposal_statuses(
    db: AsyncSession, proposal_ids: tuple[uuid.UUID, ...]
) -> dict[uuid.UUID, str]:
    rows = await db.execute(
        text("SELECT proposal_id, status FROM senate_proposals WHERE proposal_id = ANY(:ids)"),
        {"ids": list(proposal_ids)},
    )
    return {r.proposal_id: r.status for r in rows}
