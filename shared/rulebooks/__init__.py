"""Versioned rulebooks: the Regulation's thresholds, notice periods and procedures as data.

Each rulebook (``data/<assembly>-<year>.json``) holds the rules of one Regulation over its period
in force, every rule with the paragraph it comes from. Checks take the rulebook in force on the
act's date (:func:`rulebook_on`) and return a verdict naming the rulebook and the paragraph::

    book = rulebook_on(session.opens_on)          # assembly="apk": the national Assembly
    verdict = session_quorum(book, present=263, total=394)
    verdict.satisfied, verdict.rule                # (True, "Reg2024 §9")

Regional assemblies will add their own files under their own ``assembly`` code.
"""

from __future__ import annotations

from shared.i18n import register_messages
from shared.rulebooks.checks import (
    add_months,
    council_adopted,
    council_gap,
    council_gap_exceeded,
    council_meeting_due,
    council_quorum,
    extraordinary_deadline,
    extraordinary_held_in_time,
    extraordinary_request_sufficient,
    notice_sufficient,
    session_adopted,
    session_quorum,
    sessions_per_year_sufficient,
    written_poll_adopted,
    written_poll_available,
)
from shared.rulebooks.model import (
    DateVerdict,
    LocalizedText,
    Rule,
    Rulebook,
    Threshold,
    ThresholdBase,
    ThresholdKind,
    Verdict,
)
from shared.rulebooks.registry import (
    NATIONAL_ASSEMBLY,
    RULEBOOKS,
    NoRulebookInForce,
    RulebookDataError,
    RulebookRegistry,
    load_packaged,
    parse_rulebook,
    rulebook,
    rulebook_on,
)

__all__ = [
    "NATIONAL_ASSEMBLY",
    "RULEBOOKS",
    "DateVerdict",
    "LocalizedText",
    "NoRulebookInForce",
    "Rule",
    "Rulebook",
    "RulebookDataError",
    "RulebookRegistry",
    "Threshold",
    "ThresholdBase",
    "ThresholdKind",
    "Verdict",
    "add_months",
    "council_adopted",
    "council_gap",
    "council_gap_exceeded",
    "council_meeting_due",
    "council_quorum",
    "extraordinary_deadline",
    "extraordinary_held_in_time",
    "extraordinary_request_sufficient",
    "load_packaged",
    "notice_sufficient",
    "parse_rulebook",
    "rulebook",
    "rulebook_on",
    "session_adopted",
    "session_quorum",
    "sessions_per_year_sufficient",
    "written_poll_adopted",
    "written_poll_available",
]

register_messages(
    {
        "title.no_rulebook_in_force": {
            "kk": "Күшіндегі ереже жоқ",
            "ru": "Нет действующего положения",
            "en": "No rulebook in force",
        },
        "no_rulebook_in_force": {
            "kk": "{day} күні «{assembly}» үшін күшіндегі ереже жоқ.",
            "ru": "На {day} для «{assembly}» нет действующего положения.",
            "en": "No rulebook of “{assembly}” is in force on {day}.",
        },
        "written_poll_not_provided": {
            "kk": "Осы ережеде Кеңестің сұрау салу жолымен шешім қабылдауы көзделмеген.",
            "ru": "Это положение не предусматривает принятие решений Совета путём опроса.",
            "en": "This rulebook provides no poll for Council decisions.",
        },
    }
)
