"""Bodies and posts without I/O: every rule, seat limits, officers, rotations and history."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.membership.domain.commands import AppointToPost, EndPostTerm
from services.membership.domain.errors import PostAlreadyHeld, PostTermAlreadyEnded
from services.membership.domain.events import (
    BodyKind,
    DecisionRef,
    PersonName,
    PostEndGround,
    PostKind,
    PostTermEnded,
    PostTermStarted,
    registry,
)
from services.membership.domain.posts import (
    POST_BODIES,
    REGIONS,
    Body,
    RosterEntry,
    add_months,
    body_key,
    holder_key,
    rotation_due,
)
from shared.errors import InvalidInput, NotFound, RuleViolation
from shared.eventstore.model import RecordedEvent
from shared.personal_data import Kind, PersonalDataInText

ORDER = DecisionRef(number="ӨК-12", date=date(2025, 1, 10))
RECOMMENDATION = DecisionRef(number="Кеңес-3", date=date(2025, 1, 5))
PROPOSAL = DecisionRef(number="Кеңес-4", date=date(2025, 1, 6))
ENDING = DecisionRef(number="ӨК-40", date=date(2026, 6, 1))
D = date(2025, 2, 1)

DC = PostKind.DEPUTY_CHAIRMAN_ETHNOCULTURAL
HOS = PostKind.DEPUTY_CHAIRMAN_HEAD_OF_SECRETARIAT
SEC_MEMBER = PostKind.SCIENTIFIC_EXPERT_COUNCIL_MEMBER
SEC_CHAIR = PostKind.SCIENTIFIC_EXPERT_COUNCIL_CHAIR
SEC_DEPUTY = PostKind.SCIENTIFIC_EXPERT_COUNCIL_DEPUTY_CHAIR


def name(i: int = 0) -> PersonName:
    return PersonName(kk=f"Асқар Әлиев {i}", ru=f"Аскар Алиев {i}")


class Roster:
    """Assembly members for the tests: all members since 2020 unless told otherwise."""

    def __init__(self) -> None:
        self.entries: dict[uuid.UUID, RosterEntry] = {}

    def member(
        self, included_on: date | None = date(2020, 1, 1), ended_on: date | None = None
    ) -> uuid.UUID:
        member_id = uuid.uuid4()
        self.entries[member_id] = RosterEntry(name(len(self.entries)), included_on, ended_on)
        return member_id


def command(post: PostKind, **kw: object) -> AppointToPost:
    defaults: dict[str, object] = {
        "region": None,
        "member_id": None,
        "name": None,
        "start_on": D,
        "document": ORDER,
    }
    if post is DC:
        defaults |= {"rotation_period_months": 24, "recommendation": RECOMMENDATION}
    if post is PostKind.SENATE_DEPUTY:
        defaults["proposal"] = PROPOSAL
    return AppointToPost(post=post, **(defaults | kw))  # type: ignore[arg-type]


def appoint(body: Body, roster: Roster, post: PostKind, **kw: object) -> uuid.UUID:
    """Appoint someone (a new member unless ``member_id`` or ``name`` is given); the term id."""
    if "member_id" not in kw and "name" not in kw:
        kw["member_id"] = roster.member()
    cmd = command(post, **kw)
    term_id = uuid.uuid4()
    entry = roster.entries.get(cmd.member_id) if cmd.member_id else None
    body.appoint(term_id, cmd, entry)
    return term_id


def end(body: Body, term_id: uuid.UUID, on: date, **kw: object) -> None:
    body.end_term(
        EndPostTerm(
            term_id=term_id,
            end_on=on,
            ground=kw.pop("ground", PostEndGround.RELEASED),  # type: ignore[arg-type]
            reason=kw.pop("reason", None),  # type: ignore[arg-type]
            document=ENDING,
        )
    )


def body_for(post: PostKind, region: str | None = None) -> Body:
    return Body(body_key(post, region))


@pytest.fixture
def roster() -> Roster:
    return Roster()


# -- bodies and regions (Reg2024 §18) -------------------------------------------------------


def test_every_post_belongs_to_one_body_and_streams_are_per_body():
    assert Body("council").stream_id == "body-council"
    assert body_key(DC, None) == body_key(HOS, None) == "deputy_chairmen"
    assert body_key(SEC_CHAIR, None) == "scientific_expert_council"
    assert body_key(PostKind.SENATE_DEPUTY, None) == "senate_deputies"
    assert set(POST_BODIES.values()) == set(BodyKind)


@pytest.mark.parametrize("region", REGIONS)
def test_each_of_the_twenty_regions_has_its_own_assembly(region):
    assert len(REGIONS) == len(set(REGIONS)) == 20
    body = body_for(PostKind.REGIONAL_ASSEMBLY_CHAIR, region)
    assert body.id == f"regional_assembly.{region}"
    assert (body.kind, body.region) == (BodyKind.REGIONAL_ASSEMBLY, region)


def test_an_unknown_or_missing_region_is_refused_citing_reg2024_18():
    with pytest.raises(RuleViolation) as unknown:
        body_key(PostKind.REGIONAL_ASSEMBLY_CHAIR, "semipalatinsk")
    assert (unknown.value.rule, unknown.value.reason_code) == ("Reg2024 §18", "post_region_unknown")
    with pytest.raises(RuleViolation) as missing:
        body_key(PostKind.REGIONAL_ASSEMBLY_CHAIR, None)
    assert missing.value.reason_code == "post_region_required"
    with pytest.raises(InvalidInput):
        body_key(PostKind.COUNCIL_MEMBER, "abai")
    with pytest.raises(ValueError):
        Body("regional_assembly")


def test_a_post_of_another_body_is_refused(roster):
    with pytest.raises(InvalidInput):
        appoint(Body("council"), roster, HOS)


# -- holders --------------------------------------------------------------------------------


def test_a_council_member_is_appointed_by_one_event_with_the_roster_name(roster):
    body = Body("council")
    member_id = roster.member()
    term_id = appoint(body, roster, PostKind.COUNCIL_MEMBER, member_id=member_id)
    [event] = body.pending_events
    assert isinstance(event, PostTermStarted)
    assert event.term_id == term_id and event.member_id == member_id
    assert event.name == roster.entries[member_id].name
    assert (event.body, event.post, event.start_on, event.document) == (
        BodyKind.COUNCIL,
        PostKind.COUNCIL_MEMBER,
        D,
        ORDER,
    )
    assert [t.term_id for t in body.holders_on(D)] == [term_id]


@pytest.mark.parametrize(
    ("post", "rule"),
    [
        (PostKind.COUNCIL_MEMBER, "Reg2024 §12"),
        (HOS, "Reg2024 §16–17"),
        (DC, "Reg2024 §16"),
        (PostKind.SENATE_DEPUTY, "Reg2024 §5, §13"),
    ],
)
def test_posts_held_by_assembly_members_refuse_a_mere_name(post, rule, roster):
    """Council members come from the Assembly (Reg2024 §12); so do the Deputy Chairmen and the
    Senate deputies proposed by its Council (Reg2024 §5, §13, §16)."""
    with pytest.raises(RuleViolation) as refused:
        appoint(body_for(post), roster, post, name=name())
    assert refused.value.reason_code == "post_requires_member"
    assert refused.value.rule == rule


@pytest.mark.parametrize(
    ("post", "region"),
    [(PostKind.REGIONAL_ASSEMBLY_CHAIR, "abai"), (SEC_MEMBER, None)],
)
def test_the_akim_and_the_scientific_experts_need_not_be_members(post, region, roster):
    body = body_for(post, region)
    appoint(body, roster, post, name=name(7), region=region)
    [event] = body.pending_events
    assert isinstance(event, PostTermStarted)
    assert event.member_id is None and event.name == name(7) and event.region == region


@pytest.mark.parametrize(
    ("included_on", "ended_on"),
    [
        (date(2025, 2, 2), None),
        (date(2020, 1, 1), D),
        (date(2020, 1, 1), date(2024, 1, 1)),
        (None, None),
    ],
)
def test_a_holder_named_as_a_member_must_be_one_on_the_first_day(included_on, ended_on, roster):
    """Reg2024 §12: the Council is formed from the Assembly's members (on the day)."""
    member_id = roster.member(included_on, ended_on)
    with pytest.raises(RuleViolation) as refused:
        appoint(Body("council"), roster, PostKind.COUNCIL_MEMBER, member_id=member_id)
    assert (refused.value.rule, refused.value.reason_code) == (
        "Reg2024 §12",
        "post_holder_not_a_member",
    )


def test_a_holder_is_a_member_or_a_name_never_both_nor_neither(roster):
    body = body_for(SEC_MEMBER)
    with pytest.raises(InvalidInput):
        appoint(body, roster, SEC_MEMBER, member_id=roster.member(), name=name())
    with pytest.raises(InvalidInput):
        appoint(body, roster, SEC_MEMBER, member_id=None, name=None)
    assert body.pending_events == ()


# -- seat limits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "region", "seats", "rule"),
    [
        (HOS, None, 1, "Reg2024 §16–17"),
        (DC, None, 2, "Reg2024 §16"),
        (SEC_CHAIR, None, 1, "Reg2024 §22"),
        (PostKind.REGIONAL_ASSEMBLY_CHAIR, "karaganda", 1, "Reg2024 §18"),
        (PostKind.SENATE_DEPUTY, None, 5, "Reg2024 §5, §13"),
    ],
)
def test_a_seat_limited_post_refuses_one_holder_too_many(post, region, seats, rule, roster):
    body = body_for(post, region)

    def add(start_on: date) -> uuid.UUID:
        member_id = roster.member()
        if post is SEC_CHAIR:  # the chair is elected from the members (Reg2024 §22)
            appoint(body, roster, SEC_MEMBER, member_id=member_id, start_on=date(2020, 1, 1))
        return appoint(body, roster, post, member_id=member_id, region=region, start_on=start_on)

    terms = [add(D) for _ in range(seats)]
    with pytest.raises(RuleViolation) as refused:
        add(date(2025, 12, 1))
    assert (refused.value.rule, refused.value.reason_code) == (rule, "post_seat_limit_reached")
    assert refused.value.params["limit"] == seats
    end(body, terms[0], date(2026, 1, 1))
    with pytest.raises(RuleViolation):  # the seat is still taken on 2024-12-31
        add(date(2025, 12, 31))
    add(date(2026, 1, 1))  # free from the first day out of office
    assert len(body.holders_on(date(2026, 1, 1), post)) == seats


def test_the_seat_limit_holds_on_every_later_day_not_only_the_first(roster):
    """Reg2024 §16: two ethnocultural deputies. A [2024-01-01, 2025-01-01), B from 2024-06-01:
    a third from 2024-03-01 fits on its first day but not on 2024-06-01."""
    body = Body("deputy_chairmen")
    a = appoint(body, roster, DC, start_on=date(2025, 1, 1))
    end(body, a, date(2026, 1, 1))
    appoint(body, roster, DC, start_on=date(2025, 6, 1))
    with pytest.raises(RuleViolation) as refused:
        appoint(body, roster, DC, start_on=date(2025, 3, 1))
    assert refused.value.params["on"] == "2025-06-01"
    appoint(body, roster, DC, start_on=date(2026, 1, 1))


def test_the_three_deputy_chairmen_are_three_people(roster):
    """Reg2024 §16–17: one Head of the Secretariat and two from ethnocultural associations."""
    body = Body("deputy_chairmen")
    hos = roster.member()
    appoint(body, roster, HOS, member_id=hos)
    appoint(body, roster, DC)
    appoint(body, roster, DC)
    assert len(body.holders_on(D)) == 3
    other = Body("deputy_chairmen")
    appoint(other, roster, HOS, member_id=hos)
    with pytest.raises(RuleViolation) as refused:
        appoint(other, roster, DC, member_id=hos, start_on=date(2026, 1, 1))
    assert (refused.value.rule, refused.value.reason_code) == (
        "Reg2024 §16",
        "post_one_seat_per_person",
    )


def test_the_same_person_cannot_hold_the_same_post_twice_at_once(roster):
    body = Body("council")
    member_id = roster.member()
    first = appoint(body, roster, PostKind.COUNCIL_MEMBER, member_id=member_id)
    with pytest.raises(PostAlreadyHeld):
        appoint(
            body, roster, PostKind.COUNCIL_MEMBER, member_id=member_id, start_on=date(2031, 1, 1)
        )
    end(body, first, date(2026, 1, 1))
    appoint(body, roster, PostKind.COUNCIL_MEMBER, member_id=member_id, start_on=date(2027, 1, 1))
    assert [t.start_on for t in body.terms.values()] == [D, date(2027, 1, 1)]


def test_the_council_has_no_fixed_number_of_members(roster):
    """The Council's size is the Chairman's decision (Reg2002 §9): derived, never a limit."""
    body = Body("council")
    for _ in range(120):
        appoint(body, roster, PostKind.COUNCIL_MEMBER)
    assert len(body.holders_on(D)) == 120


# -- documents: the Council's recommendation and proposal -----------------------------------


def test_an_ethnocultural_deputy_needs_the_recommendation_and_the_rotation_period(roster):
    """Reg2024 §16: by presidential order on the Council's recommendation, in rotation."""
    body = Body("deputy_chairmen")
    for missing in ({"rotation_period_months": None}, {"recommendation": None}):
        with pytest.raises(RuleViolation) as refused:
            appoint(body, roster, DC, **missing)
        assert (refused.value.rule, refused.value.reason_code) == (
            "Reg2024 §16",
            "post_rotation_terms_required",
        )
    late = DecisionRef(number="Кеңес-9", date=date(2025, 1, 11))
    with pytest.raises(RuleViolation) as refused:
        appoint(body, roster, DC, recommendation=late)
    assert refused.value.reason_code == "post_recommendation_after_order"
    with pytest.raises(InvalidInput):
        appoint(body, roster, DC, rotation_period_months=0)
    same_day = DecisionRef(number="Кеңес-8", date=ORDER.date)
    appoint(body, roster, DC, recommendation=same_day)
    [event] = body.pending_events
    assert isinstance(event, PostTermStarted)
    assert (event.rotation_period_months, event.recommendation) == (24, same_day)


def test_the_councils_recommendation_received_from_its_resolution_serves_the_order(roster):
    """Reg2024 §16: a recommendation recorded from the Council's resolution stands in for the
    document in the appointing command; recorded once per resolution and member."""
    body = Body("deputy_chairmen")
    member, resolution = roster.member(), uuid.uuid4()
    body.record_recommendation(member, RECOMMENDATION, resolution)
    body.record_recommendation(member, RECOMMENDATION, resolution)  # a redelivery
    assert len(body.pending_events) == 1
    appoint(body, roster, DC, member_id=member, recommendation=None)
    started = body.pending_events[-1]
    assert isinstance(started, PostTermStarted)
    assert started.recommendation == RECOMMENDATION
    other = roster.member()
    with pytest.raises(RuleViolation) as refused:  # nobody recommended this one
        appoint(body, roster, DC, member_id=other, recommendation=None)
    assert refused.value.reason_code == "post_rotation_terms_required"
    with pytest.raises(InvalidInput):  # recommendations belong to the Deputy Chairmen
        Body("council").record_recommendation(member, RECOMMENDATION, resolution)


def test_a_senate_deputy_needs_the_councils_proposal_dated_before(roster):
    """Reg2024 §5, §13: five Senate deputies appointed on the Council's proposal."""
    body = Body("senate_deputies")
    with pytest.raises(RuleViolation) as refused:
        appoint(body, roster, PostKind.SENATE_DEPUTY, proposal=None)
    assert (refused.value.rule, refused.value.reason_code) == (
        "Reg2024 §5, §13",
        "post_council_proposal_required",
    )
    with pytest.raises(RuleViolation) as late:
        appoint(
            body,
            roster,
            PostKind.SENATE_DEPUTY,
            proposal=DecisionRef(number="Кеңес-5", date=date(2025, 2, 1)),
        )
    assert late.value.reason_code == "post_proposal_after_appointment"
    appoint(body, roster, PostKind.SENATE_DEPUTY)
    [event] = body.pending_events
    assert isinstance(event, PostTermStarted) and event.proposal == PROPOSAL


@pytest.mark.parametrize(
    ("field", "value"),
    [("rotation_period_months", 12), ("recommendation", RECOMMENDATION), ("proposal", PROPOSAL)],
)
def test_council_documents_do_not_apply_to_other_posts(field, value, roster):
    with pytest.raises(InvalidInput) as refused:
        appoint(Body("council"), roster, PostKind.COUNCIL_MEMBER, **{field: value})
    assert refused.value.params == {"reason": "post_field_not_applicable", "field": field}


# -- the Scientific-Expert Council's officers (Reg2024 §22) ---------------------------------


@pytest.mark.parametrize("officer", [SEC_CHAIR, SEC_DEPUTY])
def test_an_officer_must_be_a_member_of_the_council_on_that_date(officer, roster):
    body = Body("scientific_expert_council")
    with pytest.raises(RuleViolation) as refused:
        appoint(body, roster, officer, name=name(1))
    assert (refused.value.rule, refused.value.reason_code) == (
        "Reg2024 §22",
        "post_sec_officer_not_member",
    )
    appoint(body, roster, SEC_MEMBER, name=name(1), start_on=date(2025, 3, 1))
    with pytest.raises(RuleViolation):  # a member only from March
        appoint(body, roster, officer, name=name(1))
    # the same person, written with other spacing and case
    spaced = PersonName(kk="  асқар  ӘЛИЕВ 1", ru="Аскар Алиев 1")
    appoint(body, roster, officer, name=spaced, start_on=date(2025, 3, 1))
    assert [t.post for t in body.holders_on(date(2025, 3, 1))] == [SEC_MEMBER, officer]


def test_an_assembly_member_in_the_sec_is_matched_by_member_id(roster):
    body = Body("scientific_expert_council")
    member_id = roster.member()
    appoint(body, roster, SEC_MEMBER, member_id=member_id)
    appoint(body, roster, SEC_CHAIR, member_id=member_id)
    deputies = [roster.member() for _ in range(3)]
    for deputy in deputies:  # several deputies: no seat limit
        appoint(body, roster, SEC_MEMBER, member_id=deputy)
        appoint(body, roster, SEC_DEPUTY, member_id=deputy)
    with pytest.raises(RuleViolation) as refused:  # chair and deputy at once
        appoint(body, roster, SEC_DEPUTY, member_id=member_id, start_on=date(2025, 5, 1))
    assert refused.value.reason_code == "post_one_seat_per_person"
    assert refused.value.rule == "Reg2024 §22"


def test_leaving_the_sec_ends_the_officers_term_the_same_day(roster):
    body = Body("scientific_expert_council")
    membership = appoint(body, roster, SEC_MEMBER, name=name(2))
    chair = appoint(body, roster, SEC_CHAIR, name=name(2), start_on=date(2025, 4, 1))
    body.mark_saved()
    end(body, membership, date(2026, 1, 1), ground=PostEndGround.RESIGNED)
    first, second = body.pending_events
    assert isinstance(first, PostTermEnded) and isinstance(second, PostTermEnded)
    assert (first.term_id, first.ground, first.end_on) == (
        chair,
        PostEndGround.MEMBERSHIP_ENDED,
        date(2026, 1, 1),
    )
    assert (second.term_id, second.ground) == (membership, PostEndGround.RESIGNED)
    assert body.holders_on(date(2026, 1, 1)) == []


def test_the_sec_membership_cannot_end_before_an_officers_term_begins(roster):
    body = Body("scientific_expert_council")
    membership = appoint(body, roster, SEC_MEMBER, name=name(3))
    appoint(body, roster, SEC_CHAIR, name=name(3), start_on=date(2026, 1, 1))
    body.mark_saved()
    with pytest.raises(RuleViolation) as refused:
        end(body, membership, date(2025, 6, 1))
    assert refused.value.reason_code == "post_sec_officer_outlives_membership"
    assert body.pending_events == ()


# -- ends -----------------------------------------------------------------------------------


def test_ending_a_term_records_its_day_ground_reason_and_document(roster):
    body = Body("regional_assembly.abai")
    term = appoint(body, roster, PostKind.REGIONAL_ASSEMBLY_CHAIR, region="abai", name=name())
    body.mark_saved()
    end(body, term, date(2026, 6, 2), ground=PostEndGround.LEFT_OFFICE, reason="жаңа қызмет")
    [event] = body.pending_events
    assert isinstance(event, PostTermEnded)
    assert (event.end_on, event.ground, event.reason, event.document, event.region) == (
        date(2026, 6, 2),
        PostEndGround.LEFT_OFFICE,
        "жаңа қызмет",
        ENDING,
        "abai",
    )


def test_an_end_is_refused_for_an_unknown_an_ended_or_an_inverted_term(roster):
    body = Body("council")
    term = appoint(body, roster, PostKind.COUNCIL_MEMBER)
    with pytest.raises(NotFound):
        end(body, uuid.uuid4(), date(2026, 1, 1))
    with pytest.raises(InvalidInput) as inverted:
        end(body, term, D)
    assert inverted.value.params["reason"] == "post_term_end_not_after_start"
    end(body, term, date(2026, 1, 1))
    with pytest.raises(PostTermAlreadyEnded):
        end(body, term, date(2027, 1, 1))


# -- rotations (Reg2024 §16) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 11, 15), 2, date(2025, 1, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 12, 1), 1, date(2025, 1, 1)),
    ],
)
def test_add_months_is_calendar_months(start, months, due):
    assert add_months(start, months) == due


def test_a_rotation_is_due_on_the_boundary_day_not_the_day_before(roster):
    body = Body("deputy_chairmen")
    term_id = appoint(body, roster, DC, start_on=date(2025, 3, 15), rotation_period_months=24)
    term = body.terms[term_id]
    assert term.rotation_due_on == date(2027, 3, 15)
    assert not rotation_due(term, date(2027, 3, 14))
    assert rotation_due(term, date(2027, 3, 15))
    assert body.rotations_due(date(2027, 3, 14)) == []
    assert body.rotations_due(date(2027, 3, 15)) == [term]
    end(body, term_id, date(2027, 4, 1), ground=PostEndGround.ROTATION)
    assert rotation_due(body.terms[term_id], date(2027, 3, 31))
    assert not rotation_due(body.terms[term_id], date(2027, 4, 1))  # rotated out


def test_only_ethnocultural_deputies_rotate(roster):
    body = Body("deputy_chairmen")
    term_id = appoint(body, roster, HOS, start_on=date(2020, 1, 1))
    assert body.terms[term_id].rotation_due_on is None
    assert body.rotations_due(date(2031, 1, 1)) == []


# -- history --------------------------------------------------------------------------------


def _recorded(body: Body) -> list[RecordedEvent]:
    from datetime import UTC, datetime

    return [
        RecordedEvent(
            global_position=i + 1,
            transaction_id=i + 1,
            stream_id=body.stream_id,
            stream_type=body.stream_type,
            version=i + 1,
            event_id=uuid.uuid4(),
            event_type=e.event_type,
            schema_version=e.schema_version,
            data=registry.to_new_event(e).data,
            metadata={},
            recorded_at=datetime.now(UTC),
            stored_schema_version=e.schema_version,
        )
        for i, e in enumerate(body.pending_events)
    ]


def test_history_is_never_overwritten_and_replays_to_the_same_holders(roster):
    body = Body("deputy_chairmen")
    first = appoint(body, roster, HOS, start_on=date(2020, 1, 1))
    end(body, first, date(2022, 7, 1))
    second = appoint(body, roster, HOS, start_on=date(2022, 7, 1))
    assert len(body.pending_events) == 3  # two starts and an end: nothing replaced
    replayed = Body.rehydrate(body.id, (registry.load(r) for r in _recorded(body)))
    assert replayed.version == 3
    for day, holder in [
        (date(2019, 12, 31), None),
        (date(2020, 1, 1), first),
        (date(2022, 6, 30), first),
        (date(2022, 7, 1), second),
    ]:
        assert [t.term_id for t in replayed.holders_on(day)] == ([holder] if holder else [])
    assert replayed.terms == body.terms


def test_posts_events_are_registered_serialisable_and_carry_nothing_personal(roster):
    body = Body("council")
    term = appoint(body, roster, PostKind.COUNCIL_MEMBER)
    end(body, term, date(2026, 1, 1))
    schemas = registry.json_schemas()
    for event in body.pending_events:
        new = registry.to_new_event(event)
        assert type(event).model_validate(new.data) == event
        assert f"{event.event_type}.v1" in schemas
        personal = {"iin", "gender", "ethnic_group", "birth_date", "phone", "email", "address"}
        assert personal.isdisjoint(new.data)
    started = schemas["PostTermStarted.v1"]["properties"]
    assert {"member_id", "name", "start_on", "body", "post", "region", "document"} <= set(started)
    assert {"term_id", "end_on", "ground", "document"} <= set(
        schemas["PostTermEnded.v1"]["properties"]
    )


def test_holder_keys_match_members_by_id_and_others_by_name():
    member_id = uuid.uuid4()
    assert holder_key(member_id, name(1)) == holder_key(member_id, name(2))
    assert holder_key(None, name(1)) != holder_key(None, name(2))
    assert holder_key(None, PersonName(kk="А  Б", ru="В")) == holder_key(
        None, PersonName(kk="а б", ru="в ")
    )


def test_the_reason_a_term_ended_refuses_personal_identifiers(roster):
    body = Body("deputy_chairmen")
    term = appoint(body, roster, DC, start_on=date(2024, 1, 1))
    with pytest.raises(PersonalDataInText) as refused:
        end(body, term, date(2025, 1, 1), reason="Освобождён, тел. +7 701 111 22 33")
    assert (refused.value.field, refused.value.kind) == ("reason", Kind.PHONE)
    end(body, term, date(2025, 1, 1), reason="По собственному желанию")
