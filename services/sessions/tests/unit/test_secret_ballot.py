"""The secret ballot, pure: the roll never holds a choice, the box must match the roll one for
one, the published ballots are a shuffle of the box and are counted like any other (Reg2024
§10); sealing hides the choice in a ballot of fixed length bound to its poll."""

from __future__ import annotations

import random
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from services.sessions.adapters.ballot_box import (
    BallotBoxUnreadable,
    new_receipt,
    seal,
    unseal,
)
from services.sessions.domain.errors import BallotBoxMismatch, PollNotOpen
from services.sessions.domain.events import (
    BallotsPublished,
    Choice,
    DecisionAdopted,
    PollClosed,
    PublishedBallot,
    SecretBallotCast,
    VoteMethod,
    registry,
)
from services.sessions.domain.poll import Poll, Tally, Vote
from services.sessions.domain.session import Session
from services.sessions.tests.unit.test_poll import NOW, TODAY, opened, quorate


def secret_poll(session: Session) -> Poll:
    poll = opened(session, VoteMethod.SECRET)
    poll.mark_saved()
    return poll


def ballots(choices: list[Choice]) -> list[PublishedBallot]:
    return [PublishedBallot(receipt=new_receipt(), choice=c) for c in choices]


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


def test_the_box_is_published_shuffled_and_counted() -> None:
    """Reg2024 §10: more than half of the members present: 3 of 5 for adopts."""
    session = quorate(5)
    poll = secret_poll(session)
    box = ballots([Choice.FOR, Choice.FOR, Choice.FOR, Choice.AGAINST, Choice.ABSTAIN])
    verdict = poll.close_secret(box, 5, NOW, TODAY, random.Random(7))
    assert verdict.satisfied and verdict.rule == "Reg2024 §10"
    closed, published, decision = poll.pending_events
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
    assert not poll.close_secret(box, 4, NOW, TODAY, random.Random(1)).satisfied
    assert [type(e).__name__ for e in poll.pending_events] == ["PollClosed", "BallotsPublished"]


@pytest.mark.parametrize(
    ("box", "roll"),
    [
        pytest.param(2, 3, id="a ballot missing from the box"),
        pytest.param(3, 2, id="a ballot more than the roll"),
        pytest.param(0, 1, id="an empty box"),
    ],
)
def test_a_box_that_does_not_match_the_roll_closes_nothing(box: int, roll: int) -> None:
    poll = secret_poll(quorate(3))
    with pytest.raises(BallotBoxMismatch):
        poll.close_secret(ballots([Choice.FOR] * box), roll, NOW, TODAY, random.Random(0))
    assert poll.pending_events == () and poll.status == "open"


def test_a_receipt_twice_in_the_box_closes_nothing() -> None:
    poll = secret_poll(quorate(3))
    (one,) = ballots([Choice.FOR])
    with pytest.raises(BallotBoxMismatch):
        poll.close_secret([one, one], 2, NOW, TODAY, random.Random(0))


def test_a_secret_poll_is_never_closed_with_a_plain_tally_and_closes_once() -> None:
    poll = secret_poll(quorate(3))
    with pytest.raises(BallotBoxMismatch):
        poll.close(Tally(votes_for=3), NOW, TODAY)
    poll.close_secret([], 0, NOW, TODAY, random.Random(0))
    with pytest.raises(PollNotOpen):
        poll.close_secret([], 0, NOW, TODAY, random.Random(0))


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
    poll.close_secret(box, len(box), NOW, TODAY, random.Random(seed))
    closed, published = poll.pending_events[:2]
    assert isinstance(closed, PollClosed) and isinstance(published, BallotsPublished)
    assert sorted(published.ballots, key=lambda b: b.receipt) == sorted(
        box, key=lambda b: b.receipt
    )
    assert Tally.of(b.choice for b in published.ballots) == Tally(
        closed.votes_for, closed.against, closed.abstain
    )


# -- sealing ------------------------------------------------------------------------------


def test_a_sealed_ballot_opens_only_with_its_poll_key_and_poll() -> None:
    key = X25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    poll_id = uuid.uuid4()
    receipt = new_receipt()
    sealed = seal(public, poll_id, receipt, Choice.AGAINST)
    assert unseal(key, poll_id, sealed) == PublishedBallot(receipt=receipt, choice=Choice.AGAINST)
    with pytest.raises(BallotBoxUnreadable):
        unseal(key, uuid.uuid4(), sealed)  # moved to another poll
    with pytest.raises(BallotBoxUnreadable):
        unseal(X25519PrivateKey.generate(), poll_id, sealed)  # another poll's key
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(BallotBoxUnreadable):
        unseal(key, poll_id, tampered)


def test_sealed_ballots_have_one_length_and_never_repeat() -> None:
    """The length of a sealed ballot tells nothing of its choice; sealing the same choice twice
    gives unrelated bytes (a fresh ephemeral key each time)."""
    public = X25519PrivateKey.generate().public_key().public_bytes_raw()
    poll_id = uuid.uuid4()
    sealed = [seal(public, poll_id, new_receipt(), c) for c in list(Choice) * 2]
    assert {len(s) for s in sealed} == {32 + 17 + 16}
    assert len(set(sealed)) == len(sealed)


def test_receipts_are_128_random_bits() -> None:
    receipts = {new_receipt() for _ in range(200)}
    assert len(receipts) == 200
    assert all(len(r) == 26 and r.isalnum() and r == r.lower() for r in receipts)
