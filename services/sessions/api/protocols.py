"""Protocol routes of a Session's sitting (``shared.protocols.http``).

The Secretariat (a regional assembly's token, for its own assembly's Sessions) records, during
the sitting, its chair and secretary (with their posts and the
place in both languages), who reported and spoke on each item and the invited guests; once the
sitting closed it records the sign-off by the chair and the secretary, and after that any
corrigendum. A signed protocol and its corrigenda are public: their bytes as signed, checked
against the digests recorded in the log. A draft is for members, officials and auditors (it
names who attended).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions import projections
from services.sessions.api.auth import DRAFT_READERS
from services.sessions.application import protocols
from services.sessions.application.protocol_commands import COMMANDS
from shared.application import UnitOfWork
from shared.assemblies import REGIONAL_ROLE, ensure_may_act_for
from shared.eventstore import EventStore
from shared.protocols import Protocol
from shared.protocols.http import protocol_router


async def _draft(db: AsyncSession, store: EventStore, session_id: uuid.UUID) -> Protocol:
    return await protocols.sitting_protocol(db, session_id, store=store)


async def _authorize(uow: UnitOfWork, session_id: uuid.UUID) -> None:
    """A regional assembly's token records and signs its own assembly's protocols only."""
    row = await projections.sessions.session(uow.db, session_id)
    if row is not None:
        ensure_may_act_for(uow.actor, row["assembly"])


router = protocol_router(
    "/v1/sessions/{subject_id}/protocol",
    COMMANDS,
    draft_readers=DRAFT_READERS,
    draft=_draft,
    writers=("secretariat", REGIONAL_ROLE),
    authorize=_authorize,
)
