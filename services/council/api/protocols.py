"""Protocol routes of a Council meeting (Reg2024 §15), the same as a Session's sitting's
(``shared.protocols.http``).

The Secretariat records, during the meeting, its chair and secretary (with their posts and the
place in both languages), who reported and spoke on each item and the invited guests; once the
meeting closed it records the sign-off by the chair and the secretary, and after that any
corrigendum; a regional assembly records its own council's (Law 2008 Art. 14), and no other
(403 ``assembly_scope``). A signed protocol and its corrigenda are public: their bytes as
signed, checked against the digests recorded in the log. A draft is for officials and
auditors. Meetings signed off before the protocol record existed are served as they were
signed.
"""

from __future__ import annotations

import uuid

from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from services.council import projections
from services.council.application import protocols
from services.council.application.protocols import COMMANDS
from services.council.domain.errors import MeetingNotFound
from shared.assemblies import REGIONAL_ROLE
from shared.eventstore import EventStore
from shared.protocols import Protocol, ProtocolLanguage, archive
from shared.protocols.http import protocol_router, signed_response

DRAFT_READERS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor"})


async def _draft(db: AsyncSession, store: EventStore, meeting_id: uuid.UUID) -> Protocol:
    return await protocols.protocol_of(db, meeting_id)


async def _signed_in_meeting_stream(
    db: AsyncSession, meeting_id: uuid.UUID, lang: ProtocolLanguage, fmt: str
) -> Response | None:
    """A protocol signed off in the meeting's own stream (before the protocol record)."""
    meeting = await projections.meetings.meeting(db, meeting_id)
    if meeting is None:
        raise MeetingNotFound(None, resource="meeting", id=str(meeting_id))
    if meeting["digests"] is None:
        return None
    content = await archive.signed(db, meeting_id, archive.PROTOCOL, meeting["digests"], lang, fmt)
    return signed_response(content, meeting["number"], lang, fmt)


router = protocol_router(
    "/v1/council/meetings/{subject_id}/protocol",
    COMMANDS,
    draft_readers=DRAFT_READERS,
    draft=_draft,
    earlier=_signed_in_meeting_stream,
    writers=("secretariat", REGIONAL_ROLE),
)
