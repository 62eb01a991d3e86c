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


async def _open_card_for(
    event: InboundEvent, uow: UnitOfWork, source: CardSource, id_field: str
) -> None:
    """Open the card of the adopted decision or resolution whose id is ``id_field``; both
    events carry the same assembly, kind, text, adoption day and rule fields."""
    d = event.data
    await open_card(
        uow,
        source,
        uuid.UUID(d[id_field]),
        assembly=d["assembly"],
        kind=d["kind"],
        text=Text(kk=d["text"]["kk"], ru=d["text"]["ru"]),
        adopted_on=date.fromisoformat(d["adopted_on"]),
        rulebook=d["rulebook"],
        rule=d["rule"],
    )


async def session_decision_adopted(event: InboundEvent, uow: UnitOfWork) -> None:
    """Fields of sessions' ``DecisionAdopted`` (services/sessions/domain/events.py)."""
    await _open_card_for(event, uow, CardSource.SESSION_DECISION, "decision_id")


async def resolution_adopted(event: InboundEvent, uow: UnitOfWork) -> None:
    """Fields of the council's own ``ResolutionAdopted`` (services/council/domain/events.py)."""
    await _open_card_for(event, uow, CardSource.COUNCIL_RESOLUTION, "resolution_id")


SESSIONS_HANDLERS: dict[str, Handler] = {"DecisionAdopted": session_decision_adopted}
COUNCIL_HANDLERS: dict[str, Handler] = {"ResolutionAdopted": resolution_adopted}
