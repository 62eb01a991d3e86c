"""The monitoring service's composition root (the platform only, until its issue lands)."""

from __future__ import annotations

from services.monitoring.domain.events import registry
from services.monitoring.settings import MonitoringSettings
from shared.service import Platform, build_platform


def build(settings: MonitoringSettings | None = None) -> Platform:
    return build_platform(settings or MonitoringSettings(), registry)
