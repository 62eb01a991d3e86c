"""JSON read back from the database decodes to the same values as the standard library's."""

from __future__ import annotations

import json

import pytest

from shared.jsoncodec import loads_json


@pytest.mark.parametrize(
    "document",
    [
        '{"name": {"kk": "Әлия", "ru": "Алия"}, "n": 3, "share": 0.1, "ok": true, "x": null}',
        '[1, 2.5, -3e-7, "\\u0410"]',
        '{"big": 123456789012345678901234567890}',  # beyond 64 bits: the standard library's
        '{"a": 1, "a": 2}',
    ],
)
def test_the_same_values_as_the_standard_library(document: str) -> None:
    assert loads_json(document) == json.loads(document)
    assert loads_json(document.encode()) == json.loads(document)


def test_a_malformed_document_is_still_refused() -> None:
    with pytest.raises(ValueError):
        loads_json('{"a": ')


def test_an_integer_beyond_64_bits_stays_exact() -> None:
    value = loads_json('{"big": 123456789012345678901234567890, "neg": -9223372036854775809}')
    assert value == {"big": 123456789012345678901234567890, "neg": -9223372036854775809}
    assert isinstance(value["big"], int)


def test_a_lone_surrogate_is_decoded_as_the_standard_library_does() -> None:
    document = '{"s": "\\ud800", "t": "' + "\ud800" + '"}'
    assert loads_json(document) == json.loads(document)
