"""What programmes keeps of the council's acts (``kelisim.council.v1``): the Council's adopted
resolutions (``ResolutionAdopted``), with their content (an award and its statute, Reg2024
§13.5; work-plan items, §13.4) and protocol; a document's Council discussion (§31), an award
and a work-plan item cite one.

The platform's consumer applies each message once (inbox and per-stream positions); the
statement is idempotent besides.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import text

from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

COUNCIL_TOPIC = topic_of("council")

_RESOLUTION = text(
    """
    INSERT INTO council_resolutions (resolution_id, kind, text_kk, text_ru, content, adopted_on,
        protocol_number, protocol_date, meeting_id, rulebook, rule)
    VALUES (:id, :kind, :kk, :ru, CAST(:content AS jsonb), :on, :number, :protocol_date,
        :meeting, :rulebook, :rule)
    ON CONFLICT (resolution_id) DO NOTHING
    """
)


class Text(InboundContract):
    kk: str
    ru: str


class Protocol(InboundContract):
    number: str
    date: date


class ResolutionAdopted(InboundContract):
    resolution_id: uuid.UUID
    kind: str
    text: Text
    content: dict[str, Any]
    adopted_on: date
    protocol: Protocol
    meeting_id: uuid.UUID | None = None
    rulebook: str
    rule: str


@reads(ResolutionAdopted)
async def resolution_adopted(
    event: ResolutionAdopted, message: InboundEvent, uow: UnitOfWork
) -> None:
    await uow.db.execute(
        _RESOLUTION,
        {
            "id": event.resolution_id,
            "kind": event.kind,
            "kk": event.text.kk,
            "ru": event.text.ru,
            "content": json.dumps(event.content, ensure_ascii=False),
            "on": event.adopted_on,
            "number": event.protocol.number,
            "protocol_date": event.protocol.date,
            "meeting": event.meeting_id,
            "rulebook": event.rulebook,
            "rule": event.rule,
        },
    )


COUNCIL_HANDLERS: dict[str, Handler] = {"ResolutionAdopted": resolution_adopted}
