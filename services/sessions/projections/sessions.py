"""The sessions read models, fed by the Session and extraordinary-request streams."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent

_CONVENED = text(
    """
    INSERT INTO sessions (session_id, assembly, kind, initiative, request_id, status, opens_on,
        place, announced_on, deadline, rulebook, rule, version)
    VALUES (:id, :assembly, :kind, :initiative, :request, 'convened', :opens_on, :place,
        :announced_on, :deadline, :rulebook, :rule, :v)
    """
)
_RECORDED = text(
    """
    INSERT INTO sessions (session_id, assembly, kind, status, opens_on, place, rulebook, rule,
        sitting_on, closed_on, recorded_present, recorded_roster_total, source_number,
        source_date, recorded_at, version)
    VALUES (:id, :assembly, :kind, 'held', :on, :place, :rulebook, :rule, :on, :on, :present,
        :total, :source_number, :source_date, :recorded_at, :v)
    """
)
_AGENDA_ITEM = text(
    "INSERT INTO session_agenda (session_id, item_id, position, title_kk, title_ru, provisional,"
    " added_by) VALUES (:id, :item, :position, :kk, :ru, :provisional, :decision)"
)
_SHIFT_UP = text(
    "UPDATE session_agenda SET position = position + 1"
    " WHERE session_id = :id AND position >= :position"
)
_SHIFT_DOWN = text(
    "UPDATE session_agenda SET position = position - 1"
    " WHERE session_id = :id AND position > :position"
)
_REORDER = text(
    "UPDATE session_agenda SET position = array_position(CAST(:order AS uuid[]), item_id)"
    " WHERE session_id = :id AND item_id = ANY(CAST(:order AS uuid[]))"
)
_POSTPONED = text(
    "UPDATE sessions SET opens_on = :opens_on, postponements = postponements + 1, version = :v"
    " WHERE session_id = :id"
)
_POSTPONEMENT = text(
    "INSERT INTO session_postponements (session_id, version, previous_opens_on, opens_on, reason,"
    " postponed_on, rule) VALUES (:id, :v, :previous, :opens_on, :reason, :on, :rule)"
)
_CANCELLED = text(
    "UPDATE sessions SET status = 'cancelled', cancel_reason = :reason, cancelled_on = :on,"
    " version = :v WHERE session_id = :id"
)
_OPENED = text(
    "UPDATE sessions SET status = 'sitting', sitting_on = :on, version = :v WHERE session_id = :id"
)
_CLOSED = text(
    "UPDATE sessions SET status = 'held', closed_on = :on, version = :v WHERE session_id = :id"
)
_VERSION = text("UPDATE sessions SET version = :v WHERE session_id = :id")
_RULES = text(
    "UPDATE sessions SET rules_of_procedure = :decision, version = :v WHERE session_id = :id"
)
_PRESENT = text(
    """
    INSERT INTO session_attendance (session_id, member_id, present, registered_by)
    VALUES (:id, :member, TRUE, :by)
    ON CONFLICT (session_id, member_id) DO UPDATE SET present = TRUE,
        registered_by = EXCLUDED.registered_by, withdrawn_by = NULL
    """
)
_ABSENT = text(
    "UPDATE session_attendance SET present = FALSE, withdrawn_by = :by"
    " WHERE session_id = :id AND member_id = :member"
)
_REQUESTED = text(
    """
    INSERT INTO extraordinary_requests (request_id, assembly, reason, agenda, requested_by,
        requested_on, roster_total, required, rulebook, rule, version)
    VALUES (:rid, :assembly, :reason, CAST(:agenda AS jsonb), :by, :on, :total, :required,
        :rulebook, :rule, :v)
    """
)
_SIGNED = text(
    "UPDATE extraordinary_requests SET signatures = :signatures, roster_total = :total,"
    " required = :required, rulebook = :rulebook, rule = :rule, version = :v"
    " WHERE request_id = :rid"
)
_SIGNATURE = text(
    "INSERT INTO extraordinary_request_signatures (request_id, member_id, signed_on)"
    " VALUES (:rid, :member, :on)"
)
_SUPPORTED = text(
    "UPDATE extraordinary_requests SET supported_on = :on, required = :required,"
    " rulebook = :rulebook, rule = :rule, version = :v WHERE request_id = :rid"
)
_REQUEST_CONVENED = text(
    "UPDATE extraordinary_requests SET session_id = :id WHERE request_id = :rid"
)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


class SessionsProjection:
    name = "sessions"
    tables: tuple[str, ...] = (
        "session_attendance",
        "session_agenda",
        "session_postponements",
        "extraordinary_request_signatures",
        "extraordinary_requests",
        "sessions",
    )
    event_types = frozenset(
        {
            "SessionConvened",
            "SessionRecorded",
            "SessionPostponed",
            "SessionCancelled",
            "SittingOpened",
            "SittingClosed",
            "AttendanceRegistered",
            "AttendanceWithdrawn",
            "AgendaItemAdded",
            "AgendaReordered",
            "AgendaItemWithdrawn",
            "RulesOfProcedureAdopted",
            "ExtraordinarySessionRequested",
            "ExtraordinaryRequestSigned",
            "ExtraordinaryRequestSupported",
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        if event.stream_type == "session-request":
            await self._request(db, event)
            return
        sid = uuid.UUID(d["session_id"])
        common: dict[str, Any] = {"id": sid, "v": event.version}
        match event.event_type:
            case "SessionConvened":
                request = d["request_id"]
                await db.execute(
                    _CONVENED,
                    {
                        **common,
                        "assembly": d["assembly"],
                        "kind": d["kind"],
                        "initiative": d["initiative"],
                        "request": None if request is None else uuid.UUID(request),
                        "opens_on": date.fromisoformat(d["opens_on"]),
                        "place": d["place"],
                        "announced_on": date.fromisoformat(d["announced_on"]),
                        "deadline": _day(d["deadline"]),
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                    },
                )
                for position, item in enumerate(d["agenda"], start=1):
                    await db.execute(_AGENDA_ITEM, _item(sid, item, position, None))
                if request is not None:
                    await db.execute(_REQUEST_CONVENED, {"id": sid, "rid": uuid.UUID(request)})
            case "SessionRecorded":
                source = d["source"]
                await db.execute(
                    _RECORDED,
                    {
                        **common,
                        "assembly": d["assembly"],
                        "kind": d["kind"],
                        "on": date.fromisoformat(d["sitting_on"]),
                        "place": d["place"],
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                        "present": d["present"],
                        "total": d["roster_total"],
                        "source_number": source["number"],
                        "source_date": date.fromisoformat(source["date"]),
                        "recorded_at": event.recorded_at,
                    },
                )
                for position, item in enumerate(d["agenda"], start=1):
                    await db.execute(_AGENDA_ITEM, _item(sid, item, position, None))
            case "SessionPostponed":
                await db.execute(
                    _POSTPONED, {**common, "opens_on": date.fromisoformat(d["opens_on"])}
                )
                await db.execute(
                    _POSTPONEMENT,
                    {
                        **common,
                        "previous": date.fromisoformat(d["previous_opens_on"]),
                        "opens_on": date.fromisoformat(d["opens_on"]),
                        "reason": d["reason"],
                        "on": date.fromisoformat(d["postponed_on"]),
                        "rule": d["rule"],
                    },
                )
            case "SessionCancelled":
                await db.execute(
                    _CANCELLED,
                    {**common, "reason": d["reason"], "on": date.fromisoformat(d["cancelled_on"])},
                )
            case "SittingOpened":
                await db.execute(_OPENED, {**common, "on": date.fromisoformat(d["sitting_on"])})
            case "SittingClosed":
                await db.execute(_CLOSED, {**common, "on": date.fromisoformat(d["closed_on"])})
            case "AttendanceRegistered":
                await db.execute(
                    _PRESENT, {"id": sid, "member": uuid.UUID(d["member_id"]), "by": d["by"]}
                )
                await db.execute(_VERSION, common)
            case "AttendanceWithdrawn":
                await db.execute(
                    _ABSENT, {"id": sid, "member": uuid.UUID(d["member_id"]), "by": d["by"]}
                )
                await db.execute(_VERSION, common)
            case "AgendaItemAdded":
                await db.execute(_SHIFT_UP, {"id": sid, "position": d["position"]})
                await db.execute(
                    _AGENDA_ITEM, _item(sid, d["item"], d["position"], d["decision_ref"])
                )
                await db.execute(_VERSION, common)
            case "AgendaReordered":
                await db.execute(_REORDER, {"id": sid, "order": [uuid.UUID(i) for i in d["order"]]})
                await db.execute(_VERSION, common)
            case "AgendaItemWithdrawn":
                item = uuid.UUID(d["item_id"])
                position = await db.scalar(
                    text(
                        "SELECT position FROM session_agenda"
                        " WHERE session_id = :id AND item_id = :item"
                    ),
                    {"id": sid, "item": item},
                )
                await db.execute(
                    text(
                        "UPDATE session_agenda SET position = NULL, withdrawn_by = :decision"
                        " WHERE session_id = :id AND item_id = :item"
                    ),
                    {"id": sid, "item": item, "decision": d["decision_ref"]},
                )
                if position is not None:
                    await db.execute(_SHIFT_DOWN, {"id": sid, "position": position})
                await db.execute(_VERSION, common)
            case "RulesOfProcedureAdopted":
                await db.execute(_RULES, {**common, "decision": d["decision_ref"]})

    async def _request(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        common: dict[str, Any] = {"rid": uuid.UUID(d["request_id"]), "v": event.version}
        match event.event_type:
            case "ExtraordinarySessionRequested":
                await db.execute(
                    _REQUESTED,
                    {
                        **common,
                        "assembly": d["assembly"],
                        "reason": d["reason"],
                        "agenda": json.dumps(d["agenda"], ensure_ascii=False),
                        "by": uuid.UUID(d["requested_by"]),
                        "on": date.fromisoformat(d["requested_on"]),
                        "total": d["roster_total"],
                        "required": d["required"],
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                    },
                )
            case "ExtraordinaryRequestSigned":
                await db.execute(
                    _SIGNATURE,
                    {
                        "rid": common["rid"],
                        "member": uuid.UUID(d["member_id"]),
                        "on": date.fromisoformat(d["signed_on"]),
                    },
                )
                await db.execute(
                    _SIGNED,
                    {
                        **common,
                        "signatures": d["signatures"],
                        "total": d["roster_total"],
                        "required": d["required"],
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                    },
                )
            case "ExtraordinaryRequestSupported":
                await db.execute(
                    _SUPPORTED,
                    {
                        **common,
                        "on": date.fromisoformat(d["supported_on"]),
                        "required": d["required"],
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                    },
                )


def _item(
    sid: uuid.UUID, item: dict[str, Any], position: int, decision: str | None
) -> dict[str, Any]:
    return {
        "id": sid,
        "item": uuid.UUID(item["item_id"]),
        "position": position,
        "kk": item["title"]["kk"],
        "ru": item["title"]["ru"],
        "provisional": decision is None,
        "decision": decision,
    }
