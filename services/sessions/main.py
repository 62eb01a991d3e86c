"""The sessions service's app factory."""

from __future__ import annotations

from fastapi import FastAPI

from services.sessions.api.polls import ROUTERS as POLL_ROUTERS
from services.sessions.api.routes import router
from services.sessions.api.sessions import ROUTERS
from services.sessions.bootstrap import build
from services.sessions.settings import SessionsSettings
from shared.api.app import create_service_app


def create_app(settings: SessionsSettings | None = None) -> FastAPI:
    return create_service_app(
        build(settings),
        [router, *ROUTERS, *POLL_ROUTERS],
        title="Kelisim — sessions",
        description="Sessions of the Assembly: convening, quorum, votes and decisions.",
    )
