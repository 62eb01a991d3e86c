"""Publishing a rulebook version, setting the succession date: one append to the ledger
stream, and this process judges by the result as soon as it is committed (the others within
their refresh interval, ``shared.rulebooks.publications``)."""

from __future__ import annotations

from services.membership.domain.commands import PublishRulebook, SetSuccession
from services.membership.domain.rulebooks import LEDGER, RulebookLedger
from shared.application import Repository, UnitOfWork
from shared.rulebooks import Rulebook
from shared.rulebooks.publications import RulebookSource

ledgers = Repository(RulebookLedger)


async def _ledger(uow: UnitOfWork) -> RulebookLedger:
    return await ledgers.get(uow, LEDGER) or RulebookLedger()


def _apply_after_commit(uow: UnitOfWork, ledger: RulebookLedger, source: RulebookSource) -> None:
    events = ledger.pending_events

    def apply() -> None:
        for event in events:
            source.apply(event.event_type, event.model_dump(mode="json"))

    uow.after_commit(apply)


async def publish_rulebook(
    command: PublishRulebook, uow: UnitOfWork, source: RulebookSource
) -> tuple[RulebookLedger, Rulebook]:
    ledger = await _ledger(uow)
    book = ledger.publish(command.text, command.document, command.today, source.packaged)
    _apply_after_commit(uow, ledger, source)
    await ledgers.save(uow, ledger)
    return ledger, book


async def set_succession(
    command: SetSuccession, uow: UnitOfWork, source: RulebookSource
) -> RulebookLedger:
    ledger = await _ledger(uow)
    ledger.set_succession(
        command.assembly, command.on, command.document, command.today, source.packaged
    )
    _apply_after_commit(uow, ledger, source)
    await ledgers.save(uow, ledger)
    return ledger
