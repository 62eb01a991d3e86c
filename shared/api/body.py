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
from typing import Any, Final

from shared.bounds import (
    MAX_JSON_ARRAY,
    MAX_JSON_DEPTH,
    MAX_JSON_STRING,
    MAX_SAFE_INTEGER,
    Location,
    printable,
    unstorable_character,
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


_HUGE: Final = object()
"""An integer literal of more digits than the largest safe integer, kept unconverted."""


def _parse_int(literal: str) -> int | object:
    return _HUGE if len(literal.lstrip("-")) > _SAFE_DIGITS else int(literal)


def check_json_body(body: bytes) -> None:
    """Refuse (``BodyRefused``) a JSON body with a value beyond the bounds; a body that is not
    JSON at all passes, for the route's own parsing to answer."""
    try:
        value = json.loads(body)
    except RecursionError:
        raise BodyRefused([_error("json_too_deep", (), limit=MAX_JSON_DEPTH)]) from None
    except UnicodeDecodeError:
        raise BodyRefused([_error("json_invalid", (), error="UTF-8")]) from None
    except ValueError:
        # Not JSON, or a number of more digits than Python converts (4300): parse again,
        # keeping numbers aside, to tell which.
        try:
            value = json.loads(body, parse_int=_parse_int)
        except ValueError:
            return
    errors = list(_out_of_bounds(value))
    if errors:
        raise BodyRefused(errors)


def _error(kind: str, location: Location, **ctx: Any) -> dict[str, Any]:
    if kind == "int_unsafe":
        ctx.setdefault("limit", MAX_SAFE_INTEGER)
    return {"type": kind, "loc": ("body", *location), "ctx": ctx}


def _out_of_bounds(root: Any) -> Iterator[dict[str, Any]]:
    """Every value beyond the bounds, depth first: numbers out of range or not finite, text
    too long or unstorable, arrays too long, nesting too deep."""
    stack: list[tuple[Any, Location]] = [(root, ())]
    while stack:
        value, location = stack.pop()
        kind = type(value)
        if kind is str:
            if len(value) > MAX_JSON_STRING:
                yield _error("string_too_long", location, max_length=MAX_JSON_STRING)
            elif unstorable_character(value) is not None:
                yield _error("string_unstorable", location)
        elif kind is int:
            if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
                yield _error("int_unsafe", location)
        elif kind is float:
            if not math.isfinite(value):
                yield _error("number_not_finite", location)
            elif abs(value) > MAX_SAFE_INTEGER:
                # An integer field would take it: 1e20 is 10**20 to pydantic.
                yield _error("int_unsafe", location)
        elif value is _HUGE:
            yield _error("int_unsafe", location)
        elif kind is list or kind is dict:
            if len(location) >= MAX_JSON_DEPTH:
                yield _error("json_too_deep", location, limit=MAX_JSON_DEPTH)
            elif kind is list:
                if len(value) > MAX_JSON_ARRAY:
                    yield _error("too_long", location, max_length=MAX_JSON_ARRAY)
                else:  # pushed last first: errors come in the document's order
                    stack.extend((value[i], (*location, i)) for i in range(len(value) - 1, -1, -1))
            else:
                for key, item in reversed(value.items()):
                    if len(key) > MAX_JSON_STRING or unstorable_character(key) is not None:
                        kind_of_key = (
                            "string_too_long" if len(key) > MAX_JSON_STRING else "string_unstorable"
                        )
                        yield _error(kind_of_key, (*location, printable(key)))
                    else:
                        stack.append((item, (*location, key)))
