"""Canonical leaves (RFC 8785) and signed tree heads."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.audit.canonical import StoredEvent, canonical_json, canonical_leaf, utc_timestamp
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
    recorded_at=datetime(2026, 3, 2, 15, 4, 5, 123456, tzinfo=timezone(timedelta(hours=5))),
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
