"""Read models of the calendar, indicators and their values, incidents and recommendations,
the early-warning rules and the alerts."""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.monitoring.domain.indicators import period_start
from shared.eventstore.model import RecordedEvent
from shared.personal_data import mask_personal_data


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


_CALENDAR_DAY = text(
    """
    INSERT INTO calendar_days (day, kind, name_kk, name_ru, name_en, source)
    VALUES (:day, :kind, :kk, :ru, :en, :source)
    ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name_kk = EXCLUDED.name_kk,
        name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en, source = EXCLUDED.source
    """
)


class CalendarProjection:
    name = "calendar"
    tables: tuple[str, ...] = ("calendar_days", "calendar_years")
    event_types = frozenset(
        {"CalendarYearPublished", "CalendarDayDeclared", "CalendarDayWithdrawn"}
    )

    @staticmethod
    def _entry(entry: dict[str, Any], source: str | None) -> dict[str, Any]:
        name = entry["name"]
        return {
            "day": date.fromisoformat(entry["day"]),
            "kind": entry["kind"],
            "kk": name["kk"],
            "ru": name["ru"],
            "en": name["en"],
            "source": source,
        }

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        match event.event_type:
            case "CalendarYearPublished":
                year = int(d["year"])
                await db.execute(
                    text("DELETE FROM calendar_days WHERE extract(year FROM day) = :y"), {"y": year}
                )
                await db.execute(
                    text(
                        "INSERT INTO calendar_years (year, status, sources)"
                        " VALUES (:y, :s, CAST(:src AS jsonb)) ON CONFLICT (year) DO UPDATE"
                        " SET status = EXCLUDED.status, sources = EXCLUDED.sources"
                    ),
                    {"y": year, "s": d["status"], "src": json.dumps(d["sources"])},
                )
                if d["days"]:
                    await db.execute(_CALENDAR_DAY, [self._entry(e, None) for e in d["days"]])
            case "CalendarDayDeclared":
                await db.execute(_CALENDAR_DAY, self._entry(d["entry"], d["source"]["url"]))
            case "CalendarDayWithdrawn":
                await db.execute(
                    text("DELETE FROM calendar_days WHERE day = :day"), {"day": _day(d["day"])}
                )


class IndicatorsProjection:
    name = "indicators"
    tables: tuple[str, ...] = ("indicator_values", "indicator_reports", "indicators")
    event_types = frozenset(
        {"IndicatorDefined", "IndicatorThresholdsChanged", "IndicatorValuesReported"}
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        match event.event_type:
            case "IndicatorDefined":
                t = d["thresholds"]
                await db.execute(
                    text(
                        "INSERT INTO indicators (code, name_kk, name_ru, name_en, unit,"
                        " good_direction, watch, pre_conflict, conflict, version)"
                        " VALUES (:code, :kk, :ru, :en, :unit, :dir, :w, :p, :c, :v)"
                    ),
                    {
                        "code": d["code"],
                        **{lang: d["name"][lang] for lang in ("kk", "ru", "en")},
                        "unit": d["unit"],
                        "dir": d["good_direction"],
                        "w": _decimal(t.get("watch")),
                        "p": _decimal(t.get("pre_conflict")),
                        "c": _decimal(t.get("conflict")),
                        "v": event.version,
                    },
                )
            case "IndicatorThresholdsChanged":
                t = d["thresholds"]
                await db.execute(
                    text(
                        "UPDATE indicators SET watch = :w, pre_conflict = :p, conflict = :c,"
                        " version = :v WHERE code = :code"
                    ),
                    {
                        "code": d["code"],
                        "w": _decimal(t.get("watch")),
                        "p": _decimal(t.get("pre_conflict")),
                        "c": _decimal(t.get("conflict")),
                        "v": event.version,
                    },
                )
            case "IndicatorValuesReported":
                report_id = uuid.UUID(d["report_id"])
                await db.execute(
                    text(
                        "INSERT INTO indicator_reports (report_id, source, rows, revision, reason,"
                        " file_name, reported_by, recorded_at)"
                        " VALUES (:id, :source, :rows, :revision, :reason, :file, :by, :at)"
                    ),
                    {
                        "id": report_id,
                        "source": d["source"],
                        "rows": len(d["rows"]),
                        "revision": d["revision"],
                        "reason": d["reason"],
                        "file": d["file_name"],
                        "by": d["reported_by"],
                        "at": event.recorded_at,
                    },
                )
                rows = [
                    {
                        "indicator": r["indicator"],
                        "region": r["region"],
                        "period": r["period"],
                        "start": period_start(r["period"]),
                        "value": Decimal(r["value"]),
                        "source": d["source"],
                        "report": report_id,
                    }
                    for r in d["rows"]
                ]
                if not rows:
                    return
                if d["revision"]:
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


class IncidentsProjection:
    """Incidents, their steps and recommendations. The place and the description are private
    (``IncidentReported``): kept whole in ``private_place`` and ``private_description`` for
    those who may read them, and masked in ``place`` and ``description`` for every reader."""

    name = "incidents"
    tables: tuple[str, ...] = ("recommendations", "incident_steps", "incidents")
    event_types = frozenset(
        {
            "IncidentReported",
            "IncidentVerified",
            "IncidentDismissed",
            "IncidentMediationStarted",
            "IncidentResolved",
            "RecommendationIssued",
        }
    )
    _STATUS: ClassVar[dict[str, tuple[str, str]]] = {
        "IncidentVerified": ("verified", "verify"),
        "IncidentDismissed": ("dismissed", "dismiss"),
        "IncidentMediationStarted": ("in_mediation", "mediate"),
        "IncidentResolved": ("resolved", "resolve"),
    }

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        incident_id = uuid.UUID(d["incident_id"])
        if event.event_type == "IncidentReported":
            await db.execute(
                text(
                    "INSERT INTO incidents (incident_id, region, place, occurred_on, category,"
                    " ethnic_groups, severity, description, status, reported_by, reported_on,"
                    " version, private_place, private_description) VALUES (:id, :region,"
                    " :place, :occurred, :category, :groups, :severity, :description,"
                    " 'reported', :by, :on, :v, :private_place, :private_description)"
                ),
                {
                    "id": incident_id,
                    "region": d["region"],
                    "place": mask_personal_data(d["private_place"]),
                    "occurred": _day(d["occurred_on"]),
                    "category": d["category"],
                    "groups": list(d["ethnic_groups"]),
                    "severity": d["severity"],
                    "description": mask_personal_data(d["private_description"]),
                    "private_place": d["private_place"],
                    "private_description": d["private_description"],
                    "by": d["reported_by"],
                    "on": _day(d["reported_on"]),
                    "v": event.version,
                },
            )
            return
        if event.event_type == "RecommendationIssued":
            await db.execute(
                text(
                    "INSERT INTO recommendations (recommendation_id, incident_id, addressee,"
                    " text, resolution_id, respond_by, issued_on, issued_by) VALUES (:rid, :id,"
                    " :addressee, :text, :resolution, :respond_by, :on, :by)"
                ),
                {
                    "rid": uuid.UUID(d["recommendation_id"]),
                    "id": incident_id,
                    "addressee": d["addressee"],
                    "text": d["text"],
                    "resolution": uuid.UUID(d["resolution_id"]) if d["resolution_id"] else None,
                    "respond_by": _day(d["respond_by"]),
                    "on": _day(d["issued_on"]),
                    "by": d["issued_by"],
                },
            )
            await db.execute(
                text("UPDATE incidents SET version = :v WHERE incident_id = :id"),
                {"id": incident_id, "v": event.version},
            )
            return
        status, step_name = self._STATUS[event.event_type]
        step = d["step"]
        await db.execute(
            text("UPDATE incidents SET status = :status, version = :v WHERE incident_id = :id"),
            {"id": incident_id, "status": status, "v": event.version},
        )
        await db.execute(
            text(
                "INSERT INTO incident_steps (incident_id, version, step, by_actor, reason,"
                " on_day, mediator) VALUES (:id, :v, :step, :by, :reason, :on, :mediator)"
            ),
            {
                "id": incident_id,
                "v": event.version,
                "step": step_name,
                "by": step["by"],
                "reason": step["reason"],
                "on": _day(step["on"]),
                "mediator": d.get("mediator"),
            },
        )


def _level_reached(alert_id: uuid.UUID, d: dict[str, Any]) -> dict[str, Any]:
    """What an alert was raised or escalated with: the level, its evidence and facts, the day."""
    return {
        "id": alert_id,
        "level": d["level"],
        "evidence": json.dumps(d["evidence"]),
        "facts": json.dumps(d["facts"]),
        "as_of": _day(d["as_of"]),
    }


class EarlyWarningProjection:
    name = "early_warning"
    tables: tuple[str, ...] = ("alerts", "early_warning_rules")
    event_types = frozenset(
        {
            "EarlyWarningRulesPublished",
            "AlertRaised",
            "AlertEscalated",
            "AlertAcknowledged",
            "AlertClosed",
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        if event.event_type == "EarlyWarningRulesPublished":
            await db.execute(
                text(
                    "INSERT INTO early_warning_rules (version, rules, reason)"
                    " VALUES (:v, CAST(:rules AS jsonb), :reason)"
                ),
                {"v": d["version"], "rules": json.dumps(d["rules"]), "reason": d["reason"]},
            )
            return
        alert_id = uuid.UUID(d["alert_id"])
        match event.event_type:
            case "AlertRaised":
                await db.execute(
                    text(
                        "INSERT INTO alerts (alert_id, region, rule_id, rules_version, rule_kind,"
                        " level, key, evidence, facts, status, raised_as_of) VALUES (:id,"
                        " :region, :rule, :rv, :kind, :level, :key, CAST(:evidence AS jsonb),"
                        " CAST(:facts AS jsonb), 'open', :as_of)"
                    ),
                    {
                        **_level_reached(alert_id, d),
                        "region": d["region"],
                        "rule": d["rule_id"],
                        "rv": d["rules_version"],
                        "kind": d["rule_kind"],
                        "key": d["key"],
                    },
                )
            case "AlertEscalated":
                await db.execute(
                    text(
                        "UPDATE alerts SET level = :level, evidence = CAST(:evidence AS jsonb),"
                        " facts = CAST(:facts AS jsonb), escalated_as_of = :as_of"
                        " WHERE alert_id = :id"
                    ),
                    _level_reached(alert_id, d),
                )
            case "AlertAcknowledged":
                await db.execute(
                    text(
                        "UPDATE alerts SET status = 'acknowledged', acknowledged_by = :by,"
                        " acknowledged_note = :note, acknowledged_on = :on WHERE alert_id = :id"
                    ),
                    {"id": alert_id, "by": d["by"], "note": d["note"], "on": _day(d["on"])},
                )
            case "AlertClosed":
                await db.execute(
                    text(
                        "UPDATE alerts SET status = 'closed', closed_by = :by,"
                        " closed_reason = :reason, closed_on = :on WHERE alert_id = :id"
                    ),
                    {"id": alert_id, "by": d["by"], "reason": d["reason"], "on": _day(d["on"])},
                )
