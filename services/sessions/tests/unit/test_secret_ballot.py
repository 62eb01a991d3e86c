"""The secret ballot, pure: the roll never holds a choice, the box must match the roll in the
event store batch by batch (every ballot authentic, each receipt once) or nothing is published,
and the check is recorded either way; the published ballots are a shuffle of the box and are
counted like any other (Reg2024 §10); sealing hides the choice in a ballot of fixed length that
opens only with its poll's key, in its poll and in its batch."""

from __future__ import annotations

import random
import secrets
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.sessions.adapters.ballot_box import SEALED_BYTES, new_receipt, seal, unseal
from services.sessions.domain.errors import BallotBoxMismatch, PollNotOpen
from services.sessions.domain.events import (
    BallotBoxChecked,
    BallotsPublished,
    BoxFailure,
    Choice,
    DecisionAdopted,
    PollClosed,
    PublishedBallot,
    SecretBallotCast,
    VoteMethod,
    registry,
)
from services.sessions.domain.poll import BoxCheck, Poll, Tally, Vote
from services.sessions.domain.session import Session
from services.sessions.tests.unit.test_poll import NOW, TODAY, opened, quorate


def secret_poll(session: Session) -> Poll:
    poll = opened(session, VoteMethod.SECRET)
    poll.mark_saved()
    return poll


def ballots(choices: list[Choice]) -> list[PublishedBallot]:
    return [PublishedBallot(receipt=new_receipt(), choice=c) for c in choices]


BATCH = 7_000_001


def matching(box: list[PublishedBallot]) -> BoxCheck:
    """A box whose ballots were all committed, authentic, in one batch with their roll."""
    return BoxCheck(roll={BATCH: len(box)}, sealed=len(box), opened={BATCH: box})


def test_the_roll_records_who_voted_never_how() -> None:
    session = quorate(3)
    poll = secret_poll(session)
    member = sorted(session.present, key=str)[0]
    vote = Vote.cast(poll, member, Choice.AGAINST, True, NOW)
    (entry,) = vote.pending_events
    assert isinstance(entry, SecretBallotCast)
    stored = registry.to_new_event(entry).data
    assert set(stored) == {"poll_id", "session_id", "member_id", "cast_at"}
    assert "against" not in str(stored)


def test_the_box_is_checked_published_shuffled_and_counted() -> None:
    """Reg2024 §10: more than half of the members present: 3 of 5 for adopts. The check and
    its result come first in the close's append."""
    session = quorate(5)
    poll = secret_poll(session)
    box = ballots([Choice.FOR, Choice.FOR, Choice.FOR, Choice.AGAINST, Choice.ABSTAIN])
    verdict = poll.close_secret(matching(box), NOW, TODAY, random.Random(7))
    assert verdict.satisfied and verdict.rule == "Reg2024 §10"
    checked, closed, published, decision = poll.pending_events
    assert isinstance(checked, BallotBoxChecked) and checked.failure is None
    assert (checked.roll, checked.batches, checked.sealed, checked.authentic) == (5, 1, 5, 5)
    assert checked.smallest_batch == 5
    assert isinstance(closed, PollClosed) and isinstance(decision, DecisionAdopted)
    assert isinstance(published, BallotsPublished)
    assert (closed.votes_for, closed.against, closed.abstain) == (3, 1, 1)
    assert sorted(published.ballots, key=lambda b: b.receipt) == sorted(
        box, key=lambda b: b.receipt
    )
    assert list(published.ballots) != box  # seed 7 moves them (checked once, deterministic)


def test_exactly_half_for_is_rejected_in_a_secret_poll() -> None:
    session = quorate(4)
    poll = secret_poll(session)
    box = ballots([Choice.FOR, Choice.FOR, Choice.AGAINST, Choice.AGAINST])
    assert not poll.close_secret(matching(box), NOW, TODAY, random.Random(1)).satisfied
    assert [type(e).__name__ for e in poll.pending_events] == [
        "BallotBoxChecked", "PollClosed", "BallotsPublished",
    ]  # fmt: skip


ONE, TWO = 100, 200


@pytest.mark.parametrize(
    ("check", "failure"),
    [
        pytest.param(
            BoxCheck(roll={ONE: 3}, sealed=2, opened={ONE: ballots([Choice.FOR] * 2)}),
            BoxFailure.COUNT,
            id="a ballot missing from the box",
        ),
        pytest.param(
            BoxCheck(roll={ONE: 2}, sealed=3, opened={ONE: ballots([Choice.FOR] * 3)}),
            BoxFailure.COUNT,
            id="a ballot more than the roll",
        ),
        pytest.param(BoxCheck(roll={ONE: 1}), BoxFailure.COUNT, id="an empty box"),
        pytest.param(
            BoxCheck(
                roll={ONE: 2, TWO: 2},
                sealed=4,
                opened={ONE: ballots([Choice.FOR] * 3), TWO: ballots([Choice.FOR])},
            ),
            BoxFailure.COUNT,
            id="the right total, in the wrong batches",
        ),
        pytest.param(
            BoxCheck(roll={ONE: 3}, sealed=3, opened={ONE: ballots([Choice.FOR] * 2)}),
            BoxFailure.FORGED,
            id="a ballot that does not authenticate",
        ),
        pytest.param(
            BoxCheck(roll={ONE: 3}, unreadable=BoxFailure.KEY_REFUSED),
            BoxFailure.KEY_REFUSED,
            id="a key that does not authenticate",
        ),
        pytest.param(
            BoxCheck(roll={ONE: 3}, unreadable=BoxFailure.LOST), BoxFailure.LOST, id="a lost box"
        ),
    ],
)
def test_a_box_that_does_not_match_the_roll_closes_nothing(
    check: BoxCheck, failure: BoxFailure
) -> None:
    poll = secret_poll(quorate(4))
    with pytest.raises(BallotBoxMismatch) as refused:
        poll.close_secret(check, NOW, TODAY, random.Random(0))
    assert refused.value.failure is failure and refused.value.params["reason"] == failure.value
    assert refused.value.params["poll_id"] == poll.id
    # Only the check is recorded (the close that found it rolls back: the application records
    # it again in a transaction of its own); the poll is still open.
    (checked,) = poll.pending_events
    assert isinstance(checked, BallotBoxChecked) and checked.failure is failure
    assert poll.status == "open"


def test_a_receipt_twice_in_the_box_closes_nothing() -> None:
    poll = secret_poll(quorate(3))
    (one,) = ballots([Choice.FOR])
    check = BoxCheck(roll={ONE: 2}, sealed=2, opened={ONE: [one, one]})
    with pytest.raises(BallotBoxMismatch) as refused:
        poll.close_secret(check, NOW, TODAY, random.Random(0))
    assert refused.value.failure is BoxFailure.RECEIPT_TWICE


def test_a_secret_poll_is_never_closed_with_a_plain_tally_and_closes_once() -> None:
    poll = secret_poll(quorate(3))
    with pytest.raises(BallotBoxMismatch):
        poll.close(Tally(votes_for=3), NOW, TODAY)
    poll.close_secret(BoxCheck(roll={}), NOW, TODAY, random.Random(0))
    with pytest.raises(PollNotOpen):
        poll.close_secret(BoxCheck(roll={}), NOW, TODAY, random.Random(0))
    with pytest.raises(PollNotOpen):
        poll.check_box(BoxCheck(roll={}))


@settings(max_examples=60, deadline=None)
@given(
    choices=st.lists(st.sampled_from(list(Choice)), max_size=60),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_published_ballots_are_a_permutation_and_tally_equals_them(
    choices: list[Choice], seed: int
) -> None:
    session = quorate(max(1, len(choices)))
    poll = secret_poll(session)
    box = ballots(choices)
    poll.close_secret(matching(box), NOW, TODAY, random.Random(seed))
    closed, published = poll.pending_events[1:3]
    assert isinstance(closed, PollClosed) and isinstance(published, BallotsPublished)
    assert sorted(published.ballots, key=lambda b: b.receipt) == sorted(
        box, key=lambda b: b.receipt
    )
    assert Tally.of(b.choice for b in published.ballots) == Tally(
        closed.votes_for, closed.against, closed.abstain
    )


# -- sealing ------------------------------------------------------------------------------


def test_a_sealed_ballot_opens_only_with_its_key_in_its_poll_and_batch() -> None:
    key = secrets.token_bytes(32)
    poll_id = uuid.uuid4()
    receipt = new_receipt()
    sealed = seal(key, poll_id, BATCH, receipt, Choice.AGAINST)
    assert unseal(key, poll_id, BATCH, sealed) == PublishedBallot(
        receipt=receipt, choice=Choice.AGAINST
    )
    assert unseal(key, uuid.uuid4(), BATCH, sealed) is None  # moved to another poll
    assert unseal(key, poll_id, BATCH + 1, sealed) is None  # into another batch
    assert unseal(secrets.token_bytes(32), poll_id, BATCH, sealed) is None  # another key
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    assert unseal(key, poll_id, BATCH, tampered) is None
    assert unseal(key, poll_id, BATCH, sealed[:20]) is None  # cut short


def test_sealed_ballots_have_one_length_and_never_repeat() -> None:
    """The length of a sealed ballot tells nothing of its choice; sealing the same choice twice
    gives unrelated bytes (a fresh random nonce each time)."""
    key = secrets.token_bytes(32)
    poll_id = uuid.uuid4()
    sealed = [seal(key, poll_id, BATCH, new_receipt(), c) for c in list(Choice) * 2]
    assert {len(s) for s in sealed} == {SEALED_BYTES}
    assert len(set(sealed)) == len(sealed)


def test_receipts_are_128_random_bits() -> None:
    receipts = {new_receipt() for _ in range(200)}
    assert len(receipts) == 200
    assert all(len(r) == 26 and r.isalnum() and r == r.lower() for r in receipts)
