"""Queries on monitoring's read models: lists, the overdue list, statistics, dashboards."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.monitoring.domain.events import GoodDirection, Severity, Thresholds
from services.monitoring.domain.indicators import level_of
from services.monitoring.projections import regional_reports

Row = dict[str, Any]

OPEN_APPEAL = "('registered', 'assigned')"
OPEN_INCIDENT = "('reported', 'verified', 'in_mediation')"


async def _all(db: AsyncSession, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
    return [dict(r._mapping) for r in await db.execute(text(sql), params or {})]


async def _one(db: AsyncSession, sql: str, params: dict[str, Any]) -> Row | None:
    row = (await db.execute(text(sql), params)).one_or_none()
    return None if row is None else dict(row._mapping)


async def _page(
    db: AsyncSession,
    source: str,
    filters: dict[str, str | None],
    order_by: str,
    limit: int,
    offset: int,
) -> list[Row]:
    """A page of ``source`` (``<columns> FROM <table>``) where each of ``filters`` (a column
    and its value) matches when given; a filter left ``None`` is no filter."""
    where = " AND ".join(f"(CAST(:{c} AS text) IS NULL OR {c} = :{c})" for c in filters)
    return await _all(
        db,
        f"SELECT {source} WHERE {where} ORDER BY {order_by} LIMIT :limit OFFSET :offset",
        {**filters, "limit": limit, "offset": offset},
    )


async def _by_id(db: AsyncSession, source: str, key: str, value: object) -> Row | None:
    """The one row of ``source`` (``<columns> FROM <table>``) whose ``key`` is ``value``."""
    return await _one(db, f"SELECT {source} WHERE {key} = :id", {"id": value})


# -- reference data -----------------------------------------------------------------------------


async def regions(db: AsyncSession, on: date) -> list[Row]:
    return await _all(
        db,
        "SELECT r.code, r.kind, r.name_kk, r.name_ru, r.name_en, c.name_kk AS chair_kk,"
        " c.name_ru AS chair_ru, c.member_id AS chair_member_id FROM regions r"
        " LEFT JOIN LATERAL (SELECT * FROM regional_assembly_chairs c WHERE c.region = r.code"
        " AND c.start_on <= :on AND (c.end_on IS NULL OR :on < c.end_on)"
        " ORDER BY c.start_on DESC LIMIT 1) c ON TRUE ORDER BY r.code",
        {"on": on},
    )


async def region_exists(db: AsyncSession, code: str) -> bool:
    found = await _one(db, "SELECT 1 AS x FROM regions WHERE code = :c", {"c": code})
    return found is not None


async def region_codes(db: AsyncSession) -> set[str]:
    return {r["code"] for r in await _all(db, "SELECT code FROM regions")}


async def ethnic_group_codes(db: AsyncSession) -> set[str]:
    return {r["code"] for r in await _all(db, "SELECT code FROM ethnic_groups")}


async def resolution(db: AsyncSession, resolution_id: uuid.UUID) -> Row | None:
    return await _one(
        db,
        "SELECT resolution_id, adopted FROM council_resolutions WHERE resolution_id = :id",
        {"id": resolution_id},
    )


async def council_resolutions(db: AsyncSession) -> list[Row]:
    return await _all(
        db,
        "SELECT resolution_id, title_kk, title_ru, title_en, adopted, event_type, first_seen_at"
        " FROM council_resolutions ORDER BY first_seen_at, resolution_id",
    )


# -- calendar -----------------------------------------------------------------------------------


async def calendar_days(db: AsyncSession, year: int | None) -> list[Row]:
    return await _all(
        db,
        "SELECT day, kind, name_kk, name_ru, name_en, source FROM calendar_days"
        " WHERE CAST(:y AS integer) IS NULL OR extract(year FROM day) = :y ORDER BY day",
        {"y": year},
    )


async def calendar_years(db: AsyncSession) -> list[Row]:
    return await _all(db, "SELECT year, status, sources FROM calendar_years ORDER BY year")


# -- appeals ------------------------------------------------------------------------------------

APPEAL_COLUMNS = (
    "appeal_id, number, received_at, registered_on, channel, received_by, region, topic,"
    " language, anonymous, applicant_name, applicant_id_kind, applicant_id_masked,"
    " applicant_address, applicant_contact, status, officer, original_due, answer_due,"
    " forward_by, forwarded_to, forwarded_on, forwarded_within_limit, extensions, answered_on,"
    " answered_on_time, closed_on, closed_reason, version"
)


async def next_appeal_number(db: AsyncSession, year: int) -> str:
    """The next registration number of ``year``; the caller holds the numbering lock."""
    prefix = f"APK-{year}-"
    row = await _one(
        db,
        "SELECT count(*) AS n FROM appeals WHERE number LIKE :p",
        {"p": prefix + "%"},
    )
    count = int(row["n"]) if row else 0
    return f"{prefix}{count + 1:06d}"


async def list_appeals(
    db: AsyncSession,
    *,
    region: str | None = None,
    topic: str | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Row]:
    return await _page(
        db,
        f"{APPEAL_COLUMNS} FROM appeals",
        {"region": region, "topic": topic, "status": status},
        "registered_on DESC, number DESC",
        limit,
        offset,
    )


async def appeal(db: AsyncSession, appeal_id: uuid.UUID) -> Row | None:
    return await _by_id(db, f"{APPEAL_COLUMNS} FROM appeals", "appeal_id", appeal_id)


async def appeal_by_number(db: AsyncSession, number: str) -> Row | None:
    return await _by_id(db, f"{APPEAL_COLUMNS} FROM appeals", "number", number)


async def appeal_steps(db: AsyncSession, appeal_id: uuid.UUID) -> list[Row]:
    return await _all(
        db,
        "SELECT version, step, on_day, detail FROM appeal_steps WHERE appeal_id = :id"
        " ORDER BY version",
        {"id": appeal_id},
    )


async def appeal_notifications(db: AsyncSession, appeal_id: uuid.UUID) -> list[Row]:
    return await _all(
        db,
        "SELECT subject, act_on, notify_by, notified_on, on_time FROM appeal_notifications"
        " WHERE appeal_id = :id ORDER BY subject",
        {"id": appeal_id},
    )


async def overdue(db: AsyncSession, as_of: date, region: str | None = None) -> list[Row]:
    """What is overdue on ``as_of`` (a limit's last day is still in time): open appeals past
    their answer period, and notifications owed to applicants past their 3 working days
    (APPC 2020 Art. 76)."""
    return await _all(
        db,
        f"""
        SELECT a.appeal_id, a.number, a.region, a.topic, a.status, a.officer, 'answer' AS kind,
            a.answer_due AS due, :as_of - a.answer_due AS days_overdue
        FROM appeals a
        WHERE a.status IN {OPEN_APPEAL} AND a.answer_due < :as_of AND a.registered_on <= :as_of
            AND (CAST(:region AS text) IS NULL OR a.region = :region)
        UNION ALL
        SELECT a.appeal_id, a.number, a.region, a.topic, a.status, a.officer,
            'notification_' || n.subject AS kind, n.notify_by AS due,
            :as_of - n.notify_by AS days_overdue
        FROM appeal_notifications n JOIN appeals a ON a.appeal_id = n.appeal_id
        WHERE n.notified_on IS NULL AND n.notify_by < :as_of AND n.act_on <= :as_of
            AND (CAST(:region AS text) IS NULL OR a.region = :region)
        ORDER BY due, number, kind
        """,
        {"as_of": as_of, "region": region},
    )


async def appeal_statistics(
    db: AsyncSession, as_of: date, registered_from: date | None, registered_to: date | None
) -> dict[str, Any]:
    """Counts by topic, region and status, and deadline compliance on ``as_of``."""
    params = {"as_of": as_of, "f": registered_from, "t": registered_to}
    where = (
        " WHERE (CAST(:f AS date) IS NULL OR registered_on >= :f)"
        " AND (CAST(:t AS date) IS NULL OR registered_on <= :t)"
    )
    compliance = f"""
        CASE
            WHEN status = 'answered' AND answered_on_time THEN 'answered_on_time'
            WHEN status = 'answered' THEN 'answered_late'
            WHEN status = 'forwarded' AND forwarded_within_limit THEN 'forwarded_on_time'
            WHEN status = 'forwarded' THEN 'forwarded_late'
            WHEN status = 'closed_unconsidered' THEN 'closed_unconsidered'
            WHEN status IN {OPEN_APPEAL} AND answer_due < CAST(:as_of AS date) THEN 'open_overdue'
            ELSE 'open_in_time'
        END
    """
    result: dict[str, Any] = {}
    for name, column in (
        ("by_topic", "topic"),
        ("by_region", "region"),
        ("by_status", "status"),
        ("by_compliance", compliance),
    ):
        rows = await _all(
            db,
            f"SELECT {column} AS key, count(*) AS count FROM appeals{where} GROUP BY 1 ORDER BY 1",
            params,
        )
        result[name] = {r["key"]: int(r["count"]) for r in rows}
    result["total"] = sum(result["by_status"].values())
    return result


async def overdue_interethnic(
    db: AsyncSession, region: str, as_of: date, topics: list[str]
) -> list[Row]:
    return await _all(
        db,
        f"SELECT appeal_id, number, topic, answer_due FROM appeals WHERE region = :region"
        f" AND status IN {OPEN_APPEAL} AND answer_due < :as_of AND topic = ANY(:topics)"
        " ORDER BY answer_due, number",
        {"region": region, "as_of": as_of, "topics": topics},
    )


# -- indicators ---------------------------------------------------------------------------------

INDICATOR_COLUMNS = (
    "code, name_kk, name_ru, name_en, unit, good_direction, watch, pre_conflict, conflict, version"
)


async def indicators(db: AsyncSession) -> list[Row]:
    return await _all(db, f"SELECT {INDICATOR_COLUMNS} FROM indicators ORDER BY code")


async def indicator(db: AsyncSession, code: str) -> Row | None:
    return await _by_id(db, f"{INDICATOR_COLUMNS} FROM indicators", "code", code)


async def reported_keys(
    db: AsyncSession, keys: list[tuple[str, str, str]]
) -> set[tuple[str, str, str]]:
    """Which (indicator, region, period) keys already have a value."""
    if not keys:
        return set()
    rows = await _all(
        db,
        "SELECT indicator, region, period FROM indicator_values"
        " WHERE (indicator, region, period) IN (SELECT * FROM unnest("
        " CAST(:i AS text[]), CAST(:r AS text[]), CAST(:p AS text[])))",
        {"i": [k[0] for k in keys], "r": [k[1] for k in keys], "p": [k[2] for k in keys]},
    )
    return {(r["indicator"], r["region"], r["period"]) for r in rows}


async def series(
    db: AsyncSession, code: str, region: str | None, start: date | None, end: date | None
) -> list[Row]:
    return await _all(
        db,
        "SELECT indicator, region, period, period_start, value, source, revisions"
        " FROM indicator_values WHERE indicator = :c"
        " AND (CAST(:region AS text) IS NULL OR region = :region)"
        " AND (CAST(:s AS date) IS NULL OR period_start >= :s)"
        " AND (CAST(:e AS date) IS NULL OR period_start <= :e)"
        " ORDER BY region, period_start, period",
        {"c": code, "region": region, "s": start, "e": end},
    )


def _thresholds(row: Row) -> Thresholds:
    return Thresholds(
        watch=row["watch"], pre_conflict=row["pre_conflict"], conflict=row["conflict"]
    )


async def latest_readings(db: AsyncSession, region: str, as_of: date) -> list[Row]:
    """Per indicator: the latest value in ``region`` whose period began by ``as_of``, the
    previous one, the trend and the alert level its thresholds give."""
    rows = await _all(
        db,
        """
        SELECT * FROM (
            SELECT v.indicator, v.period, v.period_start, v.value,
                lead(v.value) OVER w AS previous_value, lead(v.period) OVER w AS previous_period,
                row_number() OVER w AS n, i.unit, i.good_direction, i.watch, i.pre_conflict,
                i.conflict, i.name_kk, i.name_ru, i.name_en
            FROM indicator_values v JOIN indicators i ON i.code = v.indicator
            WHERE v.region = :region AND v.period_start <= :as_of
            WINDOW w AS (PARTITION BY v.indicator ORDER BY v.period_start DESC, v.period DESC)
        ) x WHERE n = 1 ORDER BY indicator
        """,
        {"region": region, "as_of": as_of},
    )
    result = []
    for row in rows:
        direction = GoodDirection(row["good_direction"])
        value: Decimal = row["value"]
        previous: Decimal | None = row["previous_value"]
        trend = None
        if previous is not None:
            trend = "up" if value > previous else "down" if value < previous else "flat"
        improving = None
        if trend in ("up", "down"):
            improving = (trend == "up") == (direction is GoodDirection.HIGHER)
        reached = level_of(direction, _thresholds(row), value)
        result.append(
            {
                "indicator": row["indicator"],
                "name_kk": row["name_kk"],
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "unit": row["unit"],
                "good_direction": direction.value,
                "period": row["period"],
                "value": value,
                "previous_period": row["previous_period"],
                "previous_value": previous,
                "trend": trend,
                "improving": improving,
                "level": reached[0].value if reached else None,
                "thresholds": _thresholds(row),
            }
        )
    return result


# -- incidents ----------------------------------------------------------------------------------

INCIDENT_COLUMNS = (
    "incident_id, region, place, occurred_on, category, ethnic_groups, severity, description,"
    " status, reported_by, reported_on, version"
)


async def list_incidents(
    db: AsyncSession,
    *,
    region: str | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Row]:
    return await _page(
        db,
        f"{INCIDENT_COLUMNS} FROM incidents",
        {"region": region, "status": status},
        "occurred_on DESC, incident_id",
        limit,
        offset,
    )


async def incident(db: AsyncSession, incident_id: uuid.UUID) -> Row | None:
    """An incident as every reader sees it: its place and description masked."""
    return await _by_id(db, f"{INCIDENT_COLUMNS} FROM incidents", "incident_id", incident_id)


async def incident_text(db: AsyncSession, incident_id: uuid.UUID) -> Row:
    """An incident's place and description whole, for those who may read them."""
    row = await _by_id(
        db,
        "COALESCE(private_place, place) AS place,"
        " COALESCE(private_description, description) AS description FROM incidents",
        "incident_id",
        incident_id,
    )
    assert row is not None
    return row


async def incident_steps(db: AsyncSession, incident_id: uuid.UUID) -> list[Row]:
    return await _all(
        db,
        "SELECT version, step, by_actor, reason, on_day, mediator FROM incident_steps"
        " WHERE incident_id = :id ORDER BY version",
        {"id": incident_id},
    )


async def recommendations(db: AsyncSession, incident_id: uuid.UUID | None = None) -> list[Row]:
    return await _all(
        db,
        "SELECT recommendation_id, incident_id, addressee, text, resolution_id, respond_by,"
        " issued_on, issued_by FROM recommendations"
        " WHERE CAST(:id AS uuid) IS NULL OR incident_id = :id ORDER BY issued_on,"
        " recommendation_id",
        {"id": incident_id},
    )


async def incidents_since(db: AsyncSession, region: str, since: date, as_of: date) -> list[Row]:
    return await _all(
        db,
        "SELECT incident_id, occurred_on, severity, status FROM incidents"
        " WHERE region = :region AND occurred_on > :since AND occurred_on <= :as_of",
        {"region": region, "since": since, "as_of": as_of},
    )


# -- early warning ------------------------------------------------------------------------------

ALERT_COLUMNS = (
    "alert_id, region, rule_id, rules_version, rule_kind, level, key, evidence, facts, status,"
    " raised_as_of, escalated_as_of, acknowledged_by, acknowledged_note, acknowledged_on,"
    " closed_by, closed_reason, closed_on"
)


async def rules_versions(db: AsyncSession) -> list[Row]:
    return await _all(db, "SELECT version, rules, reason FROM early_warning_rules ORDER BY version")


async def list_alerts(
    db: AsyncSession,
    *,
    region: str | None = None,
    status: str | None = None,
    level: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Row]:
    return await _page(
        db,
        f"{ALERT_COLUMNS} FROM alerts",
        {"region": region, "status": status, "level": level},
        "raised_as_of DESC, alert_id",
        limit,
        offset,
    )


async def alert(db: AsyncSession, alert_id: uuid.UUID) -> Row | None:
    return await _by_id(db, f"{ALERT_COLUMNS} FROM alerts", "alert_id", alert_id)


# -- dashboards ---------------------------------------------------------------------------------


async def region_summary(db: AsyncSession, region: str, as_of: date) -> Row:
    """Latest indicators with their trend, open incidents by severity, alerts not closed,
    appeals open and overdue, and the regional assembly's chair on ``as_of``."""
    readings = await latest_readings(db, region, as_of)
    by_severity = await _all(
        db,
        f"SELECT severity, count(*) AS count FROM incidents WHERE region = :region"
        f" AND status IN {OPEN_INCIDENT} AND occurred_on <= :as_of GROUP BY severity",
        {"region": region, "as_of": as_of},
    )
    alerts = await _all(
        db,
        f"SELECT {ALERT_COLUMNS} FROM alerts WHERE region = :region AND status <> 'closed'"
        " ORDER BY raised_as_of DESC, alert_id",
        {"region": region},
    )
    appeals = await _one(
        db,
        f"SELECT count(*) FILTER (WHERE status IN {OPEN_APPEAL}) AS open,"
        f" count(*) FILTER (WHERE status IN {OPEN_APPEAL} AND answer_due < :as_of) AS overdue"
        " FROM appeals WHERE region = :region AND registered_on <= :as_of",
        {"region": region, "as_of": as_of},
    )
    info = next((r for r in await regions(db, as_of) if r["code"] == region), None)
    return {
        "region": region,
        "assembly": region,
        "as_of": as_of,
        "region_info": info,
        "latest_report": await regional_reports.latest(db, region, as_of),
        "indicators": readings,
        "open_incidents_by_severity": {
            s.value: next((int(r["count"]) for r in by_severity if r["severity"] == s.value), 0)
            for s in Severity
        },
        "alerts": alerts,
        "appeals_open": int(appeals["open"]) if appeals else 0,
        "appeals_overdue": int(appeals["overdue"]) if appeals else 0,
    }


async def regions_overview(db: AsyncSession, as_of: date) -> list[Row]:
    """One line per region: counts for a national dashboard (and its CSV export)."""
    return await _all(
        db,
        f"""
        SELECT r.code AS region, r.name_kk, r.name_ru,
            (SELECT count(*) FROM incidents i WHERE i.region = r.code
                AND i.status IN {OPEN_INCIDENT} AND i.occurred_on <= :as_of) AS open_incidents,
            (SELECT count(*) FROM alerts a WHERE a.region = r.code AND a.status <> 'closed')
                AS active_alerts,
            (SELECT max(CASE a.level WHEN 'conflict' THEN 3 WHEN 'pre_conflict' THEN 2 ELSE 1 END)
                FROM alerts a WHERE a.region = r.code AND a.status <> 'closed') AS max_level_rank,
            (SELECT count(*) FROM appeals p WHERE p.region = r.code
                AND p.status IN {OPEN_APPEAL} AND p.registered_on <= :as_of) AS appeals_open,
            (SELECT count(*) FROM appeals p WHERE p.region = r.code
                AND p.status IN {OPEN_APPEAL} AND p.answer_due < :as_of) AS appeals_overdue,
            last.period AS last_report_period, last.reported_on AS last_reported_on
        FROM regions r
        LEFT JOIN LATERAL (SELECT g.period, g.reported_on FROM regional_reports g
            WHERE g.region = r.code AND g.reported_on <= :as_of
            ORDER BY g.period_start DESC, g.reported_at DESC LIMIT 1) last ON true
        ORDER BY r.code
        """,
        {"as_of": as_of},
    )


# -- public summaries ---------------------------------------------------------------------------


async def incidents_by_month(
    db: AsyncSession, as_of: date, months: int, region: str | None = None
) -> list[Row]:
    """Incidents that occurred in each of the ``months`` calendar months up to ``as_of``'s
    (months without one count 0), nationally or in ``region``."""
    return await _all(
        db,
        """
        SELECT to_char(m.month, 'YYYY-MM') AS month, count(i.incident_id) AS count
        FROM generate_series(
            date_trunc('month', CAST(:as_of AS date)) - make_interval(months => :back),
            date_trunc('month', CAST(:as_of AS date)), interval '1 month') AS m(month)
        LEFT JOIN incidents i ON date_trunc('month', i.occurred_on) = m.month
            AND i.occurred_on <= :as_of
            AND (CAST(:region AS text) IS NULL OR i.region = :region)
        GROUP BY m.month ORDER BY m.month
        """,
        {"as_of": as_of, "back": months - 1, "region": region},
    )


async def alert_levels(db: AsyncSession, region: str | None = None) -> dict[str, int]:
    """Alerts not closed, by level."""
    rows = await _all(
        db,
        "SELECT level, count(*) AS count FROM alerts WHERE status <> 'closed'"
        " AND (CAST(:region AS text) IS NULL OR region = :region) GROUP BY level",
        {"region": region},
    )
    return {str(r["level"]): int(r["count"]) for r in rows}
