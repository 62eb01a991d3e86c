"""The individual identification number (ЖСН / ИИН) in membership. Pure.

Validation and masking are Kazakhstan's rules for every service (``shared.identity``);
``person_key`` is membership's own key for "the same person" in its read models.
"""

from __future__ import annotations

import hashlib

from shared.identity import is_valid_iin
from shared.identity import mask as mask_iin

__all__ = ["is_valid_iin", "mask_iin", "person_key"]


def person_key(iin: str) -> str:
    """A stable key for "the same person" in read models, without the IIN itself."""
    return hashlib.sha256(f"kelisim-person:{iin}".encode()).hexdigest()
