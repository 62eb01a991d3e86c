"""The Member aggregate without I/O: every transition and refusal."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.membership.domain.errors import EndBeforeInclusion, MembershipAlreadyEnded
from services.membership.domain.events import (
    DecisionRef,
    EndGround,
    MemberCategory,
    MemberIncluded,
    MemberNameCorrected,
    MembershipEnded,
    PersonName,
    registry,
)
from services.membership.domain.member import Member

NAME = PersonName(kk="Әлия Нұрланқызы", ru="Алия Нурлановна")
DECISION = DecisionRef(number="Р-17", date=date(2026, 3, 1))


def included() -> Member:
    member = Member.include(
        uuid.uuid4(), NAME, "abai", MemberCategory.PUBLIC_FIGURE, DECISION, date(2026, 3, 2)
    )
    member.mark_saved()
    return member


def test_inclusion_by_the_chairman_records_one_event_and_activates():
    member = Member.include(
        uuid.uuid4(), NAME, None, MemberCategory.STATE_BODY, DECISION, date(2026, 3, 2)
    )
    [event] = member.pending_events
    assert isinstance(event, MemberIncluded)
    assert member.active and member.included_on == date(2026, 3, 2)
    assert member.stream_id == f"member-{member.id}"


@pytest.mark.parametrize("ground", list(EndGround))
def test_a_membership_ends_on_every_ground(ground):
    member = included()
    member.end(ground, date(2026, 6, 1), None)
    [event] = member.pending_events
    assert isinstance(event, MembershipEnded) and event.ground is ground
    assert not member.active and member.ended_on == date(2026, 6, 1)


def test_a_second_end_is_refused():
    member = included()
    member.end(EndGround.OWN_WISH, date(2026, 6, 1), None)
    with pytest.raises(MembershipAlreadyEnded):
        member.end(EndGround.DEATH, date(2026, 7, 1), None)


def test_an_end_before_inclusion_is_refused_citing_the_rule():
    member = included()
    with pytest.raises(EndBeforeInclusion) as refused:
        member.end(EndGround.OWN_WISH, date(2026, 3, 1), None)
    assert refused.value.rule == "Reg2002 §15"
    assert member.pending_events == ()


def test_a_name_correction_is_an_event_and_a_same_name_is_no_event():
    member = included()
    member.correct_name(NAME, "no change")
    assert member.pending_events == ()
    member.correct_name(PersonName(kk="Әлия", ru="Алия"), "passport")
    [event] = member.pending_events
    assert isinstance(event, MemberNameCorrected)
    assert member.name == PersonName(kk="Әлия", ru="Алия")


def test_rehydration_replays_history_to_the_same_state():
    member = included()
    member.correct_name(PersonName(kk="Жаңа", ru="Новое"), "court")
    member.end(EndGround.ROTATION, date(2026, 9, 1), DECISION)
    history = [
        MemberIncluded(
            member_id=uuid.UUID(member.id),
            name=NAME,
            region="abai",
            category=MemberCategory.PUBLIC_FIGURE,
            decision=DECISION,
            effective_on=date(2026, 3, 2),
        ),
        *member.pending_events,
    ]
    again = Member.rehydrate(member.id, history)
    assert again.version == 3
    assert (again.active, again.ended_on, again.ground, again.name) == (
        False,
        date(2026, 9, 1),
        EndGround.ROTATION,
        PersonName(kk="Жаңа", ru="Новое"),
    )


def test_every_event_serialises_and_has_a_json_schema():
    member = included()
    member.end(EndGround.COURT_RULING, date(2026, 6, 1), DECISION)
    [event] = member.pending_events
    new = registry.to_new_event(event)
    assert new.event_type == "MembershipEnded" and new.schema_version == 1
    assert new.data["ground"] == "court_ruling"
    assert set(registry.json_schemas()) == {
        "MemberIncluded.v1",
        "MembershipEnded.v1",
        "MemberNameCorrected.v1",
    }
