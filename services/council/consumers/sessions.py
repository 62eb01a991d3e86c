"""Open a control card for each adopted Session decision (``kelisim.sessions.v1``) (Reg2024
§4.5, §28). The council's own resolutions open theirs in-process (``application/policies.py``).

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


class Text(InboundContract):
    kk: str
    ru: str


class DecisionAdopted(InboundContract):
    """What sessions' ``DecisionAdopted`` carries for a control card: the assembly, kind, text,
    adoption day and the rule applied. The assembly is the code of the rulebooks the decision
    was judged by (``apk``, ``hk``, or a region's code for a regional Session); an event without
    one means the national Assembly (``shared.assemblies.of_event``)."""

    assembly: str | None = None
    kind: str
    text: Text
    adopted_on: date
    rulebook: str
    rule: str
    decision_id: uuid.UUID


@reads(DecisionAdopted)
async def session_decision_adopted(
    event: DecisionAdopted, message: InboundEvent, uow: UnitOfWork
) -> None:
    await open_card(
        uow,
        CardSource.SESSION_DECISION,
        event.decision_id,
        assembly=of_event(event.assembly),
        kind=event.kind,
        text=CardText(kk=event.text.kk, ru=event.text.ru),
        adopted_on=event.adopted_on,
        rulebook=event.rulebook,
        rule=event.rule,
    )


SESSIONS_HANDLERS: dict[str, Handler] = {"DecisionAdopted": session_decision_adopted}
