"""Protocol routes of a Council meeting (Reg2024 §15), the same as a Session's sitting's.

The Secretariat records, during the meeting, its chair and secretary (with their posts and the
place in both languages), who reported and spoke on each item and the invited guests; once the
meeting closed it records the sign-off by the chair and the secretary, and after that any
corrigendum. A signed protocol and its corrigenda are public: their bytes as signed, checked
against the digests recorded in the log. A draft is for officials and auditors. Meetings signed
off before the protocol record existed are served as they were signed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, Response

from services.council.api import messages  # noqa: F401  (registers the messages)
from services.council.application import protocols
from services.council.application.protocols import COMMANDS
from services.council.domain.errors import MeetingNotFound
from services.council.projections import queries
from shared.api.app import CommandsDep, PlatformDep
from shared.api.auth import CurrentActor, require_roles
from shared.application import CommandResult, UnitOfWork
from shared.context import Actor
from shared.protocols import Protocol, archive
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

router = APIRouter(prefix="/v1/council/meetings/{meeting_id}/protocol", tags=["protocols"])

Secretariat = Annotated[Actor, Depends(require_roles("secretariat"))]
DRAFT_READERS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor"})
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
    meeting_id: uuid.UUID, body: OfficersRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """The chair and the secretary of the meeting, who will sign its protocol."""
    command = c.RecordOfficers(meeting_id, body.chair, body.secretary, body.place)
    return await _run(commands, COMMANDS.record_officers, command)


@router.post("/speakers", response_model=RecordState)
async def record_speaker(
    meeting_id: uuid.UUID, body: SpeakerRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Who reported on an item, or spoke on it, during the meeting."""
    command = c.RecordSpeaker(
        meeting_id, body.item_id, body.role, body.member_id, body.name, body.post
    )
    return await _run(commands, COMMANDS.record_speaker, command)


@router.post("/guests", response_model=RecordState)
async def record_guest(
    meeting_id: uuid.UUID, body: GuestRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    command = c.RecordGuest(meeting_id, body.name, body.post)
    return await _run(commands, COMMANDS.record_guest, command)


@router.post("/sign-off", response_model=RecordState)
async def sign_off(meeting_id: uuid.UUID, _: Secretariat, commands: CommandsDep) -> JSONResponse:
    """The chair and the secretary signed the protocol of the closed meeting: its renderings'
    digests are recorded in the log and their bytes kept; it never changes again and is
    public."""
    command = c.SignProtocol(meeting_id, datetime.now(UTC))
    return await _run(commands, COMMANDS.sign, command)


@router.post("/corrigenda", response_model=RecordState)
async def sign_corrigendum(
    meeting_id: uuid.UUID, body: CorrigendumRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """A correction to the signed protocol: a document of its own, signed the same way."""
    command = c.SignCorrigendum(meeting_id, body.text, datetime.now(UTC))
    return await _run(commands, COMMANDS.sign_corrigendum, command)


@router.get("/record", response_model=ProtocolRecordView)
async def get_record(meeting_id: uuid.UUID, platform: PlatformDep) -> ProtocolRecordView:
    async with platform.sessions() as db:
        return await record_view(db, meeting_id)


@router.get(
    "",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
async def get_protocol(
    meeting_id: uuid.UUID,
    actor: CurrentActor,
    platform: PlatformDep,
    lang: Lang = "kk",
    format: Format = "html",
) -> Response:
    """The protocol in Kazakh or Russian, HTML or PDF, with its file name. Signed: the bytes as
    signed (public). A draft: for officials and auditors."""
    async with platform.sessions() as db:
        meeting = await queries.meeting(db, meeting_id)
        if meeting is None:
            raise MeetingNotFound(None, resource="meeting", id=str(meeting_id))
        if meeting["digests"] is not None:  # signed off in the meeting's own stream
            content = await archive.signed(
                db, meeting_id, archive.PROTOCOL, meeting["digests"], lang, format
            )
            return Response(
                content,
                media_type=MEDIA[format],
                headers={
                    "X-Signed": "true",
                    "Content-Disposition": archive.content_disposition(
                        meeting["number"], lang, format
                    ),
                },
            )

        async def draft() -> Protocol:
            return await protocols.protocol_of(db, meeting_id)

        return await serve_protocol(
            db, meeting_id, lang, format, draft_readers=DRAFT_READERS, roles=actor.roles,
            draft=draft,
        )  # fmt: skip


@router.get(
    "/corrigenda/{sequence}",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
async def get_corrigendum(
    meeting_id: uuid.UUID,
    sequence: Annotated[int, Path(ge=1, le=10_000)],
    platform: PlatformDep,
    lang: Lang = "kk",
    format: Format = "html",
) -> Response:
    """A signed corrigendum to the protocol (public)."""
    async with platform.sessions() as db:
        return await serve_corrigendum(db, meeting_id, sequence, lang, format)
