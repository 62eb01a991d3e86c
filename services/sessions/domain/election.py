"""The Session's election of deputies of the Mazhilis (2007–2022). Pure: no I/O.

From the constitutional amendments of May 2007 to those of 8 June 2022 the Assembly had
parliamentary representation: its Session elected nine deputies of the Mazhilis (Reg2002 §8 as
amended in 2007; Reg2011 §8, §23; seeds/004 lists the nine), by secret ballot under the
constitutional law on elections: a candidate is elected with more than half of the votes of
the members who took part in the vote (Election Law Art. 3 p. 1, Art. 9 p. 1). The decision is
never an Address (Reg2011 §8). An election dated outside that period is refused citing the
change that opened or closed it; the seats, the majority and the period are all data of the
rulebook in force on the sitting's day (``posts.mazhilis_deputy``).

One stream per election (``election-<uuid>``), one event: the result as the counting
commission's protocol records it, with each candidate's votes, the deputies' term and the
protocol. The Session must be held: live (its sitting opened) or recorded from its protocol.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.sessions.domain.errors import (
    CountExceedsPresent,
    DateBefore,
    ElectedBeyondSeats,
    SittingNotOpen,
)
from services.sessions.domain.events import (
    CandidateResult,
    MazhilisDeputiesElected,
    PersonName,
    SourceDocument,
)
from services.sessions.domain.session import Session, Status
from shared.domain import Aggregate
from shared.errors import InvalidInput
from shared.rulebooks import post_rule, rulebook_on

MAZHILIS_POST = "mazhilis_deputy"


@dataclass(frozen=True)
class Candidate:
    """A candidate on the ballot, with the votes for them the protocol records."""

    name: PersonName
    votes_for: int
    member_id: uuid.UUID | None = None


class Election(Aggregate):
    stream_type = "election"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.session_id: uuid.UUID | None = None
        self.elected: tuple[CandidateResult, ...] = ()

    @classmethod
    def of_mazhilis_deputies(
        cls,
        election_id: uuid.UUID,
        session: Session,
        participants: int,
        candidates: Sequence[Candidate],
        term_from: date,
        term_until: date | None,
        source: SourceDocument,
    ) -> Election:
        """The result of the Session's secret ballot: exact counts, each candidate elected with
        more than half of the ``participants`` (Election Law Art. 9 p. 1), no more than the
        seats of the rulebook of the sitting's day (Reg2011 §8: nine). ``participants``: the
        members who took part in the vote, no more than those present."""
        if session.status not in (Status.SITTING, Status.HELD) or session.sitting_on is None:
            raise SittingNotOpen(session.id)
        day = session.sitting_on
        rule, citation, _ = post_rule(rulebook_on(day, session.assembly), MAZHILIS_POST, day)
        assert rule.seats is not None and rule.majority is not None
        assert rule.majority_citation is not None
        present = session.recorded.present if session.recorded is not None else len(session.present)
        if participants > present:
            raise CountExceedsPresent(participants, present)
        if session.recorded is not None:
            session.require_recorded_quorum()
        if not candidates:
            raise InvalidInput(None, reason="election_without_candidates")
        keys = [
            str(c.member_id) if c.member_id else f"{c.name.kk}|{c.name.ru}".casefold()
            for c in candidates
        ]
        if len(set(keys)) != len(keys):
            raise InvalidInput(None, reason="election_candidate_twice")
        if any(c.votes_for > participants for c in candidates):
            raise CountExceedsPresent(max(c.votes_for for c in candidates), participants)
        if source.date < day:
            raise DateBefore("source", day)
        if term_until is not None and term_until <= term_from:
            raise DateBefore("term_until", term_from)
        required = rule.majority.required(participants)
        results = tuple(
            CandidateResult(
                name=c.name, member_id=c.member_id, votes_for=c.votes_for,
                elected=c.votes_for >= required,
            )
            for c in candidates
        )  # fmt: skip
        elected = sum(1 for r in results if r.elected)
        if elected > rule.seats:
            raise ElectedBeyondSeats(citation, elected, rule.seats)
        book = rulebook_on(day, session.assembly)
        election = cls(str(election_id))
        election._record(
            MazhilisDeputiesElected(
                election_id=election_id,
                session_id=uuid.UUID(session.id),
                assembly=session.assembly,
                sitting_on=day,
                participants=participants,
                candidates=results,
                seats=rule.seats,
                required=required,
                rulebook=book.id,
                rule=citation,
                majority_rule=rule.majority_citation,
                term_from=term_from,
                term_until=term_until,
                source=source,
            )
        )
        return election

    def when_MazhilisDeputiesElected(self, event: MazhilisDeputiesElected) -> None:
        self.session_id = event.session_id
        self.elected = tuple(c for c in event.candidates if c.elected)
