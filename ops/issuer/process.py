"""The development issuer as a child process on 127.0.0.1 (``kelisim up`` and the tests)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Final

from ops.runtime.lifecycle import StartStop
from shared.runtime.catalog import project_root
from shared.runtime.secrets import file_secret

__all__ = [
    "DEFAULT_ISSUER_PORT",
    "ISSUER_PORT_ENV",
    "EmbeddedIssuer",
    "IssuerError",
    "issuer_url",
    "system_client_secret",
]

ISSUER_PORT_ENV: Final = "KELISIM_ISSUER_PORT"
DEFAULT_ISSUER_PORT: Final = 8009


def issuer_url(port: int) -> str:
    """The issuer's URL: its ``iss`` and the base of its discovery document."""
    return f"http://127.0.0.1:{port}"


def system_client_secret(home: Path, client_id: str) -> str:
    """The secret of a system client, generated under ``<home>/issuer/clients/`` on first use."""
    return file_secret(Path(home) / "issuer" / "clients" / f"{client_id}.secret")


def issuer_port(environ: dict[str, str] | None = None) -> int:
    value = (os.environ if environ is None else environ).get(ISSUER_PORT_ENV, "").strip()
    try:
        return int(value) if value else DEFAULT_ISSUER_PORT
    except ValueError:
        raise ValueError(f"{ISSUER_PORT_ENV}={value!r} is not a port number") from None


class IssuerError(RuntimeError):
    pass


class EmbeddedIssuer(StartStop):
    """``python -m ops.issuer`` in its own process group, ready once discovery answers."""

    def __init__(
        self,
        home: Path,
        port: int,
        log_path: Path,
        *,
        ttl: int = 3600,
        start_timeout: float = 30.0,
        stop_timeout: float = 10.0,
    ) -> None:
        self.home = Path(home)
        self.port = port
        self.log_path = Path(log_path)
        self.ttl = ttl
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return issuer_url(self.port)

    def exit_code(self) -> int | None:
        return None if self._process is None else self._process.poll()

    def log_tail(self, lines: int = 15) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def start(self) -> str:
        """Start and wait for the discovery document; the issuer's URL."""
        if self._process is not None and self._process.poll() is None:
            return self.url
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "ops.issuer",
            *("--home", str(self.home)),
            *("--port", str(self.port)),
            *("--ttl", str(self.ttl)),
        ]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(  # noqa: S603 - fixed command line, no shell
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=project_root(),
                start_new_session=True,
            )
        deadline = time.monotonic() + self._start_timeout
        discovery = f"{self.url}/.well-known/openid-configuration"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise IssuerError(
                    f"the development issuer exited while starting:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(discovery, timeout=2) as response:  # noqa: S310
                    if json.load(response).get("issuer") == self.url:
                        return self.url
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        self.stop()
        raise IssuerError(f"the development issuer did not answer at {discovery}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=self._stop_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=self._stop_timeout)
