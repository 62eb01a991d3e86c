"""Regional membership without I/O: a membership is of one assembly (Reg2024 §18–19), a
regional assembly decides its own (Law 2008 Art. 14), moving to another region ends a regional
membership only (Law 2008 Art. 17), and a regional assembly's council is held by that
assembly's members (Law 2008 Art. 14)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.membership.domain.commands import AppointToPost
from services.membership.domain.errors import (
    GroundNotForNationalMembership,
    RegionalCandidacyDecidedRegionally,
)
from services.membership.domain.events import (
    CandidacyNominated,
    DecisionRef,
    EndGround,
    Gender,
    MemberCategory,
    MemberIncluded,
    MemberNameCorrected,
    MembershipEnded,
    NominationRoute,
    Person,
    PersonName,
    PostKind,
    ReviewSource,
    registry,
)
from services.membership.domain.member import Member, Status
from services.membership.domain.posts import Body, RosterEntry, body_key, rules_of
from shared.errors import InvalidInput, RuleViolation

NAME = PersonName(kk="Бауыржан Сейітұлы", ru="Бауыржан Сеитович")
PERSON = Person(name=NAME, iin="900101300126", gender=Gender.MALE, ethnic_group="kazakh")
DECISION = DecisionRef(number="ӨА-5", date=date(2026, 3, 1))
PROTOCOL = DecisionRef(number="Хаттама-4", date=date(2026, 3, 20))


def regional(assembly: str = "abai", person_id: uuid.UUID | None = None) -> Member:
    member = Member.include(
        uuid.uuid4(),
        PERSON,
        assembly,
        MemberCategory.PUBLIC_FIGURE,
        DECISION,
        date(2026, 3, 2),
        assembly=assembly,
        person_id=person_id,
    )
    member.mark_saved()
    return member


def national(person_id: uuid.UUID | None = None) -> Member:
    member = Member.include(
        uuid.uuid4(),
        PERSON,
        "abai",
        MemberCategory.PUBLIC_FIGURE,
        DECISION,
        date(2026, 3, 2),
        person_id=person_id,
    )
    member.mark_saved()
    return member


# -- inclusion --------------------------------------------------------------------------------


def test_a_regional_inclusion_names_its_assembly_and_a_new_person():
    member = Member.include(
        uuid.uuid4(), PERSON, "abai", MemberCategory.PUBLIC_FIGURE, DECISION, date(2026, 3, 2),
        assembly="abai",
    )  # fmt: skip
    [event] = member.pending_events
    assert isinstance(event, MemberIncluded)
    # a person new to every assembly is named by this membership's id
    assert (event.assembly, event.person_id) == ("abai", event.member_id)
    assert (member.assembly, member.national, member.active) == ("abai", False, True)


def test_the_same_person_keeps_one_person_id_in_both_assemblies():
    first = national()
    second = regional(person_id=first.person_id)
    assert first.person_id == second.person_id == uuid.UUID(first.id)
    assert first.id != second.id and (first.assembly, second.assembly) == ("national", "abai")


@pytest.mark.parametrize("assembly", ["atlantis", "apk"])
def test_an_unknown_assembly_is_refused(assembly):
    """A membership is of ``national`` or a region's code, never of a rulebook's code."""
    with pytest.raises(InvalidInput) as refused:
        Member.include(
            uuid.uuid4(), PERSON, None, MemberCategory.PUBLIC_FIGURE, DECISION, date(2026, 3, 2),
            assembly=assembly,
        )  # fmt: skip
    assert refused.value.params["reason"] == "unknown_assembly"


# -- ending -----------------------------------------------------------------------------------


def test_moving_to_another_region_ends_a_regional_membership():
    """Law 2008 Art. 17: a regional member who moves permanently to another region leaves."""
    member = regional()
    member.end(EndGround.MOVED_TO_ANOTHER_REGION, date(2026, 9, 1), DECISION)
    [event] = member.pending_events
    assert isinstance(event, MembershipEnded)
    assert (event.ground, event.assembly) == (EndGround.MOVED_TO_ANOTHER_REGION, "abai")
    assert (member.status, member.ended_on) == (Status.ENDED, date(2026, 9, 1))


def test_moving_to_another_region_is_refused_for_a_national_membership():
    member = national()
    with pytest.raises(GroundNotForNationalMembership) as refused:
        member.end(EndGround.MOVED_TO_ANOTHER_REGION, date(2026, 9, 1), DECISION)
    assert (refused.value.rule, refused.value.reason_code) == (
        "Law 2008 Art. 17",
        "end_ground_regional_only",
    )
    assert member.pending_events == () and member.active


def test_the_end_and_a_name_correction_carry_the_assembly():
    member = regional("astana")
    member.correct_name(PersonName(kk="Бауыржан", ru="Бауыржан"), "passport")
    member.end(EndGround.OWN_WISH, date(2026, 9, 1), None)
    corrected, ended = member.pending_events
    assert isinstance(corrected, MemberNameCorrected) and corrected.assembly == "astana"
    assert isinstance(ended, MembershipEnded) and ended.assembly == "astana"


# -- a regional candidacy -----------------------------------------------------------------------


def regional_candidacy() -> Member:
    member = Member.nominate(
        uuid.uuid4(), PERSON, "abai", MemberCategory.ETHNOCULTURAL_ASSOCIATION, uuid.uuid4(),
        NominationRoute.ASSOCIATION, None, DECISION, date(2026, 3, 2), assembly="abai",
    )  # fmt: skip
    member.mark_saved()
    return member


def test_a_regional_candidacy_is_decided_by_its_assembly_on_the_nomination():
    """Law 2008 Art. 14: no Council review, no submission to the Chairman."""
    member = regional_candidacy()
    assert member.status is Status.NOMINATED and member.assembly == "abai"
    person_id = uuid.uuid4()
    member.approve(DECISION, date(2026, 3, 10), person_id)
    [event] = member.pending_events
    assert isinstance(event, MemberIncluded)
    assert (event.assembly, event.person_id) == ("abai", person_id)


def test_the_councils_review_and_submission_are_refused_for_a_regional_candidacy():
    member = regional_candidacy()
    with pytest.raises(RegionalCandidacyDecidedRegionally) as refused:
        member.review(True, PROTOCOL, ReviewSource.SECRETARIAT_BACKFILL, None)
    assert refused.value.rule == "Law 2008 Art. 14"
    with pytest.raises(RegionalCandidacyDecidedRegionally):
        member.submit(date(2026, 3, 5), None)
    assert member.pending_events == ()


def test_a_national_candidacy_still_needs_the_councils_review():
    member = Member.nominate(
        uuid.uuid4(), PERSON, "abai", MemberCategory.ETHNOCULTURAL_ASSOCIATION, uuid.uuid4(),
        NominationRoute.ASSOCIATION, None, DECISION, date(2026, 3, 2),
    )  # fmt: skip
    [event] = member.pending_events
    assert isinstance(event, CandidacyNominated) and event.assembly == "national"
    member.mark_saved()
    with pytest.raises(RuleViolation) as refused:
        member.approve(DECISION, date(2026, 3, 10))
    assert refused.value.rule == "Reg2024 §13.2"


# -- older events -------------------------------------------------------------------------------


def test_older_events_are_upcast_to_the_national_assembly():
    member_id = str(uuid.uuid4())
    version, data = registry.upcast(
        "MemberIncluded",
        2,
        {
            "member_id": member_id, "name": {"kk": "А", "ru": "А"}, "region": None,
            "category": "state_body", "decision": {"number": "1", "date": "2020-01-01"},
            "effective_on": "2020-01-02", "route": "chairman_discretion",
            "association_id": None, "iin": None, "gender": None, "ethnic_group": None,
        },
    )  # fmt: skip
    assert (version, data["assembly"], data["person_id"]) == (3, "national", member_id)
    for event_type, old in (
        ("CandidacyNominated", 1),
        ("MembershipEnded", 1),
        ("MemberNameCorrected", 1),
    ):
        version, data = registry.upcast(event_type, old, {"member_id": member_id})
        assert (version, data["assembly"]) == (old + 1, "national")


# -- a regional assembly's council ------------------------------------------------------------


def council_term(region: str, holder: RosterEntry, start_on: date = date(2026, 4, 1)) -> Body:
    body = Body(body_key(PostKind.REGIONAL_COUNCIL_MEMBER, region))
    body.appoint(
        uuid.uuid4(),
        AppointToPost(
            post=PostKind.REGIONAL_COUNCIL_MEMBER,
            region=region,
            member_id=uuid.uuid4(),
            name=None,
            start_on=start_on,
            document=DecisionRef(number="ӨА-9", date=date(2026, 3, 30)),
        ),
        holder,
    )
    return body


def test_a_regional_council_member_is_a_member_of_that_assembly():
    """Law 2008 Art. 14: the regional assembly's own council, of its members."""
    body = council_term("abai", RosterEntry(NAME, date(2026, 3, 2), None, "abai"))
    [event] = body.pending_events
    assert body.id == "regional_assembly.abai"
    assert (event.post, event.region) == (PostKind.REGIONAL_COUNCIL_MEMBER, "abai")


@pytest.mark.parametrize("assembly", ["national", "astana"])
def test_a_member_of_another_assembly_cannot_sit_on_a_regional_council(assembly):
    with pytest.raises(RuleViolation) as refused:
        council_term("abai", RosterEntry(NAME, date(2026, 3, 2), None, assembly))
    assert (refused.value.rule, refused.value.reason_code) == (
        "Law 2008 Art. 14",
        "post_holder_of_another_assembly",
    )


def test_a_regional_council_member_must_be_a_member_on_the_first_day():
    with pytest.raises(RuleViolation) as refused:
        council_term("abai", RosterEntry(NAME, date(2026, 5, 1), None, "abai"))
    assert refused.value.reason_code == "post_holder_not_a_member"


def test_a_regional_member_cannot_sit_on_the_national_council():
    body = Body(body_key(PostKind.COUNCIL_MEMBER, None))
    with pytest.raises(RuleViolation) as refused:
        body.appoint(
            uuid.uuid4(),
            AppointToPost(
                post=PostKind.COUNCIL_MEMBER, region=None, member_id=uuid.uuid4(), name=None,
                start_on=date(2026, 4, 1), document=DECISION,
            ),
            RosterEntry(NAME, date(2026, 3, 2), None, "abai"),
        )  # fmt: skip
    assert refused.value.reason_code == "post_holder_of_another_assembly"


def test_the_post_is_in_the_rulebooks_from_the_law_of_2008():
    rules = rules_of(PostKind.REGIONAL_COUNCIL_MEMBER, date(2025, 1, 1))
    assert (rules.citation, rules.rule.member_required) == ("Law 2008 Art. 14", True)
    assert rules.rule.appointed_by == "regional_assembly_decision"
    assert rules_of(PostKind.REGIONAL_COUNCIL_MEMBER, date(2009, 1, 1)).provisional
    with pytest.raises(RuleViolation) as refused:
        rules_of(PostKind.REGIONAL_COUNCIL_MEMBER, date(2005, 1, 1))
    assert refused.value.reason_code == "post_not_yet"
