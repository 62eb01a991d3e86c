"""Queries on the polls read models: who may vote, tallies, results, decisions, voting records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.domain.poll import Tally

# Counts: the final ones once closed; live from the ballots of an open or roll-call poll; none
# for a secret poll until its box is opened at the close (only its turnout, from the roll).
_POLL_SELECT = """
    SELECT p.poll_id, p.session_id, p.item_id, p.method, p.motion_kk, p.motion_ru,
        p.decision_kind, p.sitting_on, p.present, p.roster_total, p.required, p.rulebook,
        p.rule, p.opened_at, p.deadline, p.status, p.closed_at, p.close_reason, p.adopted,
        p.version, p.source_number, p.source_date, p.recorded_at,
        CASE WHEN p.status = 'closed' THEN p.votes_for
             WHEN p.method <> 'secret' THEN live.votes_for END AS votes_for,
        CASE WHEN p.status = 'closed' THEN p.against
             WHEN p.method <> 'secret' THEN live.against END AS against,
        CASE WHEN p.status = 'closed' THEN p.abstain
             WHEN p.method <> 'secret' THEN live.abstain END AS abstain,
        CASE WHEN p.recorded_at IS NOT NULL THEN p.votes_for + p.against + p.abstain
             WHEN p.method = 'secret'
             THEN (SELECT count(*) FROM voter_roll r WHERE r.poll_id = p.poll_id)
             ELSE live.total END AS turnout
    FROM polls p LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE v.choice = 'for') AS votes_for,
            count(*) FILTER (WHERE v.choice = 'against') AS against,
            count(*) FILTER (WHERE v.choice = 'abstain') AS abstain,
            count(*) AS total
        FROM votes v WHERE v.poll_id = p.poll_id
    ) live ON TRUE
"""
_DECISION_COLUMNS = (
    "d.decision_id, d.poll_id, d.session_id, d.item_id, d.assembly, d.kind, d.text_kk,"
    " d.text_ru, d.adopted_on, d.method, d.votes_for, d.against, d.abstain, d.present,"
    " d.required, d.rulebook, d.rule, a.outlet AS published_in, a.published_on"
)


async def item_has_open_poll(db: AsyncSession, item_id: uuid.UUID) -> bool:
    found = await db.scalar(
        text("SELECT 1 FROM polls WHERE item_id = :item AND status = 'open'"), {"item": item_id}
    )
    return found is not None


_PRESENT_AMONG = text(
    "SELECT a.member_id FROM session_attendance a JOIN sessions s USING (session_id)"
    " WHERE a.session_id = :s AND a.member_id = ANY(:m) AND a.present"
    " AND s.status = 'sitting'"
)


async def present_at_open_sitting(
    db: AsyncSession, session_id: uuid.UUID, member_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of the members registered present now at the Session's open sitting."""
    rows = await db.execute(_PRESENT_AMONG, {"s": session_id, "m": list(member_ids)})
    return set(rows.scalars())


_ON_ROLL_AMONG = text("SELECT member_id FROM voter_roll WHERE poll_id = :p AND member_id = ANY(:m)")


async def on_secret_roll(
    db: AsyncSession, poll_id: uuid.UUID, member_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of the members already on a secret poll's voter roll."""
    rows = await db.execute(_ON_ROLL_AMONG, {"p": poll_id, "m": list(member_ids)})
    return set(rows.scalars())


async def due_polls(db: AsyncSession, now: datetime) -> list[uuid.UUID]:
    """Open polls whose deadline has passed, the earliest first; not a secret poll whose box
    failed its check (closing it again would fail again: it is left to investigate)."""
    rows = await db.execute(
        text(
            "SELECT poll_id FROM polls WHERE status = 'open' AND deadline <= :now"
            " AND box_failure IS NULL"
            " ORDER BY deadline, poll_id"
        ),
        {"now": now},
    )
    return list(rows.scalars())


async def tally(db: AsyncSession, poll_id: uuid.UUID) -> Tally:
    """The ballots of an open or roll-call poll committed so far."""
    row = (
        await db.execute(
            text(
                "SELECT count(*) FILTER (WHERE choice = 'for') AS votes_for,"
                " count(*) FILTER (WHERE choice = 'against') AS against,"
                " count(*) FILTER (WHERE choice = 'abstain') AS abstain"
                " FROM votes WHERE poll_id = :p"
            ),
            {"p": poll_id},
        )
    ).one()
    return Tally(votes_for=row.votes_for, against=row.against, abstain=row.abstain)


_ROLL_BATCHES = text(
    "SELECT transaction_id::text::bigint AS batch, count(*) AS members FROM events"
    " WHERE event_type = 'SecretBallotCast' AND data->>'poll_id' = :p GROUP BY transaction_id"
)


async def roll_batches(db: AsyncSession, poll_id: uuid.UUID) -> dict[int, int]:
    """A secret poll's voter roll from the event store itself (append-only and in the audit
    log, unlike the read model): how many members each transaction put on it. The ballot
    intake commits ballots in batches, each with its voters' roll entries, so these are also
    the batches of the box (migration 0008 indexes the lookup)."""
    rows = await db.execute(_ROLL_BATCHES, {"p": str(poll_id)})
    return {int(row.batch): int(row.members) for row in rows}


_ROLL_COUNT = text(
    "SELECT count(*) FROM events WHERE event_type = 'SecretBallotCast' AND data->>'poll_id' = :p"
)


async def roll_count(db: AsyncSession, poll_id: uuid.UUID) -> int:
    """How many members are on a secret poll's voter roll, counted in the event store (a roll
    entry added there by hand, without its ballot, fails the close's check)."""
    return int(await db.scalar(_ROLL_COUNT, {"p": str(poll_id)}) or 0)


async def published_ballots(db: AsyncSession, poll_id: uuid.UUID) -> list[dict[str, Any]]:
    """A closed secret poll's ballots, in their published (shuffled) order."""
    rows = await db.execute(
        text("SELECT receipt, choice FROM published_ballots WHERE poll_id = :p ORDER BY position"),
        {"p": poll_id},
    )
    return [dict(r._mapping) for r in rows]


async def published_ballot(
    db: AsyncSession, poll_id: uuid.UUID, receipt: str
) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(
                "SELECT receipt, choice FROM published_ballots WHERE poll_id = :p AND receipt = :r"
            ),
            {"p": poll_id, "r": receipt},
        )
    ).one_or_none()
    return None if row is None else dict(row._mapping)


def _result(row: Any, now: datetime) -> dict[str, Any]:
    result = dict(row._mapping)
    deadline: datetime | None = result["deadline"]
    result["deadline_passed"] = deadline is not None and now >= deadline
    return result


async def poll(db: AsyncSession, poll_id: uuid.UUID, now: datetime) -> dict[str, Any] | None:
    """A poll with its tally; a roll-call poll with each member's vote (``ballots``)."""
    row = (
        await db.execute(
            text(f"{_POLL_SELECT} WHERE p.poll_id = :p"),
            {"p": poll_id},
        )
    ).one_or_none()
    if row is None:
        return None
    result = _result(row, now)
    result["ballots"] = None
    if result["method"] == "roll_call":
        ballots = await db.execute(
            text(
                "SELECT v.member_id, r.name_kk, r.name_ru, v.choice FROM votes v"
                " LEFT JOIN membership_replica r USING (member_id) WHERE v.poll_id = :p"
                " ORDER BY r.name_kk, v.member_id"
            ),
            {"p": poll_id},
        )
        result["ballots"] = [dict(b._mapping) for b in ballots]
    return result


async def session_polls(
    db: AsyncSession, session_id: uuid.UUID, now: datetime
) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(f"{_POLL_SELECT} WHERE p.session_id = :s ORDER BY p.opened_at, p.poll_id"),
        {"s": session_id},
    )
    return [{**_result(r, now), "ballots": None} for r in rows]


async def decisions(
    db: AsyncSession,
    *,
    session_id: uuid.UUID | None = None,
    kind: str | None = None,
    assembly: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            f"SELECT {_DECISION_COLUMNS} FROM decisions d"
            " LEFT JOIN address_publications a USING (decision_id)"
            " WHERE (CAST(:s AS uuid) IS NULL OR d.session_id = :s)"
            " AND (CAST(:kind AS text) IS NULL OR d.kind = :kind)"
            " AND (CAST(:assembly AS text) IS NULL OR d.assembly = :assembly)"
            " ORDER BY d.adopted_on DESC, d.decision_id LIMIT :limit OFFSET :offset"
        ),
        {
            "s": session_id,
            "kind": kind,
            "assembly": assembly,
            "limit": limit,
            "offset": offset,
        },
    )
    return [dict(r._mapping) for r in rows]


async def assembly_of_poll(db: AsyncSession, poll_id: uuid.UUID) -> str | None:
    """The assembly of the Session a poll belongs to; None for an unknown poll."""
    found = await db.scalar(
        text(
            "SELECT s.assembly FROM polls p JOIN sessions s USING (session_id) WHERE p.poll_id = :p"
        ),
        {"p": poll_id},
    )
    return None if found is None else str(found)


async def decision(db: AsyncSession, decision_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(
                f"SELECT {_DECISION_COLUMNS} FROM decisions d"
                " LEFT JOIN address_publications a USING (decision_id)"
                " WHERE d.decision_id = :d"
            ),
            {"d": decision_id},
        )
    ).one_or_none()
    return None if row is None else dict(row._mapping)


async def voting_record(
    db: AsyncSession, member_id: uuid.UUID, *, roll_call_only: bool
) -> list[dict[str, Any]]:
    """A member's votes in open and roll-call polls (only roll-call ones for the public)."""
    rows = await db.execute(
        text(
            "SELECT v.poll_id, v.session_id, p.item_id, p.method, p.motion_kk, p.motion_ru,"
            " v.choice, v.cast_at, p.status, p.adopted FROM votes v JOIN polls p USING (poll_id)"
            " WHERE v.member_id = :m AND p.method IN ('open', 'roll_call')"
            " AND (NOT :roll_call_only OR p.method = 'roll_call')"
            " ORDER BY v.cast_at, v.poll_id"
        ),
        {"m": member_id, "roll_call_only": roll_call_only},
    )
    return [dict(r._mapping) for r in rows]
