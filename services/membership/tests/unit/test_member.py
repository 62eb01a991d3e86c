"""The Member aggregate without I/O: every transition and every refusal of the lifecycle."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.membership.domain.errors import (
    ApprovalBeforeCouncilReview,
    CandidacyAlreadyDecided,
    CandidacyAlreadyReviewed,
    EndBeforeInclusion,
    InvalidIin,
    MembershipAlreadyEnded,
    NominationIncomplete,
    NotAMember,
    NotRecommended,
    NotSubmitted,
)
from services.membership.domain.events import (
    REGIONAL_ONLY_GROUNDS,
    CandidacyNominated,
    CandidacyRejected,
    CandidacyReviewed,
    CandidacySubmitted,
    DecisionRef,
    EndGround,
    Gender,
    InclusionRoute,
    MemberCategory,
    MemberIncluded,
    MemberNameCorrected,
    MembershipEnded,
    NominationRoute,
    Person,
    PersonName,
    ReviewSource,
    registry,
)
from services.membership.domain.iin import is_valid_iin, mask_iin, person_key
from services.membership.domain.member import Member, Status
from shared.personal_data import Kind, PersonalDataInText

NAME = PersonName(kk="Әлия Нұрланқызы", ru="Алия Нурлановна")
PERSON = Person(name=NAME, iin="900101300126", gender=Gender.FEMALE, ethnic_group="kazakh")
DECISION = DecisionRef(number="Р-17", date=date(2026, 3, 1))
PROTOCOL = DecisionRef(number="Хаттама-4", date=date(2026, 3, 20))
ASSOCIATION = uuid.uuid4()


def nominated(route: NominationRoute = NominationRoute.ASSOCIATION) -> Member:
    member = Member.nominate(
        uuid.uuid4(),
        PERSON,
        "abai",
        MemberCategory.ETHNOCULTURAL_ASSOCIATION,
        ASSOCIATION,
        route,
        "abai" if route is NominationRoute.REGIONAL_ASSEMBLY else None,
        DECISION,
        date(2026, 3, 2),
    )
    member.mark_saved()
    return member


def reviewed(recommended: bool = True) -> Member:
    member = nominated()
    member.review(recommended, PROTOCOL, ReviewSource.COUNCIL_RESOLUTION, uuid.uuid4())
    member.mark_saved()
    return member


def submitted() -> Member:
    member = reviewed()
    member.submit(date(2026, 4, 1), None)
    member.mark_saved()
    return member


def active() -> Member:
    member = submitted()
    member.approve(DECISION, date(2026, 4, 10))
    member.mark_saved()
    return member


# -- the IIN ---------------------------------------------------------------------------------


@pytest.mark.parametrize("iin", ["900101300126", "851205400337", "010203600440"])
def test_valid_iins_pass_the_check_digit(iin):
    assert is_valid_iin(iin)


@pytest.mark.parametrize(
    "iin",
    ["900101300125", "90010130012", "9001013001260", "90010130012a", "９００１０１３００１２６"],
)
def test_invalid_iins_are_refused(iin):
    assert not is_valid_iin(iin)


def test_the_iin_is_masked_and_keyed_without_itself():
    assert mask_iin("900101300126") == "**********26"
    assert "900101300126" not in person_key("900101300126")
    assert person_key("900101300126") == person_key("900101300126")


# -- the lifecycle ---------------------------------------------------------------------------


@pytest.mark.parametrize("route", list(NominationRoute))
def test_a_nomination_on_every_route_records_the_body_and_decision(route):
    member = nominated(route)
    assert Member.rehydrate(member.id, []).status is None  # nothing happened yet
    assert member.status is Status.NOMINATED and member.person == PERSON


def test_a_regional_assembly_nomination_names_the_assembly_and_the_proposing_association():
    with pytest.raises(NominationIncomplete) as refused:
        Member.nominate(
            uuid.uuid4(),
            PERSON,
            "abai",
            MemberCategory.ETHNOCULTURAL_ASSOCIATION,
            ASSOCIATION,
            NominationRoute.REGIONAL_ASSEMBLY,
            None,
            DECISION,
            date(2026, 3, 2),
        )
    assert refused.value.rule == "Reg2002 §14"
    with pytest.raises(NominationIncomplete):
        Member.nominate(
            uuid.uuid4(),
            PERSON,
            None,
            MemberCategory.PUBLIC_ASSOCIATION,
            None,
            NominationRoute.ASSOCIATION,
            None,
            DECISION,
            date(2026, 3, 2),
        )


def test_an_invalid_iin_is_refused_at_nomination_and_inclusion():
    bad = Person(name=NAME, iin="900101300125", gender=Gender.FEMALE)
    with pytest.raises(InvalidIin):
        Member.include(
            uuid.uuid4(), bad, None, MemberCategory.STATE_BODY, DECISION, date(2026, 1, 1)
        )


def test_review_submit_approve_records_each_step():
    member = nominated()
    member.review(True, PROTOCOL, ReviewSource.SECRETARIAT_BACKFILL, None)
    member.submit(date(2026, 4, 1), None)
    member.approve(DECISION, date(2026, 4, 10))
    types = [type(e) for e in member.pending_events]
    assert types == [CandidacyReviewed, CandidacySubmitted, MemberIncluded]
    included = member.pending_events[-1]
    assert isinstance(included, MemberIncluded)
    assert included.route is InclusionRoute.NOMINATION and included.iin == PERSON.iin
    assert member.status is Status.ACTIVE and member.included_on == date(2026, 4, 10)


def test_approval_before_the_council_review_is_refused_reg2024_13_2():
    member = nominated()
    with pytest.raises(ApprovalBeforeCouncilReview) as refused:
        member.approve(DECISION, date(2026, 4, 10))
    assert refused.value.rule == "Reg2024 §13.2"
    with pytest.raises(ApprovalBeforeCouncilReview):
        member.submit(date(2026, 4, 1), None)
    assert member.pending_events == ()


def test_approval_before_submission_is_refused_reg2002_14():
    with pytest.raises(NotSubmitted):
        reviewed().approve(DECISION, date(2026, 4, 10))
    with pytest.raises(NotSubmitted):
        reviewed().reject(DECISION, date(2026, 4, 10))


def test_a_candidacy_the_council_did_not_recommend_is_not_submitted():
    with pytest.raises(NotRecommended):
        reviewed(recommended=False).submit(date(2026, 4, 1), None)


def test_the_council_reviews_a_candidacy_once():
    with pytest.raises(CandidacyAlreadyReviewed):
        reviewed().review(False, PROTOCOL, ReviewSource.COUNCIL_RESOLUTION, None)


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_a_second_decision_on_the_same_candidacy_is_refused(decide):
    member = submitted()
    if decide == "reject":
        member.reject(DECISION, date(2026, 4, 10))
    else:
        member.approve(DECISION, date(2026, 4, 10))
    for again in (
        lambda: member.approve(DECISION, date(2026, 4, 11)),
        lambda: member.reject(DECISION, date(2026, 4, 11)),
        lambda: member.submit(date(2026, 4, 11), None),
        lambda: member.review(True, PROTOCOL, ReviewSource.COUNCIL_RESOLUTION, None),
    ):
        with pytest.raises(CandidacyAlreadyDecided):
            again()


def test_a_rejection_ends_the_candidacy():
    member = submitted()
    member.reject(DECISION, date(2026, 4, 10))
    assert isinstance(member.pending_events[-1], CandidacyRejected)
    assert member.status is Status.REJECTED
    with pytest.raises(NotAMember):
        member.end(EndGround.OWN_WISH, date(2026, 5, 1), None)


def test_inclusion_by_the_chairman_needs_no_nomination():
    member = Member.include(
        uuid.uuid4(), PERSON, None, MemberCategory.STATE_BODY, DECISION, date(2026, 3, 2)
    )
    [event] = member.pending_events
    assert isinstance(event, MemberIncluded)
    assert event.route is InclusionRoute.CHAIRMAN_DISCRETION
    assert member.active and member.stream_id == f"member-{member.id}"


@pytest.mark.parametrize("ground", sorted(set(EndGround) - REGIONAL_ONLY_GROUNDS))
def test_a_membership_ends_on_every_ground(ground):
    member = active()
    member.end(ground, date(2026, 6, 1), None)
    [event] = member.pending_events
    assert isinstance(event, MembershipEnded) and event.ground is ground
    assert member.status is Status.ENDED and member.ended_on == date(2026, 6, 1)


def test_a_second_end_is_refused():
    member = active()
    member.end(EndGround.OWN_WISH, date(2026, 6, 1), None)
    with pytest.raises(MembershipAlreadyEnded):
        member.end(EndGround.DEATH, date(2026, 7, 1), None)


def test_a_candidacy_cannot_end_as_a_membership():
    with pytest.raises(NotAMember):
        nominated().end(EndGround.OWN_WISH, date(2026, 6, 1), None)


def test_an_end_before_inclusion_is_refused_citing_the_rule():
    member = active()
    with pytest.raises(EndBeforeInclusion) as refused:
        member.end(EndGround.OWN_WISH, date(2026, 4, 9), None)
    assert refused.value.rule == "Reg2002 §15"
    assert member.pending_events == ()


def test_a_name_correction_is_an_event_and_a_same_name_is_no_event():
    member = active()
    member.correct_name(NAME, "no change")
    assert member.pending_events == ()
    member.correct_name(PersonName(kk="Әлия", ru="Алия"), "passport")
    [event] = member.pending_events
    assert isinstance(event, MemberNameCorrected)
    assert member.name == PersonName(kk="Әлия", ru="Алия")


def test_rehydration_replays_history_to_the_same_state():
    member = nominated()
    member.review(True, PROTOCOL, ReviewSource.COUNCIL_RESOLUTION, None)
    member.submit(date(2026, 4, 1), None)
    member.approve(DECISION, date(2026, 4, 10))
    member.end(EndGround.ROTATION, date(2026, 9, 1), DECISION)
    history = [
        CandidacyNominated(
            member_id=uuid.UUID(member.id),
            name=NAME,
            iin=PERSON.iin,
            gender=PERSON.gender,
            ethnic_group=PERSON.ethnic_group,
            region="abai",
            category=MemberCategory.ETHNOCULTURAL_ASSOCIATION,
            association_id=ASSOCIATION,
            route=NominationRoute.ASSOCIATION,
            nominating_region=None,
            decision=DECISION,
            nominated_on=date(2026, 3, 2),
            assembly="national",
        ),
        *member.pending_events,
    ]
    again = Member.rehydrate(member.id, history)
    assert again.version == 5
    assert (again.status, again.included_on, again.ended_on, again.ground) == (
        Status.ENDED,
        date(2026, 4, 10),
        date(2026, 9, 1),
        EndGround.ROTATION,
    )


def test_a_v1_inclusion_is_upcast_to_the_discretionary_route():
    version, data = registry.upcast(
        "MemberIncluded",
        1,
        {
            "member_id": str(uuid.uuid4()),
            "name": {"kk": "А", "ru": "А"},
            "region": None,
            "category": "state_body",
            "decision": {"number": "1", "date": "2020-01-01"},
            "effective_on": "2020-01-02",
        },
    )
    assert version == 3
    event = MemberIncluded.model_validate(data)
    assert event.route is InclusionRoute.CHAIRMAN_DISCRETION and event.iin is None
    # an inclusion before regional assemblies were modelled is national, its own person
    assert (event.assembly, event.person_id) == ("national", event.member_id)


def test_personal_data_is_kept_but_never_published():
    member = active()
    member.end(EndGround.COURT_RULING, date(2026, 6, 1), DECISION)
    included = registry.to_new_event(
        Member.include(
            uuid.uuid4(), PERSON, None, MemberCategory.STATE_BODY, DECISION, date(2026, 1, 1)
        ).pending_events[0]
    )
    assert included.data["iin"] == PERSON.iin
    public = registry.public_data("MemberIncluded", included.data)
    assert {"iin", "gender", "ethnic_group"}.isdisjoint(public)
    assert public["name"] == {"kk": NAME.kk, "ru": NAME.ru}


def test_a_name_corrections_reason_cites_the_document_not_the_iin():
    member = active()
    with pytest.raises(PersonalDataInText) as refused:
        member.correct_name(PersonName(kk="Әлия", ru="Алия"), f"паспорт, ИИН {PERSON.iin}")
    assert (refused.value.field, refused.value.kind) == ("reason", Kind.IIN)
    assert PERSON.iin not in str(refused.value.params)
    assert member.pending_events == ()
