"""The ballot box of secret polls: sealed ballots kept apart from the voter roll
(docs/secret-ballot.md has the design and the attacker models).

Each secret poll gets two tables of its own when it opens, ``ballot_key_<poll>`` (one row) and
``ballot_box_<poll>`` (a row per sealed ballot, nothing else: no identity, no timestamp, no
sequence), both dropped by the close. They are UNLOGGED by default: nothing of them is written
to the write-ahead log, so neither the WAL, its archive nor a standby ever holds a ballot, and
once dropped their files are gone with their dead tuples. (The price: a PostgreSQL crash or
failover while a poll is open empties its box; the close then refuses, ``ballot_box_lost``.)

The poll's ballot key is 256 random bits, stored only wrapped (AES-256-GCM) under the service's
key-encryption key (KEK), which lives in the service's settings and never in the database; the
poll's id is the wrap's associated data. A wrapped key that does not authenticate (changed,
replaced, taken from another poll, or the KEK is not the one the poll opened with) is refused:
the poll does not open (the opening reads its key back), takes no ballot and does not close.
There is no public key: sealing needs the ballot key, so nobody without the KEK can seal.

A ballot is the voter's random receipt and the choice, encrypted and authenticated with the
ballot key (ChaCha20-Poly1305, random nonce); its associated data is the poll's id and the id
of the transaction that commits it with its voters' roll entries (application/ballot_intake.py
commits them in batches). So a ballot is authentic only in its poll, in the very batch whose
roll entries it was committed with: changed bytes, a ballot moved from another poll, copied
within the box or re-inserted from a transaction that rolled back do not open, and the close
counts the ballots of each batch against the roll entries of that batch in the event store.
Every sealed ballot has the same length whatever the choice.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.domain.events import Choice, PublishedBallot
from shared.errors import KelisimError

__all__ = [
    "BallotBox",
    "BallotBoxLost",
    "BallotKeyRefused",
    "OpenedBox",
    "new_receipt",
]


RECEIPT_BYTES = 16
KEY_BYTES = 32
NONCE_BYTES = 12
SEALED_BYTES = NONCE_BYTES + RECEIPT_BYTES + 1 + 16
"""Every sealed ballot: nonce, receipt and choice code, authentication tag."""
_CODES = {Choice.FOR: 1, Choice.AGAINST: 2, Choice.ABSTAIN: 3}
_CHOICES = {code: choice for choice, code in _CODES.items()}
_BALLOT_AAD = b"kelisim/sessions/ballot/v2"
_WRAP_INFO = b"kelisim/sessions/ballot-key-wrap/v2"
_CLOSE_INFO = b"kelisim/sessions/ballot-close/v1"
CLOSE_MARK_SECONDS = 60
"""How long a close's mark is believed (a close that waits longer has failed or is stuck)."""
_NOW_MS = text("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
_SHUFFLER = random.SystemRandom()


class BallotKeyRefused(KelisimError):
    """The poll's ballot key in the database does not authenticate under the service's KEK: it
    was changed or replaced there, or the KEK is not the one the poll was opened with. The poll
    does not open, takes no ballot and does not close."""

    code = "ballot_key_refused"
    status = 500


class BallotBoxLost(KelisimError):
    """The poll's ballot box or key is gone from the database (an unlogged box is emptied when
    PostgreSQL restarts after a crash or fails over, or someone dropped it): the poll takes no
    ballot and does not close."""

    code = "ballot_box_lost"
    status = 503


def new_receipt() -> str:
    """A voter's receipt: 128 random bits, in lower-case base32 (26 characters)."""
    return _receipt_text(secrets.token_bytes(RECEIPT_BYTES))


def _receipt_bytes(receipt: str) -> bytes:
    padded = receipt.upper() + "=" * (-len(receipt) % 8)
    return base64.b32decode(padded)


def _receipt_text(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=").lower()


def _aad(poll_id: uuid.UUID, batch: int) -> bytes:
    return _BALLOT_AAD + poll_id.bytes + batch.to_bytes(8, "big")


def seal(key: bytes, poll_id: uuid.UUID, batch: int, receipt: str, choice: Choice) -> bytes:
    """A sealed ballot of the poll, authentic only in the batch (transaction id) ``batch``."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    plaintext = _receipt_bytes(receipt) + bytes([_CODES[choice]])
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, _aad(poll_id, batch))


def unseal(key: bytes, poll_id: uuid.UUID, batch: int, sealed: bytes) -> PublishedBallot | None:
    """The ballot, or None if it is not an authentic ballot of this poll and batch."""
    try:
        plaintext = ChaCha20Poly1305(key).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _aad(poll_id, batch)
        )
    except (InvalidTag, ValueError):
        return None
    choice = _CHOICES.get(plaintext[-1])
    if choice is None or len(plaintext) != RECEIPT_BYTES + 1:
        return None
    return PublishedBallot(receipt=_receipt_text(plaintext[:RECEIPT_BYTES]), choice=choice)


def _tables(poll_id: uuid.UUID) -> tuple[str, str]:
    """The poll's key table and box table (names from its id: hex digits only)."""
    return f"ballot_key_{poll_id.hex}", f"ballot_box_{poll_id.hex}"


@dataclass(frozen=True)
class OpenedBox:
    """A poll's box as the close opened it: how many sealed ballots it held, and those that are
    authentic, by the batch (transaction id) they were committed in."""

    sealed: int
    ballots: dict[int, list[PublishedBallot]]


class BallotBox:
    """Secret polls' keys and sealed ballots, in the sessions database but outside the event
    store. ``key_encryption_key``: the service's secret (settings), never stored in the database;
    ``unlogged``: the poll's tables are UNLOGGED (no WAL; lost if PostgreSQL crashes)."""

    def __init__(self, key_encryption_key: str, *, unlogged: bool = True) -> None:
        if len(key_encryption_key) < 32:
            raise ValueError("the ballot key-encryption key needs at least 32 characters")

        def derived(info: bytes) -> bytes:
            kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info)
            return kdf.derive(key_encryption_key.encode())

        self._wrap = AESGCM(derived(_WRAP_INFO))
        self._close_key = derived(_CLOSE_INFO)
        self._persistence = "UNLOGGED" if unlogged else ""
        self._keys: dict[uuid.UUID, bytes] = {}

    def _wrapped(self, poll_id: uuid.UUID, key: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._wrap.encrypt(nonce, key, _WRAP_INFO + poll_id.bytes)

    def _unwrapped(self, poll_id: uuid.UUID, wrapped: bytes) -> bytes:
        try:
            key = self._wrap.decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _WRAP_INFO + poll_id.bytes
            )
        except (InvalidTag, ValueError):
            raise BallotKeyRefused(None, poll_id=str(poll_id)) from None
        if len(key) != KEY_BYTES:
            raise BallotKeyRefused(None, poll_id=str(poll_id))
        return key

    async def install(self, db: AsyncSession, poll_id: uuid.UUID) -> None:
        """The box and a fresh ballot key of a secret poll that is being opened (in its
        transaction, after its append). The key is read back and must be the one made: a
        database that changes it on the way in (a trigger) keeps the poll from opening."""
        key_table, box_table = _tables(poll_id)
        key = secrets.token_bytes(KEY_BYTES)
        await db.execute(
            text(
                f"CREATE {self._persistence} TABLE {key_table}"
                " (wrapped BYTEA NOT NULL, closing BYTEA)"
            )
        )
        await db.execute(
            text(f"CREATE {self._persistence} TABLE {box_table} (sealed BYTEA NOT NULL)")
        )
        await db.execute(
            text(f"INSERT INTO {key_table} (wrapped) VALUES (:wrapped)"),
            {"wrapped": self._wrapped(poll_id, key)},
        )
        self._keys.pop(poll_id, None)
        if await self._stored_key(db, poll_id) != key:
            raise BallotKeyRefused(None, poll_id=str(poll_id))

    async def _stored_key(self, db: AsyncSession, poll_id: uuid.UUID) -> bytes:
        """The poll's ballot key as stored, authenticated (and kept for this process)."""
        key_table, box_table = _tables(poll_id)
        present = await db.execute(
            text("SELECT to_regclass(:key) IS NOT NULL, to_regclass(:box) IS NOT NULL"),
            {"key": key_table, "box": box_table},
        )
        if not all(present.one()):
            raise BallotBoxLost(None, poll_id=str(poll_id))
        wrapped = (await db.execute(text(f"SELECT wrapped FROM {key_table}"))).scalars().all()
        if not wrapped:
            raise BallotBoxLost(None, poll_id=str(poll_id))
        if len(wrapped) != 1:
            raise BallotKeyRefused(None, poll_id=str(poll_id))
        key = self._unwrapped(poll_id, wrapped[0])
        self._keys[poll_id] = key
        return key

    async def _key(self, db: AsyncSession, poll_id: uuid.UUID) -> bytes:
        key = self._keys.get(poll_id)
        return key if key is not None else await self._stored_key(db, poll_id)

    async def require_key(self, db: AsyncSession, poll_id: uuid.UUID) -> None:
        """The poll can take ballots: its box is there and its key authenticates (read once
        per process); else BallotBoxLost or BallotKeyRefused."""
        await self._key(db, poll_id)

    async def drop_in(
        self, db: AsyncSession, poll_id: uuid.UUID, batch: int, choices: Sequence[Choice]
    ) -> list[str]:
        """Seal ballots into the box in the transaction ``batch`` that appended their voters'
        roll entries; the voters' receipts, in the order of ``choices``. The rows go in in
        shuffled order (one statement), so the box's rows do not follow the roll's."""
        key = await self._key(db, poll_id)
        receipts = [new_receipt() for _ in choices]
        sealed = [
            seal(key, poll_id, batch, receipt, choice)
            for receipt, choice in zip(receipts, choices, strict=True)
        ]
        _SHUFFLER.shuffle(sealed)
        _, box_table = _tables(poll_id)
        await db.execute(
            text(f"INSERT INTO {box_table} (sealed) SELECT unnest(CAST(:sealed AS bytea[]))"),
            {"sealed": sealed},
        )
        return receipts

    async def open(self, db: AsyncSession, poll_id: uuid.UUID, batches: Iterable[int]) -> OpenedBox:
        """Every ballot in the box (in the closing transaction), each opened with the batch its
        row was committed in (its ``xmin``, the low 32 bits of one of ``batches``: the roll's
        transaction ids). A row of no batch, or that does not authenticate, is not counted."""
        key = await self._stored_key(db, poll_id)  # never the kept one: the stored must hold
        by_low = {batch % 2**32: batch for batch in batches}
        _, box_table = _tables(poll_id)
        rows = (await db.execute(text(f"SELECT xmin::text::bigint, sealed FROM {box_table}"))).all()
        opened: dict[int, list[PublishedBallot]] = {}
        for xmin, sealed in rows:
            batch = by_low.get(xmin)
            ballot = None if batch is None else unseal(key, poll_id, batch, sealed)
            if ballot is not None:
                assert batch is not None
                opened.setdefault(batch, []).append(ballot)
        return OpenedBox(sealed=len(rows), ballots=opened)

    def _close_tag(self, poll_id: uuid.UUID, stamp: bytes) -> bytes:
        return hmac.new(self._close_key, poll_id.bytes + stamp, hashlib.sha256).digest()

    async def announce_close(self, db: AsyncSession, poll_id: uuid.UUID, closing: bool) -> None:
        """Tell the poll's gathering batches, in every process, that a close is coming (in a
        transaction of its own, before the close waits for them): a mark dated by the
        database's clock (one clock for every process) and signed with a key derived from the
        KEK, so no database user can make a batch commit early, which would make it smaller
        than the anonymity set. ``closing`` False: take the mark back (the close did not
        happen). A poll with no box (open, roll-call, closed): nothing."""
        key_table, _ = _tables(poll_id)
        if await db.scalar(text("SELECT to_regclass(:key)"), {"key": key_table}) is None:
            return
        mark = None
        if closing:
            stamp = int(await db.scalar(_NOW_MS)).to_bytes(8, "big")
            mark = stamp + self._close_tag(poll_id, stamp)
        await db.execute(text(f"UPDATE {key_table} SET closing = :mark"), {"mark": mark})

    async def close_announced(self, db: AsyncSession, poll_id: uuid.UUID) -> bool:
        """Whether a close of the poll announced itself, signed, within the last minute."""
        key_table, _ = _tables(poll_id)
        rows = (await db.execute(text(f"SELECT closing, ({_NOW_MS.text}) FROM {key_table}"))).all()
        for mark, now_ms in rows:
            if mark is None or len(mark) != 40:
                continue
            stamp, tag = mark[:8], mark[8:]
            age = (now_ms - int.from_bytes(stamp, "big")) / 1000
            if abs(age) <= CLOSE_MARK_SECONDS and hmac.compare_digest(
                tag, self._close_tag(poll_id, stamp)
            ):
                return True
        return False

    async def destroy(self, db: AsyncSession, poll_id: uuid.UUID) -> None:
        """Drop the poll's box and key (in the closing transaction, after the ballots were
        published): their files go at the commit, dead tuples and all."""
        for table in _tables(poll_id):
            await db.execute(text(f"DROP TABLE IF EXISTS {table}"))
        self._keys.pop(poll_id, None)
