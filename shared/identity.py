"""Kazakhstan's identification numbers: the IIN (ЖСН / ИИН) of a person and the BIN (БСН / БИН)
of a legal entity. Validation and masking; pure.

Both are twelve digits ending in a check digit: the weighted sum of the first eleven digits
modulo 11 with weights 1..11; if that gives 10, the weights 3..11, 1, 2; a second 10 means the
number is not valid. A BIN's fifth digit gives the kind of entity (4 a resident legal entity,
5 a non-resident, 6 a joint venture of individual entrepreneurs).

The number is personal data (APPC 2020 Art. 63): it is kept in clear only where it is needed,
never logged (``shared.logging`` masks twelve-digit runs) and shown masked in every read.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

_FIRST = tuple(range(1, 12))
_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_BIN_KINDS = frozenset("456")


class IdKind(StrEnum):
    IIN = "iin"
    BIN = "bin"


def _check_digit_ok(value: str) -> bool:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    check = sum(d * w for d, w in zip(digits[:11], _FIRST, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits[:11], _SECOND, strict=True)) % 11
        if check == 10:
            return False
    return check == digits[11]


def is_valid_iin(value: str) -> bool:
    return _check_digit_ok(value)


def is_valid_bin(value: str) -> bool:
    return _check_digit_ok(value) and value[4] in _BIN_KINDS


def is_valid(kind: IdKind, value: str) -> bool:
    return is_valid_iin(value) if kind is IdKind.IIN else is_valid_bin(value)


def mask(value: str) -> str:
    """What a read shows: every character hidden but the last two."""
    return "*" * max(len(value) - 2, 0) + value[-2:]


def holder_key(kind: IdKind, value: str, salt: str) -> str:
    """A stable pseudonymous key for "the same applicant" without the number itself."""
    return hashlib.sha256(f"{salt}:{kind.value}:{value}".encode()).hexdigest()
