"""The polls read models, fed by the poll and vote streams.

A ballot inserts its own row (``votes`` for an open or roll-call poll, the voter roll for a
secret one) and touches no shared row, so 400 ballots commit side by side or together (the
ballot intake's batches: ``apply_batch``); the live tally is counted from those rows. Why the
closing counts every ballot committed and none after it: the lock modes, told in
``application/polls.py``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.domain.events import (
    AddressPublished,
    BallotBoxChecked,
    BallotsPublished,
    DecisionAdopted,
    PollClosed,
    PollOpened,
    PollRecorded,
    SecretBallotCast,
    VoteCast,
    registry,
)
from services.sessions.domain.poll import Tally
from shared.assemblies import codes_of
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

_OPENED = text(
    """
    INSERT INTO polls (poll_id, session_id, item_id, method, motion_kk, motion_ru, decision_kind,
        sitting_on, present, roster_total, required, rulebook, rule, opened_at, deadline, status,
        version)
    VALUES (:poll, :session, :item, :method, :kk, :ru, :kind, :sitting_on, :present, :total,
        :required, :rulebook, :rule, :opened_at, :deadline, 'open', :v)
    """
)
_RECORDED = text(
    """
    INSERT INTO polls (poll_id, session_id, item_id, method, motion_kk, motion_ru, decision_kind,
        sitting_on, present, roster_total, required, rulebook, rule, status, adopted, votes_for,
        against, abstain, source_number, source_date, recorded_at, version)
    VALUES (:poll, :session, :item, :method, :kk, :ru, :kind, :sitting_on, :present, :total,
        :required, :rulebook, :rule, 'closed', :adopted, :for, :against, :abstain,
        :source_number, :source_date, :recorded_at, :v)
    """
)
# Open and roll-call ballots (VoteCast is never recorded for a secret poll).
_BALLOT = text(
    "INSERT INTO votes (poll_id, member_id, session_id, choice, cast_at)"
    " VALUES (:poll, :member, :session, :choice, :cast_at)"
)
_ROLL = text(
    "INSERT INTO voter_roll (poll_id, member_id, session_id, cast_at)"
    " VALUES (:poll, :member, :session, :cast_at)"
)
_PUBLISH = text(
    "INSERT INTO published_ballots (poll_id, position, receipt, choice)"
    " SELECT :poll, b.position, b.receipt, b.choice"
    " FROM unnest(CAST(:receipts AS text[]), CAST(:choices AS text[]))"
    " WITH ORDINALITY AS b (receipt, choice, position)"
)
_CLOSED = text(
    "UPDATE polls SET status = 'closed', closed_at = :closed_at, close_reason = :reason,"
    " adopted = :adopted, votes_for = :for, against = :against, abstain = :abstain,"
    " version = :v WHERE poll_id = :poll"
)
_DECISION = text(
    """
    INSERT INTO decisions (decision_id, poll_id, session_id, item_id, assembly, kind, text_kk,
        text_ru, adopted_on, method, votes_for, against, abstain, present, required, rulebook,
        rule)
    VALUES (:decision, :poll, :session, :item, :assembly, :kind, :kk, :ru, :adopted_on, :method,
        :for, :against, :abstain, :present, :required, :rulebook, :rule)
    """
)
_PUBLISHED = text(
    "INSERT INTO address_publications (decision_id, outlet, published_on)"
    " VALUES (:decision, :outlet, :on)"
)
_VERSION = text("UPDATE polls SET version = :v WHERE poll_id = :poll")
_BOX_CHECKED = text("UPDATE polls SET box_failure = :failure, version = :v WHERE poll_id = :poll")


class PollsProjection(EventProjection):
    name = "polls"
    tables = (
        "address_publications",
        "decisions",
        "published_ballots",
        "voter_roll",
        "votes",
        "polls",
    )
    registry = registry

    async def apply_batch(self, db: AsyncSession, events: Sequence[RecordedEvent]) -> None:
        """Ballots committed together (application/ballot_intake.py): one statement per kind
        for all their rows; any other event one by one."""
        ballots, roll, others = [], [], []
        for recorded in events:
            event = self.registry.load(recorded)
            if isinstance(event, VoteCast):
                ballots.append(_ballot(event))
            elif isinstance(event, SecretBallotCast):
                roll.append(_roll_entry(event))
            else:
                others.append(recorded)
        if ballots:
            await db.execute(_BALLOT, ballots)
        if roll:
            await db.execute(_ROLL, roll)
        for recorded in others:
            await self.apply(db, recorded)

    @applies(PollOpened)
    async def opened(self, db: AsyncSession, event: PollOpened, recorded: RecordedEvent) -> None:
        await db.execute(
            _OPENED,
            {
                **_poll_row(event, recorded.version),
                "opened_at": event.opened_at,
                "deadline": event.deadline,
            },
        )

    @applies(PollRecorded)
    async def poll_recorded(
        self, db: AsyncSession, event: PollRecorded, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _RECORDED,
            {
                **_poll_row(event, recorded.version),
                "adopted": event.adopted,
                "for": event.votes_for,
                "against": event.against,
                "abstain": event.abstain,
                "source_number": event.source.number,
                "source_date": event.source.date,
                "recorded_at": recorded.recorded_at,
            },
        )

    @applies(VoteCast)
    async def vote_cast(self, db: AsyncSession, event: VoteCast, recorded: RecordedEvent) -> None:
        await db.execute(_BALLOT, _ballot(event))

    @applies(SecretBallotCast)
    async def secret_ballot_cast(
        self, db: AsyncSession, event: SecretBallotCast, recorded: RecordedEvent
    ) -> None:
        await db.execute(_ROLL, _roll_entry(event))

    @applies(PollClosed)
    async def closed(self, db: AsyncSession, event: PollClosed, recorded: RecordedEvent) -> None:
        await db.execute(
            _CLOSED,
            {
                "poll": event.poll_id,
                "closed_at": event.closed_at,
                "reason": event.reason,
                "adopted": event.adopted,
                "for": event.votes_for,
                "against": event.against,
                "abstain": event.abstain,
                "v": recorded.version,
            },
        )

    @applies(BallotBoxChecked)
    async def box_checked(
        self, db: AsyncSession, event: BallotBoxChecked, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _BOX_CHECKED, {"poll": event.poll_id, "failure": event.failure, "v": recorded.version}
        )

    @applies(BallotsPublished)
    async def ballots_published(
        self, db: AsyncSession, event: BallotsPublished, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _PUBLISH,
            {
                "poll": event.poll_id,
                "receipts": [b.receipt for b in event.ballots],
                "choices": [str(b.choice) for b in event.ballots],
            },
        )
        await db.execute(_VERSION, {"poll": event.poll_id, "v": recorded.version})

    @applies(DecisionAdopted)
    async def decision_adopted(
        self, db: AsyncSession, event: DecisionAdopted, recorded: RecordedEvent
    ) -> None:
        await db.execute(_DECISION, _decision(event))
        await db.execute(_VERSION, {"poll": event.poll_id, "v": recorded.version})

    @applies(AddressPublished)
    async def address_published(
        self, db: AsyncSession, event: AddressPublished, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _PUBLISHED,
            {"decision": event.decision_id, "outlet": event.outlet, "on": event.published_on},
        )
        await db.execute(_VERSION, {"poll": event.poll_id, "v": recorded.version})


def _poll_row(event: PollOpened | PollRecorded, version: int) -> dict[str, Any]:
    """What a poll's row holds however it came: opened at a sitting or recorded."""
    return {
        "poll": event.poll_id,
        "session": event.session_id,
        "item": event.item_id,
        "method": event.method,
        "kk": event.motion.kk,
        "ru": event.motion.ru,
        "kind": event.decision_kind,
        "sitting_on": event.sitting_on,
        "present": event.present,
        "total": event.roster_total,
        "required": event.required,
        "rulebook": event.rulebook,
        "rule": event.rule,
        "v": version,
    }


def _roll_entry(event: VoteCast | SecretBallotCast) -> dict[str, Any]:
    """A voter roll row: who voted in the poll, and when."""
    return {
        "poll": event.poll_id,
        "member": event.member_id,
        "session": event.session_id,
        "cast_at": event.cast_at,
    }


def _ballot(event: VoteCast) -> dict[str, Any]:
    """An open or roll-call ballot's row: the roll entry and the choice."""
    return {**_roll_entry(event), "choice": event.choice}


def _decision(event: DecisionAdopted) -> dict[str, Any]:
    return {
        "decision": event.decision_id,
        "poll": event.poll_id,
        "session": event.session_id,
        "item": event.item_id,
        "assembly": event.assembly,
        "kind": event.kind,
        "kk": event.text.kk,
        "ru": event.text.ru,
        "adopted_on": event.adopted_on,
        "method": event.method,
        "for": event.votes_for,
        "against": event.against,
        "abstain": event.abstain,
        "present": event.present,
        "required": event.required,
        "rulebook": event.rulebook,
        "rule": event.rule,
    }


# -- queries ---------------------------------------------------------------------------------


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
    """The Sessions' decisions, latest first; ``assembly`` matches by ``shared.assemblies.codes_of``
    (``national`` finds the national Assembly's, recorded under its rulebooks' codes ``apk`` and
    ``hk``)."""
    rows = await db.execute(
        text(
            f"SELECT {_DECISION_COLUMNS} FROM decisions d"
            " LEFT JOIN address_publications a USING (decision_id)"
            " WHERE (CAST(:s AS uuid) IS NULL OR d.session_id = :s)"
            " AND (CAST(:kind AS text) IS NULL OR d.kind = :kind)"
            " AND (CAST(:assemblies AS text[]) IS NULL"
            " OR d.assembly = ANY(CAST(:assemblies AS text[])))"
            " ORDER BY d.adopted_on DESC, d.decision_id LIMIT :limit OFFSET :offset"
        ),
        {
            "s": session_id,
            "kind": kind,
            "assemblies": codes_of(assembly),
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
