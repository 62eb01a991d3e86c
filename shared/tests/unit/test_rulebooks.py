"""Versioned rulebooks: every rule at its boundary under each Regulation, and the lookup by date."""

from __future__ import annotations

import json
from datetime import date, timedelta
from fractions import Fraction
from importlib.resources import files
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.errors import InvalidInput, RuleViolation
from shared.i18n import translate
from shared.rulebooks import (
    RULEBOOKS,
    NoRulebookInForce,
    Rulebook,
    RulebookDataError,
    RulebookRegistry,
    Threshold,
    add_months,
    council_adopted,
    council_gap,
    council_gap_exceeded,
    council_meeting_due,
    council_quorum,
    extraordinary_deadline,
    extraordinary_held_in_time,
    extraordinary_request_sufficient,
    notice_sufficient,
    parse_rulebook,
    rulebook,
    rulebook_on,
    session_adopted,
    session_quorum,
    sessions_per_year_sufficient,
    written_poll_adopted,
    written_poll_available,
)

REG2002 = rulebook("Reg2002")
REG2011 = rulebook("Reg2011")
REG2024 = rulebook("Reg2024")
ALL = [REG2002, REG2011, REG2024]
WITH_POLL = [REG2002, REG2011]
ids = pytest.mark.parametrize("book", ALL, ids=lambda b: b.id)

THRESHOLD_FIELDS = (
    "session_quorum",
    "session_majority",
    "council_quorum",
    "council_majority",
    "extraordinary_request_share",
)


def _raw(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(files("shared.rulebooks.data").joinpath(name).read_text())
    return data


# --- the registry and the lookup by date ---------------------------------------------------


def test_three_national_rulebooks_are_shipped() -> None:
    assert [b.id for b in RULEBOOKS.of("apk")] == ["Reg2002", "Reg2011", "Reg2024"]
    assert RULEBOOKS.assemblies == ("apk", "regional")
    assert REG2024.effective_until is None


def test_a_regional_assembly_is_judged_by_the_regional_rulebook() -> None:
    # Law 2008 Art. 14: every regional assembly has its own session and council; without a
    # regulation of its own at hand, the national thresholds apply, cited to Art. 14.
    book = RULEBOOKS.on(date(2026, 3, 2), "abai")
    assert (book.assembly, book.id) == ("regional", "Regional2008")
    assert session_quorum(book, present=30, total=45).satisfied
    refused = session_quorum(book, present=29, total=45)
    assert not refused.satisfied
    assert (refused.rule, refused.provisional) == ("Law 2008 Art. 14", True)
    assert RULEBOOKS.of("atlantis") == ()


@pytest.mark.parametrize(
    ("change", "before", "after"),
    [
        (date(2002, 4, 26), None, "Reg2002"),
        (date(2011, 9, 7), "Reg2002", "Reg2011"),
        (date(2024, 12, 27), "Reg2011", "Reg2024"),
    ],
)
def test_rulebook_in_force_on_the_day_before_and_the_day_of_each_change(
    change: date, before: str | None, after: str
) -> None:
    day_before = change - timedelta(days=1)
    if before is None:
        with pytest.raises(NoRulebookInForce) as caught:
            rulebook_on(day_before)
        assert caught.value.params == {"assembly": "apk", "day": "2002-04-25"}
        assert caught.value.code == "no_rulebook_in_force"
    else:
        assert rulebook_on(day_before).id == before
    assert rulebook_on(change).id == after
    assert rulebook_on(change, assembly="apk").id == after


def test_current_rulebook_is_open_ended() -> None:
    assert rulebook_on(date(2100, 1, 1)).id == "Reg2024"


def test_unknown_assembly_has_no_rulebook() -> None:
    with pytest.raises(NoRulebookInForce):
        rulebook_on(date(2025, 1, 1), assembly="almaty")


def test_regional_assemblies_are_looked_up_by_their_own_code() -> None:
    regional = REG2024.model_copy(
        update={"assembly": "almaty", "id": "AlmatyReg2025", "effective_from": date(2025, 3, 1)}
    )
    registry = RulebookRegistry([*ALL, regional])
    assert registry.on(date(2025, 3, 1), assembly="almaty").id == "AlmatyReg2025"
    assert registry.on(date(2025, 3, 1)).id == "Reg2024"
    with pytest.raises(NoRulebookInForce):
        registry.on(date(2025, 2, 28), assembly="almaty")


def test_registry_refuses_gaps_overlaps_and_duplicates() -> None:
    gap = REG2011.model_copy(update={"effective_from": date(2011, 9, 8)})
    with pytest.raises(RulebookDataError, match="ends"):
        RulebookRegistry([REG2002, gap, REG2024])
    open_ended_in_the_middle = REG2011.model_copy(update={"effective_until": None})
    with pytest.raises(RulebookDataError):
        RulebookRegistry([REG2002, open_ended_in_the_middle, REG2024])
    with pytest.raises(RulebookDataError, match="twice"):
        RulebookRegistry([REG2002, REG2002])


def test_replay_judges_an_act_by_the_rulebook_of_its_date() -> None:
    # The same Council vote: 50 for, 60 present, 84 members.
    # Reg2002 §9 counts all members (56 needed); Reg2024 §15 counts those present (40 needed).
    old = council_adopted(rulebook_on(date(2010, 5, 1)), 50, 60, total=84)
    new = council_adopted(rulebook_on(date(2025, 5, 1)), 50, 60, total=84)
    assert (old.satisfied, old.rulebook, old.rule, old.required) == (
        False,
        "Reg2002",
        "Reg2002 §9",
        56,
    )
    assert (new.satisfied, new.rulebook, new.rule, new.required) == (
        True,
        "Reg2024",
        "Reg2024 §15",
        40,
    )
    # Replaying later gives the same verdict: it depends only on the act's date.
    assert council_adopted(rulebook_on(date(2010, 5, 1)), 50, 60, total=84) == old


# --- the numbers of the issue --------------------------------------------------------------


@ids
def test_issue_numbers(book: Rulebook) -> None:
    assert session_quorum(book, 263, 394).satisfied
    assert not session_quorum(book, 262, 394).satisfied
    assert session_quorum(book, 263, 394).required == 263
    assert session_quorum(book, 389, 583).required == 389
    assert not session_quorum(book, 388, 583).satisfied
    assert session_adopted(book, 151, 300).required == 151
    assert session_adopted(book, 151, 300).satisfied
    assert not session_adopted(book, 150, 300).satisfied


# --- every rule at its boundary, under each rulebook ---------------------------------------


@ids
@pytest.mark.parametrize(("total", "two_thirds"), [(300, 200), (393, 262), (582, 388), (3, 2)])
def test_session_quorum_exactly_two_thirds(book: Rulebook, total: int, two_thirds: int) -> None:
    valid = session_quorum(book, two_thirds, total)
    assert valid.satisfied
    assert valid.rulebook == book.id
    assert valid.rule == book.session_quorum.citation
    assert not session_quorum(book, two_thirds - 1, total).satisfied


@ids
@pytest.mark.parametrize("present", [2, 262, 300, 394])
def test_session_majority_half_rejected_one_more_adopted(book: Rulebook, present: int) -> None:
    half = present // 2
    rejected = session_adopted(book, half, present)
    assert not rejected.satisfied
    assert rejected.rule == book.session_majority.citation
    assert session_adopted(book, half + 1, present).satisfied


@ids
@pytest.mark.parametrize(("total", "two_thirds"), [(84, 56), (30, 20), (3, 2)])
def test_council_quorum_exactly_two_thirds(book: Rulebook, total: int, two_thirds: int) -> None:
    valid = council_quorum(book, two_thirds, total)
    assert valid.satisfied
    assert valid.rule == book.council_quorum.citation
    assert not council_quorum(book, two_thirds - 1, total).satisfied


@pytest.mark.parametrize("book", [REG2011, REG2024], ids=lambda b: b.id)
def test_council_majority_two_thirds_of_present(book: Rulebook) -> None:
    # 60 present of 84: two thirds of those present is exactly 40.
    assert council_adopted(book, 40, 60).satisfied
    assert not council_adopted(book, 39, 60).satisfied
    assert council_adopted(book, 40, 60, total=84).required == 40
    assert council_adopted(book, 40, 60).rule == book.council_majority.citation


def test_council_majority_under_2002_is_two_thirds_of_all_members() -> None:
    assert council_adopted(REG2002, 56, 60, total=84).satisfied
    assert not council_adopted(REG2002, 55, 84, total=84).satisfied
    assert council_adopted(REG2002, 56, 60, total=84).rule == "Reg2002 §9"
    with pytest.raises(InvalidInput):
        council_adopted(REG2002, 56, 60)  # which total? the rule needs it


@pytest.mark.parametrize("book", WITH_POLL, ids=lambda b: b.id)
@pytest.mark.parametrize(("total", "two_thirds"), [(84, 56), (85, 57), (3, 2)])
def test_written_poll_two_thirds_of_all_council_members(
    book: Rulebook, total: int, two_thirds: int
) -> None:
    assert written_poll_available(book)
    adopted = written_poll_adopted(book, two_thirds, total)
    assert adopted.satisfied
    assert adopted.rule == book.council_written_poll.citation
    assert not written_poll_adopted(book, two_thirds - 1, total).satisfied


def test_written_poll_refused_under_2024_citing_the_rule() -> None:
    assert not written_poll_available(REG2024)
    with pytest.raises(RuleViolation) as caught:
        written_poll_adopted(REG2024, 84, 84)
    error = caught.value
    assert error.rule == "Reg2024 §15"
    assert error.reason_code == "written_poll_not_provided"
    assert error.params["rulebook"] == "Reg2024"
    assert "Reg2011 §9" in error.params["note"]
    assert translate("written_poll_not_provided", "ru").startswith("Это положение")


def test_written_poll_citations() -> None:
    assert REG2002.council_written_poll.citation == "Reg2002 §9"
    assert REG2011.council_written_poll.citation == "Reg2011 §9"


@ids
def test_notice_30_days_suffices_29_does_not(book: Rulebook) -> None:
    opens = date(2025, 4, 28)
    enough = notice_sufficient(book, opens - timedelta(days=30), opens)
    assert (enough.satisfied, enough.required, enough.actual) == (True, 30, 30)
    assert enough.rule == "Reg2002 §8"
    short = notice_sufficient(book, opens - timedelta(days=29), opens)
    assert (short.satisfied, short.actual) == (False, 29)
    assert not notice_sufficient(book, opens + timedelta(days=1), opens).satisfied


@ids
def test_one_session_a_year(book: Rulebook) -> None:
    assert sessions_per_year_sufficient(book, 1).satisfied
    none = sessions_per_year_sufficient(book, 0)
    assert not none.satisfied
    assert none.rule == "Reg2002 §8"


@ids
@pytest.mark.parametrize(("total", "third"), [(394, 132), (300, 100), (583, 195)])
def test_extraordinary_request_one_short_of_a_third_and_at_it(
    book: Rulebook, total: int, third: int
) -> None:
    at_it = extraordinary_request_sufficient(book, third, total)
    assert (at_it.satisfied, at_it.required, at_it.rule) == (True, third, "Reg2002 §8")
    assert not extraordinary_request_sufficient(book, third - 1, total).satisfied


@ids
def test_extraordinary_session_held_within_30_days(book: Rulebook) -> None:
    decided = date(2025, 1, 31)
    assert extraordinary_deadline(book, decided) == date(2025, 3, 2)
    in_time = extraordinary_held_in_time(book, decided, date(2025, 3, 2))
    assert (in_time.satisfied, in_time.rule) == (True, "Reg2002 §8")
    assert not extraordinary_held_in_time(book, decided, date(2025, 3, 3)).satisfied
    with pytest.raises(InvalidInput):
        extraordinary_held_in_time(book, decided, date(2025, 1, 30))


@pytest.mark.parametrize("book", [REG2011, REG2024], ids=lambda b: b.id)
def test_council_gap_of_six_months(book: Rulebook) -> None:
    last = date(2023, 8, 31)
    due = date(2024, 2, 29)  # six calendar months, clamped to the month's end
    assert council_meeting_due(book, last) == due
    assert not council_gap_exceeded(book, last, due)
    assert council_gap_exceeded(book, last, due + timedelta(days=1))
    verdict = council_gap(book, last, due + timedelta(days=1))
    assert (verdict.satisfied, verdict.rule, verdict.deadline) == (False, "Law 2008 Art. 10", due)


def test_council_gap_not_limited_under_2002() -> None:
    last = date(2003, 1, 1)
    assert council_meeting_due(REG2002, last) is None
    assert not council_gap_exceeded(REG2002, last, date(2005, 1, 1))
    assert council_gap(REG2002, last, date(2005, 1, 1)).rule == "Reg2002 §9"


def test_add_months() -> None:
    assert add_months(date(2024, 1, 15), 6) == date(2024, 7, 15)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2024, 12, 31), 1) == date(2025, 1, 31)


# --- the citations name where each rule comes from -----------------------------------------


def test_citations() -> None:
    assert REG2002.session_quorum.citation == "Reg2002 §8"
    assert REG2024.session_quorum.citation == "Reg2024 §9"
    assert REG2024.session_majority.citation == "Reg2024 §10"
    assert REG2024.council_quorum.citation == "Reg2024 §14"
    assert REG2024.council_majority.citation == "Reg2024 §15"
    assert REG2011.council_max_gap_months.citation == "Law 2008 Art. 10"
    for book in ALL:
        assert book.session_notice_days.value == 30
        assert "30 days" in (book.note or "")
        assert "29 does not" in (book.note or "")
        for name in Rulebook.model_fields:
            rule = getattr(book, name)
            if hasattr(rule, "citation"):
                assert rule.citation.startswith(("Reg2002 §", "Reg2011 §", "Reg2024 §", "Law 2008"))


# --- exact arithmetic ----------------------------------------------------------------------


def test_empty_body_never_satisfies_a_threshold() -> None:
    for kind in ("at_least", "more_than"):
        threshold = Threshold(numerator=1, denominator=2, kind=kind, of="total")
        assert threshold.required(0) == 1
        assert not threshold.met(0, 0)
    assert not session_quorum(REG2024, 0, 0).satisfied


def test_counts_out_of_range_are_invalid() -> None:
    with pytest.raises(InvalidInput):
        session_quorum(REG2024, 395, 394)
    with pytest.raises(InvalidInput):
        session_adopted(REG2024, 301, 300)
    with pytest.raises(InvalidInput):
        REG2024.session_quorum.value.met(-1, 10)
    with pytest.raises(InvalidInput):
        REG2024.session_quorum.value.required(-1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"numerator": 4, "denominator": 3}, "at most the whole"),
        ({"numerator": 1, "denominator": 1, "kind": "more_than"}, "never be met"),
        ({"numerator": 0}, "greater than 0"),
        ({"denominator": 0}, "greater than 0"),
    ],
)
def test_threshold_validation(fields: dict[str, Any], message: str) -> None:
    base: dict[str, Any] = {"numerator": 2, "denominator": 3, "kind": "at_least", "of": "total"}
    with pytest.raises(ValidationError, match=message):
        Threshold.model_validate({**base, **fields})


SHIPPED_THRESHOLDS = [getattr(b, f).value for b in ALL for f in THRESHOLD_FIELDS] + [
    b.council_written_poll.value for b in WITH_POLL
]


@st.composite
def _any_threshold(draw: st.DrawFn) -> Threshold:
    kind = draw(st.sampled_from(["at_least", "more_than"]))
    denominator = draw(st.integers(1 if kind == "at_least" else 2, 12))
    top = denominator if kind == "at_least" else denominator - 1
    numerator = draw(st.integers(1, top))
    return Threshold(numerator=numerator, denominator=denominator, kind=kind, of="total")


thresholds = _any_threshold() | st.sampled_from([t for t in SHIPPED_THRESHOLDS if t is not None])


def _check_least(threshold: Threshold, total: int) -> None:
    required = threshold.required(total)
    if total == 0:
        assert required == 1
        assert not threshold.met(0, 0)
        return
    assert 1 <= required <= total
    assert threshold.met(required, total)
    assert not threshold.met(required - 1, total)
    # against an independent oracle in exact rational arithmetic
    share = Fraction(required, total)
    below = Fraction(required - 1, total)
    if threshold.kind == "at_least":
        assert share >= threshold.fraction > below
    else:
        assert share > threshold.fraction >= below


def test_required_is_the_least_count_for_every_shipped_threshold_up_to_2000() -> None:
    for threshold in {t for t in SHIPPED_THRESHOLDS if t is not None}:
        for total in range(2001):
            _check_least(threshold, total)


@given(threshold=thresholds, total=st.integers(0, 2000))
def test_required_is_the_least_count_that_meets(threshold: Threshold, total: int) -> None:
    _check_least(threshold, total)


@given(threshold=thresholds, total=st.integers(1, 300), data=st.data())
def test_met_agrees_with_fraction_comparison(
    threshold: Threshold, total: int, data: st.DataObject
) -> None:
    count = data.draw(st.integers(0, total))
    share = Fraction(count, total)
    expected = (
        share >= threshold.fraction if threshold.kind == "at_least" else share > threshold.fraction
    )
    assert threshold.met(count, total) is expected


# --- the data: no floats, validated on load ------------------------------------------------


@pytest.mark.parametrize("name", ["apk-2002.json", "apk-2011.json", "apk-2024.json"])
def test_packaged_data_has_no_float(name: str) -> None:
    text = files("shared.rulebooks.data").joinpath(name).read_text()

    def no_float(literal: str) -> None:
        raise AssertionError(f"float {literal} in {name}")

    json.loads(text, parse_float=no_float)
    assert parse_rulebook(text) == rulebook(_raw(name)["id"])


@pytest.mark.parametrize("bad", [0.6667, "0.6667", "2", 2.0, True, "2/3"])
def test_loader_rejects_a_non_integer_fraction(bad: object) -> None:
    raw = _raw("apk-2024.json")
    raw["session_quorum"]["value"]["numerator"] = bad
    with pytest.raises((RulebookDataError, ValidationError)):
        parse_rulebook(json.dumps(raw))


def test_loader_rejects_a_float_anywhere() -> None:
    raw = _raw("apk-2011.json")
    raw["session_notice_days"]["value"] = 30.0
    with pytest.raises(RulebookDataError, match=r"30\.0"):
        parse_rulebook(json.dumps(raw))


def test_loader_rejects_unknown_fields_and_bad_periods() -> None:
    raw = _raw("apk-2011.json")
    raw["council_quorum"]["value"]["rounding"] = "up"
    with pytest.raises(ValidationError):
        parse_rulebook(json.dumps(raw))
    raw = _raw("apk-2011.json")
    raw["effective_until"] = raw["effective_from"]
    with pytest.raises(ValidationError, match="effective_until"):
        parse_rulebook(json.dumps(raw))
    raw = _raw("apk-2011.json")
    raw["session_quorum"]["value"]["of"] = "present"
    with pytest.raises(ValidationError, match="all members"):
        parse_rulebook(json.dumps(raw))


def test_verdict_serialises_for_events() -> None:
    verdict = session_quorum(REG2011, 263, 394)
    assert verdict.model_dump(mode="json") == {
        "check": "session_quorum",
        "satisfied": True,
        "rulebook": "Reg2011",
        "rule": "Law 2008 (by Reg2011 §7)",
        "required": 263,
        "actual": 263,
        "provisional": False,
    }
