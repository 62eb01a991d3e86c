#!/usr/bin/env python3
"""Bootstrap Kelisim on a fresh machine that has only Python >= 3.11 (standard library only).

    python3 dev.py up [kelisim up options...]     run the whole system locally
    python3 dev.py test [pytest args...]          run the test suite

Creates ``.venv`` next to this file when missing, installs the project into it with
``pip install -e ".[dev]"`` when the venv is new or pyproject.toml changed since the last install
(a hash stamp is kept in the venv), then runs ``.venv/bin/kelisim up`` or
``.venv/bin/python -m pytest``. pip's own configuration (PIP_INDEX_URL, pip.conf, ...) applies.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
STAMP = VENV / ".kelisim-install-stamp"
MIN_PYTHON = (3, 11)
PYTEST_NO_TESTS = 5

USAGE = """\
usage: python3 dev.py up [kelisim up options...]
       python3 dev.py test [pytest args...]

  up     create/refresh .venv, then run `kelisim up` (PostgreSQL, broker, services)
  test   create/refresh .venv, then run the whole test suite with pytest
"""


def say(message: str) -> None:
    sys.stderr.write(f"dev.py: {message}\n")
    sys.stderr.flush()


def venv_bin(name: str) -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / (name + (".exe" if not name.endswith(".exe") else ""))
    return VENV / "bin" / name


def install_fingerprint() -> str:
    """What the installed state depends on: pyproject.toml and the venv (its pyvenv.cfg)."""
    digest = hashlib.sha256(PYPROJECT.read_bytes())
    config = VENV / "pyvenv.cfg"
    if config.exists():
        digest.update(config.read_bytes())
    return digest.hexdigest()


def run(command: list[str], what: str, hint: str = "") -> None:
    say(what)
    result = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603 - our own commands
    if result.returncode != 0:
        say(f"failed ({result.returncode}): {' '.join(command)}")
        if hint:
            say(hint)
        sys.exit(result.returncode or 1)


def ensure_venv() -> Path:
    """The venv's Python, after creating the venv and (re)installing the project if needed."""
    python = venv_bin("python")
    created = False
    if not python.exists():
        run(
            [sys.executable, "-m", "venv", str(VENV)],
            f"creating .venv with {sys.executable}",
            hint="on Debian/Ubuntu install python3-venv; then delete .venv and run again",
        )
        created = True
    fingerprint = install_fingerprint()
    installed = STAMP.read_text().strip() if STAMP.exists() else ""
    if created or installed != fingerprint:
        reason = "new venv" if created else "pyproject.toml changed since the last install"
        run(
            [str(python), "-m", "pip", "install", "-e", ".[dev]"],
            f"installing the project into .venv ({reason}); this can take a few minutes",
            hint="fix the error above and run again (a broken .venv can simply be deleted)",
        )
        STAMP.write_text(fingerprint + "\n")
    return python


def cmd_up(args: list[str]) -> int:
    ensure_venv()
    kelisim = venv_bin("kelisim")
    if not kelisim.exists():
        say(f"{kelisim} is missing: delete {STAMP} and run again to reinstall")
        return 1
    say("starting: kelisim up " + " ".join(args))
    argv = [str(kelisim), "up", *args]
    if os.name == "nt":  # no exec on Windows: run as a child and pass the exit code through
        return subprocess.run(argv, cwd=ROOT, check=False).returncode  # noqa: S603
    # Replace this process, so Ctrl-C and SIGTERM reach `kelisim up` directly.
    os.chdir(ROOT)
    os.execv(argv[0], argv)  # noqa: S606 - our own venv's script


def cmd_test(args: list[str]) -> int:
    python = ensure_venv()
    say("running: pytest " + " ".join(args))
    result = subprocess.run(  # noqa: S603 - our own venv's interpreter
        [str(python), "-m", "pytest", *args], cwd=ROOT, check=False
    )
    if result.returncode == PYTEST_NO_TESTS:
        say("")
        say("FAILED: pytest collected no tests (exit code 5). A test run that runs nothing")
        say("does not count as passing: check the arguments and the test paths.")
        return PYTEST_NO_TESTS
    return result.returncode


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        say(f"Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed (this is {sys.version})")
        return 1
    if not argv or argv[0] in {"-h", "--help", "help"}:
        sys.stderr.write(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "up":
        return cmd_up(rest)
    if command == "test":
        return cmd_test(rest)
    sys.stderr.write(f"dev.py: unknown command {command!r}\n\n{USAGE}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
