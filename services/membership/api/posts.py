"""Bodies and posts: appoint, end a term, and who held which post on any date.

Appointments and ends are recorded by the Chairman or the Secretariat, citing the document
(the Chairman's decision, the President's order, the Scientific-Expert Council's protocol...).
Everyone, the public included, reads holders, their names, regions and posts.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Final

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from services.membership.api.auth import PostRecorder
from services.membership.application import posts
from services.membership.domain.commands import AppointToPost, EndPostTerm, TermEnd
from services.membership.domain.events import (
    MAX_ROTATION_MONTHS,
    BodyKind,
    DecisionRef,
    PersonName,
    PostEndGround,
    PostKind,
)
from services.membership.domain.posts import REGIONS, Body, catalogue
from services.membership.projections import post_terms
from shared import bodies
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Filter
from shared.dates import CalendarDay
from shared.errors import NotFound
from shared.rulebooks import AppointedBy
from shared.service import Platform

REGION_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"

AsOf = Annotated[
    CalendarDay | None,
    Query(description="The day asked about, a calendar day in Asia/Almaty; today if omitted."),
]


def _day(platform: Platform, as_of: CalendarDay | None) -> date:
    return as_of if as_of is not None else platform.clock.today()


# -- bodies ---------------------------------------------------------------------------------


class Names(BaseModel):
    kk: str
    ru: str
    en: str


BODY_NAMES: Final[dict[BodyKind, Names]] = {
    kind: Names(**bodies.BODY_NAMES[kind.value]) for kind in BodyKind
}
POST_NAMES: Final[dict[PostKind, Names]] = {
    post: Names(**bodies.POST_NAMES[post.value]) for post in PostKind
}


class PostInfo(BaseModel):
    post: PostKind
    name: Names
    seats: int | None
    seats_rule: str
    member_required: bool
    appointed_by: AppointedBy
    recommendation: bool
    proposal: bool
    rotation: bool
    provisional: bool
    available_from: CalendarDay | None
    available_until: CalendarDay | None


class BodyInfo(BaseModel):
    body: BodyKind
    name: Names
    posts: list[PostInfo]
    regions: list[str] | None
    seats: int | None
    """Seats of all the body's posts together, where the rulebook counts them."""
    seats_rule: str | None
    rulebook: str


# -- requests and views ---------------------------------------------------------------------


class EndTermRequest(RequestBody):
    end_on: CalendarDay = Field(
        description="The first day the holder no longer holds the post: a calendar day in"
        " Asia/Almaty."
    )
    ground: PostEndGround
    reason: str | None = Field(default=None, min_length=3, max_length=1000)
    document: DecisionRef

    def command(self) -> TermEnd:
        return TermEnd(self.end_on, self.ground, self.reason, self.document)


class AppointRequest(RequestBody):
    """The holder is an Assembly member (``member_id``) or, for a regional assembly's chair and
    the Scientific-Expert Council, a person named in ``name``: one of the two."""

    post: PostKind
    region: str | None = Field(default=None, pattern=REGION_PATTERN)
    member_id: uuid.UUID | None = None
    name: PersonName | None = None
    start_on: CalendarDay
    document: DecisionRef
    rotation_period_months: int | None = Field(default=None, ge=1, le=MAX_ROTATION_MONTHS)
    recommendation: DecisionRef | None = None
    proposal: DecisionRef | None = None
    end: EndTermRequest | None = Field(
        default=None,
        description="The term's end, when it is entered from the record with both: terms so "
        "entered may come in any order, as long as no day has more holders than seats.",
    )


class TermState(BaseModel):
    term_id: uuid.UUID
    body_key: str
    version: int


class TermView(BaseModel):
    term_id: uuid.UUID
    body: BodyKind
    body_key: str
    region: str | None
    post: PostKind
    member_id: uuid.UUID | None
    name: PersonName
    start_on: CalendarDay
    end_on: CalendarDay | None
    document: DecisionRef
    rotation_period_months: int | None
    rotation_due_on: CalendarDay | None
    recommendation: DecisionRef | None
    proposal: DecisionRef | None
    end_ground: PostEndGround | None
    end_reason: str | None
    end_document: DecisionRef | None
    body_version: int


class CouncilComposition(BaseModel):
    as_of: CalendarDay
    total: int
    members: list[TermView]


def _ref(number: str | None, day: CalendarDay | None) -> DecisionRef | None:
    return DecisionRef(number=number, date=day) if number is not None and day else None


def _view(row: dict[str, Any]) -> TermView:
    return TermView(
        term_id=row["term_id"],
        body=row["body"],
        body_key=row["body_key"],
        region=row["region"],
        post=row["post"],
        member_id=row["member_id"],
        name=PersonName(kk=row["name_kk"], ru=row["name_ru"]),
        start_on=row["start_on"],
        end_on=row["end_on"],
        document=DecisionRef(number=row["document_number"], date=row["document_date"]),
        rotation_period_months=row["rotation_period_months"],
        rotation_due_on=row["rotation_due_on"],
        recommendation=_ref(row["recommendation_number"], row["recommendation_date"]),
        proposal=_ref(row["proposal_number"], row["proposal_date"]),
        end_ground=row["end_ground"],
        end_reason=row["end_reason"],
        end_document=_ref(row["end_document_number"], row["end_document_date"]),
        body_version=row["body_version"],
    )


def _state(body: Body, term_id: uuid.UUID) -> JsonDict:
    """A command's answer: the term and its body's key and stream version."""
    state = TermState(term_id=term_id, body_key=body.id, version=body.version)
    return state.model_dump(mode="json")


def _appointed(outcome: tuple[Body, uuid.UUID]) -> JsonDict:
    return _state(*outcome)


# -- routes ---------------------------------------------------------------------------------

posts_router = APIRouter(prefix="/v1/posts", tags=["posts"])
bodies_router = APIRouter(prefix="/v1/bodies", tags=["bodies"])


@posts_router.post("", status_code=201, response_model=TermState)
async def appoint_to_post(
    body: AppointRequest, _: PostRecorder, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    """Record an appointment to a post, citing its document; ``If-Match``: the body's version."""
    command = AppointToPost(
        post=body.post,
        region=body.region,
        member_id=body.member_id,
        name=body.name,
        start_on=body.start_on,
        document=body.document,
        rotation_period_months=body.rotation_period_months,
        recommendation=body.recommendation,
        proposal=body.proposal,
        expected_version=parse_if_match(if_match),
        end=body.end.command() if body.end is not None else None,
    )
    return await commands.execute(posts.appoint_to_post, command, _appointed, 201)


@posts_router.post("/{term_id}/end", response_model=TermState)
async def end_term(
    term_id: uuid.UUID,
    body: EndTermRequest,
    _: PostRecorder,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Record the end of a term, its ground and document; ``If-Match``: the body's version."""
    command = EndPostTerm(
        term_id, body.end_on, body.ground, body.reason, body.document, parse_if_match(if_match)
    )
    return await commands.execute(posts.end_post_term, command, lambda body: _state(body, term_id))


@posts_router.get("", response_model=list[TermView])
async def list_post_holders(
    platform: PlatformDep,
    as_of: AsOf = None,
    post: PostKind | None = None,
    body: BodyKind | None = None,
    region: Annotated[str | None, Query(pattern=REGION_PATTERN, max_length=40)] = None,
) -> list[TermView]:
    """Who held which post on ``as_of``."""
    async with platform.sessions() as db:
        rows = await post_terms.holders_on(
            db, _day(platform, as_of), body=body, post=post, region=region
        )
    return [_view(r) for r in rows]


@posts_router.get("/members/{member_id}", response_model=list[TermView])
async def member_posts(member_id: uuid.UUID, platform: PlatformDep) -> list[TermView]:
    """Every post an Assembly member held or holds, oldest first."""
    async with platform.sessions() as db:
        rows = await post_terms.member_posts(db, member_id)
        if not rows and not await platform.store.stream_version(db, f"member-{member_id}"):
            raise NotFound(None, resource="member", id=str(member_id))
    return [_view(r) for r in rows]


@posts_router.get("/{term_id}", response_model=TermView)
async def get_term(term_id: uuid.UUID, platform: PlatformDep) -> TermView:
    async with platform.sessions() as db:
        row = await post_terms.get_term(db, term_id)
    if row is None:
        raise NotFound(None, resource="post_term", id=str(term_id))
    return _view(row)


@bodies_router.get("", response_model=list[BodyInfo])
async def list_bodies(platform: PlatformDep, as_of: AsOf = None) -> list[BodyInfo]:
    """The bodies and posts of the Assembly on ``as_of`` under the rulebook in force that day:
    seat limits, how each post is filled (with the paragraph) and names in kk/ru/en."""
    return [
        BodyInfo(
            body=kind,
            name=BODY_NAMES[kind],
            posts=[
                PostInfo(
                    post=rules.post,
                    name=POST_NAMES[rules.post],
                    seats=rules.rule.seats,
                    seats_rule=rules.citation,
                    member_required=rules.rule.member_required,
                    appointed_by=rules.rule.appointed_by,
                    recommendation=rules.rule.recommendation,
                    proposal=rules.rule.proposal,
                    rotation=rules.rule.rotation,
                    provisional=rules.provisional,
                    available_from=rules.rule.period.starts_on if rules.rule.period else None,
                    available_until=rules.rule.period.ends_on if rules.rule.period else None,
                )
                for rules in posts
            ],
            regions=list(REGIONS) if kind is BodyKind.REGIONAL_ASSEMBLY else None,
            seats=posts[0].body_seats,
            seats_rule=posts[0].body_citation,
            rulebook=book.id,
        )
        for kind, book, posts in catalogue(_day(platform, as_of))
    ]


@bodies_router.get("/council/composition", response_model=CouncilComposition)
async def council_composition(platform: PlatformDep, as_of: AsOf = None) -> CouncilComposition:
    """The Council's members on ``as_of``; ``total`` is the number its quorum is counted from
    (two thirds of all Council members, Reg2024 §14)."""
    day = _day(platform, as_of)
    async with platform.sessions() as db:
        rows = await post_terms.council_composition(db, day)
    return CouncilComposition(as_of=day, total=len(rows), members=[_view(r) for r in rows])


@bodies_router.get("/deputy_chairmen/rotations-due", response_model=list[TermView])
async def rotations_due(platform: PlatformDep, as_of: AsOf = None) -> list[TermView]:
    """Ethnocultural Deputy Chairmen whose rotation period has run by ``as_of`` and who still
    hold the post (Reg2024 §16)."""
    async with platform.sessions() as db:
        rows = await post_terms.rotations_due(db, _day(platform, as_of))
    return [_view(r) for r in rows]


@bodies_router.get("/terms-outliving-membership", response_model=list[TermView])
async def terms_outliving_membership(platform: PlatformDep) -> list[TermView]:
    """Open terms whose holder is no longer an Assembly member: the Secretariat closes them
    (until then they already do not count on any day after the membership ended)."""
    async with platform.sessions() as db:
        rows = await post_terms.terms_outliving_membership(db)
    return [_view(r) for r in rows]


@bodies_router.get("/{body}/holders", response_model=list[TermView])
async def body_holders(
    body: Filter,
    platform: PlatformDep,
    as_of: AsOf = None,
    region: Annotated[str | None, Query(pattern=REGION_PATTERN, max_length=40)] = None,
) -> list[TermView]:
    """Who held the posts of one body on ``as_of`` (regional assemblies: of one region)."""
    if body not in {kind.value for kind in BodyKind}:
        raise NotFound(None, resource="body", id=body)
    async with platform.sessions() as db:
        rows = await post_terms.holders_on(
            db, _day(platform, as_of), body=BodyKind(body), region=region
        )
    return [_view(r) for r in rows]


router = APIRouter()
router.include_router(posts_router)
router.include_router(bodies_router)
