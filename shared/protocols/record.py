"""What the Secretariat records of a sitting for its protocol, and the sign-off (Reg2024 §15:
"Кеңестің шешімі хаттамамен ресімделеді"). Pure: no I/O.

One stream per protocol (``<stream type>-<sitting id>``), the same for the Session's sittings
and the Council's meetings (each service registers these events in its own registry and names
its stream type):

- while the sitting is open: the chair and the secretary with their posts, and the place in
  Kazakh and Russian (:class:`ProtocolOfficersRecorded`, again to correct); who reported and who
  spoke on each item (:class:`ProtocolSpeakerRecorded`); the invited guests
  (:class:`ProtocolGuestRecorded`);
- after it closed: the sign-off by the chair and the secretary (:class:`ProtocolSigned`), which
  fixes the number and records the digest of every rendering; nothing of the sitting changes
  after it;
- after the sign-off: corrigenda, each a document of its own, signed the same way
  (:class:`ProtocolCorrigendumSigned`). A signed protocol is never rewritten.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from shared.domain import Aggregate
from shared.eventstore.model import DomainEvent, EventRegistry
from shared.protocols.errors import (
    AgendaItemNotOnAgenda,
    OfficersNotRecorded,
    ProtocolAlreadySigned,
    ProtocolNotSigned,
    SittingNotClosed,
    SittingNotInProgress,
)


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Name(_Value):
    """A person's name (given name first) or a place, in Kazakh and Russian."""

    kk: str = Field(min_length=1, max_length=300)
    ru: str = Field(min_length=1, max_length=300)


class LongText(_Value):
    kk: str = Field(min_length=1, max_length=20000)
    ru: str = Field(min_length=1, max_length=20000)


class Officer(_Value):
    """The chair or the secretary of the sitting, and the post in which they act."""

    name: Name
    post: Name


class SpeakerRole(StrEnum):
    REPORTER = "reporter"
    """Made the report on the item (ТЫҢДАЛДЫ / СЛУШАЛИ)."""
    SPEAKER = "speaker"
    """Spoke in the debate (СӨЗ СӨЙЛЕДІ / ВЫСТУПИЛИ)."""


class Digests(_Value):
    """SHA-256 of each rendering as signed."""

    kk_html: str = Field(pattern=r"^[0-9a-f]{64}$")
    kk_pdf: str = Field(pattern=r"^[0-9a-f]{64}$")
    ru_html: str = Field(pattern=r"^[0-9a-f]{64}$")
    ru_pdf: str = Field(pattern=r"^[0-9a-f]{64}$")


class SittingState(StrEnum):
    """Where the sitting stands, as the service's own aggregate says."""

    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


class ProtocolOfficersRecorded(DomainEvent):
    """The chair and the secretary of the sitting (and the place, in both languages)."""

    event_type = "ProtocolOfficersRecorded"
    schema_version = 1

    subject_id: uuid.UUID
    chair: Officer
    secretary: Officer
    place: Name | None


class ProtocolSpeakerRecorded(DomainEvent):
    """Someone reported or spoke on an agenda item (``member_id`` when a member)."""

    event_type = "ProtocolSpeakerRecorded"
    schema_version = 1

    subject_id: uuid.UUID
    item_id: uuid.UUID
    role: SpeakerRole
    member_id: uuid.UUID | None
    name: Name
    post: Name | None


class ProtocolGuestRecorded(DomainEvent):
    """An invited guest attended the sitting."""

    event_type = "ProtocolGuestRecorded"
    schema_version = 1

    subject_id: uuid.UUID
    name: Name
    post: Name | None


class ProtocolSigned(DomainEvent):
    """The chair and the secretary signed the protocol: its number, the time (recorded by the
    Secretariat) and the digests of the renderings, which every later read checks."""

    event_type = "ProtocolSigned"
    schema_version = 1

    subject_id: uuid.UUID
    number: str
    chair: Officer
    secretary: Officer
    signed_at: datetime
    digests: Digests


class ProtocolCorrigendumSigned(DomainEvent):
    """A correction to a signed protocol, a document of its own, signed the same way."""

    event_type = "ProtocolCorrigendumSigned"
    schema_version = 1

    subject_id: uuid.UUID
    sequence: int = Field(ge=1)
    text: LongText
    chair: Officer
    secretary: Officer
    signed_at: datetime
    digests: Digests


RECORD_EVENTS: tuple[type[DomainEvent], ...] = (
    ProtocolOfficersRecorded,
    ProtocolSpeakerRecorded,
    ProtocolGuestRecorded,
    ProtocolSigned,
    ProtocolCorrigendumSigned,
)


def register_record_events(registry: EventRegistry) -> None:
    """Register the protocol record's events in a service's registry (once)."""
    for event in RECORD_EVENTS:
        if event.event_type not in registry:
            registry.register(event)


class ProtocolRecord(Aggregate):
    """The record of one sitting's protocol. Subclasses name the stream type."""

    stream_type: ClassVar[str] = "protocol"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.officers: tuple[Officer, Officer] | None = None
        self.place: Name | None = None
        self.number: str | None = None
        self.signed_at: datetime | None = None
        self.corrigenda = 0

    @property
    def subject_id(self) -> uuid.UUID:
        return uuid.UUID(self.id)

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    def _while_sitting(self, sitting: SittingState) -> None:
        if self.signed:
            raise ProtocolAlreadySigned(None, subject_id=self.id)
        if sitting is not SittingState.OPEN:
            raise SittingNotInProgress(None, subject_id=self.id)

    def record_officers(
        self, chair: Officer, secretary: Officer, place: Name | None, sitting: SittingState
    ) -> None:
        self._while_sitting(sitting)
        self._record(
            ProtocolOfficersRecorded(
                subject_id=self.subject_id, chair=chair, secretary=secretary, place=place
            )
        )

    def record_speaker(
        self,
        item_id: uuid.UUID,
        agenda: frozenset[uuid.UUID],
        role: SpeakerRole,
        member_id: uuid.UUID | None,
        name: Name,
        post: Name | None,
        sitting: SittingState,
    ) -> None:
        self._while_sitting(sitting)
        if item_id not in agenda:
            raise AgendaItemNotOnAgenda(None, resource="agenda_item", id=str(item_id))
        self._record(
            ProtocolSpeakerRecorded(
                subject_id=self.subject_id,
                item_id=item_id,
                role=role,
                member_id=member_id,
                name=name,
                post=post,
            )
        )

    def record_guest(self, name: Name, post: Name | None, sitting: SittingState) -> None:
        self._while_sitting(sitting)
        self._record(ProtocolGuestRecorded(subject_id=self.subject_id, name=name, post=post))

    def require_signable(self, sitting: SittingState) -> tuple[Officer, Officer]:
        """The chair and the secretary who sign, once the sitting closed, never twice."""
        if self.signed:
            raise ProtocolAlreadySigned(None, subject_id=self.id)
        if sitting is not SittingState.CLOSED:
            raise SittingNotClosed(None, subject_id=self.id)
        if self.officers is None:
            raise OfficersNotRecorded(None, subject_id=self.id)
        return self.officers

    def sign(
        self, number: str, signed_at: datetime, digests: Digests, sitting: SittingState
    ) -> None:
        chair, secretary = self.require_signable(sitting)
        self._record(
            ProtocolSigned(
                subject_id=self.subject_id,
                number=number,
                chair=chair,
                secretary=secretary,
                signed_at=signed_at,
                digests=digests,
            )
        )

    def require_correctable(self) -> tuple[Officer, Officer, int]:
        """The signatories and the sequence number of the next corrigendum."""
        if not self.signed or self.officers is None:
            raise ProtocolNotSigned(None, subject_id=self.id)
        chair, secretary = self.officers
        return chair, secretary, self.corrigenda + 1

    def sign_corrigendum(self, text: LongText, signed_at: datetime, digests: Digests) -> None:
        chair, secretary, sequence = self.require_correctable()
        self._record(
            ProtocolCorrigendumSigned(
                subject_id=self.subject_id,
                sequence=sequence,
                text=text,
                chair=chair,
                secretary=secretary,
                signed_at=signed_at,
                digests=digests,
            )
        )

    # -- evolution -------------------------------------------------------------------------

    def when_ProtocolOfficersRecorded(self, event: ProtocolOfficersRecorded) -> None:
        self.officers = (event.chair, event.secretary)
        self.place = event.place

    def when_ProtocolSpeakerRecorded(self, event: ProtocolSpeakerRecorded) -> None:
        pass

    def when_ProtocolGuestRecorded(self, event: ProtocolGuestRecorded) -> None:
        pass

    def when_ProtocolSigned(self, event: ProtocolSigned) -> None:
        self.number = event.number
        self.signed_at = event.signed_at

    def when_ProtocolCorrigendumSigned(self, event: ProtocolCorrigendumSigned) -> None:
        self.corrigenda = event.sequence
