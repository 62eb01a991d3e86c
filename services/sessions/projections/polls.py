"""The polls read models, fed by the poll and vote streams.

A ballot inserts its own row (``votes`` for an open or roll-call poll, the voter roll for a
secret one) and touches no shared row, so 400 ballots commit side by side or together (the
ballot intake's batches: ``apply_batch``); the live tally is counted from those rows. A
ballot and the closing of its poll cannot interleave: the ballot holds the poll's stream lock
in shared mode, the closing in exclusive mode (application/polls.py), so the closing counts
every ballot committed and none commits after it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent

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


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


class PollsProjection:
    name = "polls"
    tables: tuple[str, ...] = (
        "address_publications",
        "decisions",
        "published_ballots",
        "voter_roll",
        "votes",
        "polls",
    )
    event_types = frozenset(
        {
            "PollOpened",
            "PollRecorded",
            "PollClosed",
            "BallotBoxChecked",
            "BallotsPublished",
            "DecisionAdopted",
            "AddressPublished",
            "VoteCast",
            "SecretBallotCast",
        }
    )

    async def apply_batch(self, db: AsyncSession, events: Sequence[RecordedEvent]) -> None:
        """Ballots committed together (application/ballot_intake.py): one statement per kind
        for all their rows; any other event one by one."""
        ballots = [_ballot(e.data) for e in events if e.event_type == "VoteCast"]
        roll = [_roll_entry(e.data) for e in events if e.event_type == "SecretBallotCast"]
        if ballots:
            await db.execute(_BALLOT, ballots)
        if roll:
            await db.execute(_ROLL, roll)
        for event in events:
            if event.event_type not in {"VoteCast", "SecretBallotCast"}:
                await self.apply(db, event)

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        poll = uuid.UUID(d["poll_id"])
        match event.event_type:
            case "PollOpened":
                await db.execute(
                    _OPENED,
                    {
                        **_poll_row(d, event.version),
                        "opened_at": _instant(d["opened_at"]),
                        "deadline": _instant(d["deadline"]),
                    },
                )
            case "PollRecorded":
                await db.execute(
                    _RECORDED,
                    {
                        **_poll_row(d, event.version),
                        "adopted": d["adopted"],
                        "for": d["votes_for"],
                        "against": d["against"],
                        "abstain": d["abstain"],
                        "source_number": d["source"]["number"],
                        "source_date": date.fromisoformat(d["source"]["date"]),
                        "recorded_at": event.recorded_at,
                    },
                )
            case "VoteCast":
                await db.execute(_BALLOT, _ballot(d))
            case "SecretBallotCast":
                await db.execute(_ROLL, _roll_entry(d))
            case "PollClosed":
                await db.execute(
                    _CLOSED,
                    {
                        "poll": poll,
                        "closed_at": _instant(d["closed_at"]),
                        "reason": d["reason"],
                        "adopted": d["adopted"],
                        "for": d["votes_for"],
                        "against": d["against"],
                        "abstain": d["abstain"],
                        "v": event.version,
                    },
                )
            case "BallotBoxChecked":
                await db.execute(
                    _BOX_CHECKED, {"poll": poll, "failure": d["failure"], "v": event.version}
                )
            case "BallotsPublished":
                ballots = d["ballots"]
                await db.execute(
                    _PUBLISH,
                    {
                        "poll": poll,
                        "receipts": [b["receipt"] for b in ballots],
                        "choices": [b["choice"] for b in ballots],
                    },
                )
                await db.execute(_VERSION, {"poll": poll, "v": event.version})
            case "DecisionAdopted":
                await db.execute(_DECISION, _decision(d))
                await db.execute(_VERSION, {"poll": poll, "v": event.version})
            case "AddressPublished":
                await db.execute(
                    _PUBLISHED,
                    {
                        "decision": uuid.UUID(d["decision_id"]),
                        "outlet": d["outlet"],
                        "on": date.fromisoformat(d["published_on"]),
                    },
                )
                await db.execute(_VERSION, {"poll": poll, "v": event.version})


def _poll_row(d: dict[str, Any], version: int) -> dict[str, Any]:
    """What a poll's row holds however it came: opened at a sitting or recorded."""
    return {
        "poll": uuid.UUID(d["poll_id"]),
        "session": uuid.UUID(d["session_id"]),
        "item": uuid.UUID(d["item_id"]),
        "method": d["method"],
        "kk": d["motion"]["kk"],
        "ru": d["motion"]["ru"],
        "kind": d["decision_kind"],
        "sitting_on": date.fromisoformat(d["sitting_on"]),
        "present": d["present"],
        "total": d["roster_total"],
        "required": d["required"],
        "rulebook": d["rulebook"],
        "rule": d["rule"],
        "v": version,
    }


def _roll_entry(d: dict[str, Any]) -> dict[str, Any]:
    """A voter roll row: who voted in the poll, and when."""
    return {
        "poll": uuid.UUID(d["poll_id"]),
        "member": uuid.UUID(d["member_id"]),
        "session": uuid.UUID(d["session_id"]),
        "cast_at": _instant(d["cast_at"]),
    }


def _ballot(d: dict[str, Any]) -> dict[str, Any]:
    """An open or roll-call ballot's row: the roll entry and the choice."""
    return {**_roll_entry(d), "choice": d["choice"]}


def _decision(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "decision": uuid.UUID(d["decision_id"]),
        "poll": uuid.UUID(d["poll_id"]),
        "session": uuid.UUID(d["session_id"]),
        "item": uuid.UUID(d["item_id"]),
        "assembly": d["assembly"],
        "kind": d["kind"],
        "kk": d["text"]["kk"],
        "ru": d["text"]["ru"],
        "adopted_on": date.fromisoformat(d["adopted_on"]),
        "method": d["method"],
        "for": d["votes_for"],
        "against": d["against"],
        "abstain": d["abstain"],
        "present": d["present"],
        "required": d["required"],
        "rulebook": d["rulebook"],
        "rule": d["rule"],
    }
