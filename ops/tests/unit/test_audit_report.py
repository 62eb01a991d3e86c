"""What `kelisim audit verify` prints: always the source and the reference it used, a warning
for Kafka copies published after the pinned head, and never a plain ✓ for an incomplete log."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from ops.audit.cli import _print_verification

HEAD = {
    "tree_size": 9,
    "root_hash": "00" * 32,
    "timestamp": 1_764_979_200_000,
    "pinned_as": "pinned",
    "signature_ok": True,
    "root_ok": True,
    "leaf_table_root_ok": True,
}


def _printed(**changes: Any) -> str:
    result: dict[str, Any] = {
        "ok": True,
        "complete": True,
        "entries_verified": 9,
        "entries_per_second": None,
        "heads": [HEAD],
        "consistency": None,
        "first_failure": None,
        "quarantined": {"count": 0, "leaves": []},
        "reference": None,
        "source": {"kind": "kafka", "topic": "kelisim.things.v1"},
        "coverage": {"checked": False},
        **changes,
    }
    out = io.StringIO()
    _print_verification(Console(file=out, width=300, color_system=None), result)
    return out.getvalue()


def test_the_source_and_the_absence_of_a_reference_are_said() -> None:
    printed = _printed()
    assert "source: the Kafka topic kelisim.things.v1" in printed
    assert "reference: none" in printed and "✓ 9 leaves verify" in printed
    assert "coverage: not checked" in printed


def test_a_kafka_reference_republished_after_the_head_is_flagged() -> None:
    reference = {
        "kind": "kafka",
        "name": "kelisim.things.v1",
        "leaves": 9,
        "signed_tree_size": None,
        "signed_at_ms": None,
        "republished": 9,
        "conflicts": [
            {
                "leaf_index": 5,
                "first_published_at_ms": 1_764_979_100_000,
                "other_published_at_ms": 1_764_979_300_000,
                "other_republished_at_ms": 1_764_979_300_000,
            }
        ],
        "against_head": {"tree_size": 9, "timestamp": HEAD["timestamp"]},
        "published_after_head": 9,
        "republished_after_head": 9,
        "independent": False,
    }
    printed = _printed(reference=reference)
    assert (
        "reference: the Kafka topic kelisim.things.v1: copies of 9 leaves, 9 of them published"
        " after the head of 9 was signed (2025-12-06T00:00:00+00:00)" in printed
    )
    assert "9 republished after the broker lost the topic" in printed
    assert "cannot locate a change made before" in printed
    assert "the topic carries two different leaves 5" in printed


def test_an_incomplete_log_gets_no_plain_tick() -> None:
    printed = _printed(
        complete=False,
        quarantined={
            "count": 1,
            "leaves": [
                {
                    "leaf_index": 4,
                    "event_id": "e-1",
                    "event_type": "EarlyWarningRulesPublished",
                    "stream_id": "early-warning-rules-current",
                    "version": 2,
                    "quarantined": True,
                }
            ],
        },
    )
    assert "quarantined leaves: 1" in printed
    assert "leaf 4: event e-1 EarlyWarningRulesPublished" in printed
    assert "9 leaves verify, but the log is not complete" in printed
    assert "✓ 9 leaves verify" not in printed
