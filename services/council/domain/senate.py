"""A regional assembly's proposal of a Senate candidate for the Council. Pure: no I/O.

Regional assemblies prepare proposals of Senate candidates for the Council (Law 2008 Art. 14);
the Council proposes the candidates for the five Senate deputies the President appoints
(Reg2024 §5, §13). A proposal names the candidate and the regional assembly's decision (number
and date); it waits, pending, until the Secretariat puts it on a national Council meeting's
agenda (``Meeting.put_senate_proposals``). The Constitution of 2026 leaves no Senate from 1 July
2026: the ``senate_deputy`` post's period in the rulebook in force says so, and a proposal
submitted on or after that day is refused citing it.

One stream per proposal (``senate-proposal-<id>``).
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from services.council.domain.errors import NotARegionalAssembly
from services.council.domain.events import DecisionRef, PersonName, SenateCandidateProposed
from shared.assemblies import REGIONAL_ASSEMBLIES
from shared.domain import Aggregate
from shared.errors import InvalidInput
from shared.rulebooks import Rulebook, national_rulebook_on, post_rule

SENATE_POST = "senate_deputy"
"""The post whose candidates the Council proposes (Reg2024 §5, §13)."""
REGIONAL_PROPOSALS = "Law 2008 Art. 14"
"""Regional assemblies prepare proposals of Senate candidates for the Council."""


def senate_rule_on(day: date) -> tuple[Rulebook, str]:
    """The national rulebook of ``day`` and the citation of its Senate-deputy post, when the
    Council proposes Senate candidates that day; a ``RuleViolation`` citing the change
    (``post_ended``: Constitution 2026, in force 1 Jul 2026) otherwise."""
    book = national_rulebook_on(day)
    _, citation, _ = post_rule(book, SENATE_POST, day)
    return book, citation


class ProposalStatus(StrEnum):
    PENDING = "pending"
    ON_AGENDA = "on_agenda"


class SenateProposal(Aggregate):
    stream_type = "senate-proposal"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.assembly = ""
        self.status: ProposalStatus | None = None

    @classmethod
    def submit(
        cls,
        proposal_id: uuid.UUID,
        *,
        assembly: str,
        candidate: PersonName,
        decision: DecisionRef,
        today: date,
    ) -> SenateProposal:
        """A regional assembly submits its proposal (Law 2008 Art. 14) while the Council
        proposes Senate candidates (Reg2024 §13): refused from 1 July 2026 (Constitution
        2026), citing it; its decision is dated on or before the day it is submitted."""
        if assembly not in REGIONAL_ASSEMBLIES:
            raise NotARegionalAssembly(assembly)
        if decision.date > today:
            raise InvalidInput(
                None, reason="date_in_future", field="decision.date", day=str(decision.date)
            )
        book, citation = senate_rule_on(today)
        proposal = cls(str(proposal_id))
        proposal._record(
            SenateCandidateProposed(
                proposal_id=proposal_id,
                assembly=assembly,
                candidate=candidate,
                decision=decision,
                submitted_on=today,
                rulebook=book.id,
                rule=f"{REGIONAL_PROPOSALS}; {citation}",
            )
        )
        return proposal

    def when_SenateCandidateProposed(self, event: SenateCandidateProposed) -> None:
        self.assembly = event.assembly
        self.status = ProposalStatus.PENDING
