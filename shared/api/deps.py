"""Request dependencies of every service's routes: the platform, a command's runner bound to
the request's actor and Idempotency-Key, and the If-Match precondition.

Routes import these from here; the app factory (``shared.api.app``) and the platform's own
routers (audit, protocols) too, so nothing depends on the factory module but the services'
composition roots.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Final, TypeVar

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse

from shared.api.auth import CurrentActor
from shared.application import (
    CommandResult,
    Idempotency,
    JsonDict,
    UnitOfWork,
    Work,
    request_fingerprint,
)
from shared.bounds import MAX_SAFE_INTEGER
from shared.context import Actor
from shared.errors import InvalidInput
from shared.service import Platform

__all__ = [
    "Commands",
    "CommandsDep",
    "IfMatch",
    "PlatformDep",
    "get_commands",
    "get_platform",
    "parse_if_match",
]


async def get_platform(request: Request) -> Platform:
    """The service's platform. A coroutine, as every dependency here: FastAPI runs a plain
    ``def`` dependency in its thread pool, a thread hop on every request (measured: the
    plenary benchmark's server spent part of each ballot starting and waking those threads)."""
    platform = request.app.state.platform
    assert isinstance(platform, Platform)
    return platform


PlatformDep = Annotated[Platform, Depends(get_platform)]


C = TypeVar("C")
R = TypeVar("R")


class Commands:
    """A request's way to run a command: its actor and Idempotency-Key, bound."""

    def __init__(self, platform: Platform, actor: Actor, idempotency: Idempotency | None):
        self.platform = platform
        self.actor = actor
        self.idempotency = idempotency

    async def run(self, work: Work) -> JSONResponse:
        return self.respond(await self.platform.runner.run(work, self.actor, self.idempotency))

    def respond(self, result: CommandResult) -> JSONResponse:
        """A command's answer as the route's response; a replayed one says so. For a route
        whose application entry point runs the command itself (an intake that batches, with
        its fallback to a command of its own)."""
        headers = {"Idempotent-Replayed": "true"} if result.replayed else None
        return JSONResponse(result.body, status_code=result.status_code, headers=headers)

    async def execute(
        self,
        handler: Callable[[C, UnitOfWork], Awaitable[R]],
        command: C,
        present: Callable[[R], JsonDict],
        status: int = 200,
    ) -> JSONResponse:
        """A route's one call: ``handler(command, uow)`` in a unit of work (idempotency,
        retries of a lost append race, errors mapped to problems in one place), its outcome
        answered as ``present(outcome)`` with ``status``."""

        async def work(uow: UnitOfWork) -> CommandResult:
            return CommandResult(status, present(await handler(command, uow)))

        return await self.run(work)


async def get_commands(
    request: Request,
    platform: PlatformDep,
    actor: CurrentActor,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Commands:
    idempotency = None
    if idempotency_key is not None:
        body = await request.body()
        idempotency = Idempotency(
            key=idempotency_key,
            scope=actor.subject,
            fingerprint=request_fingerprint(request.method, request.url.path, body),
        )
    return Commands(platform, actor, idempotency)


CommandsDep = Annotated[Commands, Depends(get_commands)]


def parse_if_match(value: str | None) -> int | None:
    """An expected stream version from ``If-Match: "3"`` (or ``3``); None when absent."""
    if value is None:
        return None
    stripped = value.strip().removeprefix("W/").strip('"')
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if _VERSION.fullmatch(stripped) is None or int(stripped) > MAX_SAFE_INTEGER:
        raise InvalidInput(None, reason="if_match_invalid")
    return int(stripped)


_VERSION: Final = re.compile(r"[0-9]{1,16}")
IfMatch = Annotated[str | None, Header(alias="If-Match")]
