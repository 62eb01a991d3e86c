"""The development issuer's signing keys: ``<home>/issuer/keys.json`` (mode 0600).

The file holds every key still published (private JWKs) and the id of the current one, which
signs new tokens. :func:`rotate_key` adds a key and makes it current; the earlier keys stay
published (tokens they signed stay valid until they expire) up to :data:`KEPT_KEYS`.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from joserfc.jwk import ECKey, KeySet, RSAKey

__all__ = ["KEPT_KEYS", "IssuerKey", "KeyFile", "SigningAlgorithm", "rotate_key"]

SigningAlgorithm = Literal["RS256", "ES256"]
KEPT_KEYS: Final = 4
"""Keys published at once: the current one and the three before it."""


@dataclass(frozen=True)
class IssuerKey:
    kid: str
    algorithm: SigningAlgorithm
    key: RSAKey | ECKey


def _generate(algorithm: SigningAlgorithm) -> dict[str, Any]:
    key: RSAKey | ECKey
    if algorithm == "RS256":
        key = RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"}, private=True)
    else:
        key = ECKey.generate_key("P-256", parameters={"alg": "ES256", "use": "sig"}, private=True)
    data = dict(key.as_dict(private=True))
    data["kid"] = key.thumbprint()
    return data


def _write(path: Path, document: dict[str, Any]) -> None:
    """Atomically, mode 0600: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def key_path(home: Path) -> Path:
    return Path(home) / "issuer" / "keys.json"


def rotate_key(home: Path, algorithm: SigningAlgorithm = "ES256") -> str:
    """Add a new signing key and make it current; the id of the new key."""
    path = key_path(home)
    document = _read(path) if path.exists() else {"keys": []}
    new = _generate(algorithm)
    keys = [new, *document["keys"]][:KEPT_KEYS]
    _write(path, {"current": new["kid"], "keys": keys})
    return str(new["kid"])


def _read(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError(f"{path} is not an issuer key file: delete it to start with a new key")
    return document


class KeyFile:
    """The keys in ``<home>/issuer/keys.json``, read again whenever the file changes (a
    rotation by another process is seen at the next token or JWKS request)."""

    def __init__(self, home: Path, algorithm: SigningAlgorithm = "RS256") -> None:
        self.path = key_path(home)
        if not self.path.exists():
            rotate_key(home, algorithm)
        self._stamp: tuple[int, int] | None = None
        self._keys: list[IssuerKey] = []
        self._current = ""

    def _load(self) -> None:
        stat = self.path.stat()
        stamp = (stat.st_mtime_ns, stat.st_ino)
        if stamp == self._stamp:
            return
        document = _read(self.path)
        keys = []
        for data in document["keys"]:
            key = KeySet.import_key_set({"keys": [data]}).keys[0]
            if not isinstance(key, RSAKey | ECKey) or data.get("alg") not in ("RS256", "ES256"):
                raise ValueError(f"{self.path}: unsupported key {data.get('kid')}")
            keys.append(IssuerKey(kid=data["kid"], algorithm=data["alg"], key=key))
        self._keys, self._current, self._stamp = keys, document["current"], stamp

    def current(self) -> IssuerKey:
        self._load()
        for key in self._keys:
            if key.kid == self._current:
                return key
        raise ValueError(f"{self.path}: the current key {self._current} is missing")

    def public_jwks(self) -> dict[str, Any]:
        self._load()
        return {
            "keys": [
                {**key.key.as_dict(private=False), "kid": key.kid, "alg": key.algorithm}
                for key in self._keys
            ]
        }
