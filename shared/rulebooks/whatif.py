"""What if a proposed rulebook version had been in force: every past verdict judged again.

Each service that judges acts has a pure ``verdicts`` module (``services/<name>/domain/
verdicts.py``) that reads its events in order and, for every event recording a verdict, gives
the verdict as recorded and the verdict the rules in force now give the same counts and dates
(:class:`Rejudged`). Run under a registry holding the proposed version (``using_rulebooks``),
the verdicts that come out differently are the ones the version would flip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.errors import KelisimError
from shared.eventstore.model import RecordedEvent
from shared.rulebooks.model import DateVerdict, Rulebook, Verdict
from shared.rulebooks.registry import RulebookRegistry, rulebook_on, using_rulebooks


@dataclass(frozen=True)
class Judged:
    """A verdict: satisfied or not, under which rulebook and rule, and what it required."""

    satisfied: bool
    rulebook: str
    rule: str
    required: int | None

    @classmethod
    def of(cls, verdict: Verdict | DateVerdict) -> Judged:
        required = verdict.required if isinstance(verdict, Verdict) else None
        return cls(verdict.satisfied, verdict.rulebook, verdict.rule, required)


@dataclass(frozen=True)
class Rejudged:
    """One recorded verdict and the same act judged again."""

    event_id: str
    stream_id: str
    event_type: str
    check: str
    day: date
    recorded: Judged
    now: Judged | None
    """None: no rulebook (or no such rule) in force on the act's day any more."""

    @classmethod
    def of(
        cls, event: RecordedEvent, check: str, day: date, recorded: Judged, now: Judged | None
    ) -> Rejudged:
        return cls(
            str(event.event_id), event.stream_id, event.event_type, check, day, recorded, now
        )

    @property
    def flipped(self) -> bool:
        return self.now is None or self.now.satisfied != self.recorded.satisfied

    def to_json(self) -> dict[str, Any]:
        def judged(j: Judged | None) -> dict[str, Any] | None:
            return None if j is None else j.__dict__.copy()

        return {
            "event_id": self.event_id,
            "stream_id": self.stream_id,
            "event_type": self.event_type,
            "check": self.check,
            "day": self.day.isoformat(),
            "recorded": judged(self.recorded),
            "now": judged(self.now),
            "flipped": self.flipped,
        }


Rejudge = Callable[[Iterable[RecordedEvent]], Iterator[Rejudged]]


def judged_on(
    day: date, assembly: str, check: Callable[..., Verdict | DateVerdict], *args: Any
) -> Judged | None:
    """``check`` under the rulebook in force on ``day`` now; None when none is (or it has no
    such rule any more)."""
    try:
        return Judged.of(check(rulebook_on(day, assembly), *args))
    except KelisimError:
        return None


def what_if(
    rejudge: Rejudge,
    events: Iterable[RecordedEvent],
    registry: RulebookRegistry,
) -> list[Rejudged]:
    """Every verdict of ``events`` judged again under ``registry``; the flipped ones."""
    with using_rulebooks(registry):
        return [r for r in rejudge(events) if r.flipped]


def with_version(
    packaged: list[Rulebook],
    published: Iterable[Rulebook],
    succession: dict[str, date],
    proposed: Rulebook,
) -> RulebookRegistry:
    """The registry as it would be with ``proposed`` published (replacing a published
    version of the same id: the proposal is a draft of that version)."""
    versions = [b for b in published if (b.assembly, b.id) != (proposed.assembly, proposed.id)]
    packaged_rest = [b for b in packaged if (b.assembly, b.id) != (proposed.assembly, proposed.id)]
    return RulebookRegistry.build(packaged_rest, [*versions, proposed], succession)
