"""The council service's app factory and composition root (platform only so far)."""

from __future__ import annotations

from fastapi import FastAPI

from services.council.domain.events import registry
from services.council.settings import CouncilSettings
from shared.api.app import create_service_app
from shared.service import build_platform


def create_app(settings: CouncilSettings | None = None) -> FastAPI:
    platform = build_platform(settings or CouncilSettings(), registry)
    return create_service_app(
        platform,
        [],
        title="Kelisim — council",
        description="Council meetings, written polls, resolutions and execution control.",
    )
