"""Polls, votes and decisions, pure: the majority at its boundary under each rulebook, every
refusal, the deadline, the decision and an Address's publication; the tally equals the ballots."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.sessions.domain.errors import (
    AgendaItemNotFound,
    AlreadyPublished,
    AlreadyVoted,
    DateBefore,
    DeadlineNotLater,
    DeadlinePassed,
    NotAnAdoptedAddress,
    NotPresentToVote,
    PollAlreadyOpen,
    PollNotOpen,
    QuorumNotPresent,
    SittingNotOpen,
)
from services.sessions.domain.events import (
    AddressPublished,
    Choice,
    CloseReason,
    DecisionAdopted,
    DecisionKind,
    Motion,
    PollClosed,
    PollOpened,
    RegisteredBy,
    VoteMethod,
    registry,
)
from services.sessions.domain.poll import Poll, Tally, Vote, decision_id_of
from services.sessions.domain.session import Session
from services.sessions.tests.unit.test_session import RULEBOOK_DAYS, by_rulebook, regular
from shared.eventstore.model import RecordedEvent

MAJORITY_RULE = {
    "Reg2002": "Reg2002 §8",
    "Reg2011": "Law 2008 (by Reg2011 §7)",
    "Reg2024": "Reg2024 §10",
}
MOTION = Motion(kk="Ассамблея Үндеуін қабылдау", ru="Принять Обращение Ассамблеи")
NOW = datetime(2025, 3, 31, 10, 0, tzinfo=UTC)
TODAY = date(2025, 3, 31)


def quorate(present: int, total: int | None = None, book: str = "Reg2024") -> Session:
    """A Session at its open sitting with ``present`` members registered."""
    session = regular(RULEBOOK_DAYS[book])
    assert session.opens_on is not None
    session.open_sitting(session.opens_on)
    for _ in range(present):
        session.register_attendance(uuid.uuid4(), RegisteredBy.SECRETARIAT, on_roster=True)
    return session


def opened(
    session: Session,
    method: VoteMethod = VoteMethod.OPEN,
    kind: DecisionKind = DecisionKind.OTHER,
    total: int | None = None,
    deadline: datetime | None = None,
) -> Poll:
    return Poll.open(
        uuid.uuid4(), session, session.agenda[0].item_id, method, MOTION, kind,
        total if total is not None else len(session.present), False, NOW, deadline,
    )  # fmt: skip


def vote_all(poll: Poll, session: Session, votes_for: int, against: int = 0) -> Tally:
    members = sorted(session.present, key=str)
    choices = [Choice.FOR] * votes_for + [Choice.AGAINST] * against
    for member_id, choice in zip(members, choices, strict=False):
        Vote.cast(poll, member_id, choice, True, NOW)
    return Tally.of(choices)


def reloaded(poll: Poll) -> Poll:
    history = []
    for version, event in enumerate(poll.pending_events, start=1):
        new = registry.to_new_event(event)
        recorded = RecordedEvent(
            global_position=version, transaction_id=1, stream_id=poll.stream_id,
            stream_type=poll.stream_type, version=version, event_id=new.event_id,
            event_type=new.event_type, schema_version=new.schema_version, data=new.data,
            metadata={}, recorded_at=None,  # type: ignore[arg-type]
            stored_schema_version=new.schema_version,
        )  # fmt: skip
        history.append(registry.load(recorded))
    return Poll.rehydrate(poll.id, history)


# -- the majority: more than half of the members present -------------------------------------


@by_rulebook
@pytest.mark.parametrize("present", [300, 301])
def test_half_is_rejected_one_more_is_adopted(book: str, present: int) -> None:
    """300 present → 151 needed: 150 for is rejected, 151 adopted (301 present: also 151)."""
    session = quorate(present, book=book)
    half = present // 2
    rejected = opened(session)
    opening = rejected.pending_events[0]
    assert isinstance(opening, PollOpened)
    assert (opening.present, opening.required) == (present, 151)
    assert (opening.rulebook, opening.rule) == (book, MAJORITY_RULE[book])
    verdict = rejected.close(Tally(votes_for=half, against=present - half), NOW, TODAY)
    assert not verdict.satisfied and verdict.required == 151
    closed = rejected.pending_events[-1]
    assert isinstance(closed, PollClosed) and not closed.adopted
    assert not any(isinstance(e, DecisionAdopted) for e in rejected.pending_events)

    adopted = opened(session)
    verdict = adopted.close(Tally(votes_for=151, abstain=present - 151), NOW, TODAY)
    assert verdict.satisfied and (verdict.rulebook, verdict.rule) == (book, MAJORITY_RULE[book])
    closing, decision = adopted.pending_events[-2:]
    assert isinstance(closing, PollClosed) and closing.adopted and closing.votes_for == 151
    assert isinstance(decision, DecisionAdopted)
    assert decision.decision_id == decision_id_of(uuid.UUID(adopted.id))
    assert decision.session_id == uuid.UUID(session.id)
    assert (decision.text, decision.kind, decision.adopted_on) == (
        MOTION,
        DecisionKind.OTHER,
        TODAY,
    )
    assert (decision.votes_for, decision.against, decision.abstain) == (151, 0, present - 151)
    assert (decision.present, decision.required, decision.rule) == (
        present,
        151,
        MAJORITY_RULE[book],
    )


def test_the_basis_is_the_present_count_at_the_opening() -> None:
    """Members arriving after the opening neither vote nor change the majority's basis."""
    session = quorate(6)
    poll = opened(session)
    vote_all(poll, session, 4)
    late = uuid.uuid4()
    session.register_attendance(late, RegisteredBy.SELF, on_roster=True)
    with pytest.raises(NotPresentToVote) as refused:
        Vote.cast(poll, late, Choice.FOR, True, NOW)
    assert refused.value.rule == "Reg2024 §10"
    assert poll.close(Tally(votes_for=4), NOW, TODAY).required == 4  # more than half of 6


# -- refusals ----------------------------------------------------------------------------------


def test_a_poll_opens_only_at_an_open_quorate_sitting_on_an_agenda_item() -> None:
    convened = regular(RULEBOOK_DAYS["Reg2024"])
    with pytest.raises(SittingNotOpen):
        opened(convened, total=3)
    with pytest.raises(QuorumNotPresent):
        opened(quorate(5), total=9)  # 5 of 9: two thirds is 6
    assert opened(quorate(6), total=9).status == "open"
    session = quorate(3)
    with pytest.raises(AgendaItemNotFound):
        Poll.open(uuid.uuid4(), session, uuid.uuid4(), VoteMethod.OPEN, MOTION,
                  DecisionKind.OTHER, 3, False, NOW)  # fmt: skip
    with pytest.raises(PollAlreadyOpen):
        Poll.open(uuid.uuid4(), session, session.agenda[0].item_id, VoteMethod.OPEN, MOTION,
                  DecisionKind.OTHER, 3, True, NOW)  # fmt: skip
    with pytest.raises(DeadlineNotLater):
        opened(session, deadline=NOW)


def test_only_members_present_vote_once_and_cannot_change() -> None:
    session = quorate(3)
    poll = opened(session, VoteMethod.ROLL_CALL)
    member = next(iter(session.present))
    with pytest.raises(NotPresentToVote):
        Vote.cast(poll, uuid.uuid4(), Choice.FOR, False, NOW)  # never registered
    with pytest.raises(NotPresentToVote):
        Vote.cast(poll, member, Choice.FOR, False, NOW)  # left the sitting since
    vote = Vote.cast(poll, member, Choice.AGAINST, True, NOW)
    assert vote.id == f"{poll.id}-{member}" and vote.stream_id == f"vote-{poll.id}-{member}"
    with pytest.raises(AlreadyVoted):
        Vote.cast(poll, member, Choice.FOR, True, NOW, existing=vote)
    assert vote.choice is Choice.AGAINST


def test_no_vote_after_the_closing_and_no_second_closing() -> None:
    session = quorate(3)
    poll = opened(session)
    poll.close(Tally(), NOW, TODAY)
    with pytest.raises(PollNotOpen):
        Vote.cast(poll, next(iter(session.present)), Choice.FOR, True, NOW)
    with pytest.raises(PollNotOpen):
        poll.close(Tally(), NOW, TODAY)


def test_the_deadline_refuses_late_votes_and_is_the_closing_time() -> None:
    session = quorate(3)
    deadline = NOW + timedelta(minutes=5)
    poll = opened(session, deadline=deadline)
    members = sorted(session.present, key=str)
    Vote.cast(poll, members[0], Choice.FOR, True, deadline - timedelta(seconds=1))
    with pytest.raises(DeadlinePassed):
        Vote.cast(poll, members[1], Choice.FOR, True, deadline)
    poll.close(Tally(votes_for=1), deadline + timedelta(hours=1), TODAY)
    closed = poll.pending_events[-1]
    assert isinstance(closed, PollClosed)
    assert (closed.reason, closed.closed_at, closed.adopted) == (
        CloseReason.DEADLINE,
        deadline,
        False,
    )
    early = opened(quorate(3), deadline=deadline)
    early.close(Tally(), NOW, TODAY)
    assert early.pending_events[-1].reason is CloseReason.COMMAND  # type: ignore[attr-defined]


# -- decisions: an Address's publication -------------------------------------------------------


def test_an_adopted_address_has_one_publication_record() -> None:
    session = quorate(3)
    poll = opened(session, kind=DecisionKind.ADDRESS)
    poll.close(vote_all(poll, session, 2), NOW, TODAY)
    poll = reloaded(poll)
    with pytest.raises(DateBefore):
        poll.publish_address("Егемен Қазақстан", TODAY - timedelta(days=1))
    poll.publish_address("Егемен Қазақстан", TODAY)
    (published,) = poll.pending_events
    assert isinstance(published, AddressPublished)
    assert published.decision_id == decision_id_of(uuid.UUID(poll.id))
    with pytest.raises(AlreadyPublished):
        poll.publish_address("Казахстанская правда", TODAY)


def test_only_an_adopted_address_is_published() -> None:
    session = quorate(3)
    other = opened(session, kind=DecisionKind.CONCEPTUAL_POSITION)
    other.close(Tally(votes_for=3), NOW, TODAY)
    with pytest.raises(NotAnAdoptedAddress):
        other.publish_address("Егемен Қазақстан", TODAY)
    rejected = opened(quorate(3), kind=DecisionKind.ADDRESS)
    rejected.close(Tally(votes_for=1, against=2), NOW, TODAY)
    with pytest.raises(NotAnAdoptedAddress):
        rejected.publish_address("Егемен Қазақстан", TODAY)
    still_open = opened(quorate(3), kind=DecisionKind.ADDRESS)
    with pytest.raises(NotAnAdoptedAddress):
        still_open.publish_address("Егемен Қазақстан", TODAY)


def test_the_electorate_is_kept_but_never_published() -> None:
    session = quorate(3)
    poll = reloaded(opened(session))
    assert poll.electorate == frozenset(session.present) and poll.present == 3
    data = registry.to_new_event(opened(session).pending_events[0]).data
    assert len(data["electorate"]) == 3
    assert "electorate" not in registry.public_data("PollOpened", data)


# -- the tally always equals the ballots -------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    present=st.integers(min_value=1, max_value=40),
    attempts=st.lists(
        st.tuples(st.integers(min_value=0, max_value=49), st.sampled_from(list(Choice))),
        max_size=120,
    ),
)
def test_the_tally_equals_the_ballots(present: int, attempts: list[tuple[int, Choice]]) -> None:
    """Random ballots, with repeats and strangers: each member present counts once, with their
    first choice; nobody else counts; adopted exactly when more than half voted for."""
    session = quorate(present)
    members = sorted(session.present, key=str)
    strangers = [uuid.uuid4() for _ in range(50)]
    poll = opened(session)
    box: dict[uuid.UUID, Vote] = {}
    for index, choice in attempts:
        member = members[index] if index < present else strangers[index]
        try:
            box[member] = Vote.cast(poll, member, choice, True, NOW, box.get(member))
        except (AlreadyVoted, NotPresentToVote):
            assert member in box or member in strangers
    first: dict[uuid.UUID, Choice] = {}
    for index, choice in attempts:
        if index < present:
            first.setdefault(members[index], choice)
    tally = Tally.of(vote.choice for vote in box.values() if vote.choice is not None)
    assert tally == Tally.of(first.values())
    assert tally.total == len(first) <= present
    assert poll.close(tally, NOW, TODAY).satisfied is (2 * tally.votes_for > present)
