"""Loading the packaged rulebooks and finding the one in force on a day.

The rulebooks are JSON files in ``shared/rulebooks/data/`` (package data), read once when this
module is imported. Every act is judged by the rulebook in force on the act's date, so replaying
history applies the same rules again: the lookup depends only on the date and the assembly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from importlib.resources import files
from itertools import pairwise
from typing import Any, ClassVar, NoReturn

from shared.assemblies import NATIONAL_RULEBOOK_CODES, REGIONAL_ASSEMBLIES, is_national
from shared.errors import KelisimError
from shared.rulebooks.model import Rulebook

NATIONAL_ASSEMBLY = "apk"
REGIONAL = "regional"
"""The rulebooks of every regional assembly that has none of its own (Law 2008 Art. 14)."""
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
    """Rulebooks keyed by ``(assembly, id)``; each assembly's periods are contiguous.

    An assembly that succeeds another (``Rulebook.succeeds``: the Halyq Kenesi succeeds the
    Assembly) is in force only from its succession date (``succession``: the successor's code
    and the day, set by the Secretariat): its first rulebook starts that day and the
    predecessor's last one ends it. Without a date the successor's rulebooks are known but in
    force on no day.
    """

    def __init__(
        self, rulebooks: Iterable[Rulebook], succession: Mapping[str, date] | None = None
    ) -> None:
        by_key: dict[tuple[str, str], Rulebook] = {}
        for book in rulebooks:
            key = (book.assembly, book.id)
            if key in by_key:
                raise RulebookDataError(f"rulebook {key} is defined twice")
            by_key[key] = book
        self.succession: dict[str, date] = dict(succession or {})
        self._all = dict(by_key)
        chains = {
            assembly: sorted(
                (b for b in by_key.values() if b.assembly == assembly),
                key=lambda b: b.effective_from,
            )
            for assembly in sorted({book.assembly for book in by_key.values()})
        }
        self._by_assembly: dict[str, tuple[Rulebook, ...]] = {}
        for assembly, chain in chains.items():
            predecessor = chain[0].succeeds
            if predecessor is None:
                continue
            day = self.succession.get(assembly)
            if day is None:
                chains[assembly] = []
                continue
            if day < chain[0].effective_from:
                raise RulebookDataError(
                    f"{assembly} cannot succeed {predecessor} on {day}, before "
                    f"{chain[0].id} takes effect ({chain[0].effective_from})"
                )
            chain[0] = chain[0].model_copy(update={"effective_from": day})
            before = chains.get(predecessor, [])
            if not before or before[-1].effective_from >= day:
                raise RulebookDataError(f"{assembly} succeeds {predecessor} on {day}: no rulebook")
            before[-1] = before[-1].model_copy(update={"effective_until": day})
        for assembly, chain in chains.items():
            for earlier, later in pairwise(chain):
                if earlier.effective_until != later.effective_from:
                    raise RulebookDataError(
                        f"{assembly}: {earlier.id} ends {earlier.effective_until}, "
                        f"but {later.id} starts {later.effective_from}"
                    )
            if chain:
                self._by_assembly[assembly] = tuple(chain)
        self._by_key = {(b.assembly, b.id): b for chain in chains.values() for b in chain}

    @classmethod
    def build(
        cls,
        packaged: Iterable[Rulebook],
        published: Iterable[Rulebook] = (),
        succession: Mapping[str, date] | None = None,
    ) -> RulebookRegistry:
        """The packaged rulebooks with versions published since: a version takes effect on its
        date and ends the one in force then; the one after it (if any) ends it."""
        books = list(packaged)
        known = {(b.assembly, b.id) for b in books}
        for version in published:
            key = (version.assembly, version.id)
            if key in known:
                raise RulebookDataError(f"rulebook {key} is defined twice")
            known.add(key)
            books.append(version)
        rechained: list[Rulebook] = []
        for assembly in sorted({b.assembly for b in books}):
            chain = sorted((b for b in books if b.assembly == assembly), key=_starts)
            for earlier, later in pairwise(chain):
                if earlier.effective_from == later.effective_from:
                    raise RulebookDataError(
                        f"{assembly}: {earlier.id} and {later.id} both take effect on "
                        f"{later.effective_from}"
                    )
            for index, book in enumerate(chain):
                until = chain[index + 1].effective_from if index + 1 < len(chain) else None
                if index + 1 == len(chain):
                    until = book.effective_until
                if until != book.effective_until:
                    book = book.model_copy(update={"effective_until": until})
                rechained.append(book)
        return cls(rechained, succession)

    def __getitem__(self, key: tuple[str, str]) -> Rulebook:
        return self._by_key.get(key) or self._all[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    @property
    def assemblies(self) -> tuple[str, ...]:
        return tuple(self._by_assembly)

    def of(self, assembly: str = NATIONAL_ASSEMBLY) -> tuple[Rulebook, ...]:
        """The assembly's rulebooks in date order (empty for an unknown assembly, or for a
        successor whose succession date is not set). A regional assembly (by its region's
        code) without rulebooks of its own is judged by the ``regional`` ones."""
        books = self._by_assembly.get(assembly, ())
        if not books and assembly in REGIONAL_ASSEMBLIES:
            return self._by_assembly.get(REGIONAL, ())
        return books

    def on(self, day: date, assembly: str = NATIONAL_ASSEMBLY) -> Rulebook:
        """The assembly's rulebook in force on ``day``."""
        for book in self.of(assembly):
            if book.in_force_on(day):
                return book
        raise NoRulebookInForce(assembly, day)

    def in_force_on(self, day: date) -> tuple[Rulebook, ...]:
        """The rulebook of every assembly in force on ``day`` (the Assembly's before the
        succession date, the Halyq Kenesi's from it)."""
        return tuple(b for chain in self._by_assembly.values() for b in chain if b.in_force_on(day))

    def changes(self, assembly: str = NATIONAL_ASSEMBLY) -> tuple[date, ...]:
        """The days on which a rulebook of the assembly takes effect or ends."""
        days = {b.effective_from for b in self.of(assembly)}
        days |= {b.effective_until for b in self.of(assembly) if b.effective_until is not None}
        return tuple(sorted(days))

    def is_provisional(self, assembly: str, rulebook_id: str, citation: str) -> bool:
        """Whether a verdict recorded as (rulebook, citation) applied a provisional value."""
        book = self._all.get((assembly, rulebook_id))
        return book is not None and book.is_provisional(citation)


def _starts(book: Rulebook) -> date:
    return book.effective_from


def load_packaged_books() -> list[Rulebook]:
    """Every ``*.json`` in the data package, parsed."""
    return [
        parse_rulebook(entry.read_bytes())
        for entry in sorted(files(DATA_PACKAGE).iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    ]


def load_packaged() -> RulebookRegistry:
    """Read every ``*.json`` in the data package."""
    return RulebookRegistry(load_packaged_books())


RULEBOOKS: RulebookRegistry = load_packaged()
"""The packaged rulebooks: what every process starts from."""

_ACTIVE: ContextVar[RulebookRegistry | None] = ContextVar("kelisim_rulebooks", default=None)


def active_registry() -> RulebookRegistry:
    """The rulebooks the current command or request is judged by: the service's (packaged,
    with the versions published and the succession date set), else the packaged ones."""
    return _ACTIVE.get() or RULEBOOKS


@contextmanager
def using_rulebooks(registry: RulebookRegistry) -> Iterator[RulebookRegistry]:
    """Judge by ``registry`` within the block (a unit of work, a request, a what-if)."""
    token = _ACTIVE.set(registry)
    try:
        yield registry
    finally:
        _ACTIVE.reset(token)


def rulebook_on(day: date, assembly: str = NATIONAL_ASSEMBLY) -> Rulebook:
    """The rulebook of ``assembly`` in force on ``day`` (raises :class:`NoRulebookInForce`)."""
    return active_registry().on(day, assembly)


def national_rulebook_on(day: date) -> Rulebook:
    """The national Assembly's rulebook in force on ``day``: the Halyq Kenesi's from its
    succession date, the Assembly's before (raises :class:`NoRulebookInForce`)."""
    for code in sorted(NATIONAL_RULEBOOK_CODES, reverse=True):  # hk, then apk
        try:
            return rulebook_on(day, code)
        except NoRulebookInForce:
            continue
    raise NoRulebookInForce(NATIONAL_ASSEMBLY, day)


def assembly_rulebook_on(day: date, assembly: str) -> Rulebook:
    """The rulebook ``assembly`` acts under on ``day``: the national Assembly's by any of its
    codes (:func:`national_rulebook_on`), a regional assembly's by its region's."""
    return national_rulebook_on(day) if is_national(assembly) else rulebook_on(day, assembly)


def rulebook(rulebook_id: str, assembly: str = NATIONAL_ASSEMBLY) -> Rulebook:
    """A rulebook by its id, e.g. ``rulebook("Reg2011")``."""
    return active_registry()[(assembly, rulebook_id)]


def provisional(rulebook_id: str | None, citation: str | None) -> bool:
    """Whether a verdict recorded as ``(rulebook, rule)`` applied a provisional value (a value
    not yet in a legal text at hand): read models and protocols say so beside the verdict."""
    if not rulebook_id or not citation:
        return False
    return any(
        book.id == rulebook_id and book.is_provisional(citation)
        for book in active_registry().values()
    )
