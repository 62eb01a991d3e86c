"""A regional assembly's council without a database (Law 2008 Art. 14): its quorum and majority
at the boundary on its own composition, judged by the regional rulebook (the national
thresholds cited to Art. 14, provisional), while the national Council's on the same day stay
as they were; who convenes it; and the regional assemblies' Senate-candidate proposals on both
sides of 1 July 2026 (Constitution 2026)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.council.domain.commands import council_for
from services.council.domain.errors import (
    AgendaClosed,
    CouncilQuorumNotPresent,
    NationalCouncilPower,
    NotARegionalAssembly,
    NotEntitledToConvene,
    NotTheNationalCouncil,
)
from services.council.domain.events import (
    AgendaItem,
    CandidacyReview,
    CandidacyReviews,
    ConvenedBy,
    Counts,
    DecisionRef,
    MeetingConvened,
    MeetingVoteTaken,
    OtherResolution,
    PersonName,
    SenateCandidateProposed,
    SenateProposalsPutOnAgenda,
    Text,
    Title,
)
from services.council.domain.meeting import Meeting, convener
from services.council.domain.resolution import Resolution, check_content
from services.council.domain.senate import SenateProposal
from shared.errors import InvalidInput, RuleViolation
from shared.rulebooks import provisional

DAY = date(2026, 3, 2)
ITEM = uuid.uuid4()
NAME = PersonName(kk="Мүше", ru="Член")
CANDIDATE = PersonName(kk="Үміткер", ru="Кандидат")
LAST_SENATE_DAY = date(2026, 6, 30)
NO_SENATE_DAY = date(2026, 7, 1)  # the Constitution of 2026 takes effect


def convene(assembly: str, held_on: date = DAY, by: ConvenedBy = ConvenedBy.CHAIRMAN) -> Meeting:
    council = council_for(assembly)
    return Meeting.convene(
        uuid.uuid4(),
        assembly=council.assembly,
        body=council.body,
        number="3",
        held_on=held_on,
        place="Семей",
        agenda=[AgendaItem(item_id=ITEM, title=Title(kk="Мәселе", ru="Вопрос"))],
        chair=None,
        convened_by=by,
        consent=None,
        convened_on=held_on,
    )


def sitting(assembly: str, total: int, present: int) -> Meeting:
    meeting = convene(assembly)
    meeting.open(total, DAY)
    for _ in range(present):
        meeting.record_attendance(uuid.uuid4(), NAME)
    return meeting


def vote(meeting: Meeting, votes_for: int) -> MeetingVoteTaken:
    resolution = Resolution.vote_at_meeting(
        uuid.uuid4(), meeting, ITEM, Text(kk="Шешім", ru="Решение"), OtherResolution(),
        Counts(votes_for=votes_for, against=0, abstain=0), item_decided=False,
    )  # fmt: skip
    taken = resolution.pending_events[0]
    assert isinstance(taken, MeetingVoteTaken)
    return taken


def test_a_regional_council_is_its_assemblys_body_and_post() -> None:
    council = council_for("abai")
    assert (council.assembly, council.body, council.member_post) == (
        "abai", "regional_assembly.abai", "regional_council_member",
    )  # fmt: skip
    national = council_for("apk")
    assert (national.body, national.member_post) == ("council", "council_member")


def test_fifteen_members_ten_present_is_quorum_nine_is_not() -> None:
    """Two thirds of the regional council's 15 members (Law 2008 Art. 14, the national
    threshold of Reg2024 §14)."""
    quorate = sitting("abai", 15, 10).quorum()
    assert (quorate.satisfied, quorate.required, quorate.rule) == (True, 10, "Law 2008 Art. 14")
    assert quorate.rulebook == "Regional2008"
    assert provisional(quorate.rulebook, quorate.rule)
    short = sitting("abai", 15, 9)
    assert not short.quorum().satisfied
    with pytest.raises(CouncilQuorumNotPresent):
        vote(short, 9)


def test_a_regional_councils_majority_is_two_thirds_of_those_present() -> None:
    """10 present: 7 for adopts (at least two thirds), 6 does not."""
    adopted = vote(sitting("abai", 15, 10), 7)
    assert (adopted.adopted, adopted.required, adopted.rule) == (True, 7, "Law 2008 Art. 14")
    assert (adopted.assembly, adopted.body) == ("abai", "regional_assembly.abai")
    assert adopted.council_total == 15
    assert not vote(sitting("abai", 15, 10), 6).adopted


def test_the_national_councils_quorum_the_same_day_is_unchanged() -> None:
    """30 Council members: 20 present is quorum, 19 is not (Reg2024 §14), beside a regional
    council of 15 that day."""
    quorate = sitting("apk", 30, 20).quorum()
    assert (quorate.satisfied, quorate.required, quorate.rule) == (True, 20, "Reg2024 §14")
    assert not provisional(quorate.rulebook, quorate.rule)
    assert not sitting("apk", 30, 19).quorum().satisfied
    assert sitting("abai", 15, 10).quorum().required == 10


def test_a_regional_council_has_none_of_the_national_councils_own_powers() -> None:
    """Candidacy reviews (and Senate candidates, awards, Deputy Chairmen) are the Assembly's
    Council's (Reg2024 §13): a regional council adopting one would review a national
    candidacy."""
    reviews = CandidacyReviews(reviews=(CandidacyReview(member_id=ITEM, recommended=True),))
    with pytest.raises(NationalCouncilPower) as refused:
        check_content(reviews, {ITEM}, DAY, "abai")
    assert refused.value.rule == "Reg2024 §13"
    check_content(reviews, {ITEM}, DAY, "apk")
    check_content(OtherResolution(), (), DAY, "abai")


def test_a_regional_assembly_convenes_its_own_council_only() -> None:
    regional = frozenset({"regional_assembly"})
    assert convener(regional, "abai") is ConvenedBy.REGIONAL_ASSEMBLY
    with pytest.raises(NotEntitledToConvene):
        convener(regional, "apk")
    assert convener(frozenset({"chairman"}), "abai") is ConvenedBy.CHAIRMAN
    convened = convene("abai", by=ConvenedBy.REGIONAL_ASSEMBLY).pending_events[0]
    assert isinstance(convened, MeetingConvened)
    assert convened.rule == "Law 2008 Art. 14"
    assert convene("apk").pending_events[0].rule == "Reg2024 §12"  # type: ignore[attr-defined]


# -- Senate-candidate proposals (Law 2008 Art. 14; Reg2024 §13; Constitution 2026) ------------


def submit(today: date, assembly: str = "abai") -> SenateProposal:
    return SenateProposal.submit(
        uuid.uuid4(),
        assembly=assembly,
        candidate=CANDIDATE,
        decision=DecisionRef(number="12", date=date(2026, 6, 1)),
        today=today,
    )


def test_a_regional_assembly_proposes_a_senate_candidate_until_30_june_2026() -> None:
    proposed = submit(LAST_SENATE_DAY).pending_events[0]
    assert isinstance(proposed, SenateCandidateProposed)
    assert (proposed.assembly, proposed.submitted_on) == ("abai", LAST_SENATE_DAY)
    assert proposed.rulebook == "Reg2024"
    assert proposed.rule == "Law 2008 Art. 14; Reg2024 §5, §13"


def test_no_senate_candidate_is_proposed_from_1_july_2026() -> None:
    with pytest.raises(RuleViolation) as refused:
        submit(NO_SENATE_DAY)
    assert refused.value.reason_code == "post_ended"
    assert refused.value.rule == "Constitution 2026 (in force 1 Jul 2026)"


def test_only_a_regional_assembly_proposes_and_not_before_its_decision() -> None:
    with pytest.raises(NotARegionalAssembly):
        submit(LAST_SENATE_DAY, assembly="apk")
    with pytest.raises(InvalidInput):
        submit(date(2026, 5, 31))  # the decision of 1 June is not taken yet


def test_the_secretariat_puts_proposals_on_a_national_meetings_agenda() -> None:
    meeting = convene("apk", held_on=LAST_SENATE_DAY)
    item = AgendaItem(item_id=uuid.uuid4(), title=Title(kk="Сенат", ru="Сенат"))
    proposals = (uuid.uuid4(), uuid.uuid4())
    meeting.put_senate_proposals(item, proposals, date(2026, 6, 20))
    put = meeting.pending_events[-1]
    assert isinstance(put, SenateProposalsPutOnAgenda)
    assert (put.proposals, put.rule) == (proposals, "Law 2008 Art. 14; Reg2024 §5, §13")
    assert meeting.item(item.item_id) == item.title  # the Council votes on it like any item


def test_no_proposal_goes_on_a_regional_a_closed_or_a_post_senate_agenda() -> None:
    item = AgendaItem(item_id=uuid.uuid4(), title=Title(kk="Сенат", ru="Сенат"))
    with pytest.raises(NotTheNationalCouncil):
        convene("abai", held_on=LAST_SENATE_DAY).put_senate_proposals(item, (), DAY)
    with pytest.raises(RuleViolation) as refused:
        convene("apk", held_on=NO_SENATE_DAY).put_senate_proposals(item, (), DAY)
    assert refused.value.reason_code == "post_ended"
    closed = convene("apk", held_on=DAY)
    closed.open(3, DAY)
    closed.close(DAY)
    with pytest.raises(AgendaClosed):
        closed.put_senate_proposals(item, (), DAY)
