"""Read models of the calendar, indicators and their values, incidents and recommendations,
the early-warning rules and the alerts: their writers and their queries, with the queries of
the reference data (the replicas the consumers keep), the dashboards and the public summaries,
which read several of them."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.monitoring.domain.events import (
    AlertAcknowledged,
    AlertClosed,
    AlertEscalated,
    AlertRaised,
    CalendarDayDeclared,
    CalendarDayWithdrawn,
    CalendarEntry,
    CalendarYearPublished,
    EarlyWarningRulesPublished,
    GoodDirection,
    IncidentDismissed,
    IncidentMediationStarted,
    IncidentReported,
    IncidentResolved,
    IncidentStep,
    IncidentVerified,
    IndicatorDefined,
    IndicatorThresholdsChanged,
    IndicatorValuesReported,
    RecommendationIssued,
    Severity,
    Thresholds,
    registry,
)
from services.monitoring.domain.indicators import level_of, period_start
from services.monitoring.projections import regional_reports
from shared.eventstore.model import RecordedEvent
from shared.personal_data import mask_personal_data
from shared.projections import EventProjection, applies

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


_CALENDAR_DAY = text(
    """
    INSERT INTO calendar_days (day, kind, name_kk, name_ru, name_en, source)
    VALUES (:day, :kind, :kk, :ru, :en, :source)
    ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name_kk = EXCLUDED.name_kk,
        name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en, source = EXCLUDED.source
    """
)


def _entry(entry: CalendarEntry, source: str | None) -> dict[str, Any]:
    return {
        "day": entry.day,
        "kind": str(entry.kind),
        "kk": entry.name.kk,
        "ru": entry.name.ru,
        "en": entry.name.en,
        "source": source,
    }


class CalendarProjection(EventProjection):
    name = "calendar"
    tables = ("calendar_days", "calendar_years")
    registry = registry

    @applies(CalendarYearPublished)
    async def year_published(
        self, db: AsyncSession, event: CalendarYearPublished, rec: RecordedEvent
    ) -> None:
        year = event.year
        await db.execute(
            text("DELETE FROM calendar_days WHERE extract(year FROM day) = :y"), {"y": year}
        )
        await db.execute(
            text(
                "INSERT INTO calendar_years (year, status, sources)"
                " VALUES (:y, :s, CAST(:src AS jsonb)) ON CONFLICT (year) DO UPDATE"
                " SET status = EXCLUDED.status, sources = EXCLUDED.sources"
            ),
            {
                "y": year,
                "s": event.status,
                "src": json.dumps([source.model_dump(mode="json") for source in event.sources]),
            },
        )
        if event.days:
            await db.execute(_CALENDAR_DAY, [_entry(e, None) for e in event.days])

    @applies(CalendarDayDeclared)
    async def day_declared(
        self, db: AsyncSession, event: CalendarDayDeclared, rec: RecordedEvent
    ) -> None:
        await db.execute(_CALENDAR_DAY, _entry(event.entry, event.source.url))

    @applies(CalendarDayWithdrawn)
    async def day_withdrawn(
        self, db: AsyncSession, event: CalendarDayWithdrawn, rec: RecordedEvent
    ) -> None:
        await db.execute(text("DELETE FROM calendar_days WHERE day = :day"), {"day": event.day})


def _threshold_params(thresholds: Thresholds) -> dict[str, Any]:
    return {"w": thresholds.watch, "p": thresholds.pre_conflict, "c": thresholds.conflict}


class IndicatorsProjection(EventProjection):
    name = "indicators"
    tables = ("indicator_values", "indicator_reports", "indicators")
    registry = registry

    @applies(IndicatorDefined)
    async def defined(self, db: AsyncSession, event: IndicatorDefined, rec: RecordedEvent) -> None:
        await db.execute(
            text(
                "INSERT INTO indicators (code, name_kk, name_ru, name_en, unit,"
                " good_direction, watch, pre_conflict, conflict, version)"
                " VALUES (:code, :kk, :ru, :en, :unit, :dir, :w, :p, :c, :v)"
            ),
            {
                "code": event.code,
                "kk": event.name.kk,
                "ru": event.name.ru,
                "en": event.name.en,
                "unit": event.unit,
                "dir": str(event.good_direction),
                **_threshold_params(event.thresholds),
                "v": rec.version,
            },
        )

    @applies(IndicatorThresholdsChanged)
    async def thresholds_changed(
        self, db: AsyncSession, event: IndicatorThresholdsChanged, rec: RecordedEvent
    ) -> None:
        await db.execute(
            text(
                "UPDATE indicators SET watch = :w, pre_conflict = :p, conflict = :c,"
                " version = :v WHERE code = :code"
            ),
            {"code": event.code, **_threshold_params(event.thresholds), "v": rec.version},
        )

    @applies(IndicatorValuesReported)
    async def values_reported(
        self, db: AsyncSession, event: IndicatorValuesReported, rec: RecordedEvent
    ) -> None:
        source = str(event.source)
        await db.execute(
            text(
                "INSERT INTO indicator_reports (report_id, source, rows, revision, reason,"
                " file_name, reported_by, recorded_at)"
                " VALUES (:id, :source, :rows, :revision, :reason, :file, :by, :at)"
            ),
            {
                "id": event.report_id,
                "source": source,
                "rows": len(event.rows),
                "revision": event.revision,
                "reason": event.reason,
                "file": event.file_name,
                "by": event.reported_by,
                "at": rec.recorded_at,
            },
        )
        rows = [
            {
                "indicator": r.indicator,
                "region": r.region,
                "period": r.period,
                "start": period_start(r.period),
                "value": r.value,
                "source": source,
                "report": event.report_id,
            }
            for r in event.rows
        ]
        if not rows:
            return
        if event.revision:
            await db.execute(
                text(
                    "UPDATE indicator_values SET value = :value, source = :source,"
                    " report_id = :report, revisions = revisions + 1"
                    " WHERE indicator = :indicator AND region = :region"
                    " AND period = :period"
                ),
                rows,
            )
        else:
            await db.execute(
                text(
                    "INSERT INTO indicator_values (indicator, region, period,"
                    " period_start, value, source, report_id) VALUES (:indicator,"
                    " :region, :period, :start, :value, :source, :report)"
                ),
                rows,
            )


_INCIDENT_STATUS = text(
    "UPDATE incidents SET status = :status, version = :v WHERE incident_id = :id"
)
_INCIDENT_STEP = text(
    "INSERT INTO incident_steps (incident_id, version, step, by_actor, reason,"
    " on_day, mediator) VALUES (:id, :v, :step, :by, :reason, :on, :mediator)"
)


class IncidentsProjection(EventProjection):
    """Incidents, their steps and recommendations. The place and the description are private
    (``IncidentReported``): kept whole in ``private_place`` and ``private_description`` for
    those who may read them, and masked in ``place`` and ``description`` for every reader."""

    name = "incidents"
    tables = ("recommendations", "incident_steps", "incidents")
    registry = registry

    @applies(IncidentReported)
    async def reported(self, db: AsyncSession, event: IncidentReported, rec: RecordedEvent) -> None:
        await db.execute(
            text(
                "INSERT INTO incidents (incident_id, region, place, occurred_on, category,"
                " ethnic_groups, severity, description, status, reported_by, reported_on,"
                " version, private_place, private_description) VALUES (:id, :region,"
                " :place, :occurred, :category, :groups, :severity, :description,"
                " 'reported', :by, :on, :v, :private_place, :private_description)"
            ),
            {
                "id": event.incident_id,
                "region": event.region,
                "place": mask_personal_data(event.private_place),
                "occurred": event.occurred_on,
                "category": str(event.category),
                "groups": list(event.ethnic_groups),
                "severity": str(event.severity),
                "description": mask_personal_data(event.private_description),
                "private_place": event.private_place,
                "private_description": event.private_description,
                "by": event.reported_by,
                "on": event.reported_on,
                "v": rec.version,
            },
        )

    @applies(RecommendationIssued)
    async def recommendation_issued(
        self, db: AsyncSession, event: RecommendationIssued, rec: RecordedEvent
    ) -> None:
        await db.execute(
            text(
                "INSERT INTO recommendations (recommendation_id, incident_id, addressee,"
                " text, resolution_id, respond_by, issued_on, issued_by) VALUES (:rid, :id,"
                " :addressee, :text, :resolution, :respond_by, :on, :by)"
            ),
            {
                "rid": event.recommendation_id,
                "id": event.incident_id,
                "addressee": event.addressee,
                "text": event.text,
                "resolution": event.resolution_id,
                "respond_by": event.respond_by,
                "on": event.issued_on,
                "by": event.issued_by,
            },
        )
        await db.execute(
            text("UPDATE incidents SET version = :v WHERE incident_id = :id"),
            {"id": event.incident_id, "v": rec.version},
        )

    @applies(IncidentVerified)
    async def verified(self, db: AsyncSession, event: IncidentVerified, rec: RecordedEvent) -> None:
        await _incident_step(db, event.incident_id, rec, "verified", "verify", event.step)

    @applies(IncidentDismissed)
    async def dismissed(
        self, db: AsyncSession, event: IncidentDismissed, rec: RecordedEvent
    ) -> None:
        await _incident_step(db, event.incident_id, rec, "dismissed", "dismiss", event.step)

    @applies(IncidentMediationStarted)
    async def mediation_started(
        self, db: AsyncSession, event: IncidentMediationStarted, rec: RecordedEvent
    ) -> None:
        await _incident_step(
            db, event.incident_id, rec, "in_mediation", "mediate", event.step, event.mediator
        )

    @applies(IncidentResolved)
    async def resolved(self, db: AsyncSession, event: IncidentResolved, rec: RecordedEvent) -> None:
        await _incident_step(db, event.incident_id, rec, "resolved", "resolve", event.step)


async def _incident_step(
    db: AsyncSession,
    incident_id: uuid.UUID,
    rec: RecordedEvent,
    status: str,
    step_name: str,
    step: IncidentStep,
    mediator: str | None = None,
) -> None:
    """The incident's new status, and the step that brought it (who, why, which day)."""
    await db.execute(_INCIDENT_STATUS, {"id": incident_id, "status": status, "v": rec.version})
    await db.execute(
        _INCIDENT_STEP,
        {
            "id": incident_id,
            "v": rec.version,
            "step": step_name,
            "by": step.by,
            "reason": step.reason,
            "on": step.on,
            "mediator": mediator,
        },
    )


def _level_reached(event: AlertRaised | AlertEscalated) -> dict[str, Any]:
    """What an alert was raised or escalated with: the level, its evidence and facts, the day."""
    return {
        "id": event.alert_id,
        "level": str(event.level),
        "evidence": json.dumps(list(event.evidence)),
        "facts": json.dumps(event.facts),
        "as_of": event.as_of,
    }


class EarlyWarningProjection(EventProjection):
    name = "early_warning"
    tables = ("alerts", "early_warning_rules")
    registry = registry

    @applies(EarlyWarningRulesPublished)
    async def rules_published(
        self, db: AsyncSession, event: EarlyWarningRulesPublished, rec: RecordedEvent
    ) -> None:
        rules = json.dumps([rule.model_dump(mode="json") for rule in event.rules])
        await db.execute(
            text(
                "INSERT INTO early_warning_rules (version, rules, reason)"
                " VALUES (:v, CAST(:rules AS jsonb), :reason)"
            ),
            {"v": event.version, "rules": rules, "reason": event.reason},
        )

    @applies(AlertRaised)
    async def raised(self, db: AsyncSession, event: AlertRaised, rec: RecordedEvent) -> None:
        await db.execute(
            text(
                "INSERT INTO alerts (alert_id, region, rule_id, rules_version, rule_kind,"
                " level, key, evidence, facts, status, raised_as_of) VALUES (:id,"
                " :region, :rule, :rv, :kind, :level, :key, CAST(:evidence AS jsonb),"
                " CAST(:facts AS jsonb), 'open', :as_of)"
            ),
            {
                **_level_reached(event),
                "region": event.region,
                "rule": event.rule_id,
                "rv": event.rules_version,
                "kind": event.rule_kind,
                "key": event.key,
            },
        )

    @applies(AlertEscalated)
    async def escalated(self, db: AsyncSession, event: AlertEscalated, rec: RecordedEvent) -> None:
        await db.execute(
            text(
                "UPDATE alerts SET level = :level, evidence = CAST(:evidence AS jsonb),"
                " facts = CAST(:facts AS jsonb), escalated_as_of = :as_of"
                " WHERE alert_id = :id"
            ),
            _level_reached(event),
        )

    @applies(AlertAcknowledged)
    async def acknowledged(
        self, db: AsyncSession, event: AlertAcknowledged, rec: RecordedEvent
    ) -> None:
        await db.execute(
            text(
                "UPDATE alerts SET status = 'acknowledged', acknowledged_by = :by,"
                " acknowledged_note = :note, acknowledged_on = :on WHERE alert_id = :id"
            ),
            {"id": event.alert_id, "by": event.by, "note": event.note, "on": event.on},
        )

    @applies(AlertClosed)
    async def closed(self, db: AsyncSession, event: AlertClosed, rec: RecordedEvent) -> None:
        await db.execute(
            text(
                "UPDATE alerts SET status = 'closed', closed_by = :by,"
                " closed_reason = :reason, closed_on = :on WHERE alert_id = :id"
            ),
            {"id": event.alert_id, "by": event.by, "reason": event.reason, "on": event.on},
        )


# == queries ====================================================================================


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
