"""The repository's instances kept between commands, on real PostgreSQL: a command under the
stream lock continues from this process's last committed instance, caught up with what other
processes appended; a failed command's instance is never reused; readers share an instance
that is caught up, never changed in place."""

from __future__ import annotations

import pytest

from shared.application import Repository, UnitOfWork
from shared.context import Actor
from shared.domain import Aggregate
from shared.eventstore import EventStore
from shared.projections import Projector
from shared.tests.integration.conftest import ThingHappened, registry


class Thing(Aggregate):
    stream_type = "thing"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.labels: list[str] = []

    def happen(self, label: str) -> None:
        self._record(ThingHappened(label=label, amount=1))

    def when_ThingHappened(self, event: ThingHappened) -> None:
        self.labels.append(event.label)


def unit(sessions, store: EventStore) -> UnitOfWork:
    return UnitOfWork(sessions, store, Projector([]), Actor("tester"))


async def happen(repo: Repository[Thing], sessions, store, label: str, fail: bool = False) -> Thing:
    async with unit(sessions, store) as uow:
        thing = await repo.get(uow, "t1") or Thing("t1")
        thing.happen(label)
        await repo.save(uow, thing)
        if fail:
            raise RuntimeError("the command fails after saving")
        await uow.commit()
    return thing


async def test_a_command_continues_from_the_last_committed_instance(sessions) -> None:
    repo: Repository[Thing] = Repository(Thing)
    here, elsewhere = EventStore(registry), EventStore(registry)  # two processes' stores
    first = await happen(repo, sessions, here, "a")
    await happen(repo, sessions, elsewhere, "b")  # another process appends
    second = await happen(repo, sessions, here, "c")
    assert second is first  # the kept instance, caught up with "b"
    assert second.labels == ["a", "b", "c"] and second.version == 3


async def test_a_failed_commands_instance_is_never_reused(sessions) -> None:
    repo: Repository[Thing] = Repository(Thing)
    store = EventStore(registry)
    await happen(repo, sessions, store, "a")
    with pytest.raises(RuntimeError):
        await happen(repo, sessions, store, "lost", fail=True)
    after = await happen(repo, sessions, store, "b")
    assert after.labels == ["a", "b"] and after.version == 2


async def test_readers_share_an_instance_caught_up_never_changed_in_place(sessions) -> None:
    repo: Repository[Thing] = Repository(Thing)
    store = EventStore(registry)
    await happen(repo, sessions, store, "a")
    async with unit(sessions, store) as uow:
        seen = await repo.read(uow, "t1")
        again = await repo.read(uow, "t1")
    assert seen is again and seen is not None and seen.labels == ["a"]
    await happen(repo, sessions, EventStore(registry), "b")
    async with unit(sessions, store) as uow:
        later = await repo.read(uow, "t1")
    assert later is not None and later.labels == ["a", "b"]
    assert seen.labels == ["a"]  # the instance handed out before stays as it was


async def test_a_kept_instance_ahead_of_the_stream_is_not_used(sessions) -> None:
    """If the stream does not hold the kept instance's last event (a commit that failed after
    the append, a restored database), the stream is replayed instead."""
    repo: Repository[Thing] = Repository(Thing)
    store = EventStore(registry)
    kept = await happen(repo, sessions, store, "a")
    kept.labels.append("never stored")
    kept.version = 2  # as if "never stored" had been appended, then not committed
    after = await happen(repo, sessions, store, "b")
    assert after is not kept
    assert after.labels == ["a", "b"] and after.version == 2


async def test_a_shared_reader_instance_ahead_of_the_stream_is_not_used(sessions) -> None:
    repo: Repository[Thing] = Repository(Thing)
    store = EventStore(registry)
    await happen(repo, sessions, store, "a")
    async with unit(sessions, store) as uow:
        seen = await repo.read(uow, "t1")
    assert seen is not None
    seen.version = 2  # as if the reader had seen an event the stream does not hold
    async with unit(sessions, store) as uow:
        again = await repo.read(uow, "t1")
    assert again is not seen and again is not None
    assert again.labels == ["a"] and again.version == 1
