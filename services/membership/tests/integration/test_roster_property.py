"""Property: the roster read model on any date equals a replay of the events up to that date."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.membership.application import members
from services.membership.domain.commands import EndMembership, IncludeMember
from services.membership.domain.events import (
    DecisionRef,
    EndGround,
    Gender,
    MemberCategory,
    MemberIncluded,
    MembershipEnded,
    Person,
    PersonName,
)
from services.membership.projections.members import roster
from services.membership.tests.conftest import valid_iin
from shared.context import Actor
from shared.eventstore.model import DomainEvent

pytestmark = pytest.mark.integration

START = date(2020, 1, 1)
CHAIRMAN = Actor(subject="president", roles=frozenset({"chairman"}))


def roster_on(history: Iterable[DomainEvent], day: date) -> set[uuid.UUID]:
    """The oracle: members on ``day`` by replaying the events, those whose inclusion took
    effect by then and whose membership had not ended (one ending on ``day`` no longer counts)."""
    included: dict[uuid.UUID, date] = {}
    ended: dict[uuid.UUID, date] = {}
    for event in history:
        if isinstance(event, MemberIncluded) and event.effective_on <= day:
            included[event.member_id] = event.effective_on
        elif isinstance(event, MembershipEnded) and event.effective_on <= day:
            ended[event.member_id] = event.effective_on
    return {member for member in included if member not in ended}


_serial = iter(range(2000, 10_000))

# a scenario: people with an inclusion day and, perhaps, an end some days later
people = st.lists(
    st.tuples(st.integers(0, 400), st.none() | st.integers(0, 400)), min_size=1, max_size=6
)
probe_days = st.lists(st.integers(-5, 820), min_size=1, max_size=6)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(scenario=people, days=probe_days)
async def test_roster_as_of_any_date_equals_a_replay(app, scenario, days):
    platform = app.state.platform
    ids: set[uuid.UUID] = set()
    for start, length in scenario:
        person = Person(
            name=PersonName(kk="Тест", ru="Тест"), iin=valid_iin(next(_serial)), gender=Gender.MALE
        )
        command = IncludeMember(
            person,
            "abai",
            MemberCategory.PUBLIC_FIGURE,
            DecisionRef(number="Ө-1", date=START),
            START + timedelta(days=start),
        )
        async with platform.runner.unit_of_work(CHAIRMAN) as uow:
            member = await members.include_member(command, uow)
            await uow.commit()
        ids.add(uuid.UUID(member.id))
        if length is not None:
            end = EndMembership(
                uuid.UUID(member.id),
                EndGround.OWN_WISH,
                START + timedelta(days=start + length),
                None,
            )
            async with platform.runner.unit_of_work(CHAIRMAN) as uow:
                await members.end_membership(end, uow)
                await uow.commit()

    async with platform.sessions() as db:
        history = [
            platform.registry.load(event)
            for member_id in ids
            for event in await platform.store.read_stream(db, f"member-{member_id}")
        ]
        for offset in days:
            day = START + timedelta(days=offset)
            rows = await roster(db, day)
            from_read_model = {row["member_id"] for row in rows} & ids
            assert from_read_model == roster_on(history, day), day
