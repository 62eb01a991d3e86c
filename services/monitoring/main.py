"""The monitoring service's app factory and composition root (platform only so far)."""

from __future__ import annotations

from fastapi import FastAPI

from services.monitoring.domain.events import registry
from services.monitoring.settings import MonitoringSettings
from shared.api.app import create_service_app
from shared.service import build_platform


def create_app(settings: MonitoringSettings | None = None) -> FastAPI:
    platform = build_platform(settings or MonitoringSettings(), registry)
    return create_service_app(
        platform,
        [],
        title="Kelisim — monitoring",
        description="Appeals, regional indicators, incidents and early warning.",
    )
