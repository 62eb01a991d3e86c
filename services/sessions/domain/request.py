"""The members' request for an extraordinary Session (Reg2002 §8). Pure: no I/O.

One stream per request (``session-request-<id>``). Members sign for themselves, once each.
When the signatures of members on the roster of the day reach the rulebook's share of all
members on that roster, the request is ``supported``, and stays so: the Chairman may then
convene an extraordinary Session citing it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from services.sessions.domain.errors import AlreadySigned, DateBefore, NotOnRoster
from services.sessions.domain.events import (
    AgendaItem,
    ExtraordinaryRequestSigned,
    ExtraordinaryRequestSupported,
    ExtraordinarySessionRequested,
)
from shared.domain import Aggregate
from shared.errors import InvalidInput
from shared.personal_data import refuse_personal_data
from shared.rulebooks import Verdict, extraordinary_request_sufficient, rulebook_on
from shared.rulebooks.registry import NATIONAL_ASSEMBLY


class ExtraordinaryRequest(Aggregate):
    stream_type = "session-request"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.assembly = NATIONAL_ASSEMBLY
        self.requested_on: date | None = None
        self.signers: set[uuid.UUID] = set()
        self.signatures = 0
        self.supported_on: date | None = None
        self.agenda: tuple[AgendaItem, ...] = ()

    @classmethod
    def open(
        cls,
        request_id: uuid.UUID,
        reason: str,
        agenda: Sequence[AgendaItem],
        requested_by: uuid.UUID,
        requested_on: date,
        on_roster: bool,
        assembly: str = NATIONAL_ASSEMBLY,
        roster_total: int | None = None,
    ) -> ExtraordinaryRequest:
        """A member on the roster opens a request with its reason and proposed agenda; with
        ``roster_total`` (the members on the roster that day) it says how many signatures it
        needs under the rulebook of the day (Reg2002 §8)."""
        if not on_roster:
            raise NotOnRoster(str(requested_by), requested_on)
        refuse_personal_data("reason", reason)  # published, signed by members
        basis = None
        if roster_total is not None:
            book = rulebook_on(requested_on, assembly)
            basis = extraordinary_request_sufficient(book, 0, roster_total)
        request = cls(str(request_id))
        request._record(
            ExtraordinarySessionRequested(
                request_id=request_id,
                assembly=assembly,
                reason=reason,
                agenda=tuple(agenda),
                requested_by=requested_by,
                requested_on=requested_on,
                roster_total=roster_total,
                required=None if basis is None else basis.required,
                rulebook=None if basis is None else basis.rulebook,
                rule=None if basis is None else basis.rule,
            )
        )
        return request

    def sign(
        self,
        member_id: uuid.UUID,
        signed_on: date,
        on_roster: bool,
        roster_total: int,
        signers_on_roster: int | None = None,
    ) -> Verdict:
        """A member signs for themself, once. ``signers_on_roster``: how many of the signers
        (this one included) are on the roster of ``signed_on`` (default: all of them).

        Returns the threshold's verdict on that day; reaching it records the support.
        """
        assert self.requested_on is not None
        if signed_on < self.requested_on:
            raise DateBefore("signed_on", self.requested_on)
        if not on_roster:
            raise NotOnRoster(str(member_id), signed_on)
        if member_id in self.signers:
            raise AlreadySigned(None, member_id=str(member_id))
        counted = len(self.signers) + 1 if signers_on_roster is None else signers_on_roster
        if not 1 <= counted <= len(self.signers) + 1:
            raise InvalidInput("signers on the roster out of range", field="signers_on_roster")
        book = rulebook_on(signed_on, self.assembly)
        verdict = extraordinary_request_sufficient(book, counted, roster_total)
        request_id = uuid.UUID(self.id)
        self._record(
            ExtraordinaryRequestSigned(
                request_id=request_id,
                member_id=member_id,
                signed_on=signed_on,
                signatures=counted,
                roster_total=roster_total,
                required=verdict.required,
                rulebook=verdict.rulebook,
                rule=verdict.rule,
            )
        )
        if verdict.satisfied and self.supported_on is None:
            self._record(
                ExtraordinaryRequestSupported(
                    request_id=request_id,
                    signatures=counted,
                    roster_total=roster_total,
                    required=verdict.required,
                    supported_on=signed_on,
                    rulebook=verdict.rulebook,
                    rule=verdict.rule,
                )
            )
        return verdict

    @property
    def supported(self) -> bool:
        return self.supported_on is not None

    def when_ExtraordinarySessionRequested(self, event: ExtraordinarySessionRequested) -> None:
        self.assembly = event.assembly
        self.requested_on = event.requested_on
        self.agenda = event.agenda

    def when_ExtraordinaryRequestSigned(self, event: ExtraordinaryRequestSigned) -> None:
        self.signers.add(event.member_id)
        self.signatures = event.signatures

    def when_ExtraordinaryRequestSupported(self, event: ExtraordinaryRequestSupported) -> None:
        self.supported_on = event.supported_on
