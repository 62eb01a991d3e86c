"""The monitoring service's app factory."""

from __future__ import annotations

from fastapi import FastAPI

from services.monitoring.adapters import receipt_secrets
from services.monitoring.api.appeals import router as appeals_router
from services.monitoring.api.early_warning import alerts_router, rules_router
from services.monitoring.api.incidents import router as incidents_router
from services.monitoring.api.indicators import router as indicators_router
from services.monitoring.api.indicators import values_router
from services.monitoring.api.messages import CATALOGUES
from services.monitoring.api.public import router as public_router
from services.monitoring.api.reference import calendar_router, dashboard_router, reference_router
from services.monitoring.api.regional_reports import router as regional_reports_router
from services.monitoring.application import evaluator
from services.monitoring.bootstrap import build
from services.monitoring.settings import MonitoringSettings
from shared.api.app import create_service_app
from shared.workers import every


def create_app(settings: MonitoringSettings | None = None) -> FastAPI:
    settings = settings or MonitoringSettings()
    platform = build(settings)
    workers = {}
    if settings.run_evaluator:
        interval = settings.evaluation_interval_seconds
        workers["early-warning-evaluator"] = lambda: every(
            interval, lambda: evaluator.evaluate_today(platform), name="early-warning-evaluator"
        )
    purge_interval = settings.appeal_secret_purge_interval_seconds
    workers["appeal-secret-purge"] = lambda: every(
        purge_interval, lambda: receipt_secrets.purge_round(platform), name="appeal-secret-purge"
    )
    return create_service_app(
        platform,
        [
            appeals_router,
            indicators_router,
            values_router,
            incidents_router,
            regional_reports_router,
            rules_router,
            alerts_router,
            calendar_router,
            reference_router,
            dashboard_router,
            public_router,
        ],
        title="Kelisim — monitoring",
        description="Appeals, regional indicators, incidents and early warning.",
        workers=workers,
        messages=CATALOGUES,
    )
