"""Bodies and posts: appoint, end a term, and who held which post on any date.

Appointments and ends are recorded by the Chairman or the Secretariat, citing the document
(the Chairman's decision, the President's order, the Scientific-Expert Council's protocol...).
Everyone, the public included, reads holders, their names, regions and posts.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from services.membership.application import posts as handlers
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
from services.membership.projections import posts as queries
from shared import bodies
from shared.api.auth import require_roles
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import CommandResult, UnitOfWork
from shared.bounds import Filter
from shared.context import Actor
from shared.dates import CalendarDay
from shared.errors import NotFound
from shared.i18n import register_messages
from shared.rulebooks import AppointedBy
from shared.service import Platform

REGION_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"

# A regional assembly's secretariat records its own assembly's body (its chair and council,
# Law 2008 Art. 14); the handlers refuse it any other body (403 assembly_scope).
Recorder = Annotated[Actor, Depends(require_roles("chairman", "secretariat", "regional_assembly"))]
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


class EndTermRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    end_on: CalendarDay = Field(
        description="The first day the holder no longer holds the post: a calendar day in"
        " Asia/Almaty."
    )
    ground: PostEndGround
    reason: str | None = Field(default=None, min_length=3, max_length=1000)
    document: DecisionRef

    def command(self) -> TermEnd:
        return TermEnd(self.end_on, self.ground, self.reason, self.document)


class AppointRequest(BaseModel):
    """The holder is an Assembly member (``member_id``) or, for a regional assembly's chair and
    the Scientific-Expert Council, a person named in ``name``: one of the two."""

    model_config = ConfigDict(extra="forbid")

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


def _state(body: Body, term_id: uuid.UUID, status: int = 200) -> CommandResult:
    state = TermState(term_id=term_id, body_key=body.id, version=body.version)
    return CommandResult(status, state.model_dump(mode="json"))


# -- routes ---------------------------------------------------------------------------------

posts_router = APIRouter(prefix="/v1/posts", tags=["posts"])
bodies_router = APIRouter(prefix="/v1/bodies", tags=["bodies"])


@posts_router.post("", status_code=201, response_model=TermState)
async def appoint_to_post(
    body: AppointRequest, _: Recorder, commands: CommandsDep, if_match: IfMatch = None
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

    async def work(uow: UnitOfWork) -> CommandResult:
        appointed, term_id = await handlers.appoint_to_post(command, uow)
        return _state(appointed, term_id, 201)

    return await commands.run(work)


@posts_router.post("/{term_id}/end", response_model=TermState)
async def end_term(
    term_id: uuid.UUID,
    body: EndTermRequest,
    _: Recorder,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Record the end of a term, its ground and document; ``If-Match``: the body's version."""
    command = EndPostTerm(
        term_id, body.end_on, body.ground, body.reason, body.document, parse_if_match(if_match)
    )

    async def work(uow: UnitOfWork) -> CommandResult:
        return _state(await handlers.end_post_term(command, uow), term_id)

    return await commands.run(work)


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
        rows = await queries.holders_on(
            db, _day(platform, as_of), body=body, post=post, region=region
        )
    return [_view(r) for r in rows]


@posts_router.get("/members/{member_id}", response_model=list[TermView])
async def member_posts(member_id: uuid.UUID, platform: PlatformDep) -> list[TermView]:
    """Every post an Assembly member held or holds, oldest first."""
    async with platform.sessions() as db:
        rows = await queries.member_posts(db, member_id)
        if not rows and not await platform.store.stream_version(db, f"member-{member_id}"):
            raise NotFound(None, resource="member", id=str(member_id))
    return [_view(r) for r in rows]


@posts_router.get("/{term_id}", response_model=TermView)
async def get_term(term_id: uuid.UUID, platform: PlatformDep) -> TermView:
    async with platform.sessions() as db:
        row = await queries.get_term(db, term_id)
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
        rows = await queries.council_composition(db, day)
    return CouncilComposition(as_of=day, total=len(rows), members=[_view(r) for r in rows])


@bodies_router.get("/deputy_chairmen/rotations-due", response_model=list[TermView])
async def rotations_due(platform: PlatformDep, as_of: AsOf = None) -> list[TermView]:
    """Ethnocultural Deputy Chairmen whose rotation period has run by ``as_of`` and who still
    hold the post (Reg2024 §16)."""
    async with platform.sessions() as db:
        rows = await queries.rotations_due(db, _day(platform, as_of))
    return [_view(r) for r in rows]


@bodies_router.get("/terms-outliving-membership", response_model=list[TermView])
async def terms_outliving_membership(platform: PlatformDep) -> list[TermView]:
    """Open terms whose holder is no longer an Assembly member: the Secretariat closes them
    (until then they already do not count on any day after the membership ended)."""
    async with platform.sessions() as db:
        rows = await queries.terms_outliving_membership(db)
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
        rows = await queries.holders_on(
            db, _day(platform, as_of), body=BodyKind(body), region=region
        )
    return [_view(r) for r in rows]


router = APIRouter()
router.include_router(posts_router)
router.include_router(bodies_router)


# -- messages -------------------------------------------------------------------------------

register_messages(
    {
        "title.post_already_held": {
            "kk": "Лауазым бұрыннан атқарылуда",
            "ru": "Должность уже занимается",
            "en": "Post already held",
        },
        "post_already_held": {
            "kk": "Бұл адам осы кезеңде бұл лауазымды атқарып отыр.",
            "ru": "Это лицо уже занимает эту должность в указанный период.",
            "en": "This person already holds this post in that period.",
        },
        "title.post_term_already_ended": {
            "kk": "Өкілеттік мерзімі аяқталған",
            "ru": "Срок полномочий уже прекращён",
            "en": "Term already ended",
        },
        "post_term_already_ended": {
            "kk": "Бұл өкілеттік мерзімі бұрын тоқтатылған; екінші шешім қабылданбайды.",
            "ru": "Этот срок полномочий уже прекращён; повторное решение не принимается.",
            "en": "This term has already ended; a second decision is refused.",
        },
        "post_region_required": {
            "kk": "Өңір ассамблеясының лауазымы үшін өңір көрсетілуі керек ({rule}).",
            "ru": "Для должности в ассамблее региона необходимо указать регион ({rule}).",
            "en": "A regional assembly's post needs the region ({rule}).",
        },
        "post_region_unknown": {
            "kk": ("«{region}» облыс, республикалық маңызы бар қала немесе астана емес ({rule})."),
            "ru": (
                "«{region}» не является областью, городом республиканского значения "
                "или столицей ({rule})."
            ),
            "en": (
                "'{region}' is not a region, a city of republican significance "
                "or the capital ({rule})."
            ),
        },
        "post_field_not_applicable": {
            "kk": "{field} өрісі бұл лауазымға қолданылмайды.",
            "ru": "Поле {field} не применяется к этой должности.",
            "en": "The field {field} does not apply to this post.",
        },
        "post_not_of_body": {
            "kk": "{post} лауазымы {body} органына жатпайды.",
            "ru": "Должность {post} не относится к органу {body}.",
            "en": "The post {post} does not belong to the body {body}.",
        },
        "post_holder_member_or_name": {
            "kk": (
                "Лауазым иесін не Ассамблея мүшесі ретінде, не аты-жөнімен көрсетіңіз — екеуінің "
                "біреуін ғана."
            ),
            "ru": (
                "Укажите лицо, занимающее должность, либо как члена Ассамблеи, либо по фамилии, "
                "имени и отчеству — что-то одно."
            ),
            "en": (
                "Give the holder either as an Assembly member or by name: exactly one of the two."
            ),
        },
        "post_holder_of_another_assembly": {
            "kk": (
                "Бұл лауазымды осы органның ассамблеясының мүшесі атқарады; бұл мүшелік "
                "{assembly} ассамблеясына жатады ({rule})."
            ),
            "ru": (
                "Эту должность занимает член ассамблеи этого органа; это членство относится к "
                "ассамблее {assembly} ({rule})."
            ),
            "en": (
                "This post is held by a member of its body's assembly; this membership is of "
                "the assembly {assembly} ({rule})."
            ),
        },
        "post_requires_member": {
            "kk": "Бұл лауазымды тек Ассамблея мүшесі атқара алады ({rule}).",
            "ru": "Эту должность может занимать только член Ассамблеи ({rule}).",
            "en": "Only a member of the Assembly may hold this post ({rule}).",
        },
        "post_holder_not_a_member": {
            "kk": "Бұл адам {on} күні Ассамблея мүшесі емес ({rule}).",
            "ru": "Это лицо не является членом Ассамблеи на {on} ({rule}).",
            "en": "This person is not a member of the Assembly on {on} ({rule}).",
        },
        "post_rotation_terms_required": {
            "kk": (
                "Этномәдени бірлестіктерден Төраға орынбасары Кеңестің ұсынымы негізінде "
                "тағайындалады, ал алмасу кезеңін Президент айқындайды: Кеңес ұсынымының "
                "деректемелерін және алмасу кезеңін (айлармен) көрсетіңіз ({rule})."
            ),
            "ru": (
                "Заместитель Председателя от этнокультурных объединений назначается на "
                "основании рекомендации Совета, период ротации определяет Президент: укажите "
                "реквизиты рекомендации Совета и период ротации в месяцах ({rule})."
            ),
            "en": (
                "A Deputy Chairman from the ethnocultural associations is appointed on the "
                "Council's recommendation, for a rotation period the President sets: give the "
                "recommendation and the rotation period in months ({rule})."
            ),
        },
        "post_rotation_period_invalid": {
            "kk": "Алмасу кезеңі 1 айдан {max} айға дейін болуы керек.",
            "ru": "Период ротации должен составлять от 1 до {max} месяцев.",
            "en": "The rotation period must be 1 to {max} months.",
        },
        "post_council_recommendation_required": {
            "kk": (
                "Төраға орынбасары Ассамблея Кеңесінің ұсынымы негізінде тағайындалады: "
                "Кеңес ұсынымының деректемелерін көрсетіңіз ({rule})."
            ),
            "ru": (
                "Заместитель Председателя назначается на основании рекомендации Совета "
                "Ассамблеи: укажите реквизиты рекомендации Совета ({rule})."
            ),
            "en": (
                "A Deputy Chairman is appointed on the Council's recommendation: give the "
                "recommendation's number and date ({rule})."
            ),
        },
        "post_recommendation_after_order": {
            "kk": (
                "Кеңес ұсынымының күні Президент өкімінің күнінен кейін болмауы керек ({rule})."
            ),
            "ru": (
                "Рекомендация Совета не может быть датирована позже распоряжения "
                "Президента ({rule})."
            ),
            "en": (
                "The Council's recommendation cannot be dated after the President's order ({rule})."
            ),
        },
        "post_council_proposal_required": {
            "kk": (
                "Сенат депутаты Ассамблея Кеңесінің ұсынысы бойынша тағайындалады: "
                "Кеңес ұсынысының деректемелерін көрсетіңіз ({rule})."
            ),
            "ru": (
                "Депутат Сената назначается по предложению Совета Ассамблеи: "
                "укажите реквизиты предложения Совета ({rule})."
            ),
            "en": (
                "A Senate deputy is appointed on the Council's proposal: "
                "give the proposal's number and date ({rule})."
            ),
        },
        "post_proposal_after_appointment": {
            "kk": (
                "Кеңес ұсынысының күні тағайындау актісінің күнінен кейін болмауы керек ({rule})."
            ),
            "ru": "Предложение Совета не может быть датировано позже акта о назначении ({rule}).",
            "en": "The Council's proposal cannot be dated after the act of appointment ({rule}).",
        },
        "post_one_seat_per_person": {
            "kk": (
                "Бұл адам осы органда {on} бастап басқа лауазымды атқарады; бір адам "
                "бір орынды ғана иелене алады ({rule})."
            ),
            "ru": (
                "Это лицо с {on} занимает другую должность в этом органе; одно лицо "
                "может занимать только одно место ({rule})."
            ),
            "en": (
                "This person holds another post of this body since {on}; one person holds "
                "one seat only ({rule})."
            ),
        },
        "post_sec_officer_not_member": {
            "kk": (
                "Ғылыми-сарапшылық кеңестің төрағасы мен оның орынбасарлары кеңес мүшелерінің "
                "қатарынан сайланады: бұл адам {on} күні кеңес мүшесі емес ({rule})."
            ),
            "ru": (
                "Председатель Научно-экспертного совета и его заместители избираются из числа "
                "членов совета: это лицо не является членом совета на {on} ({rule})."
            ),
            "en": (
                "The Scientific-Expert Council's chair and deputies are elected from its "
                "members: this person is not a member on {on} ({rule})."
            ),
        },
        "post_sec_officer_outlives_membership": {
            "kk": (
                "Ғылыми-сарапшылық кеңестегі мүшелік тоқтатылатын күннен кейін де бұл адамның "
                "кеңестегі лауазымы жалғасады; алдымен сол лауазымды тоқтатыңыз ({rule})."
            ),
            "ru": (
                "Должность этого лица в Научно-экспертном совете продолжается после даты "
                "прекращения членства в совете; сначала прекратите эту должность ({rule})."
            ),
            "en": (
                "This person's office in the Scientific-Expert Council would outlast the "
                "membership; end that office first ({rule})."
            ),
        },
        "post_seat_limit_reached": {
            "kk": "{on} күні бұл лауазымның барлық орындары ({limit}) толған ({rule}).",
            "ru": "На {on} все места этой должности ({limit}) заняты ({rule}).",
            "en": "On {on} all {limit} seats of this post are taken ({rule}).",
        },
        "post_term_end_not_after_start": {
            "kk": "Өкілеттік мерзімі басталған күннен ({start_on}) кейін аяқталуы керек.",
            "ru": "Срок полномочий должен заканчиваться позже даты начала ({start_on}).",
            "en": "A term must end after the day it started ({start_on}).",
        },
    }
)
