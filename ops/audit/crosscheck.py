"""Cross-service checks over the services' event logs; every violation is reported.

1. Every vote in sessions (``VoteCast``, and ``SecretBallotCast`` of the voter roll) was cast
   by someone who, by membership's history, was a member on the sitting's day (Reg2024 §7: the
   Session is the meeting of all members) and was registered present at that sitting when the
   vote was cast (Reg2024 §10: the majority is counted of the members present).
2. Every control card refers to an adopted decision (Reg2024 §4.5, §28): a card opened on a
   Session decision names a ``DecisionAdopted`` of sessions, one opened on a Council resolution
   a ``ResolutionAdopted`` of council. Cards are found by event type name in council's log
   (``ControlCardOpened``); the reference is ``decision_id``, else ``source``/``source_id``.
   Without council's log the check reports that it was skipped.
3. Every approved candidacy follows a Council review (Reg2024 §13.2; Reg2002 §14): a
   ``MemberIncluded`` on the nomination route comes after a ``CandidacyReviewed`` that
   recommended the person, in the member's stream; a review applied from a Council resolution
   is found in council's log (``CandidacyReviewAdopted``) when that log is given.

The logs are read from the services' databases as stored (the checks read only fields that
every schema version of these events has). A check whose log is not given (or whose database
holds no event store) is not run: the report names it among ``skipped`` with the reason, is
not ``complete``, and never counts as passed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.runtime.embedded import sqlalchemy_url

MEMBER_OF_ASSEMBLY = "Reg2024 §7"
VOTES_OF_THOSE_PRESENT = "Reg2024 §10"
EXECUTION_CONTROL = "Reg2024 §28"
COUNCIL_REVIEW = "Reg2024 §13.2"


@dataclass(frozen=True)
class LoggedEvent:
    """An event of some service's log, as the checks need it."""

    service: str
    event_id: str
    event_type: str
    stream_id: str
    version: int
    data: dict[str, Any]
    recorded_at: datetime


@dataclass
class Violation:
    check: str
    rule: str
    kind: str
    detail: str
    event: LoggedEvent

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "rule": self.rule,
            "kind": self.kind,
            "detail": self.detail,
            "service": self.event.service,
            "event_id": self.event.event_id,
            "event_type": self.event.event_type,
            "stream_id": self.event.stream_id,
        }


CHECKS: tuple[str, ...] = (
    "votes",
    "control_cards",
    "approved_candidacies",
    "candidacy_reviews_in_council_log",
)
"""Every check, in the order reported; each ends in ``checked`` (run: how many items) or in
``skipped`` (not run: why)."""


@dataclass
class CrossCheckReport:
    checked: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No violation in the checks that ran (see ``complete`` for those that did not)."""
        return not self.violations

    @property
    def complete(self) -> bool:
        """Every check ran."""
        return not self.skipped

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "complete": self.complete,
            "checked": self.checked,
            "skipped": self.skipped,
            "violations": [v.to_json() for v in self.violations],
        }


def _on(day: date, spans: Sequence[tuple[date, date | None]]) -> bool:
    return any(start <= day and (end is None or day < end) for start, end in spans)


def membership_spans(events: Iterable[LoggedEvent]) -> dict[str, list[tuple[date, date | None]]]:
    """Each member's spans of membership ``[first day, first day without)``, from its events."""
    spans: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    for event in events:
        member = str(event.data.get("member_id"))
        if event.event_type == "MemberIncluded":
            spans[member].append((date.fromisoformat(event.data["effective_on"]), None))
        elif event.event_type == "MembershipEnded" and spans[member]:
            start, end = spans[member][-1]
            if end is None:
                spans[member][-1] = (start, date.fromisoformat(event.data["effective_on"]))
    return spans


def check_votes(
    membership: Sequence[LoggedEvent], sessions: Sequence[LoggedEvent], report: CrossCheckReport
) -> None:
    spans = membership_spans(membership)
    sitting_day: dict[str, date] = {}
    poll_day: dict[str, date] = {}
    attendance: dict[str, list[LoggedEvent]] = defaultdict(list)
    votes: list[LoggedEvent] = []
    for event in sessions:
        d = event.data
        if event.event_type == "SittingOpened":
            sitting_day[str(d["session_id"])] = date.fromisoformat(d["sitting_on"])
        elif event.event_type == "PollOpened":
            poll_day[str(d["poll_id"])] = date.fromisoformat(d["sitting_on"])
        elif event.event_type in ("AttendanceRegistered", "AttendanceWithdrawn"):
            attendance[str(d["session_id"])].append(event)
        elif event.event_type in ("VoteCast", "SecretBallotCast"):
            votes.append(event)
    for vote in votes:
        d = vote.data
        member, session = str(d["member_id"]), str(d["session_id"])
        day = poll_day.get(str(d["poll_id"])) or sitting_day.get(session)
        if day is None:
            report.violations.append(
                Violation(
                    "votes",
                    VOTES_OF_THOSE_PRESENT,
                    "no_sitting",
                    f"vote of {member} in poll {d['poll_id']}: no opened sitting or poll found",
                    vote,
                )
            )
            continue
        if not _on(day, spans.get(member, [])):
            report.violations.append(
                Violation(
                    "votes",
                    MEMBER_OF_ASSEMBLY,
                    "not_a_member",
                    f"{member} voted in poll {d['poll_id']} but was not a member on {day}"
                    " by membership's history",
                    vote,
                )
            )
        present = False
        for mark in attendance.get(session, []):
            if mark.recorded_at > vote.recorded_at:
                break
            if str(mark.data["member_id"]) == member:
                present = mark.event_type == "AttendanceRegistered"
        if not present:
            report.violations.append(
                Violation(
                    "votes",
                    VOTES_OF_THOSE_PRESENT,
                    "not_registered_present",
                    f"{member} voted in poll {d['poll_id']} without being registered present at"
                    f" the sitting of session {session}",
                    vote,
                )
            )
    report.checked["votes"] = len(votes)


def check_control_cards(
    sessions: Sequence[LoggedEvent],
    council: Sequence[LoggedEvent] | None,
    report: CrossCheckReport,
) -> None:
    if council is None:
        report.skipped["control_cards"] = "no council event log given"
        return
    decisions = {
        str(e.data.get("decision_id")) for e in sessions if e.event_type == "DecisionAdopted"
    }
    resolutions = {
        str(e.data.get("resolution_id")) for e in council if e.event_type == "ResolutionAdopted"
    }
    cards = [e for e in council if e.event_type == "ControlCardOpened"]
    for card in cards:
        d = card.data
        if "decision_id" in d:
            source, reference = "session_decision", str(d["decision_id"])
        else:
            source, reference = str(d.get("source", "")), str(d.get("source_id"))
        adopted = resolutions if source == "council_resolution" else decisions
        if reference not in adopted:
            what = "Council resolution" if source == "council_resolution" else "Session decision"
            report.violations.append(
                Violation(
                    "control_cards",
                    EXECUTION_CONTROL,
                    "no_adopted_decision",
                    f"control card {d.get('card_id')} refers to {what} {reference}, which was"
                    " never adopted",
                    card,
                )
            )
    report.checked["control_cards"] = len(cards)


def check_candidacies(
    membership: Sequence[LoggedEvent],
    council: Sequence[LoggedEvent] | None,
    report: CrossCheckReport,
) -> None:
    reviews: dict[str, list[LoggedEvent]] = defaultdict(list)
    adopted_reviews = (
        {
            (str(e.data.get("resolution_id")), str(e.data.get("member_id")))
            for e in council
            if e.event_type == "CandidacyReviewAdopted"
        }
        if council is not None
        else None
    )
    approved = cited = 0
    for event in membership:
        d = event.data
        if event.event_type == "CandidacyReviewed":
            reviews[event.stream_id].append(event)
            cited += d.get("source") == "council_resolution"
            if (
                adopted_reviews is not None
                and d.get("source") == "council_resolution"
                and (str(d.get("resolution_id")), str(d.get("member_id"))) not in adopted_reviews
            ):
                report.violations.append(
                    Violation(
                        "candidacies",
                        COUNCIL_REVIEW,
                        "review_not_in_council_log",
                        f"the review of {d.get('member_id')} cites Council resolution"
                        f" {d.get('resolution_id')}, which council's log does not hold",
                        event,
                    )
                )
        elif event.event_type == "MemberIncluded" and d.get("route") == "nomination":
            approved += 1
            earlier = [r for r in reviews.get(event.stream_id, []) if r.version < event.version]
            if not earlier:
                kind, detail = "no_council_review", "without any Council review"
            elif not earlier[-1].data.get("recommended"):
                kind, detail = "not_recommended", "although the Council did not recommend it"
            else:
                continue
            report.violations.append(
                Violation(
                    "candidacies",
                    COUNCIL_REVIEW,
                    kind,
                    f"the candidacy of {d.get('member_id')} was approved {detail}",
                    event,
                )
            )
    report.checked["approved_candidacies"] = approved
    if council is None:
        report.skipped["candidacy_reviews_in_council_log"] = (
            "council's event log not available (not given, or no event store)"
        )
    else:
        report.checked["candidacy_reviews_in_council_log"] = cited


def check_name(violation: Violation) -> str:
    """The check of ``CHECKS`` a violation was found by."""
    if violation.kind == "review_not_in_council_log":
        return "candidacy_reviews_in_council_log"
    return "approved_candidacies" if violation.check == "candidacies" else violation.check


def cross_check(
    membership: Sequence[LoggedEvent] | None,
    sessions: Sequence[LoggedEvent] | None,
    council: Sequence[LoggedEvent] | None,
) -> CrossCheckReport:
    """Run every check whose logs are given (None: that service's log is not available)."""
    report = CrossCheckReport()
    missing = {
        "membership": membership is None,
        "sessions": sessions is None,
        "council": council is None,
    }

    def skip(name: str, *services: str) -> bool:
        absent = [s for s in services if missing[s]]
        if absent:
            logs = " and ".join(f"{s}'s" for s in absent)
            report.skipped[name] = f"{logs} event log not available (not given, or no event store)"
        return bool(absent)

    if not skip("votes", "membership", "sessions"):
        assert membership is not None and sessions is not None
        check_votes(membership, sessions, report)
    if not skip("control_cards", "sessions", "council"):
        assert sessions is not None
        check_control_cards(sessions, council, report)
    if not skip("approved_candidacies", "membership"):
        assert membership is not None
        check_candidacies(membership, council, report)
    else:
        skip("candidacy_reviews_in_council_log", "membership", "council")
    return report


_READ = text(
    "SELECT event_id, event_type, stream_id, version, data, recorded_at FROM events"
    " WHERE event_type = ANY(:types) ORDER BY transaction_id, global_position"
)
MEMBERSHIP_TYPES = ("MemberIncluded", "MembershipEnded", "CandidacyReviewed")
SESSIONS_TYPES = (
    "SittingOpened",
    "PollOpened",
    "AttendanceRegistered",
    "AttendanceWithdrawn",
    "VoteCast",
    "SecretBallotCast",
    "DecisionAdopted",
)
COUNCIL_TYPES = ("ControlCardOpened", "ResolutionAdopted", "CandidacyReviewAdopted")


async def read_log(
    database_url: str, service: str, types: Sequence[str]
) -> list[LoggedEvent] | None:
    """The events of ``types`` in a service database, in commit order (None: no event store).
    ``database_url``: libpq's form (``postgresql://``) or SQLAlchemy's."""
    engine = create_async_engine(sqlalchemy_url(database_url))
    try:
        async with engine.connect() as conn:
            present = (await conn.execute(text("SELECT to_regclass('events')"))).scalar_one()
            if present is None:
                return None
            rows = await conn.execute(_READ, {"types": list(types)})
            return [
                LoggedEvent(
                    service=service,
                    event_id=str(r.event_id),
                    event_type=r.event_type,
                    stream_id=r.stream_id,
                    version=int(r.version),
                    data=r.data if isinstance(r.data, dict) else json.loads(r.data),
                    recorded_at=r.recorded_at,
                )
                for r in rows
            ]
    finally:
        await engine.dispose()


async def cross_check_databases(
    membership_url: str | None, sessions_url: str | None, council_url: str | None
) -> CrossCheckReport:
    """The checks over the services' databases (a URL of None, or a database without an event
    store: that log is not available and the checks needing it are skipped)."""

    async def log(url: str | None, service: str, types: Sequence[str]) -> list[LoggedEvent] | None:
        return await read_log(url, service, types) if url is not None else None

    return cross_check(
        await log(membership_url, "membership", MEMBERSHIP_TYPES),
        await log(sessions_url, "sessions", SESSIONS_TYPES),
        await log(council_url, "council", COUNCIL_TYPES),
    )
