"""The monitoring service's composition root."""

from __future__ import annotations

from datetime import timedelta

from services.monitoring.adapters.receipt_secrets import ReceiptSecrets
from services.monitoring.application.policies import EvaluateAfterChange
from services.monitoring.consumers import council, membership
from services.monitoring.domain.events import registry
from services.monitoring.projections.appeals import AppealsProjection
from services.monitoring.projections.monitoring import (
    CalendarProjection,
    EarlyWarningProjection,
    IncidentsProjection,
    IndicatorsProjection,
)
from services.monitoring.projections.regional_reports import RegionalReportsProjection
from services.monitoring.settings import MonitoringSettings
from shared.messaging.consumer import Handler
from shared.rulebooks.publications import RulebookSource
from shared.service import Platform, build_platform


def consumes(rulebooks: RulebookSource) -> dict[str, dict[str, Handler]]:
    """The topics this service reads and, on each, the event types it handles (its AsyncAPI
    document and every publisher's list who reads their events)."""
    return {
        membership.MEMBERSHIP_TOPIC: dict(membership.HANDLERS),
        council.COUNCIL_TOPIC: dict(council.HANDLERS),
    }


def build(settings: MonitoringSettings | None = None) -> Platform:
    """Monitoring consumes membership (the rulebook versions, regional assemblies) and the
    council (the resolutions a recommendation may cite); with ``evaluate_on_change`` a change
    to a region's values or incidents re-evaluates its early-warning rules in-process
    (``application/policies.py``)."""
    settings = settings or MonitoringSettings()
    platform = build_platform(
        settings,
        registry,
        projections=[
            CalendarProjection(),
            AppealsProjection(),
            IndicatorsProjection(),
            IncidentsProjection(),
            EarlyWarningProjection(),
            RegionalReportsProjection(),
        ],
        consumes=consumes(RulebookSource()),
    )
    platform.add(
        ReceiptSecrets(
            settings.resolved_appeal_secret_key(),
            timedelta(seconds=settings.appeal_secret_retention_seconds),
        )
    )
    if settings.evaluate_on_change:
        platform.runner.react(EvaluateAfterChange(platform))
    return platform
