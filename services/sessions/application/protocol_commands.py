"""The Secretariat's commands on a sitting's protocol (``shared.protocols.commands``), with what
only the sessions service knows: where the sitting stands, its agenda, its roster."""

from __future__ import annotations

import uuid

from services.sessions.application import protocols
from services.sessions.application.sessions import sessions
from services.sessions.domain.session import Session, Status
from services.sessions.domain.sitting_record import SittingProtocol
from shared import roster
from shared.application import UnitOfWork
from shared.errors import NotFound
from shared.protocols import Protocol, SignOff
from shared.protocols.commands import ProtocolCommands
from shared.protocols.record import Name, SittingState

_STATES = {Status.SITTING: SittingState.OPEN, Status.HELD: SittingState.CLOSED}


class SessionSittings:
    async def _session(self, uow: UnitOfWork, subject_id: uuid.UUID) -> Session:
        # Shared lock: a closing (exclusive) waits for a speaker being recorded, and after it.
        session = await sessions.read(uow, str(subject_id))
        if session is None:
            raise NotFound(None, resource="session", id=str(subject_id))
        return session

    async def state(self, uow: UnitOfWork, subject_id: uuid.UUID) -> SittingState:
        session = await self._session(uow, subject_id)
        return _STATES.get(session.status or Status.CONVENED, SittingState.NOT_OPEN)

    async def agenda(self, uow: UnitOfWork, subject_id: uuid.UUID) -> frozenset[uuid.UUID]:
        session = await self._session(uow, subject_id)
        return frozenset(item.item_id for item in session.agenda)

    async def member_name(
        self, uow: UnitOfWork, subject_id: uuid.UUID, member_id: uuid.UUID
    ) -> Name | None:
        session = await self._session(uow, subject_id)
        if session.opens_on is None:
            return None
        for member in await roster.members_on(uow.db, session.assembly, session.opens_on):
            if member["member_id"] == member_id:
                return Name(kk=member["name_kk"], ru=member["name_ru"])
        return None

    async def protocol(
        self, uow: UnitOfWork, subject_id: uuid.UUID, sign_off: SignOff | None
    ) -> Protocol:
        return await protocols.sitting_protocol(
            uow.db, subject_id, store=uow.store, sign_off=sign_off
        )


COMMANDS = ProtocolCommands(SittingProtocol, SessionSittings())
