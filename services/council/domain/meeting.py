"""The Council meeting aggregate (Reg2024 §12–15; Reg2011 §9 by the Law 2008 Art. 10;
Reg2002 §9). Pure: no I/O.

One stream per meeting (``meeting-<id>``): convened → opened → (attendance)* → closed, with who
was absent. Its protocol has a stream of its own (``meeting_record``), signed off after the
closing; meetings signed off before that kept the sign-off in this stream. The quorum is
judged under the rulebook in force on the meeting's date (``held_on``), counting the Council
members of that day (a number the handler reads from the composition and passes in). The
Council's votes are resolutions (``resolution.py``): they read the meeting, never write to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from services.council.domain.errors import (
    CONVENING,
    REGIONAL_COUNCILS,
    AgendaClosed,
    AlreadyPresent,
    ChairmanConsentRequired,
    CouncilQuorumNotPresent,
    CountsExceedMembers,
    DateBefore,
    MeetingAlreadyOpened,
    MeetingInFuture,
    MeetingNotOpen,
    NotACouncilMember,
    NotEntitledToConvene,
    NotPresent,
    NotTheNationalCouncil,
    ProtocolAlreadySignedOff,
)
from services.council.domain.events import (
    AgendaItem,
    AttendanceRecorded,
    AttendanceWithdrawn,
    Consent,
    ConvenedBy,
    DecisionRef,
    MeetingClosed,
    MeetingConvened,
    MeetingOpened,
    MeetingRecorded,
    NamedPerson,
    PersonName,
    ProtocolSignedOff,
    SenateProposalsPutOnAgenda,
    Title,
)
from services.council.domain.meeting_record import MeetingAbsenceRecorded
from services.council.domain.senate import senate_rule_on
from shared.assemblies import REGIONAL_ROLE, is_national
from shared.domain import Aggregate
from shared.rulebooks import Rulebook, Verdict, council_quorum, post_rule, rulebook_on
from shared.rulebooks.registry import NATIONAL_ASSEMBLY


class MeetingStatus(StrEnum):
    CONVENED = "convened"
    OPEN = "open"
    CLOSED = "closed"
    SIGNED_OFF = "signed_off"
    RECORDED = "recorded"
    """Held before it was entered here: recorded from its protocol, its votes after it."""


def convener(roles: frozenset[str], assembly: str = NATIONAL_ASSEMBLY) -> ConvenedBy:
    """Who may convene (Reg2024 §12): the Chairman; the Deputy Chairmen with his consent; a
    regional assembly its own council (Law 2008 Art. 14: its chair, the akim). Which region a
    regional token acts for is checked by the handler (``shared.assemblies``)."""
    if "chairman" in roles:
        return ConvenedBy.CHAIRMAN
    if "deputy_chairman" in roles:
        return ConvenedBy.DEPUTY_CHAIRMAN
    if REGIONAL_ROLE in roles and not is_national(assembly):
        return ConvenedBy.REGIONAL_ASSEMBLY
    raise NotEntitledToConvene()


class Meeting(Aggregate):
    stream_type = "meeting"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.status: MeetingStatus | None = None
        self.assembly = ""
        self.body = ""
        self.number = ""
        self.held_on: date | None = None
        self.agenda: tuple[AgendaItem, ...] = ()
        self.council_total = 0
        self.present: dict[uuid.UUID, PersonName] = {}
        self.absence_recorded = False
        self.recorded_present: int | None = None
        """The number present as the protocol of a recorded meeting states it."""

    # -- convening -------------------------------------------------------------------------

    @classmethod
    def convene(
        cls,
        meeting_id: uuid.UUID,
        *,
        assembly: str,
        body: str,
        number: str,
        held_on: date,
        place: str,
        agenda: Sequence[AgendaItem],
        chair: PersonName | None,
        convened_by: ConvenedBy,
        consent: Consent | None,
        convened_on: date,
    ) -> Meeting:
        """Convened by the Chairman, or by a Deputy Chairman with the Chairman's consent, which
        is recorded (Reg2024 §12). The meeting's date must have a rulebook in force."""
        rulebook_on(held_on, assembly)  # NoRulebookInForce for a date no rulebook covers
        if convened_by is ConvenedBy.DEPUTY_CHAIRMAN:
            if consent is None:
                raise ChairmanConsentRequired()
            if consent.given_on > convened_on:
                raise DateBefore("convened_on", consent.given_on)
        else:
            consent = None
        meeting = cls(str(meeting_id))
        meeting._record(
            MeetingConvened(
                meeting_id=meeting_id,
                assembly=assembly,
                body=body,
                number=number,
                held_on=held_on,
                place=place,
                agenda=tuple(agenda),
                chair=chair,
                convened_by=convened_by,
                consent=consent,
                convened_on=convened_on,
                rule=REGIONAL_COUNCILS
                if convened_by is ConvenedBy.REGIONAL_ASSEMBLY
                else CONVENING,
            )
        )
        return meeting

    @classmethod
    def record(
        cls,
        meeting_id: uuid.UUID,
        *,
        assembly: str,
        body: str,
        number: str,
        held_on: date,
        place: str,
        agenda: Sequence[AgendaItem],
        chair: PersonName | None,
        convened_by: ConvenedBy,
        present: int,
        council_total: int,
        source: DecisionRef,
        today: date,
    ) -> Meeting:
        """A meeting held before, entered from its protocol (``source``): its quorum is judged
        under the rulebook in force on ``held_on`` (Reg2024 §14; Law 2008 Art. 10; Reg2002 §9)
        against the Council's members that day. Its votes are then recorded one by one."""
        if held_on > today:
            raise MeetingInFuture(held_on)
        if source.date < held_on:
            raise DateBefore("source", held_on)
        if present > council_total:
            raise CountsExceedMembers(present, council_total)
        verdict = council_quorum(rulebook_on(held_on, assembly), present, council_total)
        meeting = cls(str(meeting_id))
        meeting._record(
            MeetingRecorded(
                meeting_id=meeting_id,
                assembly=assembly,
                body=body,
                number=number,
                held_on=held_on,
                place=place,
                agenda=tuple(agenda),
                chair=chair,
                convened_by=convened_by,
                present=present,
                council_total=council_total,
                required=verdict.required,
                quorate=verdict.satisfied,
                rulebook=verdict.rulebook,
                rule=verdict.rule,
                source=source,
            )
        )
        return meeting

    # -- the sitting -----------------------------------------------------------------------

    @property
    def rulebook(self) -> Rulebook:
        assert self.held_on is not None
        return rulebook_on(self.held_on, self.assembly)

    def open(self, council_total: int, today: date) -> None:
        """Open on or after the meeting's date, with the number of Council members that day."""
        if self.status is MeetingStatus.SIGNED_OFF:
            raise ProtocolAlreadySignedOff(None, meeting_id=self.id)
        if self.status is not MeetingStatus.CONVENED:
            raise MeetingAlreadyOpened(None, meeting_id=self.id)
        assert self.held_on is not None
        if self.held_on > today:
            raise MeetingInFuture(self.held_on)
        basis = council_quorum(self.rulebook, 0, council_total)
        self._record(
            MeetingOpened(
                meeting_id=uuid.UUID(self.id),
                council_total=council_total,
                required=basis.required,
                rulebook=basis.rulebook,
                rule=basis.rule,
            )
        )

    def _require_open(self) -> None:
        if self.status is MeetingStatus.SIGNED_OFF:
            raise ProtocolAlreadySignedOff(None, meeting_id=self.id)
        if self.status is not MeetingStatus.OPEN:
            raise MeetingNotOpen(None, meeting_id=self.id)

    def record_attendance(self, member_id: uuid.UUID, name: PersonName | None) -> None:
        """A Council member of the meeting's day is present (``name``: None when not one)."""
        self._require_open()
        assert self.held_on is not None
        if name is None:
            raise NotACouncilMember(str(member_id), self.held_on)
        if member_id in self.present:
            raise AlreadyPresent(None, member_id=str(member_id))
        self._record(
            AttendanceRecorded(meeting_id=uuid.UUID(self.id), member_id=member_id, name=name)
        )

    def withdraw_attendance(self, member_id: uuid.UUID) -> None:
        self._require_open()
        if member_id not in self.present:
            raise NotPresent(None, member_id=str(member_id))
        self._record(AttendanceWithdrawn(meeting_id=uuid.UUID(self.id), member_id=member_id))

    @property
    def present_count(self) -> int:
        """The members present: those recorded one by one, or as a recorded protocol states."""
        return len(self.present) if self.recorded_present is None else self.recorded_present

    def quorum(self) -> Verdict:
        """At least two thirds of all Council members present (Reg2024 §14; Law 2008 Art. 10
        under Reg2011; implied by Reg2002 §9)."""
        return council_quorum(self.rulebook, self.present_count, self.council_total)

    def require_quorum(self) -> Verdict:
        """No vote without quorum: at an open meeting, or at a recorded one (its votes are
        recorded after it, from the same protocol)."""
        if self.status is not MeetingStatus.RECORDED:
            self._require_open()
        verdict = self.quorum()
        if not verdict.satisfied:
            raise CouncilQuorumNotPresent(verdict, self.council_total)
        return verdict

    def item(self, item_id: uuid.UUID) -> Title | None:
        return next((i.title for i in self.agenda if i.item_id == item_id), None)

    def put_senate_proposals(
        self, item: AgendaItem, proposals: Sequence[uuid.UUID], today: date
    ) -> None:
        """The Secretariat puts regional assemblies' Senate-candidate proposals (Law 2008
        Art. 14) on this meeting's agenda, as an item of its own: only a national Council
        meeting (Reg2024 §13) not yet closed, on a day the Council proposes Senate candidates
        (refused from 1 July 2026, Constitution 2026, citing it)."""
        if not is_national(self.assembly):
            raise NotTheNationalCouncil(self.assembly)
        if self.status is MeetingStatus.SIGNED_OFF:
            raise ProtocolAlreadySignedOff(None, meeting_id=self.id)
        if self.status not in (MeetingStatus.CONVENED, MeetingStatus.OPEN):
            raise AgendaClosed(None, meeting_id=self.id)
        assert self.held_on is not None
        senate_rule_on(today)
        _, citation, _ = post_rule(self.rulebook, "senate_deputy", self.held_on)
        self._record(
            SenateProposalsPutOnAgenda(
                meeting_id=uuid.UUID(self.id),
                item=item,
                proposals=tuple(proposals),
                put_on=today,
                rulebook=self.rulebook.id,
                rule=f"{REGIONAL_COUNCILS}; {citation}",
            )
        )

    def close(self, today: date) -> Verdict:
        self._require_open()
        assert self.held_on is not None
        verdict = self.quorum()
        self._record(
            MeetingClosed(
                meeting_id=uuid.UUID(self.id),
                present=len(self.present),
                council_total=self.council_total,
                quorate=verdict.satisfied,
                required=verdict.required,
                rulebook=verdict.rulebook,
                rule=verdict.rule,
                closed_on=max(today, self.held_on),
            )
        )
        return verdict

    def record_absence(self, absent: tuple[NamedPerson, ...]) -> None:
        """With the closing: the Council members of the day who were absent, as named then."""
        if self.status is not MeetingStatus.CLOSED or self.absence_recorded:
            raise MeetingNotOpen(None, meeting_id=self.id)
        self._record(MeetingAbsenceRecorded(meeting_id=uuid.UUID(self.id), absent=absent))

    # -- evolution -------------------------------------------------------------------------

    def when_MeetingConvened(self, event: MeetingConvened) -> None:
        self.status = MeetingStatus.CONVENED
        self.assembly = event.assembly
        self.body = event.body
        self.number = event.number
        self.held_on = event.held_on
        self.agenda = event.agenda

    def when_MeetingRecorded(self, event: MeetingRecorded) -> None:
        self.status = MeetingStatus.RECORDED
        self.assembly = event.assembly
        self.body = event.body
        self.number = event.number
        self.held_on = event.held_on
        self.agenda = event.agenda
        self.council_total = event.council_total
        self.recorded_present = event.present

    def when_MeetingOpened(self, event: MeetingOpened) -> None:
        self.status = MeetingStatus.OPEN
        self.council_total = event.council_total

    def when_AttendanceRecorded(self, event: AttendanceRecorded) -> None:
        self.present[event.member_id] = event.name

    def when_AttendanceWithdrawn(self, event: AttendanceWithdrawn) -> None:
        self.present.pop(event.member_id, None)

    def when_MeetingClosed(self, event: MeetingClosed) -> None:
        self.status = MeetingStatus.CLOSED

    def when_SenateProposalsPutOnAgenda(self, event: SenateProposalsPutOnAgenda) -> None:
        self.agenda = (*self.agenda, event.item)

    def when_MeetingAbsenceRecorded(self, event: MeetingAbsenceRecorded) -> None:
        self.absence_recorded = True

    def when_ProtocolSignedOff(self, event: ProtocolSignedOff) -> None:
        """Protocols signed off before the protocol record (``meeting_record``) took it over."""
        self.status = MeetingStatus.SIGNED_OFF
