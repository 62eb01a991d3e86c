"""The Council's refusals, as typed errors; a refusal under a rule cites its paragraph."""

from __future__ import annotations

from datetime import date

from shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from shared.rulebooks import Verdict

CONVENING = "Reg2024 §12"
"""Convened by the Chairman, or by the Deputy Chairmen with the Chairman's consent."""
COUNCIL_MEMBERS = "Reg2024 §14"
"""Quorum and votes count the Council's members on the meeting's day."""
SENATE_CANDIDATES = "Reg2024 §5, §13"
"""The Council proposes the candidates for the five Senate deputies."""
DEPUTY_CHAIRMEN = "Reg2024 §16"
"""Two Deputy Chairmen come from ethnocultural associations, on the Council's recommendation."""
CANDIDACIES = "Reg2024 §13"
"""The Council considers each membership candidacy."""
PROTOCOL = "Reg2024 §15"
"""A Council decision is recorded in a protocol."""
REGIONAL_COUNCILS = "Law 2008 Art. 14"
"""A regional assembly has its own council; it proposes Senate candidates to the Council."""
EXECUTION_CONTROL = "Reg2024 §4.5"
"""The Assembly controls how state bodies consider its decisions."""


class ChairmanConsentRequired(RuleViolation):
    def __init__(self) -> None:
        super().__init__(CONVENING, "council_consent_required")


class NotEntitledToConvene(RuleViolation):
    def __init__(self) -> None:
        super().__init__(CONVENING, "council_not_entitled_to_convene")


class CouncilQuorumNotPresent(RuleViolation):
    """No Council decision without quorum (Reg2024 §14)."""

    def __init__(self, verdict: Verdict, total: int) -> None:
        super().__init__(
            verdict.rule,
            "council_quorum_not_present",
            rulebook=verdict.rulebook,
            present=verdict.actual,
            required=verdict.required,
            total=total,
        )


class NotACouncilMember(RuleViolation):
    def __init__(self, member_id: str, day: date) -> None:
        super().__init__(COUNCIL_MEMBERS, "not_a_council_member", member_id=member_id, day=str(day))


class NotInElectorate(RuleViolation):
    """Only the Council members of the poll's opening day vote in a written poll."""

    def __init__(self, rule: str, member_id: str) -> None:
        super().__init__(rule, "not_in_poll_electorate", member_id=member_id)


class SenateCandidatesNotFive(RuleViolation):
    """As many candidates as the Senate seats the Council proposes for (five: Reg2024 §5,
    §13)."""

    def __init__(self, given: int, seats: int = 5, rule: str = SENATE_CANDIDATES) -> None:
        super().__init__(rule, "senate_candidates_not_five", given=given, seats=seats)


class TooManyDeputyChairmen(RuleViolation):
    def __init__(self, given: int, seats: int = 2, rule: str = DEPUTY_CHAIRMEN) -> None:
        super().__init__(rule, "too_many_deputy_chairmen", given=given, seats=seats)


class DuplicatePerson(InvalidInput):
    def __init__(self, member_id: str) -> None:
        super().__init__(None, reason="council_duplicate_person", member_id=member_id)


class CandidacyNotAwaitingReview(RuleViolation):
    """Only a nominated candidacy not yet reviewed is considered (Reg2024 §13)."""

    def __init__(self, member_id: str) -> None:
        super().__init__(CANDIDACIES, "candidacy_not_awaiting_review", member_id=member_id)


class MeetingNotFound(NotFound):
    code = "meeting_not_found"


class ResolutionNotFound(NotFound):
    code = "resolution_not_found"


class CardNotFound(NotFound):
    code = "control_card_not_found"


class AssignmentNotFound(NotFound):
    code = "assignment_not_found"


class MeetingNotOpen(Conflict):
    code = "meeting_not_open"


class MeetingAlreadyOpened(Conflict):
    code = "meeting_already_opened"


class ProtocolAlreadySignedOff(Conflict):
    """A meeting whose protocol was signed off in its own stream (before the protocol record)
    takes nothing more (Reg2024 §15)."""

    code = "protocol_already_signed_off"


class AlreadyPresent(Conflict):
    code = "council_attendance_already_recorded"


class NotPresent(Conflict):
    code = "council_attendance_not_recorded"


class AgendaItemUnknown(NotFound):
    code = "council_agenda_item_not_found"


class ItemAlreadyDecided(Conflict):
    code = "council_item_already_decided"


class CountsExceedPresent(InvalidInput):
    def __init__(self, votes: int, present: int) -> None:
        super().__init__(None, reason="council_votes_exceed_present", votes=votes, present=present)


class CountsExceedMembers(InvalidInput):
    def __init__(self, count: int, members: int) -> None:
        super().__init__(None, reason="council_count_exceeds_members", count=count, members=members)


class CouncilTotalDiffers(InvalidInput):
    """The protocol states another number of Council members than the composition of the day
    (membership's record of the Council's members) gives."""

    def __init__(self, stated: int, composition: int, day: date) -> None:
        super().__init__(
            None,
            reason="council_total_differs",
            stated=stated,
            composition=composition,
            day=str(day),
        )


class CouncilTotalUnknown(InvalidInput):
    def __init__(self, day: date) -> None:
        super().__init__(None, reason="council_total_unknown", day=str(day))


class MeetingInFuture(InvalidInput):
    def __init__(self, held_on: date) -> None:
        super().__init__(None, reason="council_meeting_in_future", held_on=str(held_on))


class DateBefore(InvalidInput):
    def __init__(self, field: str, earliest: date) -> None:
        super().__init__(None, reason="council_date_too_early", field=field, earliest=str(earliest))


class PollNotOpen(Conflict):
    code = "written_poll_not_open"


class PollDeadlinePassed(Conflict):
    code = "written_poll_deadline_passed"


class PollDeadlineNotReached(Conflict):
    """The Secretariat closes a written poll only once its deadline has come; before that it
    closes by itself when the outcome can no longer change."""

    code = "written_poll_deadline_not_reached"


class AlreadyVoted(Conflict):
    code = "council_already_voted"


class DeadlineNotLater(InvalidInput):
    def __init__(self) -> None:
        super().__init__(None, reason="written_poll_deadline_not_later")


class AssignmentClosed(Conflict):
    """The assignment's report was accepted: it is carried out."""

    code = "assignment_completed"


class ReportPending(Conflict):
    """A report awaits the Secretariat's review: one at a time."""

    code = "report_pending"


class NoReportPending(Conflict):
    code = "no_report_pending"


class CardClosed(Conflict):
    code = "control_card_closed"


class NotYourAssignment(Forbidden):
    """A state body acts only on its own assignments."""

    code = "forbidden"

    def __init__(self) -> None:
        super().__init__(None, reason="state_body_not_assigned")


# -- regional assemblies' councils and Senate-candidate proposals (Law 2008 Art. 14) ---------


class CouncilBodyMismatch(InvalidInput):
    """The body of a council is the assembly's own (``shared.assemblies.body_key``)."""

    def __init__(self, assembly: str, body: str, expected: str) -> None:
        super().__init__(
            None, reason="council_body_mismatch", assembly=assembly, body=body, expected=expected
        )


class NotARegionalAssembly(RuleViolation):
    """Senate-candidate proposals come from the regional assemblies (Law 2008 Art. 14)."""

    def __init__(self, assembly: str) -> None:
        super().__init__(REGIONAL_COUNCILS, "senate_proposal_not_regional", assembly=assembly)


class NotTheNationalCouncil(RuleViolation):
    """The Council of the Assembly proposes the Senate candidates (Reg2024 §13), not a
    regional assembly's council."""

    def __init__(self, assembly: str) -> None:
        super().__init__(SENATE_CANDIDATES, "senate_proposals_national_council", assembly=assembly)


class SenateProposalNotFound(NotFound):
    code = "senate_proposal_not_found"


class SenateProposalNotPending(Conflict):
    """A proposal goes on one meeting's agenda once."""

    code = "senate_proposal_not_pending"


class AgendaClosed(Conflict):
    """Items join a meeting's agenda until it closes."""

    code = "council_agenda_closed"


class NationalCouncilPower(RuleViolation):
    """Membership candidacies, Senate candidates, public awards and Deputy Chairmen are the
    Assembly's Council's (Reg2024 §13, §16), not a regional assembly's council's."""

    def __init__(self, kind: str, assembly: str) -> None:
        super().__init__(CANDIDACIES, "council_power_national_only", kind=kind, assembly=assembly)
