"""The Appeal aggregate: registration, assignment, forwarding, extension, notification and
answer under the statutory time limits (APPC 2020 Art. 63, 64, 76; Reg2024 §17.3). Pure.

One stream per appeal (``appeal-<id>``). Every time limit counts working days on the
calendar the handler passes in; the computed dates are kept in the events.

- Registration (Art. 64): the day it arrives, or the next working day when it arrives after
  office hours or on a day off; the applicant gets a receipt with the unique number.
- Answer (Art. 76): within 15 working days of registration.
- Forwarding (Art. 76): outside the Assembly's competence, to the competent body within 3
  working days, the applicant told. A late forwarding is still recorded (the appeal must
  reach the competent body) and marked as outside the limit.
- Extension (Art. 76): by the head's reasoned decision while the period runs, two months at
  most beyond the original due date in all; the applicant told within 3 working days.
- Anonymous (Art. 63): without name, IIN/BIN and address it is registered and closed
  unconsidered, with that reason — never silently dropped.
- Personal data (Art. 63): the applicant's details stay in the appeal's private fields. The
  steps' published text (the officer, the competent body, the reasons) is refused when it
  holds an IIN or BIN, a phone number, an e-mail address, or the applicant's own name or
  contact; how the applicant was told and what they were answered are private (see
  ``events``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from services.monitoring.domain.errors import (
    APPC_63,
    AppealClosed,
    ExtensionAfterDue,
    ExtensionBeyondLimit,
    ExtensionNotLater,
    InvalidIdNumber,
    NoNotificationPending,
    date_before,
)
from services.monitoring.domain.events import (
    AppealAnswered,
    AppealAssigned,
    AppealChannel,
    AppealClosedUnconsidered,
    AppealDeadlineExtended,
    AppealForwarded,
    AppealRegistered,
    AppealTopic,
    Applicant,
    ApplicantNotified,
    NotificationSubject,
)
from shared.calendars import WorkingCalendar, add_months
from shared.domain import Aggregate
from shared.identity import IdKind, is_valid
from shared.personal_data import Person, refuse_personal_data

ANSWER_WORKING_DAYS = 15  # APPC 2020 Art. 76
FORWARD_WORKING_DAYS = 3  # APPC 2020 Art. 76
NOTIFY_WORKING_DAYS = 3  # APPC 2020 Art. 76
EXTENSION_MONTHS = 2  # APPC 2020 Art. 76


class AppealStatus(StrEnum):
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    FORWARDED = "forwarded"
    ANSWERED = "answered"
    CLOSED_UNCONSIDERED = "closed_unconsidered"


OPEN = frozenset({AppealStatus.REGISTERED, AppealStatus.ASSIGNED})


@dataclass(frozen=True)
class Overdue:
    kind: str
    """``answer`` (past the answer period) or ``notification`` (the applicant not told)."""
    due: date


def is_anonymous(applicant: Applicant) -> bool:
    """APPC 2020 Art. 63: an appeal without the applicant's name, IIN/BIN and address."""
    return not (
        (applicant.name or "").strip() and applicant.id_number and (applicant.address or "").strip()
    )


class Appeal(Aggregate):
    stream_type = "appeal"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.status: AppealStatus | None = None
        self.number = ""
        self.region = ""
        self.topic: AppealTopic | None = None
        self.registered_on: date | None = None
        self.original_due: date | None = None
        self.due: date | None = None
        self.forward_by: date | None = None
        self.pending: dict[NotificationSubject, tuple[date, date]] = {}
        """Notifications owed: subject → (the act's day, the last day to tell the applicant)."""
        self.secret_hash = ""
        self.applicant = Person()
        """Whose name and contact the steps' published text must not carry."""

    # -- registration ------------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        appeal_id: uuid.UUID,
        number: str,
        received_at: datetime,
        channel: AppealChannel,
        received_by: str,
        region: str,
        topic: AppealTopic,
        language: str,
        applicant: Applicant,
        text: str,
        secret_hash: str,
        calendar: WorkingCalendar,
    ) -> Appeal:
        if applicant.id_number is not None:
            kind = applicant.id_kind or IdKind.IIN
            if not is_valid(kind, applicant.id_number):
                raise InvalidIdNumber(kind.value)
            applicant = applicant.model_copy(update={"id_kind": kind})
        registered_on = calendar.registration_day(received_at)  # APPC 2020 Art. 64
        anonymous = is_anonymous(applicant)
        appeal = cls(str(appeal_id))
        appeal._record(
            AppealRegistered(
                appeal_id=appeal_id,
                number=number,
                received_at=received_at,
                registered_on=registered_on,
                channel=channel,
                received_by=received_by,
                region=region,
                topic=topic,
                language=language,
                anonymous=anonymous,
                answer_due=calendar.add_working_days(registered_on, ANSWER_WORKING_DAYS),
                forward_by=calendar.add_working_days(registered_on, FORWARD_WORKING_DAYS),
                applicant=applicant,
                text=text,
                secret_hash=secret_hash,
            )
        )
        if anonymous:  # APPC 2020 Art. 63
            appeal._record(
                AppealClosedUnconsidered(
                    appeal_id=appeal_id, reason="anonymous", rule=APPC_63, closed_on=registered_on
                )
            )
        return appeal

    # -- steps -------------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self.status not in OPEN:
            raise AppealClosed(self.id, str(self.status))

    def _check_on_or_after_registration(self, field: str, day: date) -> None:
        assert self.registered_on is not None
        if day < self.registered_on:
            raise date_before(field, day, self.registered_on)

    def assign(self, officer: str, assigned_on: date, assigned_by: str) -> None:
        self._check_open()
        self._check_on_or_after_registration("assigned_on", assigned_on)
        # An officer of the Secretariat is named here: no identifiers, but the name is not
        # checked against the applicant's, which an officer may share.
        refuse_personal_data("officer", officer)
        self._record(
            AppealAssigned(
                appeal_id=uuid.UUID(self.id),
                officer=officer,
                assigned_on=assigned_on,
                assigned_by=assigned_by,
            )
        )

    def forward(self, body: str, reason: str, forwarded_on: date, forwarded_by: str) -> None:
        """To the competent body within 3 working days of registration (APPC 2020 Art. 76)."""
        self._check_open()
        self._check_on_or_after_registration("forwarded_on", forwarded_on)
        refuse_personal_data("body", body, self.applicant)
        refuse_personal_data("reason", reason, self.applicant)
        assert self.forward_by is not None
        within = forwarded_on <= self.forward_by
        self._record(
            AppealForwarded(
                appeal_id=uuid.UUID(self.id),
                body=body,
                reason=reason,
                forwarded_on=forwarded_on,
                forwarded_by=forwarded_by,
                within_limit=within,
                notify_by=self.forward_by if within else forwarded_on,
            )
        )

    def extend(
        self,
        decided_on: date,
        decided_by: str,
        reason: str,
        new_due: date,
        calendar: WorkingCalendar,
    ) -> None:
        """The head's reasoned decision, while the period runs, two months at most beyond the
        original due date; the applicant told within 3 working days (APPC 2020 Art. 76)."""
        self._check_open()
        self._check_on_or_after_registration("decided_on", decided_on)
        refuse_personal_data("reason", reason, self.applicant)
        assert self.due is not None and self.original_due is not None
        if decided_on > self.due:
            raise ExtensionAfterDue(self.due)
        if new_due <= self.due:
            raise ExtensionNotLater(self.due)
        limit = add_months(self.original_due, EXTENSION_MONTHS)
        if new_due > limit:
            raise ExtensionBeyondLimit(limit)
        self._record(
            AppealDeadlineExtended(
                appeal_id=uuid.UUID(self.id),
                decided_on=decided_on,
                decided_by=decided_by,
                reason=reason,
                previous_due=self.due,
                new_due=new_due,
                limit=limit,
                notify_by=calendar.add_working_days(decided_on, NOTIFY_WORKING_DAYS),
            )
        )

    def notify(self, subject: NotificationSubject, notified_on: date, means: str) -> None:
        pending = self.pending.get(subject)
        if pending is None:
            raise NoNotificationPending(subject.value)
        act_on, notify_by = pending
        if notified_on < act_on:
            raise date_before("notified_on", notified_on, act_on)
        self._record(
            ApplicantNotified(
                appeal_id=uuid.UUID(self.id),
                subject=subject,
                notified_on=notified_on,
                on_time=notified_on <= notify_by,
                private_means=means,
            )
        )

    def answer(self, answered_on: date, answered_by: str, summary: str) -> None:
        self._check_open()
        self._check_on_or_after_registration("answered_on", answered_on)
        assert self.due is not None
        self._record(
            AppealAnswered(
                appeal_id=uuid.UUID(self.id),
                answered_on=answered_on,
                answered_by=answered_by,
                private_summary=summary,
                on_time=answered_on <= self.due,
            )
        )

    # -- queries -----------------------------------------------------------------------------

    def overdue_on(self, day: date) -> list[Overdue]:
        """What is overdue on ``day``: a time limit's last day is still in time."""
        result = []
        if self.status in OPEN and self.due is not None and day > self.due:
            result.append(Overdue("answer", self.due))
        for _, notify_by in self.pending.values():
            if day > notify_by:
                result.append(Overdue("notification", notify_by))
        return result

    # -- evolution ---------------------------------------------------------------------------

    def when_AppealRegistered(self, event: AppealRegistered) -> None:
        self.status = AppealStatus.REGISTERED
        self.number = event.number
        self.region = event.region
        self.topic = event.topic
        self.registered_on = event.registered_on
        self.original_due = self.due = event.answer_due
        self.forward_by = event.forward_by
        self.secret_hash = event.secret_hash
        applicant = event.applicant
        # An organisation's name is not personal data; its contact may be a person's.
        name = applicant.name if applicant.id_kind is not IdKind.BIN else None
        self.applicant = Person(name=name, contact=applicant.contact)

    def when_AppealClosedUnconsidered(self, event: AppealClosedUnconsidered) -> None:
        self.status = AppealStatus.CLOSED_UNCONSIDERED

    def when_AppealAssigned(self, event: AppealAssigned) -> None:
        self.status = AppealStatus.ASSIGNED

    def when_AppealForwarded(self, event: AppealForwarded) -> None:
        self.status = AppealStatus.FORWARDED
        self.pending[NotificationSubject.FORWARDING] = (event.forwarded_on, event.notify_by)

    def when_AppealDeadlineExtended(self, event: AppealDeadlineExtended) -> None:
        self.due = event.new_due
        self.pending[NotificationSubject.EXTENSION] = (event.decided_on, event.notify_by)

    def when_ApplicantNotified(self, event: ApplicantNotified) -> None:
        self.pending.pop(event.subject, None)

    def when_AppealAnswered(self, event: AppealAnswered) -> None:
        self.status = AppealStatus.ANSWERED
