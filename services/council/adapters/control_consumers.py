"""Open a control card for each adopted Session decision (``kelisim.sessions.v1``) and each
adopted Council resolution (the council's own ``kelisim.council.v1``) (Reg2024 §4.5, §28).

A redelivered message has no second effect (the platform's inbox), and a card that already
exists is left as it is (its id derives from its source).
"""

from __future__ import annotations

import uuid
from datetime import date

from services.council.application.control import open_card
from services.council.domain.events import CardSource
from services.council.domain.events import Text as CardText
from shared.application import UnitOfWork
from shared.assemblies import of_event
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

SESSIONS_TOPIC = topic_of("sessions")
COUNCIL_TOPIC = topic_of("council")


class Text(InboundContract):
    kk: str
    ru: str


class Adopted(InboundContract):
    """What sessions' ``DecisionAdopted`` and the council's own ``ResolutionAdopted`` both carry
    for a control card: the assembly, kind, text, adoption day and the rule applied. The
    assembly is the code of the rulebooks the act was judged by (``apk``, ``hk``, or a region's
    code for a regional Session or council); an event without one means the national Assembly
    (``shared.assemblies.of_event``)."""

    assembly: str | None = None
    kind: str
    text: Text
    adopted_on: date
    rulebook: str
    rule: str


class DecisionAdopted(Adopted):
    decision_id: uuid.UUID


class ResolutionAdopted(Adopted):
    resolution_id: uuid.UUID


async def _open_card_for(
    uow: UnitOfWork, source: CardSource, source_id: uuid.UUID, adopted: Adopted
) -> None:
    await open_card(
        uow,
        source,
        source_id,
        assembly=of_event(adopted.assembly),
        kind=adopted.kind,
        text=CardText(kk=adopted.text.kk, ru=adopted.text.ru),
        adopted_on=adopted.adopted_on,
        rulebook=adopted.rulebook,
        rule=adopted.rule,
    )


@reads(DecisionAdopted)
async def session_decision_adopted(
    event: DecisionAdopted, message: InboundEvent, uow: UnitOfWork
) -> None:
    await _open_card_for(uow, CardSource.SESSION_DECISION, event.decision_id, event)


@reads(ResolutionAdopted)
async def resolution_adopted(
    event: ResolutionAdopted, message: InboundEvent, uow: UnitOfWork
) -> None:
    await _open_card_for(uow, CardSource.COUNCIL_RESOLUTION, event.resolution_id, event)


SESSIONS_HANDLERS: dict[str, Handler] = {"DecisionAdopted": session_decision_adopted}
COUNCIL_HANDLERS: dict[str, Handler] = {"ResolutionAdopted": resolution_adopted}
