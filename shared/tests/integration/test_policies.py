"""A service's policies (``CommandRunner.react``) on real PostgreSQL: they get the events of a
unit of work once it has committed, never those of one that did not commit; a policy's own
unit of work is reacted to in turn; a failing policy leaves the command committed."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from shared.application import CommandResult, CommandRunner, UnitOfWork
from shared.context import Actor
from shared.eventstore import EventStore
from shared.eventstore.model import RecordedEvent
from shared.projections import Projector
from shared.tests.integration.conftest import ThingHappened

pytestmark = pytest.mark.integration

ACTOR = Actor("tester")


def happen(stream: str, label: str, fail: bool = False):  # type: ignore[no-untyped-def]
    async def work(uow: UnitOfWork) -> CommandResult:
        await uow.append(stream, "thing", None, [ThingHappened(label=label, amount=1)])
        if fail:
            raise RuntimeError("the command fails after appending")
        return CommandResult(200, {})

    return work


async def test_policies_see_committed_events_only(sessions, store: EventStore) -> None:
    runner = CommandRunner(sessions, store, Projector([]), "test")
    seen: list[tuple[str, int]] = []

    async def note(events: Sequence[RecordedEvent]) -> None:
        seen.extend((e.stream_id, e.version) for e in events)
        if events[0].data["label"] == "first":  # the reaction is a command of its own
            await runner.run(happen("thing-reaction", "reaction"), ACTOR)

    async def broken(events: Sequence[RecordedEvent]) -> None:
        raise RuntimeError("the policy fails")

    runner.react(note)
    runner.react(broken)
    await runner.run(happen("thing-a", "first"), ACTOR)
    with pytest.raises(RuntimeError, match="the command fails"):
        await runner.run(happen("thing-b", "never", fail=True), ACTOR)
    assert seen == [("thing-a", 1), ("thing-reaction", 1)]
    async with sessions() as db:
        assert [e.version for e in await store.read_stream(db, "thing-a")] == [1]
        assert await store.read_stream(db, "thing-b") == []
