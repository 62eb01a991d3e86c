"""The keeper of ``kelisim up``: what exits is started again after a back-off that doubles
while it keeps crashing (bounded), is reported as crashing, and never touches the others."""

from __future__ import annotations

from dataclasses import dataclass, field

from ops.runtime.healing import Backoff, Keeper, Watched


@dataclass
class Clock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeProcess:
    name: str
    code: int | None = None
    starts: int = 0
    refuse: list[str] = field(default_factory=list)
    """Messages of the next starts that fail."""

    def start(self) -> None:
        self.starts += 1
        if self.refuse:
            raise RuntimeError(self.refuse.pop(0))
        self.code = None

    def watched(self) -> Watched:
        return Watched(self.name, lambda: self.code, self.start, lambda: f"{self.name} log tail")


BACKOFF = Backoff(initial=0.5, maximum=4.0, stable_after=30.0, report_after=3)


def keeper(*processes: FakeProcess, clock: Clock) -> Keeper:
    return Keeper([p.watched() for p in processes], BACKOFF, clock)


def test_a_process_that_dies_is_started_again_after_the_back_off() -> None:
    clock = Clock()
    broker, service = FakeProcess("broker"), FakeProcess("membership")
    kept = keeper(broker, service, clock=clock)
    assert kept.check() == []

    clock.now += 100
    service.code = -9
    [notice] = kept.check()
    assert notice.failing
    assert notice.text == "membership exited with code -9 after 100 s; starting it again in 0.5 s"
    assert notice.log_tail == "membership log tail"

    clock.now += 0.4
    assert kept.check() == []
    assert service.starts == 0
    clock.now += 0.1
    [started] = kept.check()
    assert not started.failing
    assert started.text == "membership started again (restart 1)"
    assert service.starts == 1
    assert broker.starts == 0, "the others are not touched"
    assert kept.check() == []


def test_a_process_that_keeps_crashing_backs_off_up_to_a_bound_and_is_reported() -> None:
    clock = Clock()
    service = FakeProcess("sessions")
    kept = keeper(service, clock=clock)
    delays = []
    reported = []
    for _ in range(6):
        clock.now += 1.0  # dies one second after each start
        service.code = 1
        [notice] = kept.check()
        delays.append(float(notice.text.rsplit(" ", 2)[-2]))
        reported.append(notice.text.startswith("sessions keeps crashing"))
        assert kept.check() == [], "no start before the back-off has passed"
        clock.now += delays[-1]
        [started] = kept.check()
        assert not started.failing
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert reported == [False, False, True, True, True, True]
    assert service.starts == 6
    assert kept.failures("sessions") == 6


def test_a_crashing_report_names_the_count() -> None:
    clock = Clock()
    service = FakeProcess("council")
    kept = keeper(service, clock=clock)
    for _ in range(3):
        service.code = 3
        [notice] = kept.check()
        clock.now += 10
        kept.check()
    assert notice.text == (
        "council keeps crashing: exited with code 3 after 0 s, the 3rd exit in a row within "
        "30 s of its start; next start in 2.0 s"
    )


def test_a_long_run_starts_the_count_over() -> None:
    clock = Clock()
    service = FakeProcess("monitoring")
    kept = keeper(service, clock=clock)
    for _ in range(3):
        service.code = 1
        kept.check()
        clock.now += 10
        kept.check()
    assert kept.failures("monitoring") == 3
    clock.now += 31  # ran longer than stable_after
    service.code = 1
    [notice] = kept.check()
    assert kept.failures("monitoring") == 1
    assert notice.text.endswith("starting it again in 0.5 s")


def test_a_failed_start_counts_as_a_crash() -> None:
    clock = Clock()
    broker = FakeProcess("broker", refuse=["port 9092 in use\nlog tail follows"])
    kept = keeper(broker, clock=clock)
    broker.code = -9
    kept.check()
    clock.now += 0.5
    [failed] = kept.check()
    assert failed.failing
    assert failed.text == "broker did not start (port 9092 in use); starting it again in 1.0 s"
    clock.now += 1.0
    [started] = kept.check()
    assert started.text == "broker started again (restart 1)"
    assert broker.starts == 2
