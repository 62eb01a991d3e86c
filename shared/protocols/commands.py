"""The Secretariat's commands on a sitting's protocol, the same for the Session and the Council:
record the chair and the secretary, speakers and guests during the sitting; sign the protocol
off once it closed; sign corrigenda after.

A service gives what only it knows through a :class:`Sittings` port: where its sitting stands
(read under the sitting stream's shared lock, so a closing cannot slip in between), the items
on its agenda, a member's name, and the protocol document itself. The sign-off renders the
protocol as it will stand signed, records the digests of its renderings with the signatures,
and keeps the bytes as signed in the same transaction (after the append).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol as Interface

from shared.application import Repository, UnitOfWork
from shared.protocols import archive
from shared.protocols.errors import SpeakerNotNamed
from shared.protocols.model import (
    KeyValue,
    Localized,
    Paragraph,
    Protocol,
    SignOff,
    format_date,
    in_astana,
)
from shared.protocols.record import (
    LongText,
    Name,
    Officer,
    ProtocolRecord,
    SittingState,
    SpeakerRole,
)


@dataclass(frozen=True)
class RecordOfficers:
    subject_id: uuid.UUID
    chair: Officer
    secretary: Officer
    place: Name | None


@dataclass(frozen=True)
class RecordSpeaker:
    """``member_id`` names a member (the name is the roster's unless given)."""

    subject_id: uuid.UUID
    item_id: uuid.UUID
    role: SpeakerRole
    member_id: uuid.UUID | None
    name: Name | None
    post: Name | None


@dataclass(frozen=True)
class RecordGuest:
    subject_id: uuid.UUID
    name: Name
    post: Name | None


@dataclass(frozen=True)
class SignProtocol:
    subject_id: uuid.UUID
    now: datetime


@dataclass(frozen=True)
class SignCorrigendum:
    subject_id: uuid.UUID
    text: LongText
    now: datetime


class Sittings(Interface):
    """What a service tells the protocol commands about its sittings."""

    async def state(self, uow: UnitOfWork, subject_id: uuid.UUID) -> SittingState:
        """Where the sitting stands (NotFound for none); holds its stream's shared lock."""
        ...

    async def agenda(self, uow: UnitOfWork, subject_id: uuid.UUID) -> frozenset[uuid.UUID]:
        """The ids of the items on the sitting's agenda."""
        ...

    async def member_name(
        self, uow: UnitOfWork, subject_id: uuid.UUID, member_id: uuid.UUID
    ) -> Name | None:
        """A member's name as of the sitting (None: not a member then)."""
        ...

    async def protocol(
        self, uow: UnitOfWork, subject_id: uuid.UUID, sign_off: SignOff | None
    ) -> Protocol:
        """The protocol document (with ``sign_off``: as it will stand signed)."""
        ...


class ProtocolCommands:
    def __init__(self, record_type: type[ProtocolRecord], sittings: Sittings) -> None:
        self.records = Repository(record_type)
        self.record_type = record_type
        self.sittings = sittings

    async def _record(self, uow: UnitOfWork, subject_id: uuid.UUID) -> ProtocolRecord:
        found = await self.records.get(uow, str(subject_id))
        return found if found is not None else self.record_type(str(subject_id))

    async def record_officers(self, command: RecordOfficers, uow: UnitOfWork) -> ProtocolRecord:
        record = await self._record(uow, command.subject_id)
        state = await self.sittings.state(uow, command.subject_id)
        record.record_officers(command.chair, command.secretary, command.place, state)
        await self.records.save(uow, record)
        return record

    async def record_speaker(self, command: RecordSpeaker, uow: UnitOfWork) -> ProtocolRecord:
        record = await self._record(uow, command.subject_id)
        state = await self.sittings.state(uow, command.subject_id)
        name = command.name
        if command.member_id is not None and name is None:
            name = await self.sittings.member_name(uow, command.subject_id, command.member_id)
        if name is None:
            raise SpeakerNotNamed(None)
        agenda = await self.sittings.agenda(uow, command.subject_id)
        record.record_speaker(
            command.item_id, agenda, command.role, command.member_id, name, command.post, state
        )
        await self.records.save(uow, record)
        return record

    async def record_guest(self, command: RecordGuest, uow: UnitOfWork) -> ProtocolRecord:
        record = await self._record(uow, command.subject_id)
        state = await self.sittings.state(uow, command.subject_id)
        record.record_guest(command.name, command.post, state)
        await self.records.save(uow, record)
        return record

    async def sign(self, command: SignProtocol, uow: UnitOfWork) -> ProtocolRecord:
        """The chair and the secretary sign (the Secretariat records it): the protocol is
        rendered as signed, its digests recorded, its bytes kept; it never changes again."""
        record = await self._record(uow, command.subject_id)
        state = await self.sittings.state(uow, command.subject_id)
        record.require_signable(state)
        signed_at = command.now.replace(microsecond=0)
        protocol = await self.sittings.protocol(
            uow, command.subject_id, SignOff(signed_at=signed_at)
        )
        renderings = archive.render_all(protocol)
        record.sign(protocol.number, signed_at, archive.digests_of(renderings), state)
        await self.records.save(uow, record)
        await archive.store(uow.db, command.subject_id, archive.PROTOCOL, renderings)
        return record

    async def sign_corrigendum(self, command: SignCorrigendum, uow: UnitOfWork) -> ProtocolRecord:
        """A corrigendum: a document of its own, referring to the signed protocol, signed by
        the same chair and secretary. The protocol itself stays as signed."""
        record = await self._record(uow, command.subject_id)
        _, _, sequence = record.require_correctable()
        signed_at = command.now.replace(microsecond=0)
        signed = await self.sittings.protocol(uow, command.subject_id, None)
        assert record.number is not None
        corrected_on = in_astana(signed_at).date()
        document = Protocol(
            kind=signed.kind,
            document="corrigendum",
            body=signed.body,
            number=record.number,
            date=signed.date,
            sequence=sequence,
            place=signed.place,
            chair=signed.chair,
            secretary=signed.secretary,
            facts=(
                KeyValue(
                    key=Localized(kk="Түзету күні", ru="Дата исправления"),
                    value=Localized(
                        kk=format_date(corrected_on, "kk"), ru=format_date(corrected_on, "ru")
                    ),
                ),
            ),
            content=(Paragraph(text=Localized(kk=command.text.kk, ru=command.text.ru)),),
            sign_off=SignOff(signed_at=signed_at),
        )
        renderings = archive.render_all(document)
        record.sign_corrigendum(command.text, signed_at, archive.digests_of(renderings))
        await self.records.save(uow, record)
        await archive.store(uow.db, command.subject_id, archive.corrigendum(sequence), renderings)
        return record
