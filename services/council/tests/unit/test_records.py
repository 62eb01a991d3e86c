"""The Council's past, recorded from its protocols and judged by the rulebook of its own date:
written polls of 2012 (Reg2011 §9) and 2005 (Reg2002 §9) adopted at exactly two thirds of ALL
Council members and rejected one vote below, one of 2025 refused (Reg2024 §15); a recorded
meeting's quorum and votes; Senate candidates proposed only between the amendments of 2022
and the Constitution of 2026."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.council.domain.errors import (
    CouncilQuorumNotPresent,
    CountsExceedMembers,
    DateBefore,
    MeetingAlreadyOpened,
    MeetingInFuture,
    SenateCandidatesNotFive,
    TooManyDeputyChairmen,
)
from services.council.domain.events import (
    AgendaItem,
    ConvenedBy,
    Counts,
    DecisionRef,
    DeputyChairmanRecommendations,
    MeetingRecorded,
    MeetingVoteTaken,
    NamedPerson,
    OtherResolution,
    PersonName,
    ResolutionAdopted,
    SenateCandidates,
    Text,
    Title,
    WrittenPollRecorded,
)
from services.council.domain.meeting import Meeting, MeetingStatus
from services.council.domain.resolution import Resolution, ResolutionStatus, check_content
from shared.errors import RuleViolation

TODAY = date(2026, 12, 6)
TEXT = Text(kk="Кеңес шешті", ru="Совет решил")


def record_poll(held_on: date, votes_for: int, total: int, **kw: object) -> Resolution:
    return Resolution.record_written_poll(
        uuid.uuid4(),
        assembly="apk",
        body="council",
        number="С-7",
        text=TEXT,
        content=kw.pop("content", OtherResolution()),  # type: ignore[arg-type]
        held_on=held_on,
        counts=Counts(votes_for=votes_for, against=total - votes_for, abstain=0),
        council_total=total,
        source=kw.pop("source", DecisionRef(number="Хаттама 7", date=held_on)),  # type: ignore[arg-type]
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("held_on", "rule"), [(date(2012, 3, 14), "Reg2011 §9"), (date(2005, 6, 1), "Reg2002 §9")]
)
@pytest.mark.parametrize(("total", "two_thirds"), [(30, 20), (31, 21), (84, 56)])
def test_a_recorded_written_poll_is_adopted_at_exactly_two_thirds_of_all_members(
    held_on: date, rule: str, total: int, two_thirds: int
) -> None:
    adopted = record_poll(held_on, two_thirds, total)
    recorded, resolution_adopted = adopted.pending_events
    assert isinstance(recorded, WrittenPollRecorded) and recorded.adopted
    assert (recorded.required, recorded.rule, recorded.held_on) == (two_thirds, rule, held_on)
    assert recorded.source == DecisionRef(number="Хаттама 7", date=held_on)
    assert isinstance(resolution_adopted, ResolutionAdopted)
    assert (resolution_adopted.adopted_on, resolution_adopted.protocol) == (
        held_on,
        recorded.source,
    )
    assert adopted.status is ResolutionStatus.ADOPTED

    rejected = record_poll(held_on, two_thirds - 1, total)
    [only] = rejected.pending_events
    assert isinstance(only, WrittenPollRecorded) and not only.adopted
    assert rejected.status is ResolutionStatus.REJECTED


def test_a_recorded_written_poll_of_2025_is_refused_citing_reg2024() -> None:
    with pytest.raises(RuleViolation) as refused:
        record_poll(date(2025, 3, 14), 30, 30)
    assert (refused.value.rule, refused.value.reason_code) == (
        "Reg2024 §15",
        "written_poll_not_provided",
    )
    # the boundary: the last day of Reg2011 still knows the poll, the first of Reg2024 not
    assert record_poll(date(2024, 12, 26), 20, 30).rule == "Reg2011 §9"
    with pytest.raises(RuleViolation):
        record_poll(date(2024, 12, 27), 20, 30)


def test_a_recorded_act_is_dated_in_the_past_and_its_counts_fit_the_council() -> None:
    with pytest.raises(MeetingInFuture):
        record_poll(date(2027, 1, 1), 20, 30)
    with pytest.raises(DateBefore):  # the protocol cannot predate the poll
        record_poll(
            date(2012, 3, 14), 20, 30, source=DecisionRef(number="1", date=date(2012, 1, 1))
        )
    with pytest.raises(CountsExceedMembers):
        Resolution.record_written_poll(
            uuid.uuid4(), assembly="apk", body="council", number="1", text=TEXT,
            content=OtherResolution(), held_on=date(2012, 3, 14),
            counts=Counts(votes_for=20, against=11, abstain=0), council_total=30,
            source=DecisionRef(number="1", date=date(2012, 3, 14)), today=TODAY,
        )  # fmt: skip


def recorded_meeting(held_on: date, present: int, total: int) -> Meeting:
    meeting = Meeting.record(
        uuid.uuid4(),
        assembly="apk",
        body="council",
        number="9",
        held_on=held_on,
        place="Астана",
        agenda=[AgendaItem(item_id=uuid.uuid4(), title=Title(kk="Мәселе", ru="Вопрос"))],
        chair=None,
        convened_by=ConvenedBy.CHAIRMAN,
        present=present,
        council_total=total,
        source=DecisionRef(number="Хаттама 9", date=held_on),
        today=TODAY,
    )
    meeting.mark_saved()
    return meeting


def test_a_recorded_meeting_is_judged_and_voted_by_the_rulebook_of_its_date() -> None:
    """Reg2002 §9 counts all Council members for a decision (20 of 30); Reg2011 (Law 2008
    Art. 10) those present (14 of 21)."""
    old = recorded_meeting(date(2009, 4, 2), 21, 30)
    assert old.status is MeetingStatus.RECORDED and old.present_count == 21
    item = old.agenda[0].item_id
    vote = Resolution.vote_at_meeting(
        uuid.uuid4(), old, item, TEXT, OtherResolution(),
        Counts(votes_for=19, against=2, abstain=0), item_decided=False,
    )  # fmt: skip
    taken = vote.pending_events[0]
    assert isinstance(taken, MeetingVoteTaken)
    assert (taken.adopted, taken.required, taken.rule, taken.present) == (
        False,
        20,
        "Reg2002 §9",
        21,
    )
    newer = recorded_meeting(date(2013, 4, 2), 21, 30)
    vote = Resolution.vote_at_meeting(
        uuid.uuid4(), newer, newer.agenda[0].item_id, TEXT, OtherResolution(),
        Counts(votes_for=14, against=7, abstain=0), item_decided=False,
    )  # fmt: skip
    taken = vote.pending_events[0]
    assert isinstance(taken, MeetingVoteTaken)
    assert (taken.adopted, taken.required, taken.rule) == (True, 14, "Law 2008 Art. 10")
    adopted = vote.pending_events[1]
    assert isinstance(adopted, ResolutionAdopted) and adopted.adopted_on == date(2013, 4, 2)
    with pytest.raises(MeetingAlreadyOpened):  # recorded: never opened again
        newer.open(30, TODAY)


def test_a_recorded_meeting_without_quorum_takes_no_vote() -> None:
    meeting = Meeting.record(
        uuid.uuid4(), assembly="apk", body="council", number="9", held_on=date(2013, 4, 2),
        place="Астана", agenda=[AgendaItem(item_id=uuid.uuid4(), title=Title(kk="М", ru="В"))],
        chair=None, convened_by=ConvenedBy.CHAIRMAN, present=19, council_total=30,
        source=DecisionRef(number="9", date=date(2013, 4, 2)), today=TODAY,
    )  # fmt: skip
    [event] = meeting.pending_events
    assert isinstance(event, MeetingRecorded) and not event.quorate and event.required == 20
    with pytest.raises(CouncilQuorumNotPresent):
        Resolution.vote_at_meeting(
            uuid.uuid4(), meeting, meeting.agenda[0].item_id, TEXT, OtherResolution(),
            Counts(votes_for=19, against=0, abstain=0), item_decided=False,
        )  # fmt: skip


def senate(count: int) -> SenateCandidates:
    return SenateCandidates(
        candidates=tuple(
            NamedPerson(name=PersonName(kk=f"Үміткер {i}", ru=f"Кандидат {i}"))
            for i in range(count)
        )
    )


def test_senate_candidates_are_proposed_from_2022_until_the_constitution_of_2026() -> None:
    check_content(senate(5), (), date(2023, 3, 1))  # Constitution Art. 50 (2022)
    check_content(senate(5), (), date(2026, 6, 30))  # Reg2024 §13, the last day
    with pytest.raises(SenateCandidatesNotFive) as four:
        check_content(senate(4), (), date(2023, 3, 1))
    assert four.value.params["seats"] == 5
    for day, reason, cited in [
        (date(2026, 8, 3), "post_ended", "Constitution 2026"),
        (date(2026, 7, 1), "post_ended", "Constitution 2026"),
        (date(2020, 3, 1), "post_not_yet", "Constitution Art. 50 (as amended 8 Jun 2022)"),
        (date(2010, 3, 1), "post_not_provided", "Constitution Art. 50 (before 8 Jun 2022)"),
    ]:
        with pytest.raises(RuleViolation) as refused:
            check_content(senate(5), (), day)
        assert (refused.value.reason_code, cited in refused.value.rule) == (reason, True), day


def test_a_recorded_poll_proposing_senate_candidates_in_august_2026_is_refused() -> None:
    adopted = record_poll(date(2023, 3, 1), 20, 30, content=senate(5))
    with pytest.raises(RuleViolation):  # no written poll under Reg2024 anyway
        record_poll(date(2026, 8, 3), 20, 30, content=senate(5))
    assert adopted.status is ResolutionStatus.ADOPTED


def test_deputy_chairmen_recommended_within_the_seats_of_the_day() -> None:
    """Two ethnocultural Deputy Chairmen (Reg2011 §10): a third recommendation is refused.
    (The request's schema admits two; a resolution could carry more only from the archive.)"""
    people = tuple(
        NamedPerson(member_id=uuid.uuid4(), name=PersonName(kk=f"А{i}", ru=f"А{i}"))
        for i in range(3)
    )
    three = DeputyChairmanRecommendations.model_construct(recommended=people)
    with pytest.raises(TooManyDeputyChairmen) as refused:
        check_content(three, (), date(2013, 1, 1))
    assert (refused.value.rule, refused.value.params["seats"]) == ("Reg2011 §10", 2)
    with pytest.raises(TooManyDeputyChairmen) as old:
        check_content(three, (), date(2005, 1, 1))
    assert (old.value.rule, old.value.params["seats"]) == ("Reg2002 §7", 2)
