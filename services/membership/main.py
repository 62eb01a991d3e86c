"""The membership service's app factory (``uvicorn --factory ...main:create_app``)."""

from __future__ import annotations

from fastapi import FastAPI

from services.membership.api import messages, posts, reference, rulebooks
from services.membership.api.members import ROUTERS
from services.membership.bootstrap import build
from services.membership.settings import MembershipSettings
from shared.api.app import create_service_app


def create_app(settings: MembershipSettings | None = None) -> FastAPI:
    platform = build(settings)
    return create_service_app(
        platform,
        [*ROUTERS, reference.router, posts.router, rulebooks.router],
        title="Kelisim — membership",
        description="Members of the Assembly, its bodies and posts, on any date.",
        messages=messages.CATALOGUES,
        workers={"rulebooks": lambda: platform.rulebooks.follow(platform.sessions, 5.0)},
    )
