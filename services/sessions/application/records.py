"""Recording the Sessions of the past, their votes, and the Session's elections of Mazhilis
deputies: each from its protocol, judged by the rulebook in force on its own date.

The number of members on the roster that day comes from the roster (membership's record,
received on ``kelisim.membership.v1``) when it knows the day; the protocol's own figure is
checked against it and stands in for it when that day's roster was never loaded.
"""

from __future__ import annotations

import uuid
from datetime import date

from services.sessions.application.polls import polls
from services.sessions.application.sessions import sessions
from services.sessions.domain.commands import (
    RecordMazhilisElection,
    RecordSession,
    RecordSessionVote,
)
from services.sessions.domain.election import Election
from services.sessions.domain.errors import RosterTotalDiffers, RosterTotalUnknown
from services.sessions.domain.poll import Poll, Tally
from services.sessions.domain.session import Session
from shared import roster
from shared.application import Repository, UnitOfWork
from shared.assemblies import ensure_may_act_for

elections = Repository(Election)


async def roster_total_on(uow: UnitOfWork, assembly: str, day: date, stated: int | None) -> int:
    """The members of ``assembly`` on the roster of ``day``, which the protocol's figure must
    match; the protocol's figure where the roster has nobody that day."""
    known = await roster.count_on(uow.db, assembly, day)
    if known and stated is not None and stated != known:
        raise RosterTotalDiffers(stated, known, day)
    total = known or stated
    if not total:
        raise RosterTotalUnknown(day)
    return total


async def record_session(command: RecordSession, uow: UnitOfWork) -> Session:
    ensure_may_act_for(uow.actor, command.assembly)
    session = Session.record(
        uuid.uuid4(),
        kind=command.kind,
        sitting_on=command.sitting_on,
        place=command.place,
        agenda=command.agenda,
        present=command.present,
        roster_total=await roster_total_on(
            uow, command.assembly, command.sitting_on, command.roster_total
        ),
        source=command.source,
        today=command.today,
        assembly=command.assembly,
    )
    await sessions.save(uow, session)
    return session


async def record_session_vote(command: RecordSessionVote, uow: UnitOfWork) -> Poll:
    session = await sessions.load(uow, str(command.session_id), lock="shared")
    ensure_may_act_for(uow.actor, session.assembly)
    poll = Poll.record(
        uuid.uuid4(),
        session,
        command.item_id,
        command.method,
        command.motion,
        command.decision_kind,
        Tally(command.votes_for, command.against, command.abstain),
    )
    await polls.save(uow, poll)
    return poll


async def record_mazhilis_election(command: RecordMazhilisElection, uow: UnitOfWork) -> Election:
    session = await sessions.load(uow, str(command.session_id), lock="shared")
    ensure_may_act_for(uow.actor, session.assembly)
    election = Election.of_mazhilis_deputies(
        uuid.uuid4(),
        session,
        command.participants,
        command.candidates,
        command.term_from,
        command.term_until,
        command.source,
    )
    await elections.save(uow, election)
    return election
