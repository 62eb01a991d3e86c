"""The check every JSON request body passes before a route sees it.

Whatever a route's model declares, no event may carry a value that RFC 8785 cannot canonicalise
or PostgreSQL cannot store (``shared.bounds``): a number beyond ±(2^53-1), one that is not
finite (``NaN``, ``Infinity``, ``1e400``), a NUL or a lone surrogate in a string or a key.
Strings, arrays and nesting are bounded too (``MAX_JSON_*``); the OpenAPI documents show these
bounds wherever a field declares none of its own (``shared.api.openapi``). A body that breaks
them is refused whole, each offending value named by its location, in the shape of the routes'
own validation errors.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from shared.bounds import (
    MAX_JSON_ARRAY,
    MAX_JSON_DEPTH,
    MAX_JSON_STRING,
    MAX_SAFE_INTEGER,
    Location,
    printable,
    unstorable_values,
)

# Digits of the largest safe integer: a longer literal is out of range without converting it
# (Python refuses to convert more than 4300 digits at all).
_SAFE_DIGITS: Final = len(str(MAX_SAFE_INTEGER))


ERROR_TYPES: Final = frozenset(
    {"int_unsafe", "number_not_finite", "string_unstorable", "json_too_deep"}
)
"""The check's error types beside pydantic's own (``string_too_long``, ``too_long``,
``json_invalid``); each has a ``validation.<type>`` message."""


class BodyRefused(Exception):
    """The body breaks a bound; ``errors`` are pydantic-style errors (``loc``, ``type``,
    ``ctx``), located from ``body``."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class _Refused:
    """A number literal kept aside by the decoder, so that its location can be named."""

    kind: str
    literal: str


def _parse_int(literal: str) -> int | _Refused:
    digits = literal.lstrip("-")
    if len(digits) > _SAFE_DIGITS or int(digits) > MAX_SAFE_INTEGER:
        return _Refused("int_unsafe", literal)
    return int(literal)


def _parse_float(literal: str) -> float | _Refused:
    value = float(literal)
    if not math.isfinite(value):
        return _Refused("number_not_finite", literal)
    if abs(value) > MAX_SAFE_INTEGER:
        # An integer field would take it: 1e20 is 10**20 to pydantic.
        return _Refused("int_unsafe", literal)
    return value


def _parse_constant(literal: str) -> _Refused:
    return _Refused("number_not_finite", literal)


def check_json_body(body: bytes) -> None:
    """Refuse (``BodyRefused``) a JSON body with a value beyond the bounds; a body that is not
    JSON at all passes, for the route's own parsing to answer."""
    try:
        value = json.loads(
            body, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
        )
    except RecursionError:
        raise BodyRefused([_error("json_too_deep", (), limit=MAX_JSON_DEPTH)]) from None
    except UnicodeDecodeError:
        raise BodyRefused([_error("json_invalid", (), error="UTF-8")]) from None
    except ValueError:
        return
    errors = list(_out_of_bounds(value))
    if not errors:
        errors = [_error(kind, where) for kind, where in unstorable_values(value)]
    if errors:
        raise BodyRefused(errors)


def _error(kind: str, location: Location, **ctx: Any) -> dict[str, Any]:
    if kind == "int_unsafe":
        ctx.setdefault("limit", MAX_SAFE_INTEGER)
    return {"type": kind, "loc": ("body", *location), "ctx": ctx}


def _out_of_bounds(root: Any) -> Iterator[dict[str, Any]]:
    """Numbers kept aside by the decoder, strings and arrays too long, nesting too deep."""
    stack: list[tuple[Any, Location]] = [(root, ())]
    while stack:
        value, location = stack.pop()
        if isinstance(value, _Refused):
            yield _error(value.kind, location, value=value.literal[:40])
        elif isinstance(value, str):
            if len(value) > MAX_JSON_STRING:
                yield _error("string_too_long", location, max_length=MAX_JSON_STRING)
        elif isinstance(value, dict | list) and len(location) >= MAX_JSON_DEPTH:
            yield _error("json_too_deep", location, limit=MAX_JSON_DEPTH)
        elif isinstance(value, list):
            if len(value) > MAX_JSON_ARRAY:
                yield _error("too_long", location, max_length=MAX_JSON_ARRAY)
            else:
                stack.extend((item, (*location, i)) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                where = (*location, printable(key))
                if len(key) > MAX_JSON_STRING:
                    yield _error("string_too_long", where, max_length=MAX_JSON_STRING)
                stack.append((item, where))
