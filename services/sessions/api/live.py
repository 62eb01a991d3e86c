"""``GET /v1/sessions/{id}/live``: the plenary board as server-sent events (public).

During a sitting the board shows the quorum and, for each poll, its turnout and (open and
roll-call polls) its tally; a secret poll shows only its turnout until it closes, exactly as
``GET /v1/sessions/{id}/polls`` does (the same queries build both).

The board is fed from the service's own commits: every unit of work pokes the commit notifier,
which sends ``NOTIFY kelisim_events`` (``shared.messaging.notifier``); one listener per process
(:class:`LiveBoard`, a worker of the app) wakes on it and rebuilds the snapshot of each Session
somebody watches, at most once per ``live_min_interval_seconds``: 400 ballots a second become a
few updates a second, however many watch. A snapshot is sent only when it changed. A safety
poll (``live_poll_seconds``) covers a lost notification or a commit from another process
whose notifier was lost. Each subscriber holds only the latest snapshot (a slow reader skips
to the newest, never queues), the number of subscribers is bounded (503 beyond it), a comment
line every ``live_heartbeat_seconds`` keeps proxies from closing a quiet stream, and every
stream ends with an ``end`` event when the server shuts down (``shared.api.streams``) or after
``live_max_stream_seconds`` (the browser's EventSource reconnects by itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from services.sessions import projections
from services.sessions.api.schemas import PollResult, QuorumView
from shared.api.deps import PlatformDep
from shared.api.streams import is_shutting_down, shutdown_requested
from shared.errors import NotFound, ServiceUnavailable
from shared.eventstore.schema import NOTIFY_CHANNEL
from shared.logging import get_logger
from shared.service import Platform

_log = get_logger("kelisim.sessions.live")

Snapshot = dict[str, Any]


async def snapshot(platform: Platform, session_id: uuid.UUID) -> Snapshot | None:
    """What the board shows of a Session now; None if there is no such Session."""
    async with platform.sessions() as db:
        row = await projections.sessions.session(db, session_id)
        if row is None:
            return None
        quorum = await projections.sessions.quorum(db, row)
        polls = await projections.polls.session_polls(db, session_id, platform.clock.now())
    return {
        "session_id": str(session_id),
        "status": row["status"],
        "quorum": QuorumView.model_validate(quorum).model_dump(mode="json") if quorum else None,
        "polls": [
            PollResult.model_validate(p).model_dump(mode="json", exclude={"ballots"}) for p in polls
        ],
    }


class _Subscriber:
    """Holds the latest snapshot not yet sent (a newer one replaces it)."""

    def __init__(self, session_id: uuid.UUID) -> None:
        self.session_id = session_id
        self.latest: Snapshot | None = None
        self.ready = asyncio.Event()

    def offer(self, value: Snapshot) -> None:
        self.latest = value
        self.ready.set()

    def take(self) -> Snapshot | None:
        value, self.latest = self.latest, None
        self.ready.clear()
        return value


class LiveBoard:
    def __init__(
        self,
        platform: Platform,
        *,
        max_subscribers: int,
        min_interval: float,
        poll_seconds: float,
    ) -> None:
        self.platform = platform
        self.max_subscribers = max_subscribers
        self.min_interval = min_interval
        self.poll_seconds = poll_seconds
        self._subscribers: set[_Subscriber] = set()
        self._last: dict[uuid.UUID, Snapshot] = {}
        self._wake = asyncio.Event()

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    def subscribe(self, session_id: uuid.UUID, first: Snapshot) -> _Subscriber:
        if len(self._subscribers) >= self.max_subscribers:
            raise ServiceUnavailable(reason="live_board_full", limit=self.max_subscribers)
        subscriber = _Subscriber(session_id)
        subscriber.offer(first)
        self._subscribers.add(subscriber)
        self._last.setdefault(session_id, first)
        self._wake.set()  # start listening if nobody watched before
        return subscriber

    def unsubscribe(self, subscriber: _Subscriber) -> None:
        self._subscribers.discard(subscriber)
        if not any(s.session_id == subscriber.session_id for s in self._subscribers):
            self._last.pop(subscriber.session_id, None)
        if not self._subscribers:
            self._wake.set()  # let the listening connection go back to the pool

    def _notified(self, *_: Any) -> None:
        self._wake.set()

    async def run(self) -> None:
        """The process's one listener: wake on commits, refresh the watched Sessions. The
        listening connection is held only while somebody watches (it is one of the pool's)."""
        listener: asyncio.Task[None] | None = None
        try:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
                self._wake.clear()
                if not self._subscribers:
                    await _stopped(listener)
                    listener = None
                    continue
                if listener is None or listener.done():
                    listener = asyncio.create_task(self._listen(), name="live-board-listen")
                started = time.monotonic()
                try:
                    await self.refresh()
                except Exception:
                    _log.exception("live board refresh failed")
                # Commits meanwhile wait for the next round: updates are coalesced.
                await asyncio.sleep(max(0.0, self.min_interval - (time.monotonic() - started)))
        finally:
            await _stopped(listener)

    async def refresh(self) -> None:
        for session_id in {s.session_id for s in self._subscribers}:
            value = await snapshot(self.platform, session_id)
            if value is None or value == self._last.get(session_id):
                continue
            self._last[session_id] = value
            for subscriber in [s for s in self._subscribers if s.session_id == session_id]:
                subscriber.offer(value)

    async def _listen(self) -> None:
        backoff = 1.0
        while True:
            try:
                async with self.platform.engine.connect() as conn:
                    raw = await conn.get_raw_connection()
                    driver = raw.driver_connection
                    assert driver is not None
                    await driver.add_listener(NOTIFY_CHANNEL, self._notified)
                    backoff = 1.0
                    try:
                        while True:  # the connection only listens; check it now and then
                            await asyncio.sleep(30)
                            await driver.execute("SELECT 1")
                    finally:
                        with contextlib.suppress(Exception):
                            await driver.remove_listener(NOTIFY_CHANNEL, self._notified)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                _log.warning("live board listener lost; polling meanwhile", error=str(exc))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)


async def _stopped(task: asyncio.Task[None] | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


def _event(name: str, data: Snapshot | None = None) -> bytes:
    payload = json.dumps(data if data is not None else {}, separators=(",", ":"))
    return f"event: {name}\ndata: {payload}\n\n".encode()


router = APIRouter(tags=["sessions"])


@router.get(
    "/v1/sessions/{session_id}/live",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Board updates"}},
)
async def watch_live_board(
    session_id: uuid.UUID, request: Request, platform: PlatformDep
) -> StreamingResponse:
    """The live plenary board of a Session (public, ``text/event-stream``): ``board`` events
    with the quorum and each poll's turnout and tally (a secret poll's tally only once it is
    closed), sent when they change; comment lines as heartbeats; ``end`` when the stream
    ends."""
    board: LiveBoard = request.app.state.live_board
    first = await snapshot(platform, session_id)
    if first is None:
        raise NotFound(None, resource="session", id=str(session_id))
    subscriber = board.subscribe(session_id, first)
    settings = platform.settings
    heartbeat = float(getattr(settings, "live_heartbeat_seconds", 15.0))
    longest = float(getattr(settings, "live_max_stream_seconds", 3600.0))

    async def stream() -> AsyncIterator[bytes]:
        ends = time.monotonic() + longest
        stopping = asyncio.ensure_future(shutdown_requested())
        try:
            yield b"retry: 2000\n\n"
            while not is_shutting_down() and time.monotonic() < ends:
                waiting = asyncio.ensure_future(subscriber.ready.wait())
                done, _ = await asyncio.wait(
                    {waiting, stopping},
                    timeout=min(heartbeat, max(0.0, ends - time.monotonic())),
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if waiting not in done:
                    waiting.cancel()
                    if stopping in done:
                        break
                    yield b": heartbeat\n\n"
                    continue
                value = subscriber.take()
                if value is not None:
                    yield _event("board", value)
            yield _event("end")
        finally:
            stopping.cancel()
            board.unsubscribe(subscriber)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
