"""The status secrets of appeals submitted with an Idempotency-Key, kept sealed for a while.

A receipt's secret is shown to the applicant once and the event store keeps only its hash. When
the first answer is lost (a dropped connection, a timeout), the client retries with the same
Idempotency-Key and gets the stored answer again; that answer must carry the secret too, or
the applicant could never check the status. So the secret of an appeal submitted with an
Idempotency-Key is kept, sealed with AES-256-GCM under a key derived from the service's
``KELISIM_MONITORING_APPEAL_SECRET_KEY`` (never stored in the database; the appeal's id is the
associated data, so a sealed secret moved to another appeal does not open), until
``appeal_secret_retention_seconds`` after registration; then it is deleted: on every read and
write of the table and by a periodic purge (``purge_round``).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.logging import get_logger
from shared.service import Platform

KEY_MIN_LENGTH: Final = 32
NONCE_BYTES: Final = 12
_INFO: Final = b"kelisim monitoring appeal receipt secret v1"

_SEAL = text(
    "INSERT INTO appeal_receipt_secrets (appeal_id, sealed, expires_at)"
    " VALUES (:id, :sealed, :expires) ON CONFLICT (appeal_id) DO NOTHING"
)
_READ = text(
    "SELECT sealed FROM appeal_receipt_secrets WHERE appeal_id = :id AND expires_at > :now"
)
_PURGE = text("DELETE FROM appeal_receipt_secrets WHERE expires_at <= :now")

log = get_logger(__name__)


class ReceiptSecrets:
    """Seal, recover and purge receipts' secrets. ``key``: the service's secret (at least 32
    characters); ``retention``: how long after registration a secret can be recovered."""

    def __init__(self, key: str, retention: timedelta) -> None:
        if len(key) < KEY_MIN_LENGTH:
            raise ValueError(f"the appeal secret key needs at least {KEY_MIN_LENGTH} characters")
        if retention <= timedelta(0):
            raise ValueError("the retention of appeal secrets must be positive")
        kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
        self._aead = AESGCM(kdf.derive(key.encode()))
        self.retention = retention

    def _sealed(self, appeal_id: uuid.UUID, secret: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, secret.encode(), _INFO + appeal_id.bytes)

    def _opened(self, appeal_id: uuid.UUID, sealed: bytes) -> str | None:
        try:
            plain = self._aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _INFO + appeal_id.bytes
            )
        except InvalidTag:
            log.warning("appeal_secret_unreadable", appeal_id=str(appeal_id))
            return None
        return plain.decode()

    async def seal(
        self, db: AsyncSession, appeal_id: uuid.UUID, secret: str, registered_at: datetime
    ) -> None:
        """Keep ``secret`` sealed until the retention after ``registered_at`` (in the caller's
        transaction: kept only if the appeal is)."""
        await db.execute(_PURGE, {"now": registered_at})
        await db.execute(
            _SEAL,
            {
                "id": appeal_id,
                "sealed": self._sealed(appeal_id, secret),
                "expires": registered_at + self.retention,
            },
        )

    async def recover(self, db: AsyncSession, appeal_id: uuid.UUID, now: datetime) -> str | None:
        """The secret of ``appeal_id`` while it is kept (None after; expired ones are purged)."""
        await db.execute(_PURGE, {"now": now})
        sealed = (await db.execute(_READ, {"id": appeal_id, "now": now})).scalar_one_or_none()
        return None if sealed is None else self._opened(appeal_id, bytes(sealed))

    @staticmethod
    async def purge(db: AsyncSession, now: datetime) -> int:
        """Delete every secret kept past its time; how many were deleted."""
        result = await db.execute(_PURGE, {"now": now})
        return int(getattr(result, "rowcount", 0) or 0)


async def purge_expired(platform: Platform) -> int:
    """One purge in its own transaction, at the platform's clock."""
    async with platform.sessions() as db, db.begin():
        return await ReceiptSecrets.purge(db, platform.clock.now())


async def purge_round(platform: Platform) -> None:
    """One round of the periodic purge (``shared.workers.every``)."""
    purged = await purge_expired(platform)
    if purged:
        log.info("appeal_secrets_purged", count=purged)
