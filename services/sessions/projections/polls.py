"""The polls read models, fed by the poll and vote streams.

A ballot's transaction adds it to its poll's tally row (an UPDATE: a short row lock, no stream
contention), guarded by ``NOT closed``; the closing marks the row closed only if it still holds
the tally the closing counted. So a ballot and a closing that race cannot both commit: the
ballot is refused (poll not open) or the closing is (the tally changed; close again).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.domain.errors import PollNotOpen, TallyChanged
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
_TALLY = text("INSERT INTO poll_tallies (poll_id) VALUES (:poll)")
_COUNT = text(
    "UPDATE poll_tallies SET votes_for = votes_for + CAST(:choice = 'for' AS integer),"
    " against = against + CAST(:choice = 'against' AS integer),"
    " abstain = abstain + CAST(:choice = 'abstain' AS integer)"
    " WHERE poll_id = :poll AND NOT closed RETURNING poll_id"
)
# Open and roll-call ballots only: a secret ballot's member and choice are never kept together.
_BALLOT = text(
    "INSERT INTO votes (poll_id, member_id, session_id, choice, cast_at)"
    " SELECT :poll, :member, :session, :choice, :cast_at FROM polls"
    " WHERE poll_id = :poll AND method IN ('open', 'roll_call')"
)
_CLOSE_TALLY = text(
    "UPDATE poll_tallies SET closed = TRUE WHERE poll_id = :poll AND NOT closed"
    " AND votes_for = :for AND against = :against AND abstain = :abstain RETURNING poll_id"
)
_CLOSED = text(
    "UPDATE polls SET status = 'closed', closed_at = :closed_at, close_reason = :reason,"
    " adopted = :adopted, version = :v WHERE poll_id = :poll"
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


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


class PollsProjection:
    name = "polls"
    tables: tuple[str, ...] = (
        "address_publications",
        "decisions",
        "votes",
        "poll_tallies",
        "polls",
    )
    event_types = frozenset(
        {"PollOpened", "PollClosed", "DecisionAdopted", "AddressPublished", "VoteCast"}
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        poll = uuid.UUID(d["poll_id"])
        match event.event_type:
            case "PollOpened":
                await db.execute(
                    _OPENED,
                    {
                        "poll": poll,
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
                        "opened_at": _instant(d["opened_at"]),
                        "deadline": _instant(d["deadline"]),
                        "v": event.version,
                    },
                )
                await db.execute(_TALLY, {"poll": poll})
            case "VoteCast":
                if await db.scalar(_COUNT, {"poll": poll, "choice": d["choice"]}) is None:
                    raise PollNotOpen(None, poll_id=str(poll))
                await db.execute(
                    _BALLOT,
                    {
                        "poll": poll,
                        "member": uuid.UUID(d["member_id"]),
                        "session": uuid.UUID(d["session_id"]),
                        "choice": d["choice"],
                        "cast_at": _instant(d["cast_at"]),
                    },
                )
            case "PollClosed":
                counted = {
                    "poll": poll,
                    "for": d["votes_for"],
                    "against": d["against"],
                    "abstain": d["abstain"],
                }
                if await db.scalar(_CLOSE_TALLY, counted) is None:
                    raise TallyChanged(None, poll_id=str(poll))
                await db.execute(
                    _CLOSED,
                    {
                        "poll": poll,
                        "closed_at": _instant(d["closed_at"]),
                        "reason": d["reason"],
                        "adopted": d["adopted"],
                        "v": event.version,
                    },
                )
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
