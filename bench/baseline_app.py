"""The baseline of ``bench.commands``: a minimal FastAPI endpoint doing one INSERT per request.

    KELISIM_BENCH_BASELINE_DSN=postgresql://... python -m uvicorn bench.baseline_app:app

``POST /v1/things`` parses the JSON body, inserts one event-shaped row into ``baseline_events``
(the table of ``bench.eventstore``: same columns, keys and indexes as the event store's, no
triggers) with plain asyncpg in its own transaction, and answers 201 with the row's position.
No authentication, validation, projection or idempotency: the floor a command can cost on this
stack (uvicorn, FastAPI, asyncpg, PostgreSQL) on the same machine.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bench.eventstore import BASELINE_DDL, BASELINE_INSERT

DSN_VARIABLE = "KELISIM_BENCH_BASELINE_DSN"
POOL_SIZE = 16


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(os.environ[DSN_VARIABLE], min_size=4, max_size=POOL_SIZE)
    async with pool.acquire() as conn:
        exists = await conn.fetchval("SELECT to_regclass('baseline_events') IS NOT NULL")
        if not exists:
            for statement in BASELINE_DDL:
                await conn.execute(statement)
    app.state.pool = pool
    try:
        yield
    finally:
        await pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/v1/things", status_code=201)
async def create(request: Request) -> JSONResponse:
    body: Any = await request.json()
    pool: asyncpg.Pool = request.app.state.pool
    stream = f"thing-{uuid.uuid4()}"
    async with pool.acquire() as conn, conn.transaction():
        position = await conn.fetchval(
            BASELINE_INSERT + " RETURNING global_position",
            stream,
            "thing",
            1,
            uuid.uuid4(),
            "ThingCreated",
            1,
            json.dumps(body, ensure_ascii=False),
            '{"actor": "bench"}',
        )
    return JSONResponse({"id": stream, "position": position}, status_code=201)
