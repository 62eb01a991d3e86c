"""The Council meeting and its votes, without a database: every boundary of the quorum
(Reg2024 §14) and the majority (Reg2024 §15), and the same meeting judged under the 2011 and
the 2024 rulebooks."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.council.domain.errors import (
    AlreadyPresent,
    ChairmanConsentRequired,
    CouncilQuorumNotPresent,
    CountsExceedPresent,
    ItemAlreadyDecided,
    MeetingInFuture,
    MeetingNotOpen,
    NotACouncilMember,
    NotEntitledToConvene,
    ProtocolAlreadySignedOff,
)
from services.council.domain.events import (
    AgendaItem,
    CandidacyReview,
    CandidacyReviewAdopted,
    CandidacyReviews,
    Consent,
    ConvenedBy,
    Counts,
    Digests,
    MeetingVoteTaken,
    NamedPerson,
    OtherResolution,
    PersonName,
    ProtocolSignedOff,
    ResolutionAdopted,
    Text,
    Title,
)
from services.council.domain.meeting import Meeting, MeetingStatus, convener
from services.council.domain.resolution import Resolution
from shared.rulebooks import NoRulebookInForce

ITEM = uuid.uuid4()
TEXT = Text(kk="Шешім", ru="Решение")
NAME = PersonName(kk="Мүше", ru="Член")
REG2024_DAY = date(2025, 3, 20)
REG2011_DAY = date(2024, 12, 26)  # the last day of Reg2011 (Reg2024 in force from 27 Dec 2024)
REG2002_DAY = date(2005, 6, 1)


def convene(held_on: date = REG2024_DAY, **changes: object) -> Meeting:
    values: dict[str, object] = {
        "assembly": "apk",
        "body": "council",
        "number": "7",
        "held_on": held_on,
        "place": "Астана",
        "agenda": [AgendaItem(item_id=ITEM, title=Title(kk="Мәселе", ru="Вопрос"))],
        "chair": None,
        "convened_by": ConvenedBy.CHAIRMAN,
        "consent": None,
        "convened_on": held_on,
        **changes,
    }
    return Meeting.convene(uuid.uuid4(), **values)  # type: ignore[arg-type]


def meeting_with(total: int, present: int, held_on: date = REG2024_DAY) -> Meeting:
    meeting = convene(held_on)
    meeting.open(total, held_on)
    for _ in range(present):
        meeting.record_attendance(uuid.uuid4(), NAME)
    return meeting


def vote(meeting: Meeting, votes_for: int, against: int = 0, **kw: object) -> Resolution:
    return Resolution.vote_at_meeting(
        uuid.uuid4(),
        meeting,
        ITEM,
        TEXT,
        OtherResolution(),
        Counts(votes_for=votes_for, against=against, abstain=0),
        item_decided=bool(kw.get("item_decided", False)),
    )


def taken(resolution: Resolution) -> MeetingVoteTaken:
    first = resolution.pending_events[0]
    assert isinstance(first, MeetingVoteTaken)
    return first


# -- convening (Reg2024 §12) ----------------------------------------------------------------


def test_the_chairman_or_a_deputy_chairman_with_consent_convenes() -> None:
    assert convener(frozenset({"chairman"})) is ConvenedBy.CHAIRMAN
    assert convener(frozenset({"deputy_chairman"})) is ConvenedBy.DEPUTY_CHAIRMAN
    with pytest.raises(NotEntitledToConvene) as refused:
        convener(frozenset({"secretariat"}))
    assert refused.value.rule == "Reg2024 §12"
    with pytest.raises(ChairmanConsentRequired) as no_consent:
        convene(convened_by=ConvenedBy.DEPUTY_CHAIRMAN)
    assert no_consent.value.rule == "Reg2024 §12"
    consent = Consent(reference="Келісім № 3", given_on=REG2024_DAY)
    meeting = convene(convened_by=ConvenedBy.DEPUTY_CHAIRMAN, consent=consent)
    assert meeting.pending_events[0].consent == consent  # type: ignore[attr-defined]


def test_a_meeting_before_any_rulebook_or_in_the_future_is_refused() -> None:
    with pytest.raises(NoRulebookInForce):
        convene(date(1999, 1, 1))
    meeting = convene(date(2030, 1, 1), convened_on=date(2025, 1, 1))
    with pytest.raises(MeetingInFuture):
        meeting.open(9, date(2025, 1, 1))


def test_only_council_members_attend_and_once() -> None:
    meeting = meeting_with(9, 0)
    member = uuid.uuid4()
    with pytest.raises(NotACouncilMember) as refused:
        meeting.record_attendance(member, None)
    assert refused.value.rule == "Reg2024 §14"
    meeting.record_attendance(member, NAME)
    with pytest.raises(AlreadyPresent):
        meeting.record_attendance(member, NAME)


# -- quorum: at least two thirds of all Council members (Reg2024 §14) ----------------------


@pytest.mark.parametrize(("total", "at_two_thirds"), [(84, 56), (9, 6), (10, 7), (3, 2)])
def test_quorum_at_two_thirds_of_all_members_and_one_fewer(total: int, at_two_thirds: int) -> None:
    quorate = meeting_with(total, at_two_thirds)
    assert quorate.quorum().satisfied and quorate.quorum().rule == "Reg2024 §14"
    vote(quorate, at_two_thirds)  # a vote is taken

    short = meeting_with(total, at_two_thirds - 1)
    assert not short.quorum().satisfied
    with pytest.raises(CouncilQuorumNotPresent) as refused:
        vote(short, at_two_thirds - 1)
    assert refused.value.rule == "Reg2024 §14"
    assert refused.value.params["required"] == at_two_thirds


# -- majority: at least two thirds of those present (Reg2024 §15) ----------------------------


@pytest.mark.parametrize(("present", "at_two_thirds"), [(56, 38), (60, 40), (84, 56), (6, 4)])
def test_adopted_at_two_thirds_of_those_present_and_not_one_fewer(
    present: int, at_two_thirds: int
) -> None:
    meeting = meeting_with(84 if present > 6 else 9, present)
    adopted = vote(meeting, at_two_thirds, against=present - at_two_thirds)
    event = taken(adopted)
    assert event.adopted and event.required == at_two_thirds and event.rule == "Reg2024 §15"
    assert isinstance(adopted.pending_events[1], ResolutionAdopted)

    rejected = vote(meeting, at_two_thirds - 1, against=present - at_two_thirds + 1)
    assert not taken(rejected).adopted
    assert len(rejected.pending_events) == 1  # no resolution adopted


def test_the_same_meeting_under_the_2011_and_the_2024_rulebooks() -> None:
    """56 of 84 present, 38 for: adopted under both, each citing its own rule; under the 2002
    text (two thirds of ALL Council members, Reg2002 §9) the same votes are not enough."""
    judged = {}
    for day in (REG2011_DAY, REG2024_DAY, REG2002_DAY):
        event = taken(vote(meeting_with(84, 56, day), 38, against=18))
        judged[event.rulebook] = (event.adopted, event.required, event.rule, event.quorum_rule)
    assert judged["Reg2024"] == (True, 38, "Reg2024 §15", "Reg2024 §14")
    assert judged["Reg2011"] == (True, 38, "Law 2008 Art. 10", "Law 2008 Art. 10")
    assert judged["Reg2002"] == (False, 56, "Reg2002 §9", "Reg2002 §9")
    # and the quorum, one fewer, under 2011 too
    with pytest.raises(CouncilQuorumNotPresent) as refused:
        vote(meeting_with(84, 55, REG2011_DAY), 40)
    assert refused.value.rule == "Law 2008 Art. 10"


def test_votes_are_at_most_the_members_present_and_an_item_is_decided_once() -> None:
    meeting = meeting_with(9, 6)
    with pytest.raises(CountsExceedPresent):
        vote(meeting, 5, against=2)
    with pytest.raises(ItemAlreadyDecided):
        vote(meeting, 6, item_decided=True)


def test_an_adopted_candidacy_review_carries_one_event_per_candidate() -> None:
    meeting = meeting_with(9, 6)
    candidates = [uuid.uuid4() for _ in range(3)]
    reviews = CandidacyReviews(
        reviews=tuple(
            CandidacyReview(member_id=m, recommended=i < 2) for i, m in enumerate(candidates)
        )
    )
    resolution = Resolution.vote_at_meeting(
        uuid.uuid4(), meeting, ITEM, TEXT, reviews, Counts(votes_for=6, against=0, abstain=0),
        item_decided=False, awaiting_review=set(candidates),
    )  # fmt: skip
    effects = [e for e in resolution.pending_events if isinstance(e, CandidacyReviewAdopted)]
    assert [(e.member_id, e.recommended) for e in effects] == [
        (candidates[0], True),
        (candidates[1], True),
        (candidates[2], False),
    ]
    assert {(e.protocol.number, e.protocol.date) for e in effects} == {("7", REG2024_DAY)}


def test_the_closing_records_who_was_absent_once() -> None:
    meeting = meeting_with(9, 6)
    absent = (NamedPerson(member_id=uuid.uuid4(), name=NAME),)
    with pytest.raises(MeetingNotOpen):
        meeting.record_absence(absent)  # not closed yet
    verdict = meeting.close(REG2024_DAY)
    assert verdict.satisfied
    meeting.record_absence(absent)
    assert [type(e).__name__ for e in meeting.pending_events][-2:] == [
        "MeetingClosed",
        "MeetingAbsenceRecorded",
    ]
    with pytest.raises(MeetingNotOpen):
        meeting.record_absence(absent)
    with pytest.raises(MeetingNotOpen):
        meeting.record_attendance(uuid.uuid4(), NAME)


def test_a_meeting_signed_off_in_its_own_stream_takes_nothing_more() -> None:
    """Protocols signed off before the protocol record: the old event still closes the
    meeting for good when it is replayed."""
    meeting = meeting_with(9, 6)
    meeting.close(REG2024_DAY)
    digests = Digests(kk_html="a", kk_pdf="b", ru_html="c", ru_pdf="d")
    meeting._apply(
        ProtocolSignedOff(
            meeting_id=uuid.UUID(meeting.id), signed_by="Хатшылық", position=None,
            signed_at=_instant(), digests=digests,
        )
    )  # fmt: skip
    assert meeting.status is MeetingStatus.SIGNED_OFF
    with pytest.raises(ProtocolAlreadySignedOff):
        meeting.record_attendance(uuid.uuid4(), NAME)


def _instant():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2025, 3, 21, 10, 0, tzinfo=UTC)
