"""Loading the packaged rulebooks and finding the one in force on a day.

The rulebooks are JSON files in ``shared/rulebooks/data/`` (package data), read once when this
module is imported. Every act is judged by the rulebook in force on the act's date, so replaying
history applies the same rules again: the lookup depends only on the date and the assembly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from importlib.resources import files
from itertools import pairwise
from typing import Any, ClassVar, NoReturn

from shared.errors import KelisimError
from shared.rulebooks.model import Rulebook

NATIONAL_ASSEMBLY = "apk"
DATA_PACKAGE = "shared.rulebooks.data"


class NoRulebookInForce(KelisimError):
    """No rulebook of the assembly is in force on the day (before the first, or unknown body)."""

    status: ClassVar[int] = 422
    code: ClassVar[str] = "no_rulebook_in_force"

    def __init__(self, assembly: str, day: date) -> None:
        super().__init__(None, assembly=assembly, day=day.isoformat())
        self.assembly = assembly
        self.day = day


class RulebookDataError(ValueError):
    """The packaged rulebooks are malformed or their periods overlap or leave gaps."""


def _reject_float(literal: str) -> NoReturn:
    raise RulebookDataError(
        f"non-integer number {literal} in rulebook data: write fractions as numerator/denominator"
    )


def parse_rulebook(text: str | bytes) -> Rulebook:
    """Parse and validate one rulebook's JSON. Any float literal is refused, wherever it is."""
    raw: Any = json.loads(text, parse_float=_reject_float)
    return Rulebook.model_validate(raw)


class RulebookRegistry(Mapping[tuple[str, str], Rulebook]):
    """Rulebooks keyed by ``(assembly, id)``; each assembly's periods are contiguous."""

    def __init__(self, rulebooks: Iterable[Rulebook]) -> None:
        by_key: dict[tuple[str, str], Rulebook] = {}
        for book in rulebooks:
            key = (book.assembly, book.id)
            if key in by_key:
                raise RulebookDataError(f"rulebook {key} is defined twice")
            by_key[key] = book
        self._by_key = by_key
        self._by_assembly: dict[str, tuple[Rulebook, ...]] = {}
        for assembly in sorted({book.assembly for book in by_key.values()}):
            chain = tuple(
                sorted(
                    (b for b in by_key.values() if b.assembly == assembly),
                    key=lambda b: b.effective_from,
                )
            )
            for earlier, later in pairwise(chain):
                if earlier.effective_until != later.effective_from:
                    raise RulebookDataError(
                        f"{assembly}: {earlier.id} ends {earlier.effective_until}, "
                        f"but {later.id} starts {later.effective_from}"
                    )
            self._by_assembly[assembly] = chain

    def __getitem__(self, key: tuple[str, str]) -> Rulebook:
        return self._by_key[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    @property
    def assemblies(self) -> tuple[str, ...]:
        return tuple(self._by_assembly)

    def of(self, assembly: str = NATIONAL_ASSEMBLY) -> tuple[Rulebook, ...]:
        """The assembly's rulebooks in date order (empty for an unknown assembly)."""
        return self._by_assembly.get(assembly, ())

    def on(self, day: date, assembly: str = NATIONAL_ASSEMBLY) -> Rulebook:
        """The assembly's rulebook in force on ``day``."""
        for book in self.of(assembly):
            if book.in_force_on(day):
                return book
        raise NoRulebookInForce(assembly, day)


def load_packaged() -> RulebookRegistry:
    """Read every ``*.json`` in the data package."""
    books = [
        parse_rulebook(entry.read_bytes())
        for entry in sorted(files(DATA_PACKAGE).iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    ]
    return RulebookRegistry(books)


RULEBOOKS: RulebookRegistry = load_packaged()


def rulebook_on(day: date, assembly: str = NATIONAL_ASSEMBLY) -> Rulebook:
    """The rulebook of ``assembly`` in force on ``day`` (raises :class:`NoRulebookInForce`)."""
    return RULEBOOKS.on(day, assembly)


def rulebook(rulebook_id: str, assembly: str = NATIONAL_ASSEMBLY) -> Rulebook:
    """A rulebook by its id, e.g. ``rulebook("Reg2011")``."""
    return RULEBOOKS[(assembly, rulebook_id)]
