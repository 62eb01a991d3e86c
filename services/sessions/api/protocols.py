"""Protocol routes of a Session's sitting.

The Secretariat records, during the sitting, its chair and secretary (with their posts and the
place in both languages), who reported and spoke on each item and the invited guests; once the
sitting closed it records the sign-off by the chair and the secretary, and after that any
corrigendum. A signed protocol and its corrigenda are public: their bytes as signed, checked
against the digests recorded in the log. A draft is for members, officials and auditors (it
names who attended).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, Response

from services.sessions.api import messages  # noqa: F401  (registers the messages)
from services.sessions.application import protocols
from services.sessions.application.protocol_commands import COMMANDS
from shared.api.app import CommandsDep, PlatformDep
from shared.api.auth import CurrentActor, require_roles
from shared.application import CommandResult, UnitOfWork
from shared.context import Actor
from shared.protocols import Protocol
from shared.protocols import commands as c
from shared.protocols.http import (
    CorrigendumRequest,
    GuestRequest,
    OfficersRequest,
    ProtocolRecordView,
    RecordState,
    SpeakerRequest,
    record_view,
    serve_corrigendum,
    serve_protocol,
)
from shared.protocols.record import ProtocolRecord

router = APIRouter(prefix="/v1/sessions/{session_id}/protocol", tags=["protocols"])

Secretariat = Annotated[Actor, Depends(require_roles("secretariat"))]
DRAFT_READERS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor", "member"})
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
Lang = Literal["kk", "ru"]
Format = Literal["html", "pdf"]


async def _run(
    commands: CommandsDep,
    handler: Callable[[Any, UnitOfWork], Awaitable[ProtocolRecord]],
    command: Any,
) -> JSONResponse:
    async def work(uow: UnitOfWork) -> CommandResult:
        record = await handler(command, uow)
        state = RecordState(id=uuid.UUID(record.id), version=record.version, signed=record.signed)
        return CommandResult(200, state.model_dump(mode="json"))

    return await commands.run(work)


@router.post("/officers", response_model=RecordState)
async def record_officers(
    session_id: uuid.UUID, body: OfficersRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """The chair and the secretary of the sitting, who will sign its protocol (again, to
    correct them, while the sitting is open)."""
    command = c.RecordOfficers(session_id, body.chair, body.secretary, body.place)
    return await _run(commands, COMMANDS.record_officers, command)


@router.post("/speakers", response_model=RecordState)
async def record_speaker(
    session_id: uuid.UUID, body: SpeakerRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Who reported on an item, or spoke on it, during the sitting."""
    command = c.RecordSpeaker(
        session_id, body.item_id, body.role, body.member_id, body.name, body.post
    )
    return await _run(commands, COMMANDS.record_speaker, command)


@router.post("/guests", response_model=RecordState)
async def record_guest(
    session_id: uuid.UUID, body: GuestRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """An invited guest at the sitting (listed in an annex)."""
    command = c.RecordGuest(session_id, body.name, body.post)
    return await _run(commands, COMMANDS.record_guest, command)


@router.post("/sign-off", response_model=RecordState)
async def sign_off(session_id: uuid.UUID, _: Secretariat, commands: CommandsDep) -> JSONResponse:
    """The chair and the secretary signed the protocol of the closed sitting: its renderings'
    digests are recorded in the log and their bytes kept; it never changes again and is
    public."""
    command = c.SignProtocol(session_id, datetime.now(UTC))
    return await _run(commands, COMMANDS.sign, command)


@router.post("/corrigenda", response_model=RecordState)
async def sign_corrigendum(
    session_id: uuid.UUID, body: CorrigendumRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """A correction to the signed protocol: a document of its own, signed the same way."""
    command = c.SignCorrigendum(session_id, body.text, datetime.now(UTC))
    return await _run(commands, COMMANDS.sign_corrigendum, command)


@router.get("/record", response_model=ProtocolRecordView)
async def get_record(session_id: uuid.UUID, platform: PlatformDep) -> ProtocolRecordView:
    """The protocol's record: signatories, and once signed its number, time and digests."""
    async with platform.sessions() as db:
        return await record_view(db, session_id)


@router.get(
    "",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
async def get_protocol(
    session_id: uuid.UUID,
    actor: CurrentActor,
    platform: PlatformDep,
    lang: Lang = "kk",
    format: Format = "html",
) -> Response:
    """The protocol of the Session's sitting in Kazakh or Russian, as HTML or PDF, with its
    file name. Signed: the bytes as signed (public). A draft: generated from the events, for
    members, officials and auditors."""
    async with platform.sessions() as db:

        async def draft() -> Protocol:
            return await protocols.sitting_protocol(db, session_id, store=platform.store)

        return await serve_protocol(
            db, session_id, lang, format, draft_readers=DRAFT_READERS, roles=actor.roles,
            draft=draft,
        )  # fmt: skip


@router.get(
    "/corrigenda/{sequence}",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
async def get_corrigendum(
    session_id: uuid.UUID,
    sequence: Annotated[int, Path(ge=1, le=10_000)],
    platform: PlatformDep,
    lang: Lang = "kk",
    format: Format = "html",
) -> Response:
    """A signed corrigendum to the protocol (public)."""
    async with platform.sessions() as db:
        return await serve_corrigendum(db, session_id, sequence, lang, format)
