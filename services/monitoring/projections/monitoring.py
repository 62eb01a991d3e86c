"""Read models of the calendar, indicators and their values, incidents and recommendations,
the early-warning rules and the alerts."""

from __future__ import annotations

import json
import uuid
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
    Thresholds,
    registry,
)
from services.monitoring.domain.indicators import period_start
from shared.eventstore.model import RecordedEvent
from shared.personal_data import mask_personal_data
from shared.projections import EventProjection, applies

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


def _thresholds(thresholds: Thresholds) -> dict[str, Any]:
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
                **_thresholds(event.thresholds),
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
            {"code": event.code, **_thresholds(event.thresholds), "v": rec.version},
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
