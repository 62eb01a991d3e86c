"""The rulebooks as audited data: every version in force on any day, and the Secretariat's
publication of a new version and of the day the Halyq Kenesi succeeds the Assembly.

Publishing is an event (membership's ``rulebooks`` stream, in its audit log); the sessions and
council services receive it and judge by it. Everyone reads the rulebooks."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from services.membership.api.auth import Secretariat
from services.membership.application import rulebooks
from services.membership.domain.commands import PublishRulebook, SetSuccession
from services.membership.domain.events import DecisionRef
from services.membership.domain.rulebooks import RulebookLedger
from shared.api.deps import CommandsDep, PlatformDep
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Filter
from shared.dates import CalendarDay
from shared.errors import NotFound
from shared.rulebooks import Rulebook

router = APIRouter(prefix="/v1/rulebooks", tags=["rulebooks"])


class PublishRequest(RequestBody):
    rulebook: dict[str, Any] = Field(
        description="The version, in the format of shared/rulebooks/data: its id, assembly, "
        "effective_from, every rule's value and citation, provisional values marked."
    )
    document: DecisionRef = Field(description="The act the version rests on.")


class SuccessionRequest(RequestBody):
    assembly: str = Field(default="hk", pattern=r"^[a-z0-9-]{2,40}$")
    on: CalendarDay = Field(
        description="The first day of the successor (the Halyq Kenesi): a calendar day in"
        " Asia/Almaty."
    )
    document: DecisionRef


class RulebookView(BaseModel):
    assembly: str
    id: str
    title: dict[str, str]
    effective_from: CalendarDay
    effective_until: CalendarDay | None
    in_force: bool = Field(description="In force on some day (a successor: once its date is set).")
    published: bool = Field(description="Published through the API (else a packaged file).")
    provisional: list[str] = Field(description="The rules whose values are provisional.")


class Rulebooks(BaseModel):
    succession: dict[str, CalendarDay]
    rulebooks: list[RulebookView]


def _view(book: Rulebook, in_force: Rulebook | None, published: bool) -> RulebookView:
    shown = in_force or book
    return RulebookView(
        assembly=book.assembly,
        id=book.id,
        title=book.title.model_dump(),
        effective_from=shown.effective_from,
        effective_until=shown.effective_until,
        in_force=in_force is not None,
        published=published,
        provisional=sorted(name for name, rule in book.rules() if rule.provisional),
    )


@router.get("", response_model=Rulebooks)
async def list_rulebooks(platform: PlatformDep) -> Rulebooks:
    """Every rulebook, packaged or published, with the period it is in force, and the
    succession date (public)."""
    source = platform.rulebooks
    registry = source.registry
    chained = {(b.assembly, b.id): b for a in registry.assemblies for b in registry.of(a)}
    published = {(b.assembly, b.id) for b in source.published}
    books = sorted(
        (*source.packaged, *source.published), key=lambda b: (b.assembly, b.effective_from)
    )
    return Rulebooks(
        succession=source.succession,
        rulebooks=[
            _view(b, chained.get((b.assembly, b.id)), (b.assembly, b.id) in published)
            for b in books
        ],
    )


@router.get("/{assembly}/{rulebook_id}")
async def get_rulebook(
    assembly: Filter, rulebook_id: Filter, platform: PlatformDep
) -> dict[str, Any]:
    """One rulebook's whole text: every rule's value, citation and note (public)."""
    try:
        book = platform.rulebooks.registry[(assembly, rulebook_id)]
    except KeyError:
        raise NotFound(None, resource="rulebook", id=f"{assembly}/{rulebook_id}") from None
    body: dict[str, Any] = json.loads(book.model_dump_json())
    return body


class PublishedVersion(BaseModel):
    assembly: str
    id: str = Field(description="The rulebook's id.")
    effective_from: CalendarDay
    version: int = Field(description="The version of the assembly's ledger of rulebooks.")


class SuccessionSet(BaseModel):
    assembly: str
    on: CalendarDay = Field(description="The day (Asia/Almaty) the Halyq Kenesi succeeds.")
    version: int = Field(description="The version of the assembly's ledger of rulebooks.")


def _published(outcome: tuple[RulebookLedger, Rulebook]) -> JsonDict:
    """The version published: its assembly, id, first day, and the ledger's stream version."""
    ledger, book = outcome
    return {
        "assembly": book.assembly, "id": book.id,
        "effective_from": book.effective_from.isoformat(), "version": ledger.version,
    }  # fmt: skip


@router.post("/versions", status_code=201, response_model=PublishedVersion)
async def publish_rulebook_version(
    body: PublishRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Publish a rulebook version: it takes effect on its date and ends the version in force
    then; a version is never changed, a correction is a new version."""
    source = commands.platform.rulebooks
    command = PublishRulebook(
        json.dumps(body.rulebook, ensure_ascii=False), body.document,
        commands.platform.clock.today(),
    )  # fmt: skip
    return await commands.execute(
        partial(rulebooks.publish_rulebook, source=source), command, _published, 201
    )


@router.post("/succession", response_model=SuccessionSet)
async def set_succession(
    body: SuccessionRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Set the day the Halyq Kenesi succeeds the Assembly (Constitution 2026): the Assembly's
    last rulebook ends and the Halyq Kenesi's begins; both histories stay."""
    source = commands.platform.rulebooks
    command = SetSuccession(body.assembly, body.on, body.document, commands.platform.clock.today())
    return await commands.execute(
        partial(rulebooks.set_succession, source=source),
        command,
        lambda ledger: {
            "assembly": body.assembly, "on": body.on.isoformat(), "version": ledger.version
        },
    )  # fmt: skip
