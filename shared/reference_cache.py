"""Reference codes served from memory: the regions and ethnic groups a command names.

A command that names a region checked it with a query on every call (measured: 14 % of a
member's inclusion). Reference entries of this kind are registered, and renamed, but never
removed, so a code once seen committed exists for good: each service instance keeps the codes
it has seen, per database (per event store), and only a code it has not seen yet is looked up
in the command's transaction. What a command of this process registers is added once it has
committed; what another process registers is found by that lookup the first time it is named,
and kept from then on. A code that does not exist is looked up every time (an unknown code is
refused anyway).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncSession

from shared.application import UnitOfWork
from shared.eventstore.store import EventStore

Lookup = Callable[[AsyncSession, str], Awaitable[bool]]


class KnownCodes:
    """Codes of one kind of reference entry that can never stop existing."""

    def __init__(self, lookup: Lookup) -> None:
        self._lookup = lookup
        self._known: WeakKeyDictionary[EventStore, set[str]] = WeakKeyDictionary()

    async def exists(self, uow: UnitOfWork, code: str) -> bool:
        """Whether ``code`` exists: from memory, else looked up in ``uow``'s transaction (and
        kept once that transaction has committed)."""
        known = self._known.setdefault(uow.store, set())
        if code in known:
            return True
        if not await self._lookup(uow.db, code):
            return False
        uow.after_commit(lambda: known.add(code))
        return True

    def registered(self, uow: UnitOfWork, code: str) -> None:
        """``uow`` registers ``code``: known from the moment it commits."""
        known = self._known.setdefault(uow.store, set())
        uow.after_commit(lambda: known.add(code))
