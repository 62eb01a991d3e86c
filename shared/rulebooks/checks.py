"""The checks: pure functions of a rulebook and counts or dates, each naming the rule it applied.

Pick the rulebook with :func:`shared.rulebooks.rulebook_on` on the act's date (the Session's or
meeting's date, the date of the request or decision), never on today's date: replaying history
then judges every act by the rules of its own day.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from shared.errors import InvalidInput, RuleViolation
from shared.rulebooks.model import (
    Composition,
    DateVerdict,
    PostRule,
    Rule,
    Rulebook,
    Threshold,
    Verdict,
)


def _threshold_verdict(
    check: str, book: Rulebook, rule: Rule[Threshold], count: int, present: int, total: int | None
) -> Verdict:
    threshold = rule.value
    if threshold.of == "total":
        if total is None:
            raise InvalidInput(
                f"{rule.citation} counts a share of all members: pass total",
                rule=rule.citation,
                field="total",
            )
        base = total
    else:
        base = present
    if total is not None and present > total:
        raise InvalidInput("more members present than there are members", field="present")
    if count > present:
        raise InvalidInput("more votes than members present", field="votes_for")
    return Verdict(
        check=check,
        satisfied=threshold.met(count, base),
        rulebook=book.id,
        rule=rule.citation,
        required=threshold.required(base),
        actual=count,
        provisional=rule.provisional,
    )


def session_quorum(book: Rulebook, present: int, total: int) -> Verdict:
    """Is the Session valid with ``present`` of ``total`` members taking part?"""
    return _threshold_verdict("session_quorum", book, book.session_quorum, present, present, total)


def session_adopted(
    book: Rulebook, votes_for: int, present: int, total: int | None = None
) -> Verdict:
    """Is a Session decision adopted with ``votes_for`` of ``present`` members voting for it?

    ``total`` is needed only by a rulebook whose majority is a share of all members.
    """
    return _threshold_verdict(
        "session_adopted", book, book.session_majority, votes_for, present, total
    )


def council_quorum(book: Rulebook, present: int, total: int) -> Verdict:
    """Is the Council meeting valid with ``present`` of its ``total`` members?"""
    return _threshold_verdict("council_quorum", book, book.council_quorum, present, present, total)


def council_adopted(
    book: Rulebook, votes_for: int, present: int, total: int | None = None
) -> Verdict:
    """Is a Council decision taken at a meeting adopted?

    Reg2024 §15 counts the members present; Reg2002 §9 counts all Council members, so under it
    ``total`` is required.
    """
    return _threshold_verdict(
        "council_adopted", book, book.council_majority, votes_for, present, total
    )


def written_poll_adopted(book: Rulebook, votes_for: int, council_total: int) -> Verdict:
    """Is a Council decision taken by the Secretariat's poll adopted?

    Raises :class:`shared.errors.RuleViolation` (reason ``written_poll_not_provided``) citing the
    rule when the rulebook has no such procedure (Reg2024).
    """
    rule = book.council_written_poll
    if rule.value is None:
        raise RuleViolation(
            rule.citation,
            "written_poll_not_provided",
            rulebook=book.id,
            note=rule.note,
        )
    threshold = rule.value
    return Verdict(
        check="written_poll_adopted",
        satisfied=threshold.met(votes_for, council_total),
        rulebook=book.id,
        rule=rule.citation,
        required=threshold.required(council_total),
        actual=votes_for,
        provisional=rule.provisional,
    )


def written_poll_available(book: Rulebook) -> bool:
    return book.council_written_poll.value is not None


def notice_sufficient(book: Rulebook, announced_on: date, opens_on: date) -> Verdict:
    """Were the Session's date, place and agenda announced early enough before it opens?

    ``actual`` is the number of days from the announcement to the opening (negative when the
    announcement came after the opening).
    """
    rule = book.session_notice_days
    days = (opens_on - announced_on).days
    return Verdict(
        check="notice_sufficient",
        satisfied=days >= rule.value,
        rulebook=book.id,
        rule=rule.citation,
        required=rule.value,
        actual=days,
        provisional=rule.provisional,
    )


def sessions_per_year_sufficient(book: Rulebook, sessions_held: int) -> Verdict:
    """Were enough Sessions held in a calendar year?"""
    if sessions_held < 0:
        raise InvalidInput("sessions_held must not be negative", field="sessions_held")
    rule = book.sessions_per_year_min
    return Verdict(
        check="sessions_per_year",
        satisfied=sessions_held >= rule.value,
        rulebook=book.id,
        rule=rule.citation,
        required=rule.value,
        actual=sessions_held,
        provisional=rule.provisional,
    )


def extraordinary_request_sufficient(book: Rulebook, signatures: int, total: int) -> Verdict:
    """Do ``signatures`` of ``total`` members suffice to request an extraordinary Session?"""
    rule = book.extraordinary_request_share
    return _threshold_verdict("extraordinary_request", book, rule, signatures, signatures, total)


def extraordinary_deadline(book: Rulebook, decided_on: date) -> date:
    """The last day on which an extraordinary Session decided on ``decided_on`` may be held."""
    return decided_on + timedelta(days=book.extraordinary_held_within_days.value)


def extraordinary_held_in_time(book: Rulebook, decided_on: date, held_on: date) -> DateVerdict:
    """Was the extraordinary Session held within the time limit of the decision to convene it?"""
    if held_on < decided_on:
        raise InvalidInput("a Session cannot be held before it is convened", field="held_on")
    deadline = extraordinary_deadline(book, decided_on)
    return DateVerdict(
        check="extraordinary_held_in_time",
        satisfied=held_on <= deadline,
        rulebook=book.id,
        rule=book.extraordinary_held_within_days.citation,
        deadline=deadline,
        actual=held_on,
        provisional=book.extraordinary_held_within_days.provisional,
    )


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months; a day past the target month's end becomes its last day
    (31 Aug + 6 months = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def council_meeting_due(book: Rulebook, last_meeting: date) -> date | None:
    """The last day by which the next Council meeting must be held (``None``: no maximum gap)."""
    months = book.council_max_gap_months.value
    return None if months is None else add_months(last_meeting, months)


def council_gap(book: Rulebook, last_meeting: date, day: date) -> DateVerdict:
    """Is the Council, on ``day``, still within its maximum gap since ``last_meeting``?"""
    deadline = council_meeting_due(book, last_meeting)
    return DateVerdict(
        check="council_gap",
        satisfied=deadline is None or day <= deadline,
        rulebook=book.id,
        rule=book.council_max_gap_months.citation,
        deadline=deadline,
        actual=day,
        provisional=book.council_max_gap_months.provisional,
    )


def council_gap_exceeded(book: Rulebook, last_meeting: date, day: date) -> bool:
    """True when on ``day`` more than the maximum gap has passed since ``last_meeting``."""
    return not council_gap(book, last_meeting, day).satisfied


def post_rule(book: Rulebook, post: str, day: date) -> tuple[PostRule, str, bool]:
    """The rules of ``post`` under ``book`` on ``day``: the rule, its citation and whether it
    is provisional. Raises :class:`shared.errors.RuleViolation` citing the text when the
    rulebook has no such post (``post_not_provided``) or not on that day (``post_ended``,
    ``post_not_yet``: a change of the Constitution inside the Regulation's period)."""
    rule = book.posts.get(post)
    if rule is None:
        raise RuleViolation(book.id, "post_not_provided", post=post, rulebook=book.id)
    if rule.value is None:
        raise RuleViolation(rule.citation, "post_not_provided", post=post, rulebook=book.id)
    period = rule.value.period
    if period is not None and not period.covers(day):
        if period.ends_on is not None and day >= period.ends_on:
            assert period.ends_by is not None
            reason, citation, since = "post_ended", period.ends_by, period.ends_on
        else:
            assert period.starts_by is not None and period.starts_on is not None
            reason, citation, since = "post_not_yet", period.starts_by, period.starts_on
        raise RuleViolation(
            citation, reason, post=post, on=day.isoformat(), since=since.isoformat()
        )
    return rule.value, rule.citation, rule.provisional


def posts_on(book: Rulebook, day: date) -> dict[str, tuple[PostRule, str, bool]]:
    """Every post the rulebook provides on ``day``, as :func:`post_rule` gives it."""
    provided = {}
    for key, rule in book.posts.items():
        if rule.value is not None and (rule.value.period is None or rule.value.period.covers(day)):
            provided[key] = (rule.value, rule.citation, rule.provisional)
    return provided


def body_seats(book: Rulebook, body: str) -> Rule[int | None] | None:
    """The seats of all the posts of ``body`` together, where the rulebook counts them."""
    return book.bodies.get(body)


def composition_of(book: Rulebook) -> tuple[Composition | None, str, bool]:
    """The membership's size and quotas as the law fixes them (None: the roster decides)."""
    rule = book.composition
    return rule.value, rule.citation, rule.provisional


def legislative_initiative(book: Rulebook) -> Verdict:
    """May the Session adopt a draft law for submission to the legislature? (The Halyq
    Kenesi's chair has the right of legislative initiative: Constitution 2026.)"""
    rule = book.legislative_initiative
    return Verdict(
        check="legislative_initiative",
        satisfied=rule.value,
        rulebook=book.id,
        rule=rule.citation,
        required=1,
        actual=int(rule.value),
        provisional=rule.provisional,
    )
