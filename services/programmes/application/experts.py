"""The experts' handlers: people without membership who sit in working bodies (Reg2024
§20–26; seed 003), registered once per person."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from services.programmes import projections
from services.programmes.domain.commands import RegisterExpert
from services.programmes.domain.expert import Expert, person_key
from shared.application import Repository, UnitOfWork
from shared.errors import Conflict

experts = Repository(Expert)


_PERSON_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


async def register_expert(command: RegisterExpert, uow: UnitOfWork) -> Expert:
    """One registration per person: the IIN's digest is looked up under a lock on it (no
    write, so the append stays the transaction's first)."""
    if command.iin is not None:
        key = person_key(command.iin)
        await uow.db.execute(_PERSON_LOCK, {"key": key})
        if await projections.experts.expert_by_key(uow.db, key) is not None:
            raise Conflict(None, reason="programmes_expert_registered")
    expert = Expert.register(
        uuid.uuid4(), command.name, command.affiliation, command.citizenship, command.iin,
        command.document, command.today,
    )  # fmt: skip
    await experts.save(uow, expert)
    return expert
