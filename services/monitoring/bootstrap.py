"""The monitoring service's composition root."""

from __future__ import annotations

from datetime import timedelta

from services.monitoring.adapters import council_consumer, membership_consumer
from services.monitoring.adapters.receipt_secrets import RECEIPT_SECRETS, ReceiptSecrets
from services.monitoring.domain.events import registry
from services.monitoring.projections.appeals import AppealsProjection
from services.monitoring.projections.monitoring import (
    CalendarProjection,
    EarlyWarningProjection,
    IncidentsProjection,
    IndicatorsProjection,
)
from services.monitoring.settings import MonitoringSettings
from shared.service import Platform, build_platform


def build(settings: MonitoringSettings | None = None) -> Platform:
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
        ],
        consumes={
            membership_consumer.MEMBERSHIP_TOPIC: membership_consumer.HANDLERS,
            council_consumer.COUNCIL_TOPIC: council_consumer.HANDLERS,
        },
    )
    platform.extras[RECEIPT_SECRETS] = ReceiptSecrets(
        settings.resolved_appeal_secret_key(),
        timedelta(seconds=settings.appeal_secret_retention_seconds),
    )
    return platform
