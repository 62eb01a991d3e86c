"""Every verdict the council service recorded, judged again by the rulebooks in force now
(``shared.rulebooks.whatif``). Pure: events in, verdicts out.

Judged again from the recorded counts and dates: the quorum of every meeting closed or
recorded (Reg2024 §14; Law 2008 Art. 10; Reg2002 §9), the majority of every vote at a meeting
(Reg2024 §15; Reg2002 §9) and of every written poll closed or recorded (Reg2011 §9; Reg2002 §9).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from shared.eventstore.model import RecordedEvent
from shared.rulebooks import council_adopted, council_quorum, written_poll_adopted
from shared.rulebooks.whatif import Judged, Rejudged, judged_on


def rejudge(events: Iterable[RecordedEvent]) -> Iterator[Rejudged]:
    meetings: dict[str, tuple[date, str]] = {}  # meeting id -> (its date, assembly)
    polls: dict[str, tuple[date, str]] = {}  # resolution id -> (opening day, assembly)
    for event in events:
        d = event.data
        kind = event.event_type
        if kind == "MeetingConvened":
            meetings[d["meeting_id"]] = (date.fromisoformat(d["held_on"]), d["assembly"])
        elif kind in ("MeetingClosed", "MeetingRecorded"):
            if kind == "MeetingRecorded":
                day, assembly = date.fromisoformat(d["held_on"]), d["assembly"]
                present = d["present"]
            elif d["meeting_id"] in meetings:
                (day, assembly), present = meetings[d["meeting_id"]], d["present"]
            else:
                continue
            recorded = Judged(d["quorate"], d["rulebook"], d["rule"], d["required"])
            now = judged_on(day, assembly, council_quorum, present, d["council_total"])
            yield Rejudged.of(event, "council_quorum", day, recorded, now)
        elif kind == "MeetingVoteTaken":
            day = date.fromisoformat(d["held_on"])
            recorded = Judged(d["adopted"], d["rulebook"], d["rule"], d["required"])
            now = judged_on(
                day, d["assembly"], council_adopted, d["counts"]["votes_for"], d["present"],
                d["council_total"],
            )  # fmt: skip
            yield Rejudged.of(event, "council_adopted", day, recorded, now)
        elif kind == "WrittenPollOpened":
            polls[d["resolution_id"]] = (date.fromisoformat(d["opened_on"]), d["assembly"])
        elif kind in ("WrittenPollClosed", "WrittenPollRecorded"):
            if kind == "WrittenPollRecorded":
                day, assembly = date.fromisoformat(d["held_on"]), d["assembly"]
            elif d["resolution_id"] in polls:
                day, assembly = polls[d["resolution_id"]]
            else:
                continue
            recorded = Judged(d["adopted"], d["rulebook"], d["rule"], d["required"])
            now = judged_on(
                day, assembly, written_poll_adopted, d["counts"]["votes_for"], d["council_total"]
            )
            yield Rejudged.of(event, "written_poll_adopted", day, recorded, now)
