"""The council service's app factory."""

from __future__ import annotations

from fastapi import FastAPI

from services.council.api.control import public_router as public_control_router
from services.council.api.control import router as control_router
from services.council.api.meetings import router as council_router
from services.council.api.messages import CATALOGUES
from services.council.api.protocols import router as protocols_router
from services.council.api.records import router as records_router
from services.council.application.policies import SWEEP_SECONDS, OpenControlCards
from services.council.bootstrap import build
from services.council.settings import CouncilSettings
from shared.api.app import create_service_app
from shared.workers import every


def create_app(settings: CouncilSettings | None = None) -> FastAPI:
    platform = build(settings)
    return create_service_app(
        platform,
        [records_router, council_router, control_router, public_control_router, protocols_router],
        title="Kelisim — council",
        description="Council meetings, written polls, resolutions and execution control.",
        workers={
            "rulebooks": lambda: platform.rulebooks.follow(platform.sessions, 5.0),
            "control-cards": lambda: every(
                SWEEP_SECONDS, platform.part(OpenControlCards).sweep, name="control-cards"
            ),
        },
        messages=CATALOGUES,
    )
