"""Open a control card for each adopted Session decision (``kelisim.sessions.v1``) and each
adopted Council resolution (the council's own ``kelisim.council.v1``) (Reg2024 §4.5, §28).

A redelivered message has no second effect (the platform's inbox), and a card that already
exists is left as it is (its id derives from its source).
"""

from __future__ import annotations

import uuid
from datetime import date

from services.council.application.control import open_card
from services.council.domain.events import CardSource, Text
from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

SESSIONS_TOPIC = topic_of("sessions")
COUNCIL_TOPIC = topic_of("council")


async def session_decision_adopted(event: InboundEvent, uow: UnitOfWork) -> None:
    """Fields of sessions' ``DecisionAdopted`` (services/sessions/domain/events.py)."""
    d = event.data
    await open_card(
        uow,
        CardSource.SESSION_DECISION,
        uuid.UUID(d["decision_id"]),
        assembly=d["assembly"],
        kind=d["kind"],
        text=Text(kk=d["text"]["kk"], ru=d["text"]["ru"]),
        adopted_on=date.fromisoformat(d["adopted_on"]),
        rulebook=d["rulebook"],
        rule=d["rule"],
    )


async def resolution_adopted(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await open_card(
        uow,
        CardSource.COUNCIL_RESOLUTION,
        uuid.UUID(d["resolution_id"]),
        assembly=d["assembly"],
        kind=d["kind"],
        text=Text(kk=d["text"]["kk"], ru=d["text"]["ru"]),
        adopted_on=date.fromisoformat(d["adopted_on"]),
        rulebook=d["rulebook"],
        rule=d["rule"],
    )


SESSIONS_HANDLERS: dict[str, Handler] = {"DecisionAdopted": session_decision_adopted}
COUNCIL_HANDLERS: dict[str, Handler] = {"ResolutionAdopted": resolution_adopted}
