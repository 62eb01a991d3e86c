"""Signed tree heads (size, root, timestamp, Ed25519 signature) and the service's audit keys.

What is signed (``signed_message``) is ``b"kelisim-tree-head-v1\\n"`` followed by the RFC 8785 JSON
of ``{"log": <service>, "tree_size": n, "root_hash": "<hex>", "timestamp": <ms since epoch>,
"key_id": "<hex>"}``. ``key_id`` is the SHA-256 of the raw 32-byte public key, in hex.

Keys (``load_keys``): the Ed25519 signing key and the commitment key of private fields
(``shared.audit.canonical``) come from the service's settings
(``KELISIM_<SERVICE>_AUDIT_SIGNING_KEY``, ``..._AUDIT_COMMITMENT_KEY``: base64 of 32 bytes),
never from its database — a signed head must stay unforgeable by whoever controls the
database. Outside production, missing keys are generated once into ``<home>/audit/`` (mode
0600) and reused.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from shared.audit.canonical import canonical_json
from shared.audit.merkle import Hash

SIGNATURE_DOMAIN = b"kelisim-tree-head-v1\n"


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id_of(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_key_bytes(key)).hexdigest()


def public_key_from_base64(value: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(value, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error) as exc:
        raise ValueError(f"not a base64 Ed25519 public key: {exc}") from exc


@dataclass(frozen=True)
class SignedTreeHead:
    log: str
    tree_size: int
    root_hash: Hash
    timestamp: int
    key_id: str
    signature: bytes

    def signed_message(self) -> bytes:
        return signed_message(self.log, self.tree_size, self.root_hash, self.timestamp, self.key_id)

    def verify(self, public_key: Ed25519PublicKey) -> bool:
        """True if the signature is the pinned key's and ``key_id`` names that key."""
        if self.key_id != key_id_of(public_key):
            return False
        try:
            public_key.verify(self.signature, self.signed_message())
        except InvalidSignature:
            return False
        return True

    def to_json(self) -> dict[str, Any]:
        return {
            "log": self.log,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash.hex(),
            "timestamp": self.timestamp,
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> SignedTreeHead:
        try:
            root = bytes.fromhex(str(value["root_hash"]))
            if len(root) != 32:
                raise ValueError("root_hash is not 32 bytes")
            return cls(
                log=str(value["log"]),
                tree_size=int(value["tree_size"]),
                root_hash=root,
                timestamp=int(value["timestamp"]),
                key_id=str(value["key_id"]),
                signature=base64.b64decode(str(value["signature"]), validate=True),
            )
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise ValueError(f"not a signed tree head: {exc}") from exc

    @classmethod
    def load(cls, path: Path) -> SignedTreeHead:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def signed_message(log: str, tree_size: int, root_hash: Hash, timestamp: int, key_id: str) -> bytes:
    body = {
        "log": log,
        "tree_size": tree_size,
        "root_hash": root_hash.hex(),
        "timestamp": timestamp,
        "key_id": key_id,
    }
    return SIGNATURE_DOMAIN + canonical_json(body)


@dataclass(frozen=True)
class AuditKeys:
    """A service's signing key and commitment key."""

    signing: Ed25519PrivateKey
    commitment: bytes

    @property
    def public(self) -> Ed25519PublicKey:
        return self.signing.public_key()

    @property
    def key_id(self) -> str:
        return key_id_of(self.public)

    def public_key_base64(self) -> str:
        return base64.b64encode(public_key_bytes(self.public)).decode()

    def sign(
        self, log: str, tree_size: int, root_hash: Hash, timestamp: int | None = None
    ) -> SignedTreeHead:
        stamp = int(time.time() * 1000) if timestamp is None else timestamp
        key_id = self.key_id
        signature = self.signing.sign(signed_message(log, tree_size, root_hash, stamp, key_id))
        return SignedTreeHead(log, tree_size, root_hash, stamp, key_id, signature)

    @classmethod
    def from_secrets(cls, signing_seed: bytes, commitment: bytes) -> AuditKeys:
        if len(signing_seed) != 32 or len(commitment) != 32:
            raise ValueError("audit keys are 32 bytes each")
        return cls(Ed25519PrivateKey.from_private_bytes(signing_seed), commitment)

    @classmethod
    def generate(cls) -> AuditKeys:
        return cls.from_secrets(secrets.token_bytes(32), secrets.token_bytes(32))


def _decode_key(value: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except binascii.Error as exc:
        raise ValueError(f"{what} is not base64") from exc
    if len(raw) != 32:
        raise ValueError(f"{what} must be 32 bytes (base64)")
    return raw


def _key_file(path: Path) -> bytes:
    """A 32-byte secret from ``path`` (base64), generated atomically on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)  # never replaces a key another process wrote
        finally:
            temporary.unlink(missing_ok=True)
    return _decode_key(path.read_text(encoding="utf-8"), str(path))


def load_keys(
    service: str,
    *,
    signing_key: str | None,
    commitment_key: str | None,
    home: Path,
    production: bool,
) -> AuditKeys:
    """The service's audit keys from its settings, or (outside production) from key files."""
    if production and (signing_key is None or commitment_key is None):
        raise ValueError(
            f"KELISIM_{service.upper()}_AUDIT_SIGNING_KEY and _AUDIT_COMMITMENT_KEY must be set"
            " in production"
        )
    directory = Path(home) / "audit"
    seed = (
        _decode_key(signing_key, "the audit signing key")
        if signing_key is not None
        else _key_file(directory / f"{service}-signing.key")
    )
    commitment = (
        _decode_key(commitment_key, "the audit commitment key")
        if commitment_key is not None
        else _key_file(directory / f"{service}-commitment.key")
    )
    return AuditKeys.from_secrets(seed, commitment)
