"""Secrets for development: the JWT signing secret (``KELISIM_JWT_SECRET``, else
``<home>/dev-secret``) and other per-installation secrets kept in files under the home."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

__all__ = ["JWT_SECRET_ENV", "SECRET_FILE_NAME", "development_secret", "file_secret"]

# Names, not secrets:
JWT_SECRET_ENV = "KELISIM_JWT_SECRET"  # noqa: S105
SECRET_FILE_NAME = "dev-secret"  # noqa: S105


def development_secret(home: Path, environ: Mapping[str, str] | None = None) -> str:
    """The signing secret for development tokens.

    ``KELISIM_JWT_SECRET`` when set; otherwise the secret in ``<home>/dev-secret``, generated on
    first use (mode 0600) and reused afterwards, so ``kelisim up`` and ``kelisim token`` agree.
    """
    env = os.environ if environ is None else environ
    from_env = env.get(JWT_SECRET_ENV, "").strip()
    if from_env:
        return from_env
    return file_secret(Path(home) / SECRET_FILE_NAME)


def file_secret(path: Path) -> str:
    """The secret in ``path``, generated on first use (mode 0600) and reused afterwards."""
    if not path.exists():
        _create_secret_file(path)
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        raise RuntimeError(f"{path} is empty: delete it to generate a new development secret")
    return value


def _create_secret_file(path: Path) -> None:
    """Write a fresh secret atomically; if another process wins the race, keep its secret."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)  # atomic, and never replaces an existing secret
    finally:
        temporary.unlink(missing_ok=True)
