"""The sessions service's app factory."""

from __future__ import annotations

from fastapi import FastAPI

from services.sessions.api.live import LiveBoard
from services.sessions.api.live import router as live_router
from services.sessions.api.messages import CATALOGUES
from services.sessions.api.polls import ROUTERS as POLL_ROUTERS
from services.sessions.api.protocols import router as protocols_router
from services.sessions.api.records import router as records_router
from services.sessions.api.roster import router as roster_router
from services.sessions.api.sessions import ROUTERS
from services.sessions.application import deadlines
from services.sessions.bootstrap import build
from services.sessions.settings import SessionsSettings
from shared.api.app import create_service_app


def create_app(settings: SessionsSettings | None = None) -> FastAPI:
    settings = settings or SessionsSettings()
    platform = build(settings)
    board = LiveBoard(
        platform,
        max_subscribers=settings.live_max_subscribers,
        min_interval=settings.live_min_interval_seconds,
        poll_seconds=settings.live_poll_seconds,
    )
    workers = {
        "rulebooks": lambda: platform.rulebooks.follow(platform.sessions, 5.0),
        "live-board": board.run,
    }
    if settings.run_deadline_closer:
        interval = settings.deadline_check_seconds
        workers[deadlines.WORKER] = lambda: deadlines.run_periodically(platform, interval)
    app = create_service_app(
        platform,
        [records_router, roster_router, *ROUTERS, *POLL_ROUTERS, live_router, protocols_router],
        title="Kelisim — sessions",
        description="Sessions of the Assembly: convening, quorum, votes and decisions.",
        workers=workers,
        messages=CATALOGUES,
    )
    app.state.live_board = board
    return app
