"""Sessions of the past recorded from their protocols and judged by the rulebook of their date;
the Session's election of nine Mazhilis deputies (Reg2011 §8; Election Law Art. 9 p. 1) from
2007 to the amendments of 8 Jun 2022; a draft law only where the right of legislative
initiative exists (the Halyq Kenesi, Constitution 2026)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.sessions.domain.election import Candidate, Election
from services.sessions.domain.errors import (
    CountExceedsPresent,
    CountExceedsRoster,
    DateInFuture,
    ElectedBeyondSeats,
    NoLegislativeInitiative,
    NotARecordedSession,
    QuorumNotPresent,
)
from services.sessions.domain.events import (
    AgendaItem,
    DecisionAdopted,
    DecisionKind,
    MazhilisDeputiesElected,
    Motion,
    PersonName,
    PollRecorded,
    SessionKind,
    SessionRecorded,
    SourceDocument,
    Title,
    VoteMethod,
)
from services.sessions.domain.poll import Poll, Tally
from services.sessions.domain.session import Session, Status
from shared.errors import RuleViolation
from shared.rulebooks import RulebookRegistry, load_packaged_books, using_rulebooks

TODAY = date(2026, 12, 6)
MOTION = Motion(kk="Шешім", ru="Решение")


def recorded(day: date, present: int, total: int, assembly: str = "apk") -> Session:
    session = Session.record(
        uuid.uuid4(),
        kind=SessionKind.REGULAR,
        sitting_on=day,
        place="Астана",
        agenda=[AgendaItem(item_id=uuid.uuid4(), title=Title(kk="Мәселе", ru="Вопрос"))],
        present=present,
        roster_total=total,
        source=SourceDocument(number=f"Хаттама {day.year}", date=day),
        today=TODAY,
        assembly=assembly,
    )
    session.mark_saved()
    return session


def test_a_recorded_session_is_held_with_the_quorum_of_its_day() -> None:
    session = recorded(date(2012, 4, 26), 263, 394)
    assert session.status is Status.HELD and session.sitting_on == date(2012, 4, 26)
    record = session.recorded
    assert record is not None and record.quorate and record.required == 263
    assert record.rule == "Law 2008 (by Reg2011 §7)"
    not_quorate = Session.record(
        uuid.uuid4(), kind=SessionKind.REGULAR, sitting_on=date(2005, 4, 26), place="Астана",
        agenda=[], present=262, roster_total=394,
        source=SourceDocument(number="1", date=date(2005, 4, 26)), today=TODAY,
    )  # fmt: skip
    [event] = not_quorate.pending_events
    assert isinstance(event, SessionRecorded) and not event.quorate and event.rule == "Reg2002 §8"
    with pytest.raises(DateInFuture):
        recorded(date(2027, 1, 1), 1, 1)
    with pytest.raises(CountExceedsRoster):
        recorded(date(2012, 4, 26), 395, 394)


def test_its_votes_are_judged_against_the_members_present_that_day() -> None:
    session = recorded(date(2012, 4, 26), 300, 394)
    item = session.agenda[0].item_id
    adopted = Poll.record(
        uuid.uuid4(), session, item, VoteMethod.OPEN, MOTION, DecisionKind.ADDRESS, Tally(151, 149)
    )
    vote, decision = adopted.pending_events
    assert isinstance(vote, PollRecorded) and vote.adopted and vote.required == 151
    assert isinstance(decision, DecisionAdopted) and decision.adopted_on == date(2012, 4, 26)
    assert vote.source == SourceDocument(number="Хаттама 2012", date=date(2012, 4, 26))
    rejected = Poll.record(
        uuid.uuid4(), session, item, VoteMethod.OPEN, MOTION, DecisionKind.OTHER, Tally(150, 150)
    )
    assert [type(e) for e in rejected.pending_events] == [PollRecorded]
    with pytest.raises(CountExceedsPresent):
        Poll.record(uuid.uuid4(), session, item, VoteMethod.OPEN, MOTION, DecisionKind.OTHER,
                    Tally(301, 0))  # fmt: skip
    without_quorum = recorded(date(2012, 4, 26), 200, 394)
    with pytest.raises(QuorumNotPresent):
        Poll.record(uuid.uuid4(), without_quorum, without_quorum.agenda[0].item_id,
                    VoteMethod.OPEN, MOTION, DecisionKind.OTHER, Tally(150, 0))  # fmt: skip
    live = Session(str(uuid.uuid4()))
    with pytest.raises(NotARecordedSession):
        live.require_recorded_quorum()


def candidates(*votes: int) -> list[Candidate]:
    return [
        Candidate(PersonName(kk=f"Үміткер {i}", ru=f"Кандидат {i}"), v) for i, v in enumerate(votes)
    ]


def elect(session: Session, participants: int, votes: list[Candidate]) -> Election:
    day = session.sitting_on
    assert day is not None
    return Election.of_mazhilis_deputies(
        uuid.uuid4(),
        session,
        participants,
        votes,
        day + timedelta(days=5),
        day.replace(year=day.year + 4),
        SourceDocument(number="Санау хаттамасы", date=day),
    )


def test_a_session_of_2012_elects_nine_mazhilis_deputies_by_exact_count() -> None:
    """290 took part: more than half is 146. Nine got it; one got exactly 145 (half): not
    elected; the others fewer."""
    session = recorded(date(2012, 4, 26), 300, 394)
    votes = [280, 270, 260, 250, 240, 230, 200, 160, 146, 145, 100, 20]
    [event] = elect(session, 290, candidates(*votes)).pending_events
    assert isinstance(event, MazhilisDeputiesElected)
    assert (event.required, event.seats, event.rule, event.majority_rule) == (
        146,
        9,
        "Reg2011 §8, §23",
        "Election Law Art. 9 p. 1",
    )
    assert [c.elected for c in event.candidates] == [True] * 9 + [False] * 3
    assert [c.votes_for for c in event.candidates] == votes
    assert (event.term_from, event.rulebook) == (date(2012, 5, 1), "Reg2011")
    assert event.source.date == date(2012, 4, 26)


def test_more_elected_than_nine_seats_or_votes_beyond_the_ballots_are_refused() -> None:
    session = recorded(date(2012, 4, 26), 300, 394)
    with pytest.raises(ElectedBeyondSeats) as ten:
        elect(session, 290, candidates(*([150] * 10)))
    assert (ten.value.rule, ten.value.params["seats"]) == ("Reg2011 §8, §23", 9)
    with pytest.raises(CountExceedsPresent):
        elect(session, 301, candidates(200))
    with pytest.raises(CountExceedsPresent):
        elect(session, 290, candidates(291))


@pytest.mark.parametrize(
    ("day", "reason", "cited"),
    [
        (date(2023, 4, 26), "post_ended", "Constitution Art. 51 (as amended 8 Jun 2022)"),
        (date(2025, 4, 26), "post_not_provided", "Constitution Art. 51 (as amended 8 Jun 2022)"),
        (date(2006, 4, 26), "post_not_yet", "Constitution Art. 51 (Law of 21 May 2007)"),
    ],
)
def test_an_election_of_mazhilis_deputies_outside_2007_2022_is_refused(
    day: date, reason: str, cited: str
) -> None:
    session = recorded(day, 300, 394)
    with pytest.raises(RuleViolation) as refused:
        elect(session, 290, candidates(200))
    assert (refused.value.reason_code, refused.value.rule) == (reason, cited)


def test_the_boundaries_of_the_mazhilis_election_period() -> None:
    assert elect(recorded(date(2022, 6, 7), 300, 394), 290, candidates(200)).elected
    with pytest.raises(RuleViolation):
        elect(recorded(date(2022, 6, 8), 300, 394), 290, candidates(200))
    assert elect(recorded(date(2007, 8, 20), 300, 394), 290, candidates(200)).elected


def test_a_draft_law_only_under_the_halyq_kenesi_rulebook() -> None:
    session = recorded(date(2025, 4, 26), 300, 394)
    with pytest.raises(NoLegislativeInitiative) as refused:
        Poll.record(uuid.uuid4(), session, session.agenda[0].item_id, VoteMethod.OPEN, MOTION,
                    DecisionKind.DRAFT_LAW, Tally(200, 0))  # fmt: skip
    assert refused.value.rule == "Reg2024 §8, §11"
    with using_rulebooks(RulebookRegistry(load_packaged_books(), {"hk": date(2026, 9, 1)})):
        council = recorded(date(2026, 10, 1), 100, 126, assembly="hk")
        record = council.recorded
        assert record is not None and record.rule == "HK2026 provisional (Reg2024 §9)"
        poll = Poll.record(uuid.uuid4(), council, council.agenda[0].item_id, VoteMethod.OPEN,
                           MOTION, DecisionKind.DRAFT_LAW, Tally(60, 40))  # fmt: skip
        vote = poll.pending_events[0]
        assert isinstance(vote, PollRecorded) and vote.adopted and vote.rulebook == "HK2026"


def test_a_version_1_signature_gets_the_signatures_needed_on_its_day() -> None:
    """Signatures recorded before the count was kept are read with it, from the packaged
    rulebook of the signing day (Reg2002 §8: a third of the roster)."""
    from services.sessions.domain.events import registry

    data = {
        "request_id": str(uuid.uuid4()),
        "member_id": str(uuid.uuid4()),
        "signed_on": "2013-05-02",
        "signatures": 10,
        "roster_total": 394,
    }
    version, upcast = registry.upcast("ExtraordinaryRequestSigned", 1, data)
    assert version == 2
    assert (upcast["required"], upcast["rulebook"], upcast["rule"]) == (
        132,
        "Reg2011",
        "Reg2002 §8",
    )
