"""The individual identification number (ЖСН / ИИН): validation and masking. Pure.

Twelve digits: the date of birth (YYMMDD), a digit for century and sex, a four-digit serial,
and a check digit. The check digit is the weighted sum of the first eleven digits modulo 11
with weights 1..11; if that gives 10, the weights 3..11, 1, 2 are used; a second 10 means the
number is not valid.
"""

from __future__ import annotations

import hashlib

_FIRST = tuple(range(1, 12))
_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def is_valid_iin(value: str) -> bool:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    check = sum(d * w for d, w in zip(digits[:11], _FIRST, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits[:11], _SECOND, strict=True)) % 11
        if check == 10:
            return False
    return check == digits[11]


def mask_iin(value: str) -> str:
    """What a read model shows: every digit hidden but the last two."""
    return "*" * (len(value) - 2) + value[-2:]


def person_key(iin: str) -> str:
    """A stable key for "the same person" in read models, without the IIN itself."""
    return hashlib.sha256(f"kelisim-person:{iin}".encode()).hexdigest()
