"""Keeping the development runtime alive: a child process that dies is started again.

``kelisim up`` watches every service process and the embedded broker with a :class:`Keeper`.
One that exits (a crash, ``kill -9``) is started again after a back-off, and said so; the others
go on untouched. A process that had run at least ``stable_after`` seconds starts again after
``initial`` seconds; one that dies again sooner waits twice as long each time, up to
``maximum``, and from the ``report_after``-th exit in a row it is reported as crashing (with
the tail of its log) instead of being started again in a tight loop. A start that fails counts
as an exit.

Nothing here knows what it keeps: each :class:`Watched` gives its exit code, a way to start it
again and the tail of its log. The keeper does not block except inside ``start`` (the broker
waits until it answers), and has no thread: its owner calls :meth:`Keeper.check` in its loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["Backoff", "Keeper", "Notice", "Watched"]


@dataclass(frozen=True)
class Backoff:
    initial: float = 0.5
    """Seconds before starting again a process that ran long enough."""
    maximum: float = 30.0
    """The longest wait between two starts of a process that keeps crashing."""
    stable_after: float = 30.0
    """A process that ran this long before it exited was not crashing: its count starts over."""
    report_after: int = 3
    """From this many exits in a row, each soon after its start, the process is crashing."""

    def delay(self, failures: int) -> float:
        """The wait before the next start after ``failures`` exits in a row (at least 1)."""
        return float(min(self.maximum, self.initial * 2 ** max(0, failures - 1)))


@dataclass(frozen=True)
class Watched:
    """A process the keeper looks after."""

    name: str
    exit_code: Callable[[], int | None]
    """The exit code once the process has ended by itself; None while it runs."""
    start: Callable[[], object]
    """Start it again; an exception means the start failed."""
    log_tail: Callable[[], str]


@dataclass(frozen=True)
class Notice:
    """What the keeper did, for its owner to show."""

    name: str
    text: str
    failing: bool
    """An exit or a failed start (as opposed to a start that worked)."""
    log_tail: str = ""
    """The last lines of the process's log when it exited or keeps crashing."""


@dataclass
class _State:
    started_at: float
    failures: int = 0
    restarts: int = 0
    due_at: float | None = None
    """When it starts again; None while it runs."""


class Keeper:
    """Starts again, with back-off, whichever of ``watched`` has exited."""

    def __init__(
        self,
        watched: Iterable[Watched],
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._backoff = backoff or Backoff()
        now = clock()
        self._watched = {w.name: (w, _State(started_at=now)) for w in watched}

    def failures(self, name: str) -> int:
        """Exits in a row of ``name``, each soon after its start (0 once it ran long enough)."""
        return self._watched[name][1].failures

    def restarts(self, name: str) -> int:
        return self._watched[name][1].restarts

    def check(self) -> list[Notice]:
        """Notice every exit and start what is due again; what happened, in order."""
        notices: list[Notice] = []
        for watched, state in self._watched.values():
            if state.due_at is None:
                code = watched.exit_code()
                if code is not None:
                    notices.append(self._exited(watched, state, code))
            elif self._clock() >= state.due_at:
                notices.append(self._start(watched, state))
        return notices

    def _exited(self, watched: Watched, state: _State, code: int) -> Notice:
        ran = self._clock() - state.started_at
        return self._schedule(watched, state, ran, f"exited with code {code} after {ran:.0f} s")

    def _schedule(self, watched: Watched, state: _State, ran: float, what: str) -> Notice:
        backoff = self._backoff
        state.failures = 1 if ran >= backoff.stable_after else state.failures + 1
        delay = backoff.delay(state.failures)
        state.due_at = self._clock() + delay
        text = f"{watched.name} {what}; starting it again in {delay:.1f} s"
        if state.failures >= backoff.report_after:
            text = (
                f"{watched.name} keeps crashing: {what}, the {_ordinal(state.failures)} exit in "
                f"a row within {backoff.stable_after:.0f} s of its start; next start in "
                f"{delay:.1f} s"
            )
        return Notice(watched.name, text, failing=True, log_tail=watched.log_tail())

    def _start(self, watched: Watched, state: _State) -> Notice:
        state.started_at = self._clock()
        try:
            watched.start()
        except Exception as exc:
            first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
            return self._schedule(watched, state, 0.0, f"did not start ({first_line})")
        state.due_at = None
        state.restarts += 1
        return Notice(
            watched.name,
            f"{watched.name} started again (restart {state.restarts})",
            failing=False,
        )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
