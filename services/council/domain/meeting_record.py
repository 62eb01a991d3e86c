"""A Council meeting's protocol record (``shared.protocols.record``, stream
``meeting-protocol-<meeting id>``) and who was absent, fixed at the closing. Pure: no I/O.

The names of the members present are in the attendance events; at the closing the meeting's
stream takes, with ``MeetingClosed``, a :class:`MeetingAbsenceRecorded`: the Council members of
the meeting's day who were not present, as the composition named them then. A later change to
the composition changes the composition, never this record.
"""

from __future__ import annotations

import uuid

from services.council.domain.events import NamedPerson, registry
from shared.eventstore.model import DomainEvent
from shared.protocols.record import ProtocolRecord, register_record_events


@registry.register
class MeetingAbsenceRecorded(DomainEvent):
    """Appended with ``MeetingClosed``: the Council members of the day who were absent."""

    event_type = "MeetingAbsenceRecorded"
    schema_version = 1

    meeting_id: uuid.UUID
    absent: tuple[NamedPerson, ...]


register_record_events(registry)


class MeetingProtocol(ProtocolRecord):
    """The protocol record of a Council meeting (stream ``meeting-protocol-<meeting id>``)."""

    stream_type = "meeting-protocol"
