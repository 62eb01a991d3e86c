"""Pure parts of the audit tools: a cross-check never counts a check it did not run, and the
state of an aggregate shows its private fields masked."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ops.audit.crosscheck import CHECKS, LoggedEvent, check_name, cross_check
from ops.audit.replay import WITHHELD, mask_private
from shared.identity import is_valid_iin, mask

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CHECKS_LOGS = ("membership", "sessions", "council")


def _event(service: str, event_type: str, stream: str, version: int, **data: Any) -> LoggedEvent:
    return LoggedEvent(service, f"{stream}-{version}", event_type, stream, version, data, AT)


def _included(member: str, route: str = "nomination") -> LoggedEvent:
    return _event(
        "membership",
        "MemberIncluded",
        f"member-{member}",
        2,
        member_id=member,
        effective_on="2026-01-01",
        route=route,
    )


def test_every_check_runs_with_every_log() -> None:
    report = cross_check([_included("m1", route="decision")], [], [])
    assert report.ok and report.complete and not report.skipped
    assert set(report.checked) == set(CHECKS)


@pytest.mark.parametrize(
    ("given", "skipped"),
    [
        ("membership sessions", {"control_cards", "candidacy_reviews_in_council_log"}),
        ("membership council", {"votes", "control_cards"}),
        ("sessions council", {"votes", "approved_candidacies", "candidacy_reviews_in_council_log"}),
        ("", set(CHECKS)),
    ],
)
def test_a_check_without_its_log_is_skipped_not_passed(given: str, skipped: set[str]) -> None:
    logs = {name: ([] if name in given.split() else None) for name in CHECKS_LOGS}
    report = cross_check(logs["membership"], logs["sessions"], logs["council"])
    assert set(report.skipped) == skipped
    assert not set(report.checked) & skipped
    assert set(report.checked) | set(report.skipped) == set(CHECKS)
    assert report.ok and not report.complete
    assert report.to_json()["complete"] is False
    for why in report.skipped.values():
        assert "not available" in why


def test_violations_are_named_by_the_check_that_found_them() -> None:
    review = _event(
        "membership",
        "CandidacyReviewed",
        "member-m2",
        1,
        member_id="m2",
        recommended=True,
        source="council_resolution",
        resolution_id="r-unknown",
    )
    report = cross_check([_included("m1"), review, _included("m2")], [], [])
    assert {check_name(v) for v in report.violations} == {
        "approved_candidacies",
        "candidacy_reviews_in_council_log",
    }
    assert report.checked["candidacy_reviews_in_council_log"] == 1


def _iin() -> str:
    for serial in range(1, 200):
        for check in range(10):
            candidate = f"7001013{serial:04d}{check}"
            if is_valid_iin(candidate):
                return candidate
    raise AssertionError("no valid IIN")


def test_private_fields_are_masked_at_any_depth_and_listed() -> None:
    iin = _iin()
    state = {
        "name": {"kk": "Әлия", "ru": "Алия"},
        "iin": iin,
        "person": {"name": {"kk": "Әлия"}, "iin": iin, "gender": "female", "ethnic_group": None},
        "applicant": {"name": "Ерлан", "contact": "erlan@example.kz"},
        "electorate": ["a", "b"],
        "count": 3,
    }
    private = frozenset({"iin", "gender", "ethnic_group", "applicant", "electorate"})
    masked, paths = mask_private(state, private)
    assert masked["iin"] == masked["person"]["iin"] == mask(iin) and iin not in str(masked)
    assert masked["person"]["gender"] == WITHHELD and masked["person"]["ethnic_group"] is None
    assert masked["applicant"] == {"name": WITHHELD, "contact": WITHHELD}
    assert masked["electorate"] == [WITHHELD, WITHHELD]
    assert masked["name"] == state["name"] and masked["count"] == 3
    assert sorted(paths) == ["applicant", "electorate", "iin", "person.gender", "person.iin"]
