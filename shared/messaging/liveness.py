"""Dead-peer detection on PostgreSQL connections: a lost node is noticed in seconds, not hours.

Without it, a connection whose other end vanished (a node powered off, a partitioned network)
stays open until Linux gives up retransmitting (about 15 minutes) or keepalive fires (after
2 hours): PostgreSQL keeps the dead backend and every lock it holds, and the client waits on
a socket that will never answer. Both ends are tuned on every TCP connection of an engine:

- the client's socket: keepalive probes after ``IDLE_SECONDS`` of silence, every
  ``INTERVAL_SECONDS``, given up after ``PROBES``, and ``TCP_USER_TIMEOUT`` for data left
  unacknowledged;
- the server's end of the same connection: PostgreSQL's ``tcp_keepalives_*`` and
  ``tcp_user_timeout``, which any session may set for itself.

Unix-socket connections (the embedded runtime) have no peer to lose and are left alone.
"""

from __future__ import annotations

import socket
from typing import Any, Final

import structlog
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

log = structlog.get_logger(__name__)

IDLE_SECONDS: Final = 5
INTERVAL_SECONDS: Final = 2
PROBES: Final = 3
USER_TIMEOUT_MS: Final = 10_000
"""Unacknowledged data for this long closes the connection."""

SERVER_SETTINGS: Final = {
    "tcp_keepalives_idle": str(IDLE_SECONDS),
    "tcp_keepalives_interval": str(INTERVAL_SECONDS),
    "tcp_keepalives_count": str(PROBES),
    "tcp_user_timeout": str(USER_TIMEOUT_MS),
}

_MARK = "_kelisim_dead_peer_detection"


def tune_socket(sock: Any) -> bool:
    """Set keepalive and user timeout on a TCP socket; False (untouched) for any other kind."""
    if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
        return False
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    for option, value in (
        ("TCP_KEEPIDLE", IDLE_SECONDS),
        ("TCP_KEEPINTVL", INTERVAL_SECONDS),
        ("TCP_KEEPCNT", PROBES),
        ("TCP_USER_TIMEOUT", USER_TIMEOUT_MS),
    ):
        if hasattr(socket, option):  # Linux has them all; others keep what they support
            sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)
    return True


async def _tune(driver_connection: Any) -> None:
    transport = getattr(driver_connection, "_transport", None)
    sock = transport.get_extra_info("socket") if transport is not None else None
    if not tune_socket(sock):
        return
    for name, value in SERVER_SETTINGS.items():
        await driver_connection.execute(f"SET {name} = {int(value)}")


def detect_dead_peers(engine: AsyncEngine) -> None:
    """Tune every connection ``engine`` opens from now on (idempotent)."""
    sync_engine = engine.sync_engine
    if getattr(sync_engine, _MARK, False):
        return

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.run_async(_tune)

    setattr(sync_engine, _MARK, True)
