"""Canonical leaves (RFC 8785), quarantined leaves (what RFC 8785 cannot express) and signed
tree heads."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.audit.canonical import (
    QUARANTINED,
    InexactNumber,
    StoredEvent,
    canonical_json,
    canonical_leaf,
    describe_leaf,
    is_quarantined,
    parse_stored,
    quarantine_leaf,
    utc_timestamp,
)
from shared.audit.heads import AuditKeys, SignedTreeHead, key_id_of

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_the_fast_path_is_rfc_8785(value: object) -> None:
    try:
        expected = rfc8785.dumps(value)
    except Exception:
        expected = None
    if expected is None:
        try:
            canonical_json(value)
        except Exception:
            return
        raise AssertionError("the reference refused a value the fast path accepted")
    assert canonical_json(value) == expected


def test_rfc_8785_cases_the_fast_path_must_not_break() -> None:
    # key order by UTF-16 code units: U+1F600 (a surrogate pair, D83D…) sorts before U+E000
    value = {"\ue000": 1, "\U0001f600": 2, "a": 3}
    assert canonical_json(value) == rfc8785.dumps(value)
    assert canonical_json({"n": 1.0, "e": 1e21}) == b'{"e":1e+21,"n":1}'
    assert canonical_json({"s": '\u2028\x1f"\\'}) == rfc8785.dumps({"s": '\u2028\x1f"\\'})


EVENT = StoredEvent(
    global_position=42,
    transaction_id=900,
    stream_id="member-1",
    stream_type="member",
    version=3,
    event_id=uuid.UUID("12345678-1234-4234-8234-123456789abc"),
    event_type="MemberIncluded",
    schema_version=1,
    data={"member_id": "m1", "name": {"kk": "Әлия", "ru": "Алия"}, "iin": "900101300001"},
    metadata={"actor": "p-1", "roles": ["chairman"], "correlation_id": "c1"},
    recorded_at=utc_timestamp(
        datetime(2026, 3, 2, 15, 4, 5, 123456, tzinfo=timezone(timedelta(hours=5)))
    ),
)


def test_a_leaf_is_the_stored_row_with_private_fields_as_a_keyed_digest() -> None:
    leaf = canonical_leaf(EVENT, frozenset({"iin"}), b"k" * 32)
    value = json.loads(leaf)
    assert list(value) == sorted(value)  # canonical: keys sorted, no spaces
    assert b" " not in leaf.replace("Әлия".encode(), b"")
    assert value["recorded_at"] == "2026-03-02T10:04:05.123456Z"
    assert value["global_position"] == 42 and "transaction_id" not in value
    assert "iin" not in value["data"] and len(value["private_digest"]) == 64
    assert "900101300001" not in leaf.decode()
    other_key = canonical_leaf(EVENT, frozenset({"iin"}), b"j" * 32)
    assert json.loads(other_key)["private_digest"] != value["private_digest"]
    plain = json.loads(canonical_leaf(EVENT, frozenset(), b"k" * 32))
    assert plain["private_digest"] is None and plain["data"]["iin"] == "900101300001"


def test_utc_timestamps_need_a_zone() -> None:
    assert utc_timestamp(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00.000000Z"
    try:
        utc_timestamp(datetime(2026, 1, 1))
    except ValueError:
        return
    raise AssertionError("a naive datetime was accepted")


def test_a_signed_head_verifies_only_with_its_key_and_unchanged() -> None:
    keys, other = AuditKeys.generate(), AuditKeys.generate()
    head = keys.sign("membership", 10, b"r" * 32, timestamp=1_700_000_000_000)
    assert head.verify(keys.public) and not head.verify(other.public)
    assert head.key_id == key_id_of(keys.public)
    again = SignedTreeHead.from_json(json.loads(json.dumps(head.to_json())))
    assert again == head and again.verify(keys.public)
    for changed in (
        {"tree_size": 11},
        {"root_hash": "00" * 32},
        {"timestamp": 1},
        {"log": "sessions"},
    ):
        forged = SignedTreeHead.from_json({**head.to_json(), **changed})
        assert not forged.verify(keys.public), changed


def test_strict_reading_refuses_numbers_a_double_cannot_hold() -> None:
    assert parse_stored('{"a": 0.1, "b": 1.50, "c": -0.0, "d": 1e300}', strict=True) == {
        "a": 0.1,
        "b": 1.5,
        "c": -0.0,
        "d": 1e300,
    }
    for text in ("0.1000000000000000055511151231257827", "1e400", "2e-400"):
        with pytest.raises(InexactNumber):
            parse_stored(f'{{"x": {text}}}', strict=True)
        parse_stored(f'{{"x": {text}}}')  # what a leaf built before is derived again from
    # an integer beyond 2^53 - 1 is read exactly, and RFC 8785 refuses it
    value = parse_stored('{"min_count": 9007199254740993}', strict=True)
    with pytest.raises(ValueError, match="safe integer"):
        canonical_json(value)


ROW = {
    "global_position": 2**60,  # beyond 2^53: a quarantined leaf still writes it, digit by digit
    "xid": "77",
    "stream_id": "early-warning-rules",
    "stream_type": "early-warning-rules",
    "version": 2,
    "event_id": "12345678-1234-4234-8234-123456789ABC",
    "event_type": "EarlyWarningRulesPublished",
    "schema_version": 1,
    "recorded_at": None,
}


def test_a_quarantined_leaf_commits_to_the_stored_text() -> None:
    stored = '{"rules": [{"min_count": 9007199254740993}], "version": 2}'
    leaf = quarantine_leaf(ROW, stored, None, '{"actor": "x"}', b"k" * 32)
    assert leaf == quarantine_leaf(ROW, stored, None, '{"actor": "x"}', b"k" * 32)
    value = json.loads(leaf)
    compact = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert compact.encode() == leaf  # sorted keys, no spaces
    assert value["leaf_format"] == QUARANTINED and value["stored_data"] == stored
    assert value["global_position"] == 2**60 and value["event_id"] == ROW["event_id"].lower()
    assert value["recorded_at"] is None and value["private_digest"] is None
    assert is_quarantined(leaf)
    assert describe_leaf(leaf)["quarantined"] is True
    changed = quarantine_leaf(ROW, stored.replace("993", "995"), None, '{"actor": "x"}', b"k" * 32)
    assert changed != leaf


def test_a_quarantined_leaf_keeps_private_fields_as_a_keyed_digest() -> None:
    leaf = quarantine_leaf(ROW, '{"n": 1e400}', '{"iin": "900101300001"}', "{}", b"k" * 32)
    assert b"900101300001" not in leaf
    other = quarantine_leaf(ROW, '{"n": 1e400}', '{"iin": "900101300002"}', "{}", b"k" * 32)
    assert len(json.loads(leaf)["private_digest"]) == 64
    assert json.loads(leaf)["private_digest"] != json.loads(other)["private_digest"]


def test_a_canonical_leaf_is_never_taken_for_a_quarantined_one() -> None:
    # data that names a "leaf_format" of 2 stays inside "data", which every format-1 leaf
    # begins with
    event = StoredEvent(**{**EVENT.__dict__, "data": {"leaf_format": 2}})
    leaf = canonical_leaf(event, frozenset(), b"k" * 32)
    assert leaf.startswith(b'{"data":') and not is_quarantined(leaf)
    assert "quarantined" not in describe_leaf(leaf)
    assert not is_quarantined(b"not json")
