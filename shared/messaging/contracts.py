"""Inbound contracts: what a consumer relies on in another service's event.

A consumer declares, per event type it applies, a tolerant pydantic model of the fields it
reads (``InboundContract``: extra fields are ignored, so a producer may add fields freely) and
writes its handler against the typed value::

    class MemberIncluded(InboundContract):
        member_id: uuid.UUID
        effective_on: date

    @reads(MemberIncluded)
    async def member_included(event: MemberIncluded, message: InboundEvent, uow: UnitOfWork):
        ...

The handler ``reads`` returns is an ordinary consumer ``Handler`` that carries its contract,
so a test can check every consumer's contracts against the producers' published JSON Schemas
(``tests/contracts``): a producer that renames or drops a field a consumer reads breaks that
test, not a consumer in production. A message that does not satisfy the contract fails to
apply like any other error (retries, then the dead-letter topic).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:  # annotations only: the rulebooks, below the application layer, use this
    from shared.application import UnitOfWork
    from shared.messaging.envelope import InboundEvent

__all__ = ["ContractHandler", "InboundContract", "reads"]


class InboundContract(BaseModel):
    """The fields of another service's event that a consumer reads, and nothing more."""

    model_config = ConfigDict(frozen=True, extra="ignore")


C = TypeVar("C", bound=InboundContract)


@dataclass(frozen=True)
class ContractHandler(Generic[C]):
    """A consumer handler that validates the message's data against its contract first."""

    contract: type[C]
    apply: Callable[[C, InboundEvent, UnitOfWork], Awaitable[None]]

    async def __call__(self, message: InboundEvent, uow: UnitOfWork) -> None:
        await self.apply(self.contract.model_validate(message.data), message, uow)


def reads(
    contract: type[C],
) -> Callable[[Callable[[C, InboundEvent, UnitOfWork], Awaitable[None]]], ContractHandler[C]]:
    """Declare the contract a handler reads its event by."""

    def declare(
        apply: Callable[[C, InboundEvent, UnitOfWork], Awaitable[None]],
    ) -> ContractHandler[C]:
        return ContractHandler(contract, apply)

    return declare
