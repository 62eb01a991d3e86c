"""What a sitting's protocol states about who was there, fixed when the sitting closes, and the
protocol's own stream (chair, secretary, speakers, guests, sign-off, corrigenda). Pure: no I/O.

At the closing the Session's stream takes, with ``SittingClosed``, a :class:`SittingRecordFixed`:
the protocol's number, the members on the roster of the sitting's day with those present and
absent (names and regions as they stood then) and the quorum (Reg2024 §9). A later correction
of a name or a membership ended with an earlier date changes the roster, never this record: the
protocol of a held sitting says what the sitting saw.
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.sessions.domain.events import registry
from shared.eventstore.model import DomainEvent
from shared.protocols.record import ProtocolRecord, register_record_events


class Names(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kk: str = Field(min_length=1, max_length=300)
    ru: str = Field(min_length=1, max_length=300)


class RecordedMember(BaseModel):
    """A member on the roster of the sitting's day, as the roster named them then."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    member_id: uuid.UUID
    name: Names
    region: Names | None


@registry.register
class SittingRecordFixed(DomainEvent):
    """Appended with ``SittingClosed``: the protocol's number and who was there."""

    event_type = "SittingRecordFixed"
    schema_version = 1

    session_id: uuid.UUID
    number: str
    sitting_on: date
    roster_total: int
    present: tuple[RecordedMember, ...]
    absent: tuple[RecordedMember, ...]
    quorum_required: int
    quorate: bool
    rulebook: str
    rule: str


register_record_events(registry)


class SittingProtocol(ProtocolRecord):
    """The protocol record of a Session's sitting (stream ``sitting-protocol-<session id>``)."""

    stream_type = "sitting-protocol"
