"""What programmes keeps of the sessions' acts (``kelisim.sessions.v1``): the Session's adopted
decisions (``DecisionAdopted``); a document's Session consideration (Reg2024 §31) and an action
plan (§28) cite one.

The platform's consumer applies each message once (inbox and per-stream positions); the
statement is idempotent besides.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

SESSIONS_TOPIC = topic_of("sessions")

_DECISION = text(
    """
    INSERT INTO session_decisions (decision_id, session_id, kind, text_kk, text_ru, adopted_on,
        rulebook, rule)
    VALUES (:id, :session, :kind, :kk, :ru, :on, :rulebook, :rule)
    ON CONFLICT (decision_id) DO NOTHING
    """
)


class Text(InboundContract):
    kk: str
    ru: str


class DecisionAdopted(InboundContract):
    decision_id: uuid.UUID
    session_id: uuid.UUID
    kind: str
    text: Text
    adopted_on: date
    rulebook: str
    rule: str


@reads(DecisionAdopted)
async def decision_adopted(event: DecisionAdopted, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(
        _DECISION,
        {
            "id": event.decision_id,
            "session": event.session_id,
            "kind": event.kind,
            "kk": event.text.kk,
            "ru": event.text.ru,
            "on": event.adopted_on,
            "rulebook": event.rulebook,
            "rule": event.rule,
        },
    )


SESSIONS_HANDLERS: dict[str, Handler] = {"DecisionAdopted": decision_adopted}
