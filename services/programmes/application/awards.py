"""The awards' handlers (Reg2024 §13.5): established and amended by a resolution, conferred."""

from __future__ import annotations

import uuid

from services.programmes.application.acts import not_after, received_resolution
from services.programmes.domain.award import Award, award_id_of
from services.programmes.domain.commands import AmendStatute, ConferAward, EstablishAward
from services.programmes.domain.errors import (
    AlreadyDone,
)
from services.programmes.domain.procedures import procedure_on
from shared.application import Repository, UnitOfWork

awards = Repository(Award)


async def establish_award(command: EstablishAward, uow: UnitOfWork) -> Award:
    """The award the Council's resolution establishes (received on ``kelisim.council.v1``)."""
    rule = procedure_on(command.today).awards.citation
    resolution = await received_resolution(uow, command.resolution_id, rule)
    if await awards.get(uow, str(award_id_of(resolution.resolution_id))) is not None:
        raise AlreadyDone("award", str(award_id_of(resolution.resolution_id)))
    award = Award.establish(resolution)
    await awards.save(uow, award)
    return award


async def amend_statute(command: AmendStatute, uow: UnitOfWork) -> Award:
    award = await awards.load(uow, str(command.award_id))
    rule = procedure_on(command.today).awards.citation
    resolution = await received_resolution(uow, command.resolution_id, rule)
    award.amend_statute(resolution, command.effective_from)
    await awards.save(uow, award)
    return award


async def confer_award(command: ConferAward, uow: UnitOfWork) -> tuple[Award, uuid.UUID]:
    not_after("conferred_on", command.conferred_on, command.today)
    award = await awards.load(uow, str(command.award_id))
    if command.resolution_id is not None:
        rule = procedure_on(command.conferred_on).awards.citation
        await received_resolution(uow, command.resolution_id, rule)
    conferral_id = uuid.uuid4()
    award.confer(
        conferral_id, command.recipient, command.decided_by, command.decision,
        command.resolution_id, command.conferred_on,
    )  # fmt: skip
    await awards.save(uow, award)
    return award, conferral_id
