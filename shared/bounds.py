"""What every value the system stores can hold: the bounds shared by the API and the domain.

An event is canonicalised by RFC 8785 for its Merkle leaf (``shared.audit``) and stored in
PostgreSQL (jsonb, text, int4 and int8 columns). RFC 8785 refuses integers beyond
±(2^53-1) and any NaN or infinity; PostgreSQL refuses NUL in text and jsonb, and text that is
not UTF-8 (a lone surrogate has no UTF-8 form). Anything that passes these bounds can be
stored and canonicalised; ``shared.api.body`` applies them to every JSON request body.

The annotated types below carry the same bounds for fields and parameters (they appear in the
OpenAPI documents): use them instead of a bare ``int`` or ``str``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Final

import annotated_types
from pydantic import BaseModel, Field

MAX_SAFE_INTEGER: Final = 2**53 - 1
"""RFC 8785 §3.2.2.3 (I-JSON, RFC 7493 §2.2): the largest integer a JSON number holds exactly."""
MAX_INT4: Final = 2**31 - 1
"""PostgreSQL ``integer``."""

MAX_JSON_STRING: Final = 100_000
"""Characters in any one string of a JSON request body (a field may allow fewer)."""
MAX_JSON_ARRAY: Final = 10_000
"""Items in any one array of a JSON request body (a field may allow fewer)."""
MAX_JSON_DEPTH: Final = 32
"""Nesting of arrays and objects in a JSON request body."""

_UNSTORABLE: Final = re.compile("[\x00\ud800-\udfff]")
"""NUL (refused by PostgreSQL text and jsonb) and the surrogates (no UTF-8 form)."""


def unstorable_character(text: str) -> int | None:
    """The position of the first character PostgreSQL cannot store, or None."""
    found = _UNSTORABLE.search(text)
    return None if found is None else found.start()


Location = tuple[str | int, ...]


def unstorable_values(value: Any, location: Location = ()) -> Iterator[tuple[str, Location]]:
    """Every part of a JSON value that RFC 8785 or PostgreSQL refuses, as (error type,
    location): ``int_unsafe`` (an integer beyond ±(2^53-1)), ``number_not_finite``,
    ``string_unstorable`` (a string or a key with a NUL or a lone surrogate)."""
    stack: list[tuple[Any, Location]] = [(value, location)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if unstorable_character(item) is not None:
                yield "string_unstorable", where
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER:
                yield "int_unsafe", where
        elif isinstance(item, float):
            if not math.isfinite(item):
                yield "number_not_finite", where
        elif isinstance(item, dict):
            for key, member in reversed(item.items()):
                if unstorable_character(key) is not None:
                    yield "string_unstorable", (*where, printable(key))
                else:
                    stack.append((member, (*where, key)))
        elif isinstance(item, list | tuple):
            stack.extend((member, (*where, i)) for i, member in reversed(list(enumerate(item))))


def printable(text: str, limit: int = 100) -> str:
    """``text`` as it can be shown back (in a location): unstorable characters replaced."""
    return _UNSTORABLE.sub("\ufffd", text[:limit])


Index = Annotated[int, Field(ge=0, le=MAX_SAFE_INTEGER)]
"""A position in a log or a list (a leaf index, the start of a range)."""
Size = Annotated[int, Field(ge=1, le=MAX_SAFE_INTEGER)]
"""The size of a log or a range's end (at least 1)."""
Offset = Annotated[int, Field(ge=0, le=MAX_INT4)]
"""Rows skipped by a paged listing."""
Filter = Annotated[str, Field(max_length=100)]
"""A value a listing is filtered by, or a code naming a resource in a path."""
Amount = Annotated[Decimal, Field(max_digits=30, decimal_places=10)]
"""An exact number a ``numeric`` column and every reader hold: at most 20 digits before the
point and 10 after (``Decimal("1e1000000")`` is one digit, and no column takes it)."""


_NUMERIC_BOUNDS: Final = (
    annotated_types.Ge,
    annotated_types.Gt,
    annotated_types.Le,
    annotated_types.Lt,
)


def bounds_of(model: type[BaseModel], field: str) -> dict[str, Any]:
    """The numeric bounds (``ge``, ``gt``, ``le``, ``lt``) a model's field declares, to give a
    parameter the same: the API then accepts no value the model (an event) would refuse."""
    found: dict[str, Any] = {}
    for constraint in model.model_fields[field].metadata:
        if isinstance(constraint, _NUMERIC_BOUNDS):
            found.update(dataclasses.asdict(constraint))
    if not found:
        raise ValueError(f"{model.__name__}.{field} declares no bounds")
    return found
