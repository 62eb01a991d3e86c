"""Decoding JSON read from the database: orjson, which decodes several times faster than the
standard library (a feed reader decodes two jsonb values per event), giving the same Python
values (dicts, lists, str, int, float, bool and None).

Except for one case: orjson turns an integer beyond 64 bits into a float, where jsonb and the
standard library keep it exact. A document with a run of 19 digits or more anywhere (such an
integer needs one; a long string of digits or a long fraction sends a document the slow way
too, harmlessly) is decoded by the standard library, as is anything orjson refuses."""

from __future__ import annotations

import json
from typing import Any

import orjson

# Every digit to "0", every other byte to " ": a run of 19 digits is then a plain substring
# search (a C loop over the bytes, several times faster than a regular expression).
_DIGITS_ONLY = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_RUN = b"0" * 19


def loads_json(document: str | bytes) -> Any:
    """The value of a JSON document, exactly as ``json.loads`` gives it."""
    raw = document.encode(errors="surrogatepass") if isinstance(document, str) else document
    if _LONG_RUN not in raw.translate(_DIGITS_ONLY):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(document)
