"""The Secretariat's written poll, without a database: adopted at two thirds of ALL Council
members and not one fewer (Reg2011 §9; Reg2002 §9), closed early once the outcome cannot
change, refused under the 2024 rulebook citing its rule (Reg2024 §15)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.council.domain.errors import (
    AlreadyVoted,
    CandidacyNotAwaitingReview,
    DuplicatePerson,
    NotInElectorate,
    PollDeadlineNotReached,
    PollDeadlinePassed,
    PollNotOpen,
    SenateCandidatesNotFive,
    TooManyDeputyChairmen,
)
from services.council.domain.events import (
    CandidacyReview,
    CandidacyReviews,
    Choice,
    CloseReason,
    DeputyChairmanRecommendations,
    DeputyChairmanRecommended,
    NamedPerson,
    OtherResolution,
    PersonName,
    ResolutionAdopted,
    SenateCandidates,
    Text,
    WrittenPollClosed,
)
from services.council.domain.resolution import Resolution, ResolutionStatus, check_content
from shared.errors import RuleViolation

OPENED = date(2015, 5, 4)  # Reg2011 in force
NOW = datetime(2015, 5, 4, 9, 0, tzinfo=UTC)
DEADLINE = NOW + timedelta(days=7)
TEXT = Text(kk="Сұрақ", ru="Вопрос")


def poll(total: int, opened_on: date = OPENED, content: object = None) -> Resolution:
    return Resolution.open_written_poll(
        uuid.uuid4(),
        assembly="apk",
        body="council",
        number="С-1",
        text=TEXT,
        content=content or OtherResolution(),  # type: ignore[arg-type]
        opened_on=opened_on,
        now=NOW,
        deadline=DEADLINE,
        electorate=[uuid.uuid4() for _ in range(total)],
    )


def ballots(resolution: Resolution, votes_for: int, against: int = 0) -> None:
    members = sorted(resolution.electorate, key=str)
    for m in members[:votes_for]:
        resolution.cast(m, Choice.FOR, NOW, OPENED)
    for m in members[votes_for : votes_for + against]:
        resolution.cast(m, Choice.AGAINST, NOW, OPENED)


def closed(resolution: Resolution) -> WrittenPollClosed:
    [event] = [e for e in resolution.pending_events if isinstance(e, WrittenPollClosed)]
    return event


def test_the_written_poll_is_refused_under_the_2024_rulebook_citing_it() -> None:
    with pytest.raises(RuleViolation) as refused:
        poll(9, opened_on=date(2025, 2, 1))
    assert refused.value.rule == "Reg2024 §15"
    assert refused.value.reason_code == "written_poll_not_provided"
    assert poll(9, opened_on=date(2005, 2, 1)).rule == "Reg2002 §9"
    assert poll(9).rule == "Reg2011 §9"


@pytest.mark.parametrize(("total", "at_two_thirds"), [(84, 56), (9, 6), (10, 7)])
def test_adopted_at_two_thirds_of_all_members_closing_early(total: int, at_two_thirds: int) -> None:
    adopted = poll(total)
    ballots(adopted, at_two_thirds - 1)
    assert adopted.status is ResolutionStatus.POLLING
    ballots_left = sorted(adopted.electorate - set(adopted.ballots), key=str)
    adopted.cast(ballots_left[0], Choice.FOR, NOW, OPENED)  # the ballot that decides it
    event = closed(adopted)
    assert event.adopted and event.reason is CloseReason.OUTCOME_DECIDED
    assert (event.counts.votes_for, event.required, event.rule) == (
        at_two_thirds,
        at_two_thirds,
        "Reg2011 §9",
    )
    assert any(isinstance(e, ResolutionAdopted) for e in adopted.pending_events)
    with pytest.raises(PollNotOpen):
        adopted.cast(ballots_left[1], Choice.FOR, NOW, OPENED)


@pytest.mark.parametrize(("total", "at_two_thirds"), [(84, 56), (9, 6), (10, 7)])
def test_one_fewer_than_two_thirds_of_all_members_is_not_adopted(
    total: int, at_two_thirds: int
) -> None:
    rejected = poll(total)
    # everyone else votes against: the last against vote makes 2/3 unreachable
    ballots(rejected, at_two_thirds - 1, against=total - at_two_thirds + 1)
    event = closed(rejected)
    assert not event.adopted and event.counts.votes_for == at_two_thirds - 1
    assert rejected.status is ResolutionStatus.REJECTED
    assert not any(isinstance(e, ResolutionAdopted) for e in rejected.pending_events)


def test_it_closes_as_soon_as_the_outcome_cannot_change() -> None:
    resolution = poll(9)  # 6 needed
    ballots(resolution, 0, against=3)
    assert resolution.status is ResolutionStatus.POLLING  # 6 outstanding could still adopt it
    ballots_left = sorted(resolution.electorate - set(resolution.ballots), key=str)
    resolution.cast(ballots_left[0], Choice.ABSTAIN, NOW, OPENED)
    assert closed(resolution).reason is CloseReason.OUTCOME_DECIDED
    assert resolution.status is ResolutionStatus.REJECTED


def test_ballots_only_from_the_electorate_once_and_before_the_deadline() -> None:
    resolution = poll(9)
    with pytest.raises(NotInElectorate) as outsider:
        resolution.cast(uuid.uuid4(), Choice.FOR, NOW, OPENED)
    assert outsider.value.rule == "Reg2011 §9"
    member = sorted(resolution.electorate, key=str)[0]
    resolution.cast(member, Choice.FOR, NOW, OPENED)
    with pytest.raises(AlreadyVoted):
        resolution.cast(member, Choice.AGAINST, NOW, OPENED)
    other = sorted(resolution.electorate, key=str)[1]
    with pytest.raises(PollDeadlinePassed):
        resolution.cast(other, Choice.FOR, DEADLINE, OPENED)
    with pytest.raises(PollDeadlineNotReached):
        resolution.close_at_deadline(NOW, OPENED)
    resolution.close_at_deadline(DEADLINE + timedelta(hours=1), OPENED)
    event = closed(resolution)
    assert event.reason is CloseReason.DEADLINE and event.closed_at == DEADLINE
    assert not event.adopted


def test_typed_content_is_checked_against_the_councils_powers() -> None:
    person = PersonName(kk="Адам", ru="Человек")
    four = SenateCandidates(candidates=tuple(NamedPerson(name=person.model_copy(
        update={"kk": f"Адам {i}"})) for i in range(4)))  # fmt: skip
    with pytest.raises(SenateCandidatesNotFive) as senate:
        check_content(four, (), date(2025, 5, 4))
    assert senate.value.rule == "Reg2024 §5, §13"
    three = DeputyChairmanRecommendations(
        recommended=(NamedPerson(member_id=uuid.uuid4(), name=person),) * 2
    )
    with pytest.raises(DuplicatePerson):
        check_content(three, (), date(2025, 5, 4))
    unknown = uuid.uuid4()
    with pytest.raises(CandidacyNotAwaitingReview) as review:
        check_content(
            CandidacyReviews(reviews=(CandidacyReview(member_id=unknown, recommended=True),)),
            (),
            date(2025, 5, 4),
        )
    assert review.value.rule == "Reg2024 §13"
    assert TooManyDeputyChairmen(3).rule == "Reg2024 §16"


def test_a_poll_recommending_deputy_chairmen_publishes_one_event_per_person() -> None:
    people = (uuid.uuid4(), uuid.uuid4())
    content = DeputyChairmanRecommendations(
        recommended=tuple(
            NamedPerson(member_id=m, name=PersonName(kk=f"А{i}", ru=f"А{i}"))
            for i, m in enumerate(people)
        )
    )
    resolution = poll(3, content=content)  # 2 needed
    ballots(resolution, 2)
    effects = [e for e in resolution.pending_events if isinstance(e, DeputyChairmanRecommended)]
    assert [e.member_id for e in effects] == list(people)
    assert {e.protocol.number for e in effects} == {"С-1"}
