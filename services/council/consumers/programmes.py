"""Put each coordinated action plan (``kelisim.programmes.v1``) under execution control
(Reg2024 §28): one control card, one assignment per measure.

A redelivered message has no second effect (the platform's inbox), and a plan whose card
exists is left as it is (the card's id derives from the plan's).
"""

from __future__ import annotations

import uuid
from datetime import date

from services.council.application.action_plans import PlanMeasure, control_action_plan
from services.council.domain.events import Text as CardText
from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

PROGRAMMES_TOPIC = topic_of("programmes")


class Text(InboundContract):
    kk: str
    ru: str


class Basis(InboundContract):
    kind: str


class Measure(InboundContract):
    measure_id: uuid.UUID
    state_body: str
    text: Text
    deadline: date
    set_on: date


class ActionPlanCoordinated(InboundContract):
    plan_id: uuid.UUID
    assembly: str
    title: Text
    basis: Basis
    approved_on: date
    measures: list[Measure]
    rulebook: str
    rule: str


@reads(ActionPlanCoordinated)
async def action_plan_coordinated(
    event: ActionPlanCoordinated, message: InboundEvent, uow: UnitOfWork
) -> None:
    await control_action_plan(
        uow,
        event.plan_id,
        assembly=event.assembly,
        kind=event.basis.kind,
        title=CardText(kk=event.title.kk, ru=event.title.ru),
        approved_on=event.approved_on,
        rulebook=event.rulebook,
        rule=event.rule,
        measures=[
            PlanMeasure(
                measure_id=m.measure_id,
                state_body=m.state_body,
                task=CardText(kk=m.text.kk, ru=m.text.ru),
                deadline=m.deadline,
                set_on=m.set_on,
            )
            for m in event.measures
        ],
    )


PROGRAMMES_HANDLERS: dict[str, Handler] = {"ActionPlanCoordinated": action_plan_coordinated}
