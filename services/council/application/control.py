"""Execution-control command handlers (Reg2024 §4.5, §28; Reg2002 §12).

A card is opened by the consumer of ``kelisim.sessions.v1`` for each adopted Session decision,
and in-process for each resolution the council adopts, right after the adoption commits
(``policies.OpenControlCards``). Opening is idempotent: the card's id derives from its source,
and a card that exists is left as it is.
A card carries the assembly of its decision (a region's code for a regional Session's decision
or a regional council's resolution); a regional token manages only its own assembly's cards.
"""

from __future__ import annotations

import uuid
from datetime import date

from services.council import projections
from services.council.domain.commands import AcceptReport, Assign, FileReport, ReturnReport
from services.council.domain.control import ControlCard, card_id_of
from services.council.domain.errors import AssignmentNotFound, CardNotFound, NotYourAssignment
from services.council.domain.events import CardSource, Text
from shared.application import Repository, UnitOfWork
from shared.assemblies import ensure_may_act_for
from shared.errors import InvalidInput, NotFound

cards = Repository(ControlCard)


async def open_card(
    uow: UnitOfWork,
    source: CardSource,
    source_id: uuid.UUID,
    *,
    assembly: str,
    kind: str,
    text: Text,
    adopted_on: date,
    rulebook: str,
    rule: str,
) -> ControlCard:
    existing = await cards.get(uow, str(card_id_of(source, source_id)))
    if existing is not None:
        return existing
    card = ControlCard.open(
        source, source_id, assembly=assembly, kind=kind, text=text,
        adopted_on=adopted_on, rulebook=rulebook, rule=rule,
    )  # fmt: skip
    await cards.save(uow, card)
    return card


async def _card(uow: UnitOfWork, card_id: uuid.UUID, expected: int | None = None) -> ControlCard:
    """The card, refused to a regional token of another assembly (403 ``assembly_scope``): a
    regional assembly manages its own decisions' cards only."""
    try:
        card = await cards.load(uow, str(card_id), expected)
    except NotFound:
        raise CardNotFound(None, resource="control_card", id=str(card_id)) from None
    ensure_may_act_for(uow.actor, card.assembly)
    return card


async def _card_of(uow: UnitOfWork, assignment_id: uuid.UUID) -> ControlCard:
    card_id = await projections.control.card_of_assignment(uow.db, assignment_id)
    if card_id is None:
        raise AssignmentNotFound(None, resource="assignment", id=str(assignment_id))
    return await _card(uow, card_id)


def _not_after_today(field: str, day: date, today: date) -> None:
    if day > today:
        raise InvalidInput(None, reason="date_in_future", field=field, day=str(day))


async def assign(command: Assign, uow: UnitOfWork) -> ControlCard:
    _not_after_today("assigned_on", command.assigned_on, command.today)
    card = await _card(uow, command.card_id, command.expected_version)
    card.assign(command.assignments, command.assigned_on)
    await cards.save(uow, card)
    return card


async def file_report(command: FileReport, uow: UnitOfWork) -> tuple[ControlCard, uuid.UUID]:
    """A state body reports on its own assignment (the token's ``state_body`` scope)."""
    _not_after_today("filed_on", command.filed_on, command.today)
    state_body = uow.actor.state_body
    if state_body is None:
        raise NotYourAssignment()
    card = await _card_of(uow, command.assignment_id)
    report_id = uuid.uuid4()
    card.file_report(command.assignment_id, state_body, report_id, command.text, command.filed_on)
    await cards.save(uow, card)
    return card, report_id


async def accept_report(command: AcceptReport, uow: UnitOfWork) -> ControlCard:
    card = await _card_of(uow, command.assignment_id)
    card.accept(command.assignment_id, command.today)
    await cards.save(uow, card)
    return card


async def return_report(command: ReturnReport, uow: UnitOfWork) -> ControlCard:
    card = await _card_of(uow, command.assignment_id)
    card.return_report(command.assignment_id, command.reason, command.today)
    await cards.save(uow, card)
    return card
