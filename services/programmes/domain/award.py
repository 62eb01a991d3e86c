"""A public award of the Assembly: established and its statute approved by the Council's
resolution (Reg2024 §13.5), its statute's versions by date, and its conferrals. Pure.

One stream per award (``award-<id>``, the id derived from the establishing resolution). The
award's name and each statute's text are the resolution's own (its ``public_award`` content,
as received on ``kelisim.council.v1``): the Council's act is the source, this service links to
it by id. A resolution amending a statute names the award (``award_id``). Each conferral is
recorded with the decision that made it and is under the statute in force on its day: an
award conferred before an amendment keeps showing the statute it was conferred under.
"""

from __future__ import annotations

import uuid
from datetime import date

from services.programmes.domain.errors import (
    AlreadyDone,
    NotInForce,
    PowerNotProvided,
    UnknownAct,
    date_before,
)
from services.programmes.domain.events import (
    Act,
    Authority,
    AwardConferred,
    AwardEstablished,
    AwardStatuteAmended,
    Recipient,
    Statute,
    Summary,
    Title,
)
from services.programmes.domain.procedures import Procedure, procedure_on
from services.programmes.domain.received import ReceivedResolution
from shared.domain import Aggregate
from shared.personal_data import refuse_personal_data

AWARDS = uuid.UUID("a3a2d5e1-7c0d-5e55-9a57-6177617264ab")
"""Namespace of award ids: ``uuid5(AWARDS, "<establishing resolution>")``."""


def award_id_of(resolution_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(AWARDS, str(resolution_id))


def _council_power(resolution: ReceivedResolution) -> tuple[Procedure, str]:
    """The Council's power over awards under the rulebook of the resolution's day."""
    procedure = procedure_on(resolution.adopted_on)
    rule = procedure.awards
    if rule.value is None or Authority.COUNCIL not in rule.value:
        raise PowerNotProvided(rule.citation, procedure.rulebook, "public_award")
    if resolution.kind != "public_award":
        raise UnknownAct(rule.citation, "resolution", str(resolution.resolution_id), "public_award")
    return procedure, rule.citation


def _statute(resolution: ReceivedResolution, version: int, effective_from: date) -> Statute:
    return Statute(
        version=version,
        text=Summary.model_validate(resolution.content["statute"]),
        resolution_id=resolution.resolution_id,
        protocol=resolution.protocol,
        approved_on=resolution.adopted_on,
        effective_from=effective_from,
    )


class Award(Aggregate):
    stream_type = "award"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.statutes: list[Statute] = []
        self.conferrals: set[uuid.UUID] = set()

    @classmethod
    def establish(cls, resolution: ReceivedResolution) -> Award:
        """The award the resolution establishes, with its first statute (Reg2024 §13.5)."""
        procedure, rule = _council_power(resolution)
        if resolution.content.get("award_id") is not None:
            raise UnknownAct(rule, "resolution", str(resolution.resolution_id), "new_award")
        award_id = award_id_of(resolution.resolution_id)
        award = cls(str(award_id))
        award._record(
            AwardEstablished(
                award_id=award_id,
                name=Title.model_validate(resolution.content["award"]),
                statute=_statute(resolution, 1, resolution.adopted_on),
                rulebook=procedure.rulebook,
                rule=rule,
            )
        )
        return award

    def amend_statute(self, resolution: ReceivedResolution, effective_from: date | None) -> None:
        """A new version of the statute by the resolution naming this award (Reg2024 §13.5)."""
        procedure, rule = _council_power(resolution)
        if resolution.content.get("award_id") != self.id:
            raise UnknownAct(rule, "resolution", str(resolution.resolution_id), self.id)
        if any(s.resolution_id == resolution.resolution_id for s in self.statutes):
            raise AlreadyDone("resolution", str(resolution.resolution_id))
        last = self.statutes[-1]
        if resolution.adopted_on < last.approved_on:
            raise date_before("adopted_on", resolution.adopted_on, last.approved_on)
        start = effective_from or resolution.adopted_on
        if start < resolution.adopted_on:
            raise date_before("effective_from", start, resolution.adopted_on)
        if start <= last.effective_from:
            raise date_before("effective_from", start, last.effective_from)
        self._record(
            AwardStatuteAmended(
                award_id=uuid.UUID(self.id),
                statute=_statute(resolution, last.version + 1, start),
                rulebook=procedure.rulebook,
                rule=rule,
            )
        )

    def statute_on(self, day: date) -> Statute | None:
        """The statute in force on ``day``: the latest version effective by then."""
        found = None
        for statute in self.statutes:
            if statute.effective_from <= day:
                found = statute
        return found

    def confer(
        self,
        conferral_id: uuid.UUID,
        recipient: Recipient,
        decided_by: Authority,
        decision: Act,
        resolution_id: uuid.UUID | None,
        conferred_on: date,
    ) -> None:
        """Conferred by ``decision`` under the statute in force on ``conferred_on``."""
        statute = self.statute_on(conferred_on)
        if statute is None:
            rule = self.statutes[0]
            raise NotInForce(
                procedure_on(rule.approved_on).awards.citation, "award", self.id, conferred_on
            )
        if conferral_id in self.conferrals:
            raise AlreadyDone("conferral", str(conferral_id))
        if conferred_on < decision.date:
            raise date_before("conferred_on", conferred_on, decision.date)
        refuse_personal_data("recipient", recipient.name.kk)
        refuse_personal_data("recipient", recipient.name.ru)
        self._record(
            AwardConferred(
                award_id=uuid.UUID(self.id),
                conferral_id=conferral_id,
                recipient=recipient,
                decided_by=decided_by,
                decision=decision,
                resolution_id=resolution_id,
                conferred_on=conferred_on,
                statute_version=statute.version,
            )
        )

    def when_AwardEstablished(self, event: AwardEstablished) -> None:
        self.statutes.append(event.statute)

    def when_AwardStatuteAmended(self, event: AwardStatuteAmended) -> None:
        self.statutes.append(event.statute)

    def when_AwardConferred(self, event: AwardConferred) -> None:
        self.conferrals.add(event.conferral_id)
