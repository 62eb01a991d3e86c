"""The Assembly's working bodies and its public structures in the regions. Pure.

One stream per body (``workingbody-<id>``): the Scientific-Expert Council (Reg2024 §21–24), a
commission (§20) or a working group (§25), coordinated by the Secretariat (§26); and the
structures the Assembly's overview (seed 003) names in every region: the regional
scientific-expert groups, the public consent councils, the mothers' councils and the
journalists' clubs. Who creates a body and approves its statute is the rulebook's of the act's
date; the body's statute has versions; its composition on any day is its seats in force that
day (half-open intervals: a seat counts on D when ``start_on <= D < end_on``); it meets, and
its opinions on documents are recorded on the documents.

The Scientific-Expert Council's chair, deputies and members are posts kept by the membership
service (elected at its meeting, Reg2024 §22; approved by the Head of the Secretariat, §24):
this service reads them from ``kelisim.membership.v1`` and keeps here only the experts the
Council draws on without making them members, foreigners included (§22).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.programmes.domain.document import refuse_personal_data_in
from services.programmes.domain.errors import (
    AlreadyDone,
    BodyMismatch,
    NotCompetent,
    PowerNotProvided,
    StepRefused,
    date_before,
)
from services.programmes.domain.events import (
    REGIONAL_KINDS,
    Act,
    Attachment,
    Authority,
    BodyDissolved,
    BodyEstablished,
    BodyKind,
    BodyMeetingHeld,
    BodyStatuteApproved,
    DocumentText,
    PersonName,
    SeatEnded,
    SeatEndGround,
    SeatFilled,
    SeatRole,
    Title,
)
from services.programmes.domain.procedures import BodyRule, Procedure, procedure_on
from shared.domain import Aggregate
from shared.errors import InvalidInput, NotFound
from shared.personal_data import refuse_personal_data
from shared.rulebooks import Rule

NATIONAL_KINDS = frozenset(
    {BodyKind.SCIENTIFIC_EXPERT_COUNCIL, BodyKind.COMMISSION, BodyKind.WORKING_GROUP}
)
"""Bodies of the Assembly itself, in no region."""
SEATS_OF_ONE = frozenset({SeatRole.CHAIR, SeatRole.SECRETARY})
"""Roles one person holds at a time in a body."""


@dataclass
class Seat:
    role: SeatRole
    person: str
    """``member:<id>`` or ``expert:<id>``: one seat per person at a time."""
    start_on: date
    end_on: date | None = None

    def holds_on(self, day: date) -> bool:
        return self.start_on <= day and (self.end_on is None or day < self.end_on)

    def overlaps(self, start_on: date) -> bool:
        return self.end_on is None or start_on < self.end_on


@dataclass(frozen=True)
class Occupant:
    """Who takes a seat: a member of the Assembly on the day, or a registered expert."""

    member_id: uuid.UUID | None
    expert_id: uuid.UUID | None
    name: PersonName

    @property
    def key(self) -> str:
        return f"member:{self.member_id}" if self.member_id else f"expert:{self.expert_id}"


def _rule(kind: BodyKind, day: date) -> tuple[Procedure, Rule[BodyRule | None], BodyRule]:
    procedure = procedure_on(day)
    rule = procedure.bodies[kind]
    if rule.value is None:
        raise PowerNotProvided(rule.citation, procedure.rulebook, kind.value)
    return procedure, rule, rule.value


def _competent(
    rule: Rule[BodyRule | None], book: str, act: str, given: Authority, allowed: Sequence[Authority]
) -> None:
    if given not in allowed:
        competent = ", ".join(a.value for a in allowed)
        raise NotCompetent(rule.citation, book, act, given.value, competent)


class WorkingBody(Aggregate):
    stream_type = "workingbody"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.kind = BodyKind.COMMISSION
        self.region: str | None = None
        self.established_on: date | None = None
        self.dissolved_on: date | None = None
        self.statute_version = 0
        self.seats: dict[uuid.UUID, Seat] = {}
        self.meetings: dict[uuid.UUID, date] = {}
        self.meeting_numbers: set[str] = set()

    @property
    def body_id(self) -> uuid.UUID:
        return uuid.UUID(self.id)

    @classmethod
    def establish(
        cls,
        body_id: uuid.UUID,
        kind: BodyKind,
        name: Title,
        region: str | None,
        established_on: date,
        decided_by: Authority,
        act: Act,
    ) -> WorkingBody:
        """Created by the authority the rulebook of ``established_on`` names (Reg2024 §20,
        §21, §24, §25; seed 003 for the regional structures)."""
        if kind in REGIONAL_KINDS and region is None:
            raise InvalidInput(None, reason="programmes_region_required", kind=kind.value)
        if kind in NATIONAL_KINDS and region is not None:
            raise InvalidInput(None, reason="programmes_region_not_expected", kind=kind.value)
        if established_on < act.date:
            raise date_before("established_on", established_on, act.date)
        procedure, rule, body_rule = _rule(kind, established_on)
        _competent(rule, procedure.rulebook, "establishment", decided_by, body_rule.established_by)
        refuse_personal_data_in("name", name)
        body = cls(str(body_id))
        body._record(
            BodyEstablished(
                body_id=body_id, kind=kind, name=name, region=region,
                established_on=established_on, decided_by=decided_by, act=act,
                rulebook=procedure.rulebook, rule=rule.citation,
            )
        )  # fmt: skip
        return body

    def active_on(self, day: date) -> bool:
        """Established by ``day`` and not dissolved."""
        assert self.established_on is not None
        return self.established_on <= day and (self.dissolved_on is None or day < self.dissolved_on)

    def _active_on(self, day: date, field_name: str, step: str) -> None:
        assert self.established_on is not None
        if day < self.established_on:
            raise date_before(field_name, day, self.established_on)
        if self.dissolved_on is not None and day >= self.dissolved_on:
            raise StepRefused(step, "dissolved")

    def approve_statute(
        self,
        text: DocumentText,
        attachments: Sequence[Attachment],
        approved_on: date,
        approved_by: Authority,
        act: Act,
    ) -> None:
        """A version of the statute (the Scientific-Expert Council's: by the Deputy
        Chairman–Head of the Secretariat, Reg2024 §24)."""
        self._active_on(approved_on, "approved_on", "statute")
        procedure, rule, body_rule = _rule(self.kind, approved_on)
        _competent(rule, procedure.rulebook, "statute", approved_by, body_rule.statute_by)
        refuse_personal_data_in("text", text)
        self._record(
            BodyStatuteApproved(
                body_id=self.body_id, version=self.statute_version + 1, text=text,
                attachments=tuple(attachments), approved_on=approved_on, approved_by=approved_by,
                act=act, rulebook=procedure.rulebook, rule=rule.citation,
            )
        )  # fmt: skip

    def fill_seat(
        self, seat_id: uuid.UUID, role: SeatRole, occupant: Occupant, start_on: date, act: Act
    ) -> None:
        """Someone takes a seat. In the Scientific-Expert Council only engaged experts: its
        members and officers are membership's posts (Reg2024 §22, §24)."""
        self._active_on(start_on, "start_on", "seat")
        _, rule, body_rule = _rule(self.kind, start_on)
        if body_rule.composition_by_membership and role is not SeatRole.ENGAGED_EXPERT:
            reason = "programmes_composition_by_membership"
            raise BodyMismatch(rule.citation, reason, role=role.value)
        if (occupant.member_id is None) == (occupant.expert_id is None):
            raise InvalidInput(None, reason="programmes_one_occupant")
        if seat_id in self.seats:
            raise AlreadyDone("seat", str(seat_id))
        for seat in self.seats.values():
            if not seat.overlaps(start_on):
                continue
            if seat.person == occupant.key:
                raise AlreadyDone("seat_holder", occupant.key)
            if role in SEATS_OF_ONE and seat.role is role:
                raise AlreadyDone("seat_role", role.value)
        refuse_personal_data("name", occupant.name.kk)
        refuse_personal_data("name", occupant.name.ru)
        self._record(
            SeatFilled(
                body_id=self.body_id, seat_id=seat_id, role=role, member_id=occupant.member_id,
                expert_id=occupant.expert_id, name=occupant.name, start_on=start_on, act=act,
            )
        )  # fmt: skip

    def end_seat(
        self, seat_id: uuid.UUID, end_on: date, ground: SeatEndGround, act: Act | None
    ) -> None:
        seat = self.seats.get(seat_id)
        if seat is None:
            raise NotFound(None, resource="seat", id=str(seat_id))
        if seat.end_on is not None:
            raise AlreadyDone("seat_end", str(seat_id))
        if end_on <= seat.start_on:
            raise date_before("end_on", end_on, seat.start_on)
        self._record(
            SeatEnded(body_id=self.body_id, seat_id=seat_id, end_on=end_on, ground=ground, act=act)
        )

    def hold_meeting(
        self,
        meeting_id: uuid.UUID,
        number: str,
        held_on: date,
        place: str,
        agenda: Sequence[Title],
        documents: Sequence[uuid.UUID],
        present: int,
    ) -> None:
        self._active_on(held_on, "held_on", "meeting")
        if number in self.meeting_numbers:
            raise AlreadyDone("meeting_number", number)
        refuse_personal_data("place", place)
        for title in agenda:
            refuse_personal_data_in("agenda", title)
        self._record(
            BodyMeetingHeld(
                body_id=self.body_id, meeting_id=meeting_id, number=number, held_on=held_on,
                place=place, agenda=tuple(agenda), documents=tuple(documents), present=present,
            )
        )  # fmt: skip

    def dissolve(self, dissolved_on: date, act: Act) -> None:
        self._active_on(dissolved_on, "dissolved_on", "dissolution")
        self._record(BodyDissolved(body_id=self.body_id, dissolved_on=dissolved_on, act=act))

    def composition_on(self, day: date) -> list[uuid.UUID]:
        """The seats in force on ``day`` (none once the body is dissolved)."""
        if self.dissolved_on is not None and day >= self.dissolved_on:
            return []
        return [seat_id for seat_id, seat in self.seats.items() if seat.holds_on(day)]

    # -- evolution ----------------------------------------------------------------------------

    def when_BodyEstablished(self, event: BodyEstablished) -> None:
        self.kind = event.kind
        self.region = event.region
        self.established_on = event.established_on

    def when_BodyStatuteApproved(self, event: BodyStatuteApproved) -> None:
        self.statute_version = event.version

    def when_SeatFilled(self, event: SeatFilled) -> None:
        person = f"member:{event.member_id}" if event.member_id else f"expert:{event.expert_id}"
        self.seats[event.seat_id] = Seat(event.role, person, event.start_on)

    def when_SeatEnded(self, event: SeatEnded) -> None:
        self.seats[event.seat_id].end_on = event.end_on

    def when_BodyMeetingHeld(self, event: BodyMeetingHeld) -> None:
        self.meetings[event.meeting_id] = event.held_on
        self.meeting_numbers.add(event.number)

    def when_BodyDissolved(self, event: BodyDissolved) -> None:
        self.dissolved_on = event.dissolved_on
