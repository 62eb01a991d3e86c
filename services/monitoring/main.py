"""The monitoring service's app factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from services.monitoring.api import messages  # noqa: F401  (registers the messages)
from services.monitoring.api.appeals import router as appeals_router
from services.monitoring.api.early_warning import alerts_router, rules_router
from services.monitoring.api.incidents import router as incidents_router
from services.monitoring.api.indicators import router as indicators_router
from services.monitoring.api.indicators import values_router
from services.monitoring.api.public import router as public_router
from services.monitoring.api.reference import calendar_router, dashboard_router, reference_router
from services.monitoring.application import evaluator
from services.monitoring.bootstrap import build
from services.monitoring.settings import MonitoringSettings
from shared.api.app import create_service_app
from shared.service import Platform


def create_app(settings: MonitoringSettings | None = None) -> FastAPI:
    settings = settings or MonitoringSettings()
    platform = build(settings)
    app = create_service_app(
        platform,
        [
            appeals_router,
            indicators_router,
            values_router,
            incidents_router,
            rules_router,
            alerts_router,
            calendar_router,
            reference_router,
            dashboard_router,
            public_router,
        ],
        title="Kelisim — monitoring",
        description="Appeals, regional indicators, incidents and early warning.",
    )
    if settings.run_evaluator:
        _with_evaluator(app, platform, settings.evaluation_interval_seconds)
    return app


def _with_evaluator(app: FastAPI, platform: Platform, interval: float) -> None:
    """Run the periodic early-warning evaluator beside the platform's own workers."""
    platform_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[None]:
        async with platform_lifespan(app_):
            task = asyncio.create_task(
                evaluator.run_periodically(platform, interval), name="early-warning-evaluator"
            )
            try:
                yield
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

    app.router.lifespan_context = lifespan
