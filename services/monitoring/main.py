"""The monitoring service's app factory."""

from __future__ import annotations

from fastapi import FastAPI

from services.monitoring.bootstrap import build
from services.monitoring.settings import MonitoringSettings
from shared.api.app import create_service_app


def create_app(settings: MonitoringSettings | None = None) -> FastAPI:
    return create_service_app(
        build(settings),
        [],
        title="Kelisim — monitoring",
        description="Appeals, regional indicators, incidents and early warning.",
    )
