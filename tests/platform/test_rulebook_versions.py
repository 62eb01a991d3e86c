"""Rulebook versions as data: published versions chain by their dates, a successor assembly is
in force only from the succession date, provisional values are named, and a what-if judges
recorded verdicts again (Council: Reg2011 §9, Reg2002 §9)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from services.council.domain import verdicts as council_verdicts
from services.council.domain.events import (
    Counts,
    DecisionRef,
    OtherResolution,
    Text,
)
from services.council.domain.events import (
    registry as council_registry,
)
from services.council.domain.resolution import Resolution
from shared.eventstore.model import RecordedEvent
from shared.rulebooks import (
    NoRulebookInForce,
    RulebookDataError,
    RulebookRegistry,
    load_packaged_books,
    parse_rulebook,
    provisional,
    rulebook,
    rulebook_on,
    using_rulebooks,
)
from shared.rulebooks.publications import RulebookSource
from shared.rulebooks.whatif import what_if, with_version

PACKAGED = load_packaged_books()


def version(base: str, **changes: Any) -> Any:
    book = json.loads(rulebook(base).model_dump_json()) | changes
    return parse_rulebook(json.dumps(book))


def test_a_published_version_takes_effect_on_its_date_and_ends_the_one_in_force() -> None:
    amended = version("Reg2011", id="Reg2011-2016", effective_from="2016-01-01",
                      effective_until="2024-12-27")  # fmt: skip
    registry = RulebookRegistry.build(PACKAGED, [amended])
    assert registry.on(date(2015, 12, 31)).id == "Reg2011"
    assert registry.on(date(2016, 1, 1)).id == "Reg2011-2016"
    assert registry.on(date(2024, 12, 26)).id == "Reg2011-2016"
    assert registry.on(date(2024, 12, 27)).id == "Reg2024"
    assert registry[("apk", "Reg2011")].effective_until == date(2016, 1, 1)
    with pytest.raises(RulebookDataError, match="both take effect"):
        RulebookRegistry.build(PACKAGED, [version("Reg2011", id="X", effective_from="2011-09-07")])
    with pytest.raises(RulebookDataError, match="twice"):
        RulebookRegistry.build(PACKAGED, [version("Reg2011")])


def test_the_halyq_kenesi_is_in_force_only_from_the_succession_date() -> None:
    before = RulebookRegistry.build(PACKAGED)
    assert before.on(date(2030, 1, 1)).id == "Reg2024"
    with pytest.raises(NoRulebookInForce):
        before.on(date(2030, 1, 1), "hk")
    after = RulebookRegistry.build(PACKAGED, (), {"hk": date(2026, 9, 1)})
    assert after.on(date(2026, 8, 31)).id == "Reg2024"
    with pytest.raises(NoRulebookInForce):
        after.on(date(2026, 9, 1))
    book = after.on(date(2026, 9, 1), "hk")
    assert (book.id, book.effective_from) == ("HK2026", date(2026, 9, 1))
    assert [b.id for b in after.in_force_on(date(2026, 9, 1))] == ["HK2026", "Regional2008"]
    with pytest.raises(RulebookDataError, match="before"):
        RulebookRegistry.build(PACKAGED, (), {"hk": date(2026, 6, 30)})
    composition = book.composition.value
    assert composition is not None and composition.total == 126
    assert [(q.category, q.seats) for q in composition.quotas] == [
        ("ethnocultural_association", 42),
        ("maslikhat", 42),
        ("public_association", 42),
    ]


def test_provisional_values_are_named_by_rulebook_and_citation() -> None:
    hk = rulebook("HK2026", "hk")
    assert hk.session_quorum.provisional and not hk.sessions_per_year_min.provisional
    assert hk.is_provisional("HK2026 provisional (Reg2024 §9)")
    assert provisional("HK2026", "HK2026 provisional (Reg2024 §10)")
    assert not provisional("Reg2024", "Reg2024 §9") and not provisional(None, None)


def test_a_source_takes_publications_in_and_judges_by_them() -> None:
    source = RulebookSource()
    amended = version("Reg2024", id="Reg2024-2026", effective_from="2026-02-01")
    source.apply("RulebookVersionPublished", {"rulebook": json.loads(amended.model_dump_json())})
    source.apply("SuccessionDateSet", {"assembly": "hk", "on": "2026-09-01"})
    with using_rulebooks(source.registry):
        assert rulebook_on(date(2026, 3, 1)).id == "Reg2024-2026"
        assert rulebook_on(date(2026, 9, 1), "hk").id == "HK2026"
    assert rulebook_on(date(2026, 3, 1)).id == "Reg2024"  # outside: the packaged ones


def _recorded(events: list[Any]) -> list[RecordedEvent]:
    return [
        RecordedEvent(
            global_position=n, transaction_id=n, stream_id=f"resolution-{n}",
            stream_type="resolution", version=1, event_id=uuid.uuid4(),
            event_type=e.event_type, schema_version=e.schema_version,
            data=council_registry.to_new_event(e).data, metadata={},
            recorded_at=datetime(2026, 1, 1, tzinfo=UTC), stored_schema_version=e.schema_version,
        )
        for n, e in enumerate(events, start=1)
    ]  # fmt: skip


def test_what_if_the_written_poll_had_needed_three_fifths() -> None:
    """19 of 30 in 2012 was rejected (two thirds: 20); three fifths (18) would have adopted
    it. 20 of 30 is adopted either way; a poll of 2005 (Reg2002) is untouched."""
    polls = []
    for day, votes in ((date(2012, 3, 5), 19), (date(2012, 9, 5), 20), (date(2005, 3, 5), 10)):
        resolution = Resolution.record_written_poll(
            uuid.uuid4(), assembly="apk", body="council", number="С", text=Text(kk="С", ru="В"),
            content=OtherResolution(), held_on=day,
            counts=Counts(votes_for=votes, against=30 - votes, abstain=0), council_total=30,
            source=DecisionRef(number="Х", date=day), today=date(2026, 1, 1),
        )  # fmt: skip
        polls.append(resolution.pending_events[0])
    proposal = json.loads(rulebook("Reg2011").model_dump_json())
    proposal["council_written_poll"]["value"] |= {"numerator": 3, "denominator": 5}
    registry = with_version(PACKAGED, [], {}, parse_rulebook(json.dumps(proposal)))
    flips = what_if(council_verdicts.rejudge, _recorded(polls), registry)
    assert [(f.day, f.recorded.satisfied, f.now and f.now.satisfied) for f in flips] == [
        (date(2012, 3, 5), False, True)
    ]
    assert flips[0].now is not None and flips[0].now.required == 18
