"""The HTTP side of protocols, the same for every service (:func:`protocol_router`): request
bodies of the Secretariat's commands, the record's JSON view, and serving a document (the bytes
as signed, checked against the digests in the log, to anyone; a draft to those allowed to read
drafts), always with a file name (``Content-Disposition``).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from shared.api.auth import CurrentActor, require_roles
from shared.api.deps import CommandsDep, PlatformDep
from shared.application import JsonDict, UnitOfWork
from shared.context import Actor
from shared.dates import Instant
from shared.errors import Forbidden, NotFound, Unauthenticated
from shared.eventstore import EventStore
from shared.protocols import archive
from shared.protocols import commands as c
from shared.protocols import projection as records
from shared.protocols.commands import ProtocolCommands
from shared.protocols.model import Protocol, ProtocolLanguage
from shared.protocols.record import LongText, Name, Officer, ProtocolRecord, SpeakerRole
from shared.protocols.render import render_html, render_pdf


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OfficersRequest(_Body):
    """The chair and the secretary of the sitting with their posts; the place in both
    languages (as the protocol prints it)."""

    chair: Officer
    secretary: Officer
    place: Name | None = None


class SpeakerRequest(_Body):
    """A reporter or a speaker on an agenda item: a member by ``member_id`` (named as on the
    roster of the day), or anyone by ``name``; ``post`` as the protocol should print it."""

    item_id: uuid.UUID
    role: SpeakerRole = SpeakerRole.SPEAKER
    member_id: uuid.UUID | None = None
    name: Name | None = None
    post: Name | None = None


class GuestRequest(_Body):
    name: Name
    post: Name | None = None


class CorrigendumRequest(_Body):
    text: LongText


class RecordState(BaseModel):
    id: uuid.UUID
    version: int
    signed: bool


class CorrigendumView(BaseModel):
    sequence: int
    text: LongText
    signed_at: Instant
    digests: dict[str, str]


class ProtocolRecordView(BaseModel):
    """What the log records of a protocol: its signatories, and once signed its number, time
    and the SHA-256 of each rendering (``kk_pdf``, ...), which every read checks."""

    subject_id: uuid.UUID
    chair: Officer | None = None
    secretary: Officer | None = None
    place: Name | None = None
    number: str | None = None
    signed_at: Instant | None = None
    digests: dict[str, str] | None = None
    corrigenda: list[CorrigendumView] = Field(default_factory=list)


async def record_view(db: AsyncSession, subject_id: uuid.UUID) -> ProtocolRecordView:
    row = await records.record(db, subject_id) or {}
    place = None
    if row.get("place_kk"):
        place = Name(kk=row["place_kk"], ru=row["place_ru"])
    return ProtocolRecordView(
        subject_id=subject_id,
        chair=row.get("chair"),
        secretary=row.get("secretary"),
        place=place,
        number=row.get("number"),
        signed_at=row.get("signed_at"),
        digests=row.get("digests"),
        corrigenda=[
            CorrigendumView(
                sequence=c["sequence"],
                text=LongText(kk=c["text_kk"], ru=c["text_ru"]),
                signed_at=c["signed_at"],
                digests=c["digests"],
            )
            for c in await records.corrigenda(db, subject_id)
        ],
    )


def _response(content: bytes, number: str, lang: ProtocolLanguage, fmt: str, signed: bool,
              sequence: int | None = None) -> Response:  # fmt: skip
    return Response(
        content,
        media_type=archive.MEDIA_TYPES[fmt],
        headers={
            "X-Signed": "true" if signed else "false",
            "Content-Disposition": archive.content_disposition(number, lang, fmt, sequence),
        },
    )


async def serve_protocol(
    db: AsyncSession,
    subject_id: uuid.UUID,
    lang: ProtocolLanguage,
    fmt: str,
    *,
    draft_readers: frozenset[str],
    roles: frozenset[str],
    draft: Callable[[], Awaitable[Protocol]],
) -> Response:
    """A signed protocol: the bytes as signed, checked against the digest in the log, for
    anyone. A draft (not signed yet): rendered now, for ``draft_readers`` only."""
    row = await records.record(db, subject_id)
    if row is not None and row["digests"] is not None:
        content = await archive.signed(db, subject_id, archive.PROTOCOL, row["digests"], lang, fmt)
        return _response(content, row["number"], lang, fmt, signed=True)
    if not roles & draft_readers:
        if roles <= {"public"}:  # anonymous: it could authenticate, as require_roles says
            raise Unauthenticated()
        raise Forbidden(None, reason="role_required", roles=", ".join(sorted(draft_readers)))
    protocol = await draft()
    content = render_pdf(protocol, lang) if fmt == "pdf" else render_html(protocol, lang).encode()
    return _response(content, protocol.number, lang, fmt, signed=False)


async def serve_corrigendum(
    db: AsyncSession, subject_id: uuid.UUID, sequence: int, lang: ProtocolLanguage, fmt: str
) -> Response:
    """A signed corrigendum (public), checked against its digest in the log."""
    row = await records.record(db, subject_id)
    found: dict[str, Any] | None = next(
        (c for c in await records.corrigenda(db, subject_id) if c["sequence"] == sequence), None
    )
    if row is None or found is None:
        raise NotFound(None, resource="corrigendum", id=f"{subject_id}/{sequence}")
    document = archive.corrigendum(sequence)
    content = await archive.signed(db, subject_id, document, found["digests"], lang, fmt)
    return _response(content, row["number"], lang, fmt, signed=True, sequence=sequence)


def _state(record: ProtocolRecord) -> JsonDict:
    return RecordState(
        id=uuid.UUID(record.id), version=record.version, signed=record.signed
    ).model_dump(mode="json")


Authorize = Callable[[UnitOfWork, uuid.UUID], Awaitable[None]]
"""A check that the command's actor may act on the subject (raises a ``Forbidden``)."""
Draft = Callable[[AsyncSession, EventStore, uuid.UUID], Awaitable[Protocol]]
Earlier = Callable[[AsyncSession, uuid.UUID, ProtocolLanguage, str], Awaitable[Response | None]]


def protocol_router(
    prefix: str,
    commands: ProtocolCommands,
    *,
    draft_readers: frozenset[str],
    draft: Draft,
    earlier: Earlier | None = None,
    tags: list[str | Enum] | None = None,
    writers: tuple[str, ...] = ("secretariat",),
    authorize: Authorize | None = None,
) -> APIRouter:
    """The protocol routes of a body's sittings under ``prefix`` (with ``{subject_id}``): the
    Secretariat's commands (``writers``: the roles that may record; ``authorize``: checked
    first in each command's unit of work, e.g. the assembly a regional token may act for), the
    record, the protocol (``earlier``: a protocol signed before the record existed, served as
    it was) and its corrigenda."""
    router = APIRouter(prefix=prefix, tags=tags or ["protocols"])
    writer = Depends(require_roles(*writers))
    media: dict[int | str, dict[str, Any]] = {
        200: {"content": {m: {} for m in archive.MEDIA_TYPES.values()}}
    }

    def authorized(
        handler: Callable[[Any, UnitOfWork], Awaitable[ProtocolRecord]],
    ) -> Callable[[Any, UnitOfWork], Awaitable[ProtocolRecord]]:
        """The handler, after ``authorize`` in the same unit of work when one is given."""
        if authorize is None:
            return handler
        check = authorize

        async def checked(command: Any, uow: UnitOfWork) -> ProtocolRecord:
            await check(uow, command.subject_id)
            return await handler(command, uow)

        return checked

    @router.post("/officers", response_model=RecordState)
    async def record_officers(
        subject_id: uuid.UUID, body: OfficersRequest, *, _: Actor = writer, runner: CommandsDep
    ) -> JSONResponse:
        """The chair and the secretary of the sitting, who will sign its protocol (again, to
        correct them, while it is open), and the place in both languages."""
        command = c.RecordOfficers(subject_id, body.chair, body.secretary, body.place)
        return await runner.execute(authorized(commands.record_officers), command, _state)

    @router.post("/speakers", response_model=RecordState)
    async def record_speaker(
        subject_id: uuid.UUID, body: SpeakerRequest, *, _: Actor = writer, runner: CommandsDep
    ) -> JSONResponse:
        """Who reported on an item, or spoke on it, during the sitting."""
        command = c.RecordSpeaker(
            subject_id, body.item_id, body.role, body.member_id, body.name, body.post
        )
        return await runner.execute(authorized(commands.record_speaker), command, _state)

    @router.post("/guests", response_model=RecordState)
    async def record_guest(
        subject_id: uuid.UUID, body: GuestRequest, *, _: Actor = writer, runner: CommandsDep
    ) -> JSONResponse:
        """An invited guest at the sitting (listed in an annex)."""
        command = c.RecordGuest(subject_id, body.name, body.post)
        return await runner.execute(authorized(commands.record_guest), command, _state)

    @router.post("/sign-off", response_model=RecordState)
    async def sign_off(
        subject_id: uuid.UUID, *, _: Actor = writer, runner: CommandsDep
    ) -> JSONResponse:
        """The chair and the secretary signed the protocol of the closed sitting: its
        renderings' digests are recorded in the log and their bytes kept; it never changes
        again and is public."""
        command = c.SignProtocol(subject_id, runner.platform.clock.now())
        return await runner.execute(authorized(commands.sign), command, _state)

    @router.post("/corrigenda", response_model=RecordState)
    async def sign_corrigendum(
        subject_id: uuid.UUID, body: CorrigendumRequest, *, _: Actor = writer, runner: CommandsDep
    ) -> JSONResponse:
        """A correction to the signed protocol: a document of its own, signed the same way."""
        command = c.SignCorrigendum(subject_id, body.text, runner.platform.clock.now())
        return await runner.execute(authorized(commands.sign_corrigendum), command, _state)

    @router.get("/record", response_model=ProtocolRecordView)
    async def get_record(subject_id: uuid.UUID, platform: PlatformDep) -> ProtocolRecordView:
        """The protocol's record: signatories, and once signed its number, time and digests."""
        async with platform.sessions() as db:
            return await record_view(db, subject_id)

    @router.get("", response_class=Response, responses=media)
    async def get_protocol(
        subject_id: uuid.UUID,
        actor: CurrentActor,
        platform: PlatformDep,
        lang: Literal["kk", "ru"] = "kk",
        format: Literal["html", "pdf"] = "html",
    ) -> Response:
        """The protocol in Kazakh or Russian, HTML or PDF, with its file name. Signed: the
        bytes as signed (public). A draft: generated from the events, for those who may."""
        async with platform.sessions() as db:
            if earlier is not None and (found := await earlier(db, subject_id, lang, format)):
                return found

            async def build() -> Protocol:
                return await draft(db, platform.store, subject_id)

            return await serve_protocol(
                db, subject_id, lang, format, draft_readers=draft_readers, roles=actor.roles,
                draft=build,
            )  # fmt: skip

    @router.get("/corrigenda/{sequence}", response_class=Response, responses=media)
    async def get_corrigendum(
        subject_id: uuid.UUID,
        sequence: Annotated[int, Path(ge=1, le=10_000)],
        platform: PlatformDep,
        lang: Literal["kk", "ru"] = "kk",
        format: Literal["html", "pdf"] = "html",
    ) -> Response:
        """A signed corrigendum to the protocol (public)."""
        async with platform.sessions() as db:
            return await serve_corrigendum(db, subject_id, sequence, lang, format)

    return router


def signed_response(content: bytes, number: str, lang: ProtocolLanguage, fmt: str) -> Response:
    """A protocol's bytes as signed, with the signed flag and its file name."""
    return _response(content, number, lang, fmt, signed=True)
