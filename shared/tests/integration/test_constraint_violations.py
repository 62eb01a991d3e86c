"""A refused statement is recognised by the constraint the server names, not by its message."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.application import violates

pytestmark = pytest.mark.integration


async def test_a_unique_index_is_named_by_the_server(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE seats (person TEXT NOT NULL, active BOOLEAN)"))
        await conn.execute(
            text("CREATE UNIQUE INDEX seats_one_active ON seats (person) WHERE active")
        )
        await conn.execute(text("INSERT INTO seats VALUES ('a', TRUE)"))
    with pytest.raises(IntegrityError) as refused:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO seats VALUES ('a', TRUE)"))
    assert violates(refused.value, "seats_one_active")
    assert not violates(refused.value, "seats_one")  # a prefix of the name is another name
    # A message naming the index does not make another violation that one.
    with pytest.raises(IntegrityError) as other:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO seats VALUES (NULL, FALSE)"))
    assert "seats" in str(other.value)
    assert not violates(other.value, "seats_one_active")
