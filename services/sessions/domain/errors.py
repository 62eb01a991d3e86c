"""The Session's refusals, as typed errors; a refusal under a rule cites its paragraph."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from shared.errors import Conflict, InvalidInput, KelisimError, NotFound, RuleViolation
from shared.rulebooks import DateVerdict, Verdict

if TYPE_CHECKING:
    from services.sessions.domain.events import BoxFailure
    from services.sessions.domain.poll import BoxCheck

SESSION_OF_ALL_MEMBERS = "Reg2024 §7"
"""The Session is the meeting of all members: only members on the roster of the day count."""
DATE_ANNOUNCED = "Reg2002 §8"
"""The Session opens on the date announced when it was convened."""
RULES_OF_PROCEDURE = "Reg2024 §11"


class InsufficientNotice(RuleViolation):
    """A regular Session's date, place and agenda are announced a month before (Reg2002 §8)."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(
            verdict.rule,
            "insufficient_notice",
            rulebook=verdict.rulebook,
            required=verdict.required,
            actual=verdict.actual,
        )


class ExtraordinaryTooLate(RuleViolation):
    """An extraordinary Session is held within a month of the decision (Reg2002 §8)."""

    def __init__(self, verdict: DateVerdict) -> None:
        super().__init__(
            verdict.rule,
            "extraordinary_too_late",
            rulebook=verdict.rulebook,
            deadline=str(verdict.deadline),
            actual=str(verdict.actual),
        )


class RequestNotSupported(RuleViolation):
    """A members' request needs the signatures of a share of all members (Reg2002 §8)."""

    def __init__(self, rule: str, signatures: int) -> None:
        super().__init__(rule, "request_not_supported", signatures=signatures)


class QuorumNotPresent(RuleViolation):
    """No vote opens without quorum (Reg2024 §9)."""

    def __init__(self, verdict: Verdict, total: int) -> None:
        super().__init__(
            verdict.rule,
            "quorum_not_present",
            rulebook=verdict.rulebook,
            present=verdict.actual,
            required=verdict.required,
            total=total,
        )


class NotOnRoster(RuleViolation):
    def __init__(self, member_id: str, day: date) -> None:
        super().__init__(SESSION_OF_ALL_MEMBERS, "not_on_roster", member_id=member_id, day=str(day))


class SittingBeforeSessionDate(RuleViolation):
    def __init__(self, opens_on: date) -> None:
        super().__init__(DATE_ANNOUNCED, "sitting_before_session_date", opens_on=str(opens_on))


class SittingNotOpen(RuleViolation):
    """The Session decides, and members attend, only while its sitting is open."""

    def __init__(self, session_id: str) -> None:
        super().__init__(SESSION_OF_ALL_MEMBERS, "sitting_not_open", session_id=session_id)


class SessionIsCancelled(Conflict):
    code = "session_cancelled"


class SittingAlreadyOpened(Conflict):
    """The sitting opens once; a Session whose sitting opened is no longer postponed or
    cancelled."""

    code = "sitting_already_opened"


class AlreadyRegistered(Conflict):
    code = "attendance_already_registered"


class NotRegistered(Conflict):
    code = "attendance_not_registered"


class AlreadySigned(Conflict):
    code = "request_already_signed"


class RequestAlreadyConvened(Conflict):
    code = "request_already_convened"


class AgendaItemNotFound(NotFound):
    code = "agenda_item_not_found"


class AgendaOrderInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__(None, reason="agenda_order_invalid")


class PostponementNotLater(InvalidInput):
    def __init__(self, opens_on: date) -> None:
        super().__init__(None, reason="postponement_not_later", opens_on=str(opens_on))


class DateBefore(InvalidInput):
    """An act dated before the act it follows (e.g. signed before the request was opened)."""

    def __init__(self, field: str, earliest: date) -> None:
        super().__init__(None, reason="date_too_early", field=field, earliest=str(earliest))


class DateInFuture(InvalidInput):
    def __init__(self, field: str, day: date) -> None:
        super().__init__(None, reason="date_in_future", field=field, day=str(day))


class CountExceedsRoster(InvalidInput):
    def __init__(self, count: int, roster: int) -> None:
        super().__init__(None, reason="count_exceeds_roster", count=count, roster=roster)


class CountExceedsPresent(InvalidInput):
    def __init__(self, count: int, present: int) -> None:
        super().__init__(None, reason="count_exceeds_present", count=count, present=present)


class RosterTotalDiffers(InvalidInput):
    """The protocol states another number of members than the roster of the day gives."""

    def __init__(self, stated: int, roster: int, day: date) -> None:
        super().__init__(
            None, reason="roster_total_differs", stated=stated, roster=roster, day=str(day)
        )


class RosterTotalUnknown(InvalidInput):
    def __init__(self, day: date) -> None:
        super().__init__(None, reason="roster_total_unknown", day=str(day))


class NotARecordedSession(Conflict):
    """Votes are recorded from a protocol only for a Session recorded from it."""

    code = "session_not_recorded"


class NoLegislativeInitiative(RuleViolation):
    def __init__(self, rule: str, assembly: str) -> None:
        super().__init__(rule, "no_legislative_initiative", assembly=assembly)


class ElectedBeyondSeats(RuleViolation):
    def __init__(self, rule: str, elected: int, seats: int) -> None:
        super().__init__(rule, "elected_beyond_seats", elected=elected, seats=seats)


class AssemblyMismatch(InvalidInput):
    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(None, reason="assembly_mismatch", expected=expected, actual=actual)


# -- polls, votes and decisions ----------------------------------------------------------------


class SecretBallotNotReplayable(InvalidInput):
    """A secret ballot is never stored with its voter, so its answer cannot be kept for an
    Idempotency-Key replay: the key is refused (a retry answers ``already_voted``)."""

    def __init__(self) -> None:
        super().__init__(None, reason="secret_ballot_not_replayable")


class BallotBoxMismatch(Conflict):
    """The ballot box of a secret poll did not pass its check against the voter roll at the
    close (``reason``: what failed): the poll is not closed and nothing is published (an
    integrity failure to investigate, never a result to publish). ``check``: what was found."""

    code = "ballot_box_mismatch"

    def __init__(self, poll_id: str, check: BoxCheck, failure: BoxFailure) -> None:
        authentic = len(check.ballots)
        super().__init__(
            None,
            reason=failure.value,
            poll_id=poll_id,
            roll=sum(check.roll.values()),
            sealed=check.sealed,
            authentic=authentic,
            forged=check.sealed - authentic,
        )
        self.poll_id = poll_id
        self.check = check
        self.failure = failure


class BallotNotRecorded(KelisimError):
    """A secret ballot's batch could not be committed (twice): the ballot is not recorded and
    the member has not voted; they may send it again. It is never recorded alone instead,
    which would pair the member with their sealed ballot."""

    code = "ballot_not_recorded"
    status = 503


class BallotNotFound(NotFound):
    """No ballot published at the close of the poll has this receipt."""

    code = "ballot_not_found"


class PollAlreadyOpen(Conflict):
    """One open poll per agenda item."""

    code = "poll_already_open"


class PollNotFound(NotFound):
    code = "poll_not_found"


class PollNotOpen(Conflict):
    code = "poll_not_open"


class DeadlinePassed(Conflict):
    """Votes after the poll's deadline are refused."""

    code = "poll_deadline_passed"


class DeadlineNotLater(InvalidInput):
    def __init__(self) -> None:
        super().__init__(None, reason="poll_deadline_not_later")


class AlreadyVoted(Conflict):
    """A member votes once in a poll, and a cast vote cannot change."""

    code = "already_voted"


class NotPresentToVote(RuleViolation):
    """Only members registered present vote: present now, and when the poll opened."""

    def __init__(self, rule: str, member_id: str) -> None:
        super().__init__(rule, "not_present_to_vote", member_id=member_id)


class DecisionNotAdopted(RuleViolation):
    """An agenda change or the Rules of Procedure need a decision this Session adopted
    (Reg2024 §10–11): ``decision_ref`` names none."""

    def __init__(self, rule: str, decision_ref: str) -> None:
        super().__init__(rule, "decision_not_adopted", decision_ref=decision_ref)


class DecisionOfAnotherKind(RuleViolation):
    """The Rules of Procedure are approved by a decision of that kind (Reg2024 §11)."""

    def __init__(self, rule: str, decision_ref: str, kind: str, expected: str) -> None:
        super().__init__(
            rule,
            "decision_of_another_kind",
            decision_ref=decision_ref,
            kind=kind,
            expected=expected,
        )


class NotAnAdoptedAddress(Conflict):
    code = "not_an_adopted_address"


class AlreadyPublished(Conflict):
    code = "address_already_published"
