"""Put each coordinated action plan (``kelisim.programmes.v1``) under execution control
(Reg2024 §28): one control card, one assignment per measure.

A redelivered message has no second effect (the platform's inbox), and a plan whose card
exists is left as it is (the card's id derives from the plan's).
"""

from __future__ import annotations

from services.council.application.action_plans import control_action_plan
from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

PROGRAMMES_TOPIC = topic_of("programmes")


async def action_plan_coordinated(event: InboundEvent, uow: UnitOfWork) -> None:
    await control_action_plan(uow, event.data)


PROGRAMMES_HANDLERS: dict[str, Handler] = {"ActionPlanCoordinated": action_plan_coordinated}
