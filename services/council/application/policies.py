"""Reactions to the council's own events, run in-process after the unit of work that appended
them has committed (``CommandRunner.react``, wired in ``bootstrap.py``); they never go through
the broker and back. Session decisions arrive from ``kelisim.sessions.v1`` through the
consumer instead.

A resolution the council adopts is put under control (Reg2024 §4.5, §28): its control card
opens in a unit of work of its own right after the adoption's commit (the event store appends
once per transaction, so the two cannot share one). The card's id derives from the resolution
and a card that exists is left as it is, so however often the reaction runs there is one card;
its events are in the store like any other, so a rebuild of the control read model finds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from services.council.application.control import open_card
from services.council.domain.events import CardSource, ResolutionAdopted, Text, registry
from shared.application import CommandResult, CommandRunner, UnitOfWork
from shared.context import Actor
from shared.eventstore.model import RecordedEvent

CONTROL = Actor.system("council-control")


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
