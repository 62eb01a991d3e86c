"""Reactions to the council's own events, run in-process after the unit of work that appended
them has committed (``CommandRunner.react``, wired in ``bootstrap.py``); they never go through
the broker and back. Session decisions arrive from ``kelisim.sessions.v1`` through the
consumer instead.

A resolution the council adopts is put under control (Reg2024 §4.5, §28): its control card
opens in a unit of work of its own right after the adoption's commit (the event store appends
once per transaction, so the two cannot share one). The card's id derives from the resolution
and a card that exists is left as it is, so however often the reaction runs there is one card;
its events are in the store like any other, so a rebuild of the control read model finds it.

Nothing is lost between the two commits: a process that stops after the adoption and before
its card, or a reaction that fails, leaves an adopted resolution without a card, and
:meth:`OpenControlCards.sweep` opens it — when the service starts and every minute after
(``main.py``), from the store's own ``ResolutionAdopted``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Final

from sqlalchemy import text

from services.council.application.control import open_card
from services.council.domain.events import CardSource, ResolutionAdopted, Text, registry
from shared.application import CommandResult, CommandRunner, UnitOfWork
from shared.context import Actor
from shared.eventstore.model import RecordedEvent

CONTROL = Actor.system("council-control")

SWEEP_SECONDS: Final = 60.0
_ADOPTED_WITHOUT_CARD = text(
    "SELECT r.resolution_id FROM resolutions r WHERE r.status = 'adopted'"
    " AND NOT EXISTS (SELECT 1 FROM control_cards c WHERE c.source_id = r.resolution_id)"
    " ORDER BY r.resolution_id LIMIT :limit"
)


class OpenControlCards:
    """Each ``ResolutionAdopted`` the council appends opens the resolution's control card."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner

    async def __call__(self, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            if event.event_type == ResolutionAdopted.event_type:
                adopted = registry.load(event)
                assert isinstance(adopted, ResolutionAdopted)
                await self.card_for(adopted)

    async def card_for(self, adopted: ResolutionAdopted) -> None:
        await self.runner.run(partial(_open_card_of, adopted), CONTROL)

    async def sweep(self, limit: int = 200) -> int:
        """Open the card of every adopted resolution that has none (at most ``limit`` a
        round); returns how many it opened."""
        adopted: list[ResolutionAdopted] = []
        async with self.runner.sessions() as db:
            ids = (await db.execute(_ADOPTED_WITHOUT_CARD, {"limit": limit})).scalars().all()
            for resolution_id in ids:
                for event in await self.runner.store.read_stream(db, f"resolution-{resolution_id}"):
                    if event.event_type == ResolutionAdopted.event_type:
                        loaded = registry.load(event)
                        assert isinstance(loaded, ResolutionAdopted)
                        adopted.append(loaded)
        for resolution in adopted:
            await self.card_for(resolution)
        return len(adopted)


async def _open_card_of(adopted: ResolutionAdopted, uow: UnitOfWork) -> CommandResult:
    card = await open_card(
        uow,
        CardSource.COUNCIL_RESOLUTION,
        adopted.resolution_id,
        assembly=adopted.assembly,
        kind=adopted.kind.value,
        text=Text(kk=adopted.text.kk, ru=adopted.text.ru),
        adopted_on=adopted.adopted_on,
        rulebook=adopted.rulebook,
        rule=adopted.rule,
    )
    return CommandResult(200, {"id": card.id, "version": card.version})
