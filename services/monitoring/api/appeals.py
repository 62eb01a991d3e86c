"""Appeals: registration with a receipt, the steps under the statutory time limits, the
status check with the secret, the overdue list and statistics (APPC 2020 Art. 63, 64, 76;
Reg2024 §17.3).

Anyone submits an appeal (online, without an account); the Secretariat registers those it
receives in person, by post or e-mail, and takes the steps; the Head of the Secretariat (a
Deputy Chairman, Reg2024 §17) decides an extension. The IIN or BIN is masked in every read.
"""

from __future__ import annotations

import functools
import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from services.monitoring import projections
from services.monitoring.adapters.receipt_secrets import ReceiptSecrets
from services.monitoring.api.auth import Head, Officials, Secretariat
from services.monitoring.api.common import (
    CSV,
    AppealRow,
    CommandState,
    Format,
    Limit,
    Offset,
    csv_response,
    listing,
    now,
    rows_answer,
    today,
)
from services.monitoring.application import appeals
from services.monitoring.domain.appeal import Appeal
from services.monitoring.domain.commands import (
    AnswerAppeal,
    AssignAppeal,
    ExtendAppeal,
    ForwardAppeal,
    NotifyApplicant,
    RegisterAppeal,
)
from services.monitoring.domain.events import (
    AppealChannel,
    AppealTopic,
    Applicant,
    LongText,
    NotificationSubject,
    Reason,
    Text,
)
from shared.api.auth import CurrentActor
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Filter
from shared.dates import CalendarDay, Instant
from shared.errors import NotFound

router = APIRouter(prefix="/v1/appeals", tags=["appeals"])

STAFF_ROLES = frozenset({"secretariat"})


class AppealRequest(RequestBody):
    applicant: Applicant
    text: LongText
    language: str = Field(pattern=r"^[a-z]{2,3}$")
    region: str
    topic: AppealTopic
    channel: AppealChannel | None = None
    """Set by the Secretariat for an appeal received in person, by post or e-mail."""
    received_at: Instant | None = None
    """Set by the Secretariat: when it was received (not later than now)."""


class Receipt(BaseModel):
    """The applicant's receipt (APPC 2020 Art. 64) and the secret to check the status."""

    appeal_id: uuid.UUID
    number: str
    received_at: Instant
    registered_on: CalendarDay
    channel: AppealChannel
    received_by: str
    answer_due: CalendarDay
    status: str
    closed_reason: str | None
    secret: str | None = Field(
        description="The secret to check the appeal's status with (`POST /v1/appeals/"
        "status-check`). The event store keeps only its hash. A submission retried with the"
        " same `Idempotency-Key` (its first answer lost) answers with the same secret until"
        " 24 hours after the submission (the service's setting"
        " `KELISIM_MONITORING_APPEAL_SECRET_RETENTION_SECONDS`): the service keeps it sealed"
        " (AES-256-GCM) that long and then deletes it. A retry after that, or of a"
        " submission made without an `Idempotency-Key`, answers `null`: the secret cannot be"
        " recovered, and the applicant submits again or asks the Secretariat, which finds the"
        " appeal by its number."
    )


class StatusCheck(RequestBody):
    number: str = Field(min_length=1, max_length=50)
    secret: str = Field(min_length=1, max_length=200)


class AssignRequest(RequestBody):
    officer: Text
    assigned_on: CalendarDay | None = None


class ForwardRequest(RequestBody):
    body: Text
    reason: Reason
    forwarded_on: CalendarDay | None = None


class ExtendRequest(RequestBody):
    reason: Reason
    new_due: CalendarDay
    decided_on: CalendarDay | None = None


class NotifyRequest(RequestBody):
    subject: NotificationSubject
    means: Text
    notified_on: CalendarDay | None = None


class AnswerRequest(RequestBody):
    summary: Text
    answered_on: CalendarDay | None = None


def _state(appeal: Appeal) -> JsonDict:
    """A step's answer: the appeal's id, version and status."""
    state = CommandState(id=appeal.id, version=appeal.version, status=str(appeal.status))
    return state.model_dump(mode="json")


def _receipt(row: dict[str, Any]) -> JsonDict:
    """The receipt as the read model has it, without its secret."""
    receipt = Receipt(
        appeal_id=row["appeal_id"],
        number=row["number"],
        received_at=row["received_at"],
        registered_on=row["registered_on"],
        channel=row["channel"],
        received_by=row["received_by"],
        answer_due=row["answer_due"],
        status=row["status"],
        closed_reason=row["closed_reason"],
        secret=None,
    )
    return receipt.model_dump(mode="json")


@router.post("", status_code=201, response_model=Receipt)
async def submit_appeal(
    body: AppealRequest, actor: CurrentActor, commands: CommandsDep
) -> JSONResponse:
    """Submit an appeal. It is never refused (APPC 2020 Art. 64): registered the same day, or
    the next working day after office hours or on a day off; an anonymous one is registered
    and closed unconsidered (Art. 63). The receipt carries the secret to check the status
    with; a retry with the same Idempotency-Key answers with it too, for 24 hours by default
    (see the receipt's ``secret``)."""
    staff = not actor.roles.isdisjoint(STAFF_ROLES)
    moment = now(commands.platform)
    command = RegisterAppeal(
        received_at=(body.received_at or moment) if staff else moment,
        channel=(body.channel or AppealChannel.IN_PERSON) if staff else AppealChannel.ONLINE,
        received_by=actor.subject if staff else "online",
        region=body.region,
        topic=body.topic,
        language=body.language,
        applicant=body.applicant,
        text=body.text,
        now=moment,
    )

    issued: list[str] = []
    kept = commands.platform.part(ReceiptSecrets)

    def receipt(submitted: appeals.Submitted) -> JsonDict:
        issued[:] = [submitted.secret]  # kept out of the answer stored for the key
        return _receipt(submitted.receipt)

    # The secret is added to the answer only now: the stored answer of an Idempotency-Key
    # never holds it. A replayed answer gets it from the sealed copy while that is kept.
    response = await commands.execute(
        functools.partial(appeals.submit_appeal, kept=kept), command, receipt, 201
    )
    replayed = response.headers.get("Idempotent-Replayed") == "true"
    if response.status_code != 201 or not (issued or replayed):
        return response
    body_ = json.loads(bytes(response.body))
    if replayed:
        async with commands.platform.sessions() as db, db.begin():
            body_["secret"] = await kept.recover(
                db, uuid.UUID(body_["appeal_id"]), now(commands.platform)
            )
    else:
        body_["secret"] = issued[0]
    answer = JSONResponse(body_, status_code=response.status_code)
    for name, value in response.headers.items():
        if name.lower() not in ("content-length", "content-type"):
            answer.headers[name] = value
    return answer


@router.post("/status-check")
async def check_appeal_status(body: StatusCheck, platform: PlatformDep) -> dict[str, Any]:
    """The applicant checks the status with the receipt's number and secret, without an
    account. No personal data is shown; a wrong secret looks like an unknown number."""
    async with platform.sessions() as db:
        row = await projections.appeals.appeal_by_number(db, body.number)
        appeal = None
        if row is not None:
            history = await platform.store.read_stream(db, f"appeal-{row['appeal_id']}")
            appeal = Appeal.rehydrate(
                str(row["appeal_id"]), (platform.registry.load(r) for r in history)
            )
        if (
            row is None
            or appeal is None
            or not appeals.secret_matches(body.secret, appeal.secret_hash)
        ):
            raise NotFound(None, resource="appeal", id=body.number)
        steps = await projections.appeals.appeal_steps(db, row["appeal_id"])
    return {
        "number": row["number"],
        "status": row["status"],
        "registered_on": row["registered_on"],
        "answer_due": row["answer_due"],
        "forwarded_to": row["forwarded_to"],
        "closed_reason": row["closed_reason"],
        "steps": [{"step": s["step"], "on": s["on_day"]} for s in steps],
    }


APPEAL_CSV = (
    "number", "registered_on", "region", "topic", "language", "channel", "status", "officer",
    "applicant_name", "applicant_id_kind", "applicant_id_masked", "answer_due", "extensions",
    "forwarded_to", "forwarded_on", "answered_on", "answered_on_time", "closed_reason",
)  # fmt: skip


@router.get("", response_model=None, responses=rows_answer(AppealRow))
async def list_appeals(
    _: Officials,
    platform: PlatformDep,
    region: Filter | None = None,
    topic: AppealTopic | None = None,
    status: Filter | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    async with platform.sessions() as db:
        rows = await projections.appeals.list_appeals(
            db, region=region, topic=topic, status=status, limit=limit, offset=offset
        )
    return listing(rows, fmt, APPEAL_CSV, "appeals")


OVERDUE_CSV = ("number", "region", "topic", "status", "officer", "kind", "due", "days_overdue")


@router.get("/overdue", response_model=None, responses=CSV)
async def list_overdue_appeals(
    _: Officials,
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
    region: Filter | None = None,
    fmt: Format = "json",
) -> dict[str, Any] | Response:
    """What is overdue on ``as_of`` (today by default): open appeals past the answer period
    and notifications owed to applicants past their 3 working days (APPC 2020 Art. 76). A
    limit's last day is still in time."""
    day = as_of or today(platform)
    async with platform.sessions() as db:
        rows = await projections.appeals.overdue(db, day, region)
    if fmt == "csv":
        return csv_response(rows, OVERDUE_CSV, f"appeals-overdue-{day}")
    return {"as_of": day, "total": len(rows), "items": rows}


@router.get("/statistics")
async def appeal_statistics(
    _: Officials,
    platform: PlatformDep,
    as_of: Annotated[CalendarDay | None, Query()] = None,
    registered_from: Annotated[CalendarDay | None, Query(alias="from")] = None,
    registered_to: Annotated[CalendarDay | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    """Appeals by topic, region and status, and deadline compliance on ``as_of``."""
    day = as_of or today(platform)
    async with platform.sessions() as db:
        stats = await projections.appeals.appeal_statistics(db, day, registered_from, registered_to)
    return {"as_of": day, **stats}


@router.get("/{appeal_id}")
async def get_appeal(appeal_id: uuid.UUID, _: Officials, platform: PlatformDep) -> dict[str, Any]:
    async with platform.sessions() as db:
        row = await projections.appeals.appeal(db, appeal_id)
        if row is None:
            raise NotFound(None, resource="appeal", id=str(appeal_id))
        steps = await projections.appeals.appeal_steps(db, appeal_id)
        notifications = await projections.appeals.appeal_notifications(db, appeal_id)
    return {**row, "steps": steps, "notifications": notifications}


@router.post("/{appeal_id}/assignment", response_model=CommandState)
async def assign_appeal(
    appeal_id: uuid.UUID,
    body: AssignRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    day = today(commands.platform)
    command = AssignAppeal(
        appeal_id, body.officer, body.assigned_on or day, day, parse_if_match(if_match)
    )
    return await commands.execute(appeals.assign_appeal, command, _state)


@router.post("/{appeal_id}/forwarding", response_model=CommandState)
async def forward_appeal(
    appeal_id: uuid.UUID,
    body: ForwardRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Forward to the competent body: within 3 working days of registration, the applicant
    told (APPC 2020 Art. 76); a late forwarding is recorded as such."""
    day = today(commands.platform)
    command = ForwardAppeal(
        appeal_id, body.body, body.reason, body.forwarded_on or day, day, parse_if_match(if_match)
    )
    return await commands.execute(appeals.forward_appeal, command, _state)


@router.post("/{appeal_id}/extension", response_model=CommandState)
async def extend_appeal(
    appeal_id: uuid.UUID,
    body: ExtendRequest,
    _: Head,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """The head's reasoned decision to extend the answer period: while it runs, two months at
    most beyond the original due date (APPC 2020 Art. 76)."""
    day = today(commands.platform)
    command = ExtendAppeal(
        appeal_id, body.decided_on or day, body.reason, body.new_due, day,
        parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(appeals.extend_appeal, command, _state)


@router.post("/{appeal_id}/notification", response_model=CommandState)
async def notify_applicant(
    appeal_id: uuid.UUID,
    body: NotifyRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """The applicant was told of a forwarding or an extension (3 working days, Art. 76)."""
    day = today(commands.platform)
    command = NotifyApplicant(
        appeal_id, body.subject, body.notified_on or day, body.means, day,
        parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(appeals.notify_applicant, command, _state)


@router.post("/{appeal_id}/answer", response_model=CommandState)
async def answer_appeal(
    appeal_id: uuid.UUID,
    body: AnswerRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    day = today(commands.platform)
    command = AnswerAppeal(
        appeal_id, body.answered_on or day, body.summary, day, parse_if_match(if_match)
    )
    return await commands.execute(appeals.answer_appeal, command, _state)
