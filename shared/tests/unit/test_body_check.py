"""The bounds every stored value keeps (``shared.bounds``) and the check of every JSON body
(``shared.api.body``): what passes can be canonicalised (RFC 8785) and stored (no NUL)."""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field

from shared.api.body import BodyRefused, check_json_body
from shared.audit.canonical import canonical_json
from shared.bounds import (
    MAX_JSON_ARRAY,
    MAX_JSON_DEPTH,
    MAX_JSON_STRING,
    MAX_SAFE_INTEGER,
    bounds_of,
    unstorable_values,
)
from shared.errors import InvalidInput
from shared.eventstore.model import DomainEvent, EventRegistry


def refused(body: str | bytes) -> list[tuple[str, tuple[Any, ...]]]:
    """The (type, location) of every error the check gives ``body``; [] if it passes."""
    try:
        check_json_body(body.encode() if isinstance(body, str) else body)
    except BodyRefused as exc:
        return [(e["type"], e["loc"]) for e in exc.errors]
    return []


def test_integers_up_to_the_largest_safe_one_pass_and_beyond_are_refused_where_they_are() -> None:
    assert refused(f'{{"n": {MAX_SAFE_INTEGER}, "m": [-{MAX_SAFE_INTEGER}]}}') == []
    assert refused(f'{{"rules": [{{"min_count": {MAX_SAFE_INTEGER + 2}}}]}}') == [
        ("int_unsafe", ("body", "rules", 0, "min_count"))
    ]
    assert refused(f"[-{MAX_SAFE_INTEGER + 1}]") == [("int_unsafe", ("body", 0))]
    # More digits than Python converts at all (4300): refused, not a parser error.
    assert refused('{"n": ' + "9" * 5000 + "}") == [("int_unsafe", ("body", "n"))]


def test_numbers_must_be_finite_and_within_the_integer_range() -> None:
    assert refused('{"x": 1.5, "y": -0.0, "z": 1e-400}') == []
    for literal in ("NaN", "Infinity", "-Infinity", "1e400"):
        assert refused(f'{{"x": {literal}}}') == [("number_not_finite", ("body", "x"))], literal
    # An integer field takes 1e20 as 10**20, beyond the range.
    assert refused('{"x": 1e20}') == [("int_unsafe", ("body", "x"))]


def test_text_with_a_nul_or_a_lone_surrogate_is_refused_in_values_and_keys() -> None:
    assert refused('{"text": "emoji \\ud83d\\ude00 and Қазақ"}') == []
    assert refused('{"applicant": {"name": "x\\u0000y"}}') == [
        ("string_unstorable", ("body", "applicant", "name"))
    ]
    assert refused('{"a": ["ok", "\\ud800"]}') == [("string_unstorable", ("body", "a", 1))]
    assert refused('{"k\\u0000": 1}') == [("string_unstorable", ("body", "k\ufffd"))]


def test_sizes_and_nesting_are_bounded() -> None:
    assert refused(json.dumps({"s": "я" * MAX_JSON_STRING})) == []
    assert refused(json.dumps({"s": "я" * (MAX_JSON_STRING + 1)})) == [
        ("string_too_long", ("body", "s"))
    ]
    assert refused(json.dumps([0] * MAX_JSON_ARRAY)) == []
    assert refused(json.dumps({"a": [0] * (MAX_JSON_ARRAY + 1)})) == [("too_long", ("body", "a"))]
    assert refused("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) == []
    assert refused("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))[0][0] == "json_too_deep"
    assert refused("[" * 100_000 + "]" * 100_000) == [("json_too_deep", ("body",))]


def test_a_body_that_is_not_json_is_left_to_the_route_but_not_utf8_is_refused() -> None:
    assert refused("{not json") == []
    assert refused(b'{"a": "\xff"}') == [("json_invalid", ("body",))]


# Text with NUL and lone surrogates too (hypothesis leaves surrogates out by default).
_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet=st.characters(exclude_categories=())),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(alphabet=st.characters(exclude_categories=())), children, max_size=4
        )
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_json_values)
def test_what_passes_the_check_canonicalises_and_holds_no_nul(value: Any) -> None:
    body = json.dumps(value).encode()  # NaN and Infinity as their literals, surrogates escaped
    try:
        check_json_body(body)
    except BodyRefused:
        return
    parsed = json.loads(body)
    rfc8785.dumps(parsed)
    canonical_json(parsed)
    assert "\\u0000" not in json.dumps(parsed), "PostgreSQL's jsonb refuses \\u0000"
    json.dumps(parsed, ensure_ascii=False).encode("utf-8")  # no lone surrogate


def test_unstorable_values_of_python_data() -> None:
    data = {"a": [1, 2**53, -(2**60)], "b": math.nan, "c": 1e300, "d": "x\x00", "e\ud800": 1}
    # 1e300 is a float RFC 8785 writes; only the body check refuses it (an integer field would
    # take it as 10**300).
    assert sorted(unstorable_values(data), key=str) == sorted(
        [
            ("int_unsafe", ("a", 1)),
            ("int_unsafe", ("a", 2)),
            ("number_not_finite", ("b",)),
            ("string_unstorable", ("d",)),
            ("string_unstorable", ("e\ufffd",)),
        ],
        key=str,
    )
    assert list(unstorable_values({"ok": [True, None, 1.5, "Қазақ", MAX_SAFE_INTEGER]})) == []


class _Counted(DomainEvent):
    event_type = "Counted"

    count: int
    year: Annotated[int, Field(ge=2000, le=2100)]


def test_an_event_that_could_not_be_stored_is_refused_before_it_is_appended() -> None:
    registry = EventRegistry()
    registry.register(_Counted)
    assert registry.to_new_event(_Counted(count=MAX_SAFE_INTEGER, year=2026)).data["count"]
    with pytest.raises(InvalidInput) as refusal:
        registry.to_new_event(_Counted(count=MAX_SAFE_INTEGER + 2, year=2026))
    assert refusal.value.params == {"reason": "value_not_storable", "field": "count"}


def test_bounds_of_a_field_give_a_parameter_the_same() -> None:
    assert bounds_of(_Counted, "year") == {"ge": 2000, "le": 2100}
    with pytest.raises(ValueError, match="declares no bounds"):
        bounds_of(_Counted, "count")
