"""The sessions read models, fed by the Session and extraordinary-request streams."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.domain.events import (
    AgendaItem,
    AgendaItemAdded,
    AgendaItemWithdrawn,
    AgendaReordered,
    AttendanceRegistered,
    AttendanceWithdrawn,
    DecisionRef,
    ExtraordinaryRequestSigned,
    ExtraordinaryRequestSupported,
    ExtraordinarySessionRequested,
    RulesOfProcedureAdopted,
    SessionCancelled,
    SessionConvened,
    SessionPostponed,
    SessionRecorded,
    SittingClosed,
    SittingOpened,
    registry,
)
from shared import roster
from shared.assemblies import (
    ASSEMBLIES,
    codes_of,
    roster_of,
)
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies
from shared.rulebooks import (
    NoRulebookInForce,
    Rulebook,
    assembly_rulebook_on,
    rulebook,
    rulebook_on,
    session_quorum,
    sessions_per_year_sufficient,
)

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


class SessionsProjection(EventProjection):
    name = "sessions"
    tables = (
        "session_attendance",
        "session_agenda",
        "session_postponements",
        "extraordinary_request_signatures",
        "extraordinary_requests",
        "sessions",
    )
    registry = registry

    @applies(SessionConvened)
    async def convened(
        self, db: AsyncSession, event: SessionConvened, recorded: RecordedEvent
    ) -> None:
        sid = event.session_id
        await db.execute(
            _CONVENED,
            {
                "id": sid,
                "v": recorded.version,
                "assembly": event.assembly,
                "kind": event.kind,
                "initiative": event.initiative,
                "request": event.request_id,
                "opens_on": event.opens_on,
                "place": event.place,
                "announced_on": event.announced_on,
                "deadline": event.deadline,
                "rulebook": event.rulebook,
                "rule": event.rule,
            },
        )
        for position, item in enumerate(event.agenda, start=1):
            await db.execute(_AGENDA_ITEM, _item(sid, item, position, None))
        if event.request_id is not None:
            await db.execute(_REQUEST_CONVENED, {"id": sid, "rid": event.request_id})

    @applies(SessionRecorded)
    async def session_recorded(
        self, db: AsyncSession, event: SessionRecorded, recorded: RecordedEvent
    ) -> None:
        sid = event.session_id
        await db.execute(
            _RECORDED,
            {
                "id": sid,
                "v": recorded.version,
                "assembly": event.assembly,
                "kind": event.kind,
                "on": event.sitting_on,
                "place": event.place,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "present": event.present,
                "total": event.roster_total,
                "source_number": event.source.number,
                "source_date": event.source.date,
                "recorded_at": recorded.recorded_at,
            },
        )
        for position, item in enumerate(event.agenda, start=1):
            await db.execute(_AGENDA_ITEM, _item(sid, item, position, None))

    @applies(SessionPostponed)
    async def postponed(
        self, db: AsyncSession, event: SessionPostponed, recorded: RecordedEvent
    ) -> None:
        common = {"id": event.session_id, "v": recorded.version}
        await db.execute(_POSTPONED, {**common, "opens_on": event.opens_on})
        await db.execute(
            _POSTPONEMENT,
            {
                **common,
                "previous": event.previous_opens_on,
                "opens_on": event.opens_on,
                "reason": event.reason,
                "on": event.postponed_on,
                "rule": event.rule,
            },
        )

    @applies(SessionCancelled)
    async def cancelled(
        self, db: AsyncSession, event: SessionCancelled, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _CANCELLED,
            {
                "id": event.session_id,
                "v": recorded.version,
                "reason": event.reason,
                "on": event.cancelled_on,
            },
        )

    @applies(SittingOpened)
    async def opened(self, db: AsyncSession, event: SittingOpened, recorded: RecordedEvent) -> None:
        await db.execute(
            _OPENED, {"id": event.session_id, "v": recorded.version, "on": event.sitting_on}
        )

    @applies(SittingClosed)
    async def closed(self, db: AsyncSession, event: SittingClosed, recorded: RecordedEvent) -> None:
        await db.execute(
            _CLOSED, {"id": event.session_id, "v": recorded.version, "on": event.closed_on}
        )

    @applies(AttendanceRegistered)
    async def registered(
        self, db: AsyncSession, event: AttendanceRegistered, recorded: RecordedEvent
    ) -> None:
        sid = event.session_id
        await db.execute(_PRESENT, {"id": sid, "member": event.member_id, "by": event.by})
        await db.execute(_VERSION, {"id": sid, "v": recorded.version})

    @applies(AttendanceWithdrawn)
    async def withdrawn(
        self, db: AsyncSession, event: AttendanceWithdrawn, recorded: RecordedEvent
    ) -> None:
        sid = event.session_id
        await db.execute(_ABSENT, {"id": sid, "member": event.member_id, "by": event.by})
        await db.execute(_VERSION, {"id": sid, "v": recorded.version})

    @applies(AgendaItemAdded)
    async def item_added(
        self, db: AsyncSession, event: AgendaItemAdded, recorded: RecordedEvent
    ) -> None:
        sid = event.session_id
        await db.execute(_SHIFT_UP, {"id": sid, "position": event.position})
        await db.execute(_AGENDA_ITEM, _item(sid, event.item, event.position, event.decision_ref))
        await db.execute(_VERSION, {"id": sid, "v": recorded.version})

    @applies(AgendaReordered)
    async def reordered(
        self, db: AsyncSession, event: AgendaReordered, recorded: RecordedEvent
    ) -> None:
        sid = event.session_id
        await db.execute(_REORDER, {"id": sid, "order": list(event.order)})
        await db.execute(_VERSION, {"id": sid, "v": recorded.version})

    @applies(AgendaItemWithdrawn)
    async def item_withdrawn(
        self, db: AsyncSession, event: AgendaItemWithdrawn, recorded: RecordedEvent
    ) -> None:
        sid, item = event.session_id, event.item_id
        position = await db.scalar(
            text("SELECT position FROM session_agenda WHERE session_id = :id AND item_id = :item"),
            {"id": sid, "item": item},
        )
        await db.execute(
            text(
                "UPDATE session_agenda SET position = NULL, withdrawn_by = :decision"
                " WHERE session_id = :id AND item_id = :item"
            ),
            {"id": sid, "item": item, "decision": event.decision_ref},
        )
        if position is not None:
            await db.execute(_SHIFT_DOWN, {"id": sid, "position": position})
        await db.execute(_VERSION, {"id": sid, "v": recorded.version})

    @applies(RulesOfProcedureAdopted)
    async def rules_adopted(
        self, db: AsyncSession, event: RulesOfProcedureAdopted, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _RULES,
            {"id": event.session_id, "v": recorded.version, "decision": event.decision_ref},
        )

    @applies(ExtraordinarySessionRequested)
    async def requested(
        self, db: AsyncSession, event: ExtraordinarySessionRequested, recorded: RecordedEvent
    ) -> None:
        agenda = [item.model_dump(mode="json") for item in event.agenda]
        await db.execute(
            _REQUESTED,
            {
                "rid": event.request_id,
                "v": recorded.version,
                "assembly": event.assembly,
                "reason": event.reason,
                "agenda": json.dumps(agenda, ensure_ascii=False),
                "by": event.requested_by,
                "on": event.requested_on,
                "total": event.roster_total,
                "required": event.required,
                "rulebook": event.rulebook,
                "rule": event.rule,
            },
        )

    @applies(ExtraordinaryRequestSigned)
    async def signed(
        self, db: AsyncSession, event: ExtraordinaryRequestSigned, recorded: RecordedEvent
    ) -> None:
        rid = event.request_id
        await db.execute(_SIGNATURE, {"rid": rid, "member": event.member_id, "on": event.signed_on})
        await db.execute(
            _SIGNED,
            {
                "rid": rid,
                "v": recorded.version,
                "signatures": event.signatures,
                "total": event.roster_total,
                "required": event.required,
                "rulebook": event.rulebook,
                "rule": event.rule,
            },
        )

    @applies(ExtraordinaryRequestSupported)
    async def supported(
        self, db: AsyncSession, event: ExtraordinaryRequestSupported, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _SUPPORTED,
            {
                "rid": event.request_id,
                "v": recorded.version,
                "on": event.supported_on,
                "required": event.required,
                "rulebook": event.rulebook,
                "rule": event.rule,
            },
        )


def _item(
    sid: uuid.UUID, item: AgendaItem, position: int, decision: DecisionRef | None
) -> dict[str, Any]:
    return {
        "id": sid,
        "item": item.item_id,
        "position": position,
        "kk": item.title.kk,
        "ru": item.title.ru,
        "provisional": decision is None,
        "decision": decision,
    }


# -- queries ---------------------------------------------------------------------------------


_SESSION_COLUMNS = (
    "session_id, assembly, kind, initiative, request_id, status, opens_on, place, announced_on,"
    " deadline, rulebook, rule, postponements, cancel_reason, cancelled_on, sitting_on,"
    " recorded_present, recorded_roster_total, source_number, source_date, recorded_at,"
    " closed_on, rules_of_procedure, version"
)
_REQUEST_COLUMNS = (
    "request_id, assembly, reason, agenda, requested_by, requested_on, signatures, roster_total,"
    " required, rulebook, rule, supported_on, session_id, version"
)


async def list_sessions(
    db: AsyncSession,
    *,
    assembly: str | None = None,
    year: int | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Sessions, latest first; ``assembly`` matches by ``shared.assemblies.codes_of`` (``national``
    finds the national Assembly's, recorded under its rulebooks' codes ``apk`` and ``hk``)."""
    rows = await db.execute(
        text(
            f"SELECT {_SESSION_COLUMNS} FROM sessions"
            " WHERE (CAST(:assemblies AS text[]) IS NULL"
            " OR assembly = ANY(CAST(:assemblies AS text[])))"
            " AND (CAST(:year AS integer) IS NULL OR extract(year FROM opens_on) = :year)"
            " AND (CAST(:status AS text) IS NULL OR status = :status)"
            " ORDER BY opens_on DESC, session_id LIMIT :limit OFFSET :offset"
        ),
        {
            "assemblies": codes_of(assembly),
            "year": year,
            "status": status,
            "limit": limit,
            "offset": offset,
        },
    )
    return [dict(r._mapping) for r in rows]


async def session(db: AsyncSession, session_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE session_id = :id"),
            {"id": session_id},
        )
    ).one_or_none()
    return None if row is None else dict(row._mapping)


async def agenda(db: AsyncSession, session_id: uuid.UUID) -> list[dict[str, Any]]:
    """Items on the agenda in order, then withdrawn items (``position`` null)."""
    rows = await db.execute(
        text(
            "SELECT item_id, position, title_kk, title_ru, provisional, added_by, withdrawn_by"
            " FROM session_agenda WHERE session_id = :id"
            " ORDER BY position NULLS LAST, item_id"
        ),
        {"id": session_id},
    )
    return [dict(r._mapping) for r in rows]


async def postponements(db: AsyncSession, session_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await db.execute(
        text(
            "SELECT previous_opens_on, opens_on, reason, postponed_on, rule"
            " FROM session_postponements WHERE session_id = :id ORDER BY version"
        ),
        {"id": session_id},
    )
    return [dict(r._mapping) for r in rows]


async def attendance(db: AsyncSession, session_id: uuid.UUID) -> list[dict[str, Any]]:
    """Members registered at the sitting (and withdrawn ones, ``present`` false)."""
    rows = await db.execute(
        text(
            "SELECT a.member_id, r.name_kk, r.name_ru, a.present, a.registered_by,"
            " a.withdrawn_by FROM session_attendance a"
            " LEFT JOIN membership_replica r ON r.member_id = a.member_id"
            " WHERE a.session_id = :id ORDER BY r.name_kk, a.member_id"
        ),
        {"id": session_id},
    )
    return [dict(r._mapping) for r in rows]


async def quorum(db: AsyncSession, row: dict[str, Any]) -> dict[str, Any] | None:
    """The live quorum of a Session's sitting (Reg2024 §9): members present of all members on
    the roster of the sitting's day, under the rulebook in force that day. ``None`` before
    the sitting opens."""
    day: date | None = row["sitting_on"]
    if day is None:
        return None
    if row.get("recorded_present") is not None:  # recorded: judged then, by the book named
        book = rulebook(row["rulebook"], row["assembly"])
        recorded = session_quorum(book, row["recorded_present"], row["recorded_roster_total"])
        return {
            "sitting_on": day, "open": False, "present": recorded.actual,
            "total": row["recorded_roster_total"], "required": recorded.required,
            "quorate": recorded.satisfied, "rulebook": recorded.rulebook, "rule": recorded.rule,
            "provisional": recorded.provisional,
        }  # fmt: skip
    total = await roster.count_on(db, row["assembly"], day)
    present = await db.scalar(
        text(
            "SELECT count(*) FROM session_attendance a JOIN membership_replica r USING (member_id)"
            f" WHERE a.session_id = :id AND a.present AND {roster.member_on_day()}"
        ),
        {"id": row["session_id"], "roster": roster_of(row["assembly"]), "day": day},
    )
    verdict = session_quorum(rulebook_on(day, row["assembly"]), int(present or 0), total)
    return {
        "sitting_on": day,
        "open": row["status"] == "sitting",
        "present": verdict.actual,
        "total": total,
        "required": verdict.required,
        "quorate": verdict.satisfied,
        "rulebook": verdict.rulebook,
        "rule": verdict.rule,
        "provisional": verdict.provisional,
    }


async def years_without_session(
    db: AsyncSession, to_year: int, from_year: int | None = None, assembly: str = "apk"
) -> dict[str, Any]:
    """Years in which fewer Sessions were held than the rulebook requires (Reg2002 §8: at
    least one a year). A Session counts as held in the year of its sitting; the national
    Assembly's under any of its codes (``shared.assemblies.codes_of``: the Assembly's and,
    after the succession, the Halyq Kenesi's). Each year is judged by the rulebook in force on
    its last day; years before any rulebook are skipped.

    Without ``from_year``: from the first year with data (a Session or a member's joining).
    """
    codes = codes_of(assembly) or [assembly]
    if from_year is None:
        first_session = await db.scalar(
            text("SELECT min(opens_on) FROM sessions WHERE assembly = ANY(CAST(:a AS text[]))"),
            {"a": codes},
        )
        candidates = [y for y in (await roster.first_year(db, assembly),) if y is not None]
        if first_session is not None:
            candidates.append(first_session.year)
        from_year = min(candidates, default=to_year)
    rows = await db.execute(
        text(
            "SELECT CAST(extract(year FROM sitting_on) AS integer) AS year, count(*) AS held"
            " FROM sessions WHERE assembly = ANY(CAST(:a AS text[])) AND sitting_on IS NOT NULL"
            " AND extract(year FROM sitting_on) BETWEEN :f AND :t GROUP BY 1"
        ),
        {"a": codes, "f": from_year, "t": to_year},
    )
    held = {int(r.year): int(r.held) for r in rows}
    years: list[dict[str, Any]] = []
    for year in range(from_year, to_year + 1):
        book = _rulebook_of_year(year, assembly)
        if book is None:
            continue
        verdict = sessions_per_year_sufficient(book, held.get(year, 0))
        if not verdict.satisfied:
            years.append(
                {
                    "year": year,
                    "held": verdict.actual,
                    "required": verdict.required,
                    "rulebook": verdict.rulebook,
                    "rule": verdict.rule,
                }
            )
    return {"assembly": assembly, "from_year": from_year, "to_year": to_year, "years": years}


def _rulebook_of_year(year: int, assembly: str) -> Rulebook | None:
    """The assembly's rulebook in force on the year's last day; None before any."""
    try:
        return assembly_rulebook_on(date(year, 12, 31), assembly)
    except NoRulebookInForce:
        return None


async def held_by_assembly(db: AsyncSession, year: int) -> list[dict[str, Any]]:
    """Sessions held in ``year`` by each of the 21 assemblies (a Session counts as held in the
    year of its sitting), the national Assembly's under any of its codes counted together, in
    the order of ``shared.assemblies.ASSEMBLIES``."""
    rows = await db.execute(
        text(
            "SELECT assembly, count(*) AS held FROM sessions"
            " WHERE sitting_on IS NOT NULL AND extract(year FROM sitting_on) = :y"
            " GROUP BY assembly"
        ),
        {"y": year},
    )
    held = dict.fromkeys(ASSEMBLIES, 0)
    for row in rows:
        key = roster_of(row.assembly)
        if key in held:
            held[key] += int(row.held)
    return [{"assembly": assembly, "held": count} for assembly, count in held.items()]


async def list_requests(
    db: AsyncSession,
    *,
    supported: bool | None = None,
    assembly: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Members' requests, latest first; ``assembly`` matches by ``shared.assemblies.codes_of``
    (``national`` finds the national Assembly's, recorded under its rulebooks' codes ``apk`` and
    ``hk``)."""
    rows = await db.execute(
        text(
            f"SELECT {_REQUEST_COLUMNS} FROM extraordinary_requests"
            " WHERE (CAST(:supported AS boolean) IS NULL"
            " OR (supported_on IS NOT NULL) = :supported)"
            " AND (CAST(:assemblies AS text[]) IS NULL"
            " OR assembly = ANY(CAST(:assemblies AS text[])))"
            " ORDER BY requested_on DESC, request_id LIMIT :limit OFFSET :offset"
        ),
        {
            "supported": supported,
            "assemblies": codes_of(assembly),
            "limit": limit,
            "offset": offset,
        },
    )
    return [dict(r._mapping) for r in rows]


async def request(db: AsyncSession, request_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(f"SELECT {_REQUEST_COLUMNS} FROM extraordinary_requests WHERE request_id = :id"),
            {"id": request_id},
        )
    ).one_or_none()
    return None if row is None else dict(row._mapping)


async def request_session(db: AsyncSession, request_id: uuid.UUID) -> uuid.UUID | None:
    """The Session convened on a request, if any."""
    found = await db.scalar(
        text("SELECT session_id FROM sessions WHERE request_id = :id"), {"id": request_id}
    )
    return found if isinstance(found, uuid.UUID) else None
