"""The Appeal's command handlers (APPC 2020): registration under the year's next number (and
the submission, which answers the receipt), assignment, forwarding, extension, notification
and answer, one unit of work each."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from services.monitoring import projections
from services.monitoring.adapters.receipt_secrets import ReceiptSecrets
from services.monitoring.application.calendar import not_after, working_calendar
from services.monitoring.application.scope import known_region
from services.monitoring.domain.appeal import Appeal
from services.monitoring.domain.commands import (
    AnswerAppeal,
    AssignAppeal,
    ExtendAppeal,
    ForwardAppeal,
    NotifyApplicant,
    RegisterAppeal,
)
from services.monitoring.domain.errors import (
    date_in_future,
)
from shared.application import Repository, UnitOfWork

appeals = Repository(Appeal)
_NUMBERING_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended('appeal-numbering', 0))")


def secret_hash(secret: str) -> str:
    return hashlib.sha256(f"kelisim-appeal-secret:{secret}".encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(secret_hash(secret), stored_hash)


async def register_appeal(command: RegisterAppeal, uow: UnitOfWork) -> tuple[Appeal, str]:
    """Register an appeal under the next number of its year (APPC 2020 Art. 64); the secret
    is returned once, only its hash is kept."""
    if command.received_at > command.now + timedelta(minutes=5):
        raise date_in_future("received_at", command.received_at.date())
    await known_region(uow, command.region)
    calendar = await working_calendar(uow)
    secret = secrets.token_urlsafe(24)
    # Numbers are given one at a time: the lock (no write, so the append stays first) queues
    # concurrent registrations, and each reads the count its predecessor committed.
    await uow.db.execute(_NUMBERING_LOCK)
    registered_on = calendar.registration_day(command.received_at)
    number = await projections.appeals.next_appeal_number(uow.db, registered_on.year)
    appeal = Appeal.register(
        uuid.uuid4(),
        number,
        command.received_at,
        command.channel,
        command.received_by,
        command.region,
        command.topic,
        command.language,
        command.applicant,
        command.text,
        secret_hash(secret),
        calendar,
    )
    await appeals.save(uow, appeal)
    return appeal, secret


@dataclass(frozen=True)
class Submitted:
    """An appeal submitted: its receipt as the read model has it, and the secret to check its
    status with, to be shown once (never in an answer kept for an Idempotency-Key)."""

    receipt: dict[str, Any]
    secret: str


async def submit_appeal(
    command: RegisterAppeal, uow: UnitOfWork, kept: ReceiptSecrets
) -> Submitted:
    """Register an appeal (``register_appeal``) and read its receipt. Submitted with an
    Idempotency-Key, its secret is also kept sealed for a while, in the same transaction: a
    retry whose first answer was lost answers the secret again."""
    appeal, secret = await register_appeal(command, uow)
    if uow.idempotency_key is not None:
        await kept.seal(uow.db, uuid.UUID(appeal.id), secret, command.now)
    receipt = await projections.appeals.appeal(uow.db, uuid.UUID(appeal.id))
    assert receipt is not None
    return Submitted(receipt, secret)


async def _appeal(uow: UnitOfWork, appeal_id: uuid.UUID, expected: int | None) -> Appeal:
    return await appeals.load(uow, str(appeal_id), expected)


async def assign_appeal(command: AssignAppeal, uow: UnitOfWork) -> Appeal:
    not_after("assigned_on", command.assigned_on, command.today)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.assign(command.officer, command.assigned_on, uow.actor.subject)
    await appeals.save(uow, appeal)
    return appeal


async def forward_appeal(command: ForwardAppeal, uow: UnitOfWork) -> Appeal:
    not_after("forwarded_on", command.forwarded_on, command.today)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.forward(command.body, command.reason, command.forwarded_on, uow.actor.subject)
    await appeals.save(uow, appeal)
    return appeal


async def extend_appeal(command: ExtendAppeal, uow: UnitOfWork) -> Appeal:
    not_after("decided_on", command.decided_on, command.today)
    calendar = await working_calendar(uow)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.extend(command.decided_on, uow.actor.subject, command.reason, command.new_due, calendar)
    await appeals.save(uow, appeal)
    return appeal


async def notify_applicant(command: NotifyApplicant, uow: UnitOfWork) -> Appeal:
    not_after("notified_on", command.notified_on, command.today)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.notify(command.subject, command.notified_on, command.means)
    await appeals.save(uow, appeal)
    return appeal


async def answer_appeal(command: AnswerAppeal, uow: UnitOfWork) -> Appeal:
    not_after("answered_on", command.answered_on, command.today)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.answer(command.answered_on, uow.actor.subject, command.summary)
    await appeals.save(uow, appeal)
    return appeal
