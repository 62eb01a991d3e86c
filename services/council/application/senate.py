"""Senate-candidate proposals of the regional assemblies (Law 2008 Art. 14): submitted by a
regional assembly (or the Secretariat for it, from its decision), pending until the Secretariat
puts them on a national Council meeting's agenda (``meetings.put_senate_proposals_on_agenda``).
"""

from __future__ import annotations

import uuid

from services.council.domain.commands import SubmitSenateProposal
from services.council.domain.senate import SenateProposal
from shared.application import Repository, UnitOfWork
from shared.assemblies import ensure_may_act_for

proposals = Repository(SenateProposal)


async def submit_senate_proposal(command: SubmitSenateProposal, uow: UnitOfWork) -> SenateProposal:
    ensure_may_act_for(uow.actor, command.assembly)
    proposal = SenateProposal.submit(
        uuid.uuid4(),
        assembly=command.assembly,
        candidate=command.candidate,
        decision=command.decision,
        today=command.today,
    )
    await proposals.save(uow, proposal)
    return proposal
