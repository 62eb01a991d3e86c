"""Every verdict the sessions service recorded, judged again by the rulebooks in force now
(``shared.rulebooks.whatif``). Pure: events in, verdicts out.

Judged again from the recorded counts and dates: the notice of a regular Session (Reg2002 §8),
the time limit of an extraordinary one, the quorum of a recorded Session (Reg2024 §9), the
majority of every vote closed or recorded (Reg2024 §10), a members' request reaching its
share (Reg2002 §8), the Session's election of Mazhilis deputies (Election Law Art. 9 p. 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from shared.errors import KelisimError
from shared.eventstore.model import RecordedEvent
from shared.rulebooks import (
    NATIONAL_ASSEMBLY,
    extraordinary_held_in_time,
    extraordinary_request_sufficient,
    notice_sufficient,
    post_rule,
    rulebook_on,
    session_adopted,
    session_quorum,
)
from shared.rulebooks.whatif import Judged, Rejudged, judged_on


def _day(value: str) -> date:
    return date.fromisoformat(value)


def rejudge(events: Iterable[RecordedEvent]) -> Iterator[Rejudged]:
    sittings: dict[str, tuple[date, str]] = {}  # poll id -> (sitting day, assembly)
    for event in events:
        d = event.data
        kind = event.event_type

        if kind == "SessionConvened":
            announced, opens = _day(d["announced_on"]), _day(d["opens_on"])
            recorded = Judged(True, d["rulebook"], d["rule"], None)
            if d["kind"] == "regular":
                now = judged_on(announced, d["assembly"], notice_sufficient, announced, opens)
                yield Rejudged.of(event, "notice_sufficient", announced, recorded, now)
            else:
                now = judged_on(
                    announced, d["assembly"], extraordinary_held_in_time, announced, opens
                )
                yield Rejudged.of(event, "extraordinary_held_in_time", announced, recorded, now)
        elif kind == "SessionRecorded":
            day = _day(d["sitting_on"])
            now = judged_on(day, d["assembly"], session_quorum, d["present"], d["roster_total"])
            recorded = Judged(d["quorate"], d["rulebook"], d["rule"], d["required"])
            yield Rejudged.of(event, "session_quorum", day, recorded, now)
        elif kind == "PollOpened":
            sittings[d["poll_id"]] = (_day(d["sitting_on"]), d["assembly"])
        elif kind in ("PollClosed", "PollRecorded"):
            if kind == "PollRecorded":
                day, assembly = _day(d["sitting_on"]), d["assembly"]
            elif d["poll_id"] in sittings:
                day, assembly = sittings[d["poll_id"]]
            else:
                continue
            now = judged_on(day, assembly, session_adopted, d["votes_for"], d["present"])
            recorded = Judged(d["adopted"], d["rulebook"], d["rule"], d["required"])
            yield Rejudged.of(event, "session_adopted", day, recorded, now)
        elif kind == "ExtraordinaryRequestSigned" and "required" in d:
            day = _day(d["signed_on"])
            now = judged_on(
                day, NATIONAL_ASSEMBLY, extraordinary_request_sufficient, d["signatures"],
                d["roster_total"],
            )  # fmt: skip
            met = d["signatures"] >= d["required"]
            yield Rejudged.of(
                event,                 "extraordinary_request", day,
                Judged(met, d["rulebook"], d["rule"], d["required"]), now,
            )  # fmt: skip
        elif kind == "MazhilisDeputiesElected":
            day = _day(d["sitting_on"])
            for candidate in d["candidates"]:
                recorded = Judged(candidate["elected"], d["rulebook"], d["rule"], d["required"])
                now = _elected(day, d["assembly"], d["participants"], candidate["votes_for"])
                yield Rejudged.of(event, "mazhilis_elected", day, recorded, now)


def _elected(day: date, assembly: str, participants: int, votes: int) -> Judged | None:
    """A candidate's election judged again: the post's majority and period on that day."""
    try:
        book = rulebook_on(day, assembly)
        rule, citation, _ = post_rule(book, "mazhilis_deputy", day)
    except KelisimError:
        return None
    if rule.majority is None:
        return None
    required = rule.majority.required(participants)
    return Judged(votes >= required, book.id, citation, required)
