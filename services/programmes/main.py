"""The programmes service's app factory."""

from __future__ import annotations

from fastapi import FastAPI

from services.programmes.api import messages
from services.programmes.api.awards import router as awards_router
from services.programmes.api.bodies import experts_router
from services.programmes.api.bodies import router as bodies_router
from services.programmes.api.documents import router as documents_router
from services.programmes.api.plans import router as plans_router
from services.programmes.api.plans import work_plan_router
from services.programmes.api.reference import router as reference_router
from services.programmes.bootstrap import build
from services.programmes.settings import ProgrammesSettings
from shared.api.app import create_service_app


def create_app(settings: ProgrammesSettings | None = None) -> FastAPI:
    return create_service_app(
        build(settings),
        [
            documents_router,
            plans_router,
            work_plan_router,
            awards_router,
            bodies_router,
            experts_router,
            reference_router,
        ],
        title="Kelisim — programmes",
        description=(
            "Programme documents and the Development Concept, action plans, the Secretariat's "
            "work plan, public awards, the Scientific-Expert Council, commissions, working "
            "groups and the regional public structures."
        ),
        messages=[messages.MESSAGES],
    )
