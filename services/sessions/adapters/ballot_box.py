"""The ballot box of secret polls: sealed ballots kept apart from the voter roll
(docs/secret-ballot.md has the threat model).

Each secret poll gets its own X25519 key pair when it opens. The private key is stored wrapped
(AES-256-GCM) under the service's key-encryption key, which lives in the service's settings and
never in the database. A ballot is the voter's random receipt and the choice, sealed to the
poll's public key (ephemeral X25519, HKDF-SHA256, ChaCha20-Poly1305; the poll id is the
associated data, so a ballot cannot be moved to another poll). Every sealed ballot has the same
length whatever the choice, and its row has no identity, no timestamp and no sequence.

At the close the box is opened inside the closing transaction: the ballots are unsealed, handed
to the domain (which checks them against the roll and shuffles them), and the sealed rows and the
poll's key are deleted, so what stays in the database after the close is the voter roll and
the shuffled published ballots, and nothing that pairs them.
"""

from __future__ import annotations

import base64
import random
import secrets
import uuid
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.domain.events import Choice, PublishedBallot
from shared.errors import KelisimError
from shared.service import Platform

__all__ = ["BALLOT_BOX", "BallotBox", "BallotBoxUnreadable", "ballot_box_of", "new_receipt"]

BALLOT_BOX = "ballot_box"
"""The ballot box's key among the platform's extras (bootstrap.py puts it there)."""


def ballot_box_of(platform: Platform) -> BallotBox:
    """The service's ballot box, as the composition root built it."""
    box = platform.extras[BALLOT_BOX]
    assert isinstance(box, BallotBox)
    return box


RECEIPT_BYTES = 16
_CODES = {Choice.FOR: 1, Choice.AGAINST: 2, Choice.ABSTAIN: 3}
_CHOICES = {code: choice for choice, code in _CODES.items()}
_BALLOT_INFO = b"kelisim/sessions/ballot/v1"
_WRAP_AAD = b"kelisim/sessions/ballot-key/v1"
_NONCE = bytes(12)  # each ballot's key is fresh (ephemeral ECDH): a fixed nonce is safe
_SHUFFLER = random.SystemRandom()

_INSTALL = text(
    "INSERT INTO ballot_box_keys (poll_id, public_key, wrapped_private_key)"
    " VALUES (:poll, :public, :wrapped)"
)
_PUBLIC = text("SELECT public_key FROM ballot_box_keys WHERE poll_id = :poll")
_WRAPPED = text("SELECT wrapped_private_key FROM ballot_box_keys WHERE poll_id = :poll")
_DROP_IN = text("INSERT INTO ballot_box (poll_id, sealed) VALUES (:poll, :sealed)")
_SEALED = text("SELECT sealed FROM ballot_box WHERE poll_id = :poll")
_EMPTY = text("DELETE FROM ballot_box WHERE poll_id = :poll")
_DESTROY = text("DELETE FROM ballot_box_keys WHERE poll_id = :poll")


class BallotBoxUnreadable(KelisimError):
    """The box cannot be opened: the poll's key is missing or the key-encryption key is not the
    one it was sealed under, or a ballot fails authentication. Nothing is closed."""

    code = "ballot_box_unreadable"
    status = 500


def new_receipt() -> str:
    """A voter's receipt: 128 random bits, in lower-case base32 (26 characters)."""
    return _receipt_text(secrets.token_bytes(RECEIPT_BYTES))


def _receipt_bytes(receipt: str) -> bytes:
    padded = receipt.upper() + "=" * (-len(receipt) % 8)
    return base64.b32decode(padded)


def _receipt_text(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=").lower()


def _ballot_key(shared: bytes, ephemeral: bytes, recipient: bytes, poll_id: uuid.UUID) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral + recipient,
        info=_BALLOT_INFO + poll_id.bytes,
    ).derive(shared)


def seal(public_key: bytes, poll_id: uuid.UUID, receipt: str, choice: Choice) -> bytes:
    """A sealed ballot: 32-byte ephemeral public key, then the AEAD ciphertext of the receipt
    and the choice's code (fixed length: 32 + 17 + 16 bytes)."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    key = _ballot_key(shared, ephemeral_public, public_key, poll_id)
    plaintext = _receipt_bytes(receipt) + bytes([_CODES[choice]])
    return ephemeral_public + ChaCha20Poly1305(key).encrypt(_NONCE, plaintext, poll_id.bytes)


def unseal(private_key: X25519PrivateKey, poll_id: uuid.UUID, sealed: bytes) -> PublishedBallot:
    ephemeral_public, ciphertext = sealed[:32], sealed[32:]
    recipient = private_key.public_key().public_bytes_raw()
    shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    key = _ballot_key(shared, ephemeral_public, recipient, poll_id)
    try:
        plaintext = ChaCha20Poly1305(key).decrypt(_NONCE, ciphertext, poll_id.bytes)
    except InvalidTag:
        raise BallotBoxUnreadable(None, poll_id=str(poll_id)) from None
    choice = _CHOICES.get(plaintext[-1])
    if choice is None or len(plaintext) != RECEIPT_BYTES + 1:
        raise BallotBoxUnreadable(None, poll_id=str(poll_id))
    return PublishedBallot(receipt=_receipt_text(plaintext[:RECEIPT_BYTES]), choice=choice)


class BallotBox:
    """Secret polls' keys and sealed ballots, in the sessions database but outside the event
    store. ``key_encryption_key``: the service's secret (settings), never stored in the database.
    """

    def __init__(self, key_encryption_key: str) -> None:
        if len(key_encryption_key) < 32:
            raise ValueError("the ballot key-encryption key needs at least 32 characters")
        self._kek = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_WRAP_AAD).derive(
            key_encryption_key.encode()
        )
        self._public: dict[uuid.UUID, bytes] = {}

    async def install(self, db: AsyncSession, poll_id: uuid.UUID) -> None:
        """A fresh key pair for a secret poll that is being opened (in its transaction)."""
        private = X25519PrivateKey.generate()
        nonce = secrets.token_bytes(12)
        wrapped = nonce + AESGCM(self._kek).encrypt(
            nonce, private.private_bytes_raw(), _WRAP_AAD + poll_id.bytes
        )
        public = private.public_key().public_bytes_raw()
        await db.execute(_INSTALL, {"poll": poll_id, "public": public, "wrapped": wrapped})

    async def drop_in(
        self, db: AsyncSession, poll_id: uuid.UUID, choices: Sequence[Choice]
    ) -> list[str]:
        """Seal ballots into the box (in their voters' transaction); the voters' receipts, in
        the order of ``choices``. Ballots cast together go in in shuffled order, so the box's
        rows do not follow the voter roll's."""
        public = self._public.get(poll_id)
        if public is None:
            public = await db.scalar(_PUBLIC, {"poll": poll_id})
            if public is None:
                raise BallotBoxUnreadable(None, poll_id=str(poll_id))
            self._public[poll_id] = public
        receipts = [new_receipt() for _ in choices]
        rows = [
            {"poll": poll_id, "sealed": seal(public, poll_id, receipt, choice)}
            for receipt, choice in zip(receipts, choices, strict=True)
        ]
        _SHUFFLER.shuffle(rows)
        await db.execute(_DROP_IN, rows)
        return receipts

    async def open(self, db: AsyncSession, poll_id: uuid.UUID) -> list[PublishedBallot]:
        """Every ballot in the box, unsealed (in the closing transaction)."""
        wrapped = await db.scalar(_WRAPPED, {"poll": poll_id})
        if wrapped is None:
            raise BallotBoxUnreadable(None, poll_id=str(poll_id))
        try:
            raw = AESGCM(self._kek).decrypt(wrapped[:12], wrapped[12:], _WRAP_AAD + poll_id.bytes)
        except InvalidTag:
            raise BallotBoxUnreadable(None, poll_id=str(poll_id)) from None
        private = X25519PrivateKey.from_private_bytes(raw)
        sealed = (await db.execute(_SEALED, {"poll": poll_id})).scalars().all()
        return [unseal(private, poll_id, s) for s in sealed]

    async def destroy(self, db: AsyncSession, poll_id: uuid.UUID) -> None:
        """Empty the box and delete the poll's key (in the closing transaction, after the
        ballots were published)."""
        await db.execute(_EMPTY, {"poll": poll_id})
        await db.execute(_DESTROY, {"poll": poll_id})
        self._public.pop(poll_id, None)
