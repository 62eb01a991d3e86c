"""Scanning for a link between a member and a secret choice: in every row of a database, in
Kafka messages and in log lines (used by the integration and end-to-end tests).

A *link* is any one record (row, message, log line) that holds a voter's id together with a
receipt, or a voter's id together with the secret poll and a choice. The voter roll (member and
poll, no choice) and the published ballots (receipt and choice, no member) are not links.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

CHOICE_WORD = re.compile(r"(?<![A-Za-z_])(for|against|abstain)(?![A-Za-z_])")


@dataclass(frozen=True)
class Secret:
    poll_id: uuid.UUID
    voters: frozenset[uuid.UUID]
    receipts: frozenset[str]


def links_in(records: Iterable[tuple[str, str]], secret: Secret) -> list[str]:
    """The records (where, content) that link a voter to a secret choice."""
    voters = {str(v) for v in secret.voters}
    poll = str(secret.poll_id)
    found = []
    for where, content in records:
        named = [v for v in voters if v in content]
        if not named:
            continue
        if any(r in content for r in secret.receipts):
            found.append(f"{where}: a voter with a receipt: {content[:300]}")
        elif poll in content and CHOICE_WORD.search(content.replace(poll, "")):
            found.append(f"{where}: a voter, the secret poll and a choice: {content[:300]}")
    return found


async def database_rows(database_url: str) -> list[tuple[str, str]]:
    """Every row of every table in the database's public schema, as text."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            tables = (
                await conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                        " ORDER BY tablename"
                    )
                )
            ).scalars()
            rows: list[tuple[str, str]] = []
            for table in list(tables):
                result = await conn.execute(text(f'SELECT t::text FROM "{table}" t'))
                rows.extend((table, r) for r in result.scalars())
            return rows
    finally:
        await engine.dispose()
