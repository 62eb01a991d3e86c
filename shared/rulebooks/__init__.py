"""Versioned rulebooks: the Regulation's thresholds, notice periods and procedures as data.

Each rulebook (``data/<assembly>-<year>.json``) holds the rules of one Regulation over its period
in force, every rule with the paragraph it comes from. Checks take the rulebook in force on the
act's date (:func:`rulebook_on`) and return a verdict naming the rulebook and the paragraph::

    book = rulebook_on(session.opens_on)          # assembly="apk": the national Assembly
    verdict = session_quorum(book, present=263, total=394)
    verdict.satisfied, verdict.rule                # (True, "Reg2024 §9")

A regional assembly is judged by its own files (assembly code: the region's code) when there are
any, else by the ``regional`` ones (the national thresholds, Law 2008 Art. 14).
"""

from __future__ import annotations

from shared.i18n import register_messages
from shared.rulebooks.checks import (
    add_months,
    body_seats,
    composition_of,
    council_adopted,
    council_gap,
    council_gap_exceeded,
    council_meeting_due,
    council_quorum,
    extraordinary_deadline,
    extraordinary_held_in_time,
    extraordinary_request_sufficient,
    legislative_initiative,
    notice_sufficient,
    post_rule,
    posts_on,
    session_adopted,
    session_quorum,
    sessions_per_year_sufficient,
    written_poll_adopted,
    written_poll_available,
)
from shared.rulebooks.model import (
    AppointedBy,
    Composition,
    DateVerdict,
    LocalizedText,
    Period,
    PostRule,
    Quota,
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
    active_registry,
    assembly_rulebook_on,
    load_packaged,
    load_packaged_books,
    national_rulebook_on,
    parse_rulebook,
    provisional,
    rulebook,
    rulebook_on,
    using_rulebooks,
)

__all__ = [
    "NATIONAL_ASSEMBLY",
    "RULEBOOKS",
    "AppointedBy",
    "Composition",
    "DateVerdict",
    "LocalizedText",
    "NoRulebookInForce",
    "Period",
    "PostRule",
    "Quota",
    "Rule",
    "Rulebook",
    "RulebookDataError",
    "RulebookRegistry",
    "Threshold",
    "ThresholdBase",
    "ThresholdKind",
    "Verdict",
    "active_registry",
    "add_months",
    "assembly_rulebook_on",
    "body_seats",
    "composition_of",
    "council_adopted",
    "council_gap",
    "council_gap_exceeded",
    "council_meeting_due",
    "council_quorum",
    "extraordinary_deadline",
    "extraordinary_held_in_time",
    "extraordinary_request_sufficient",
    "legislative_initiative",
    "load_packaged",
    "load_packaged_books",
    "national_rulebook_on",
    "notice_sufficient",
    "parse_rulebook",
    "post_rule",
    "posts_on",
    "provisional",
    "rulebook",
    "rulebook_on",
    "session_adopted",
    "session_quorum",
    "sessions_per_year_sufficient",
    "using_rulebooks",
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
        "post_not_provided": {
            "kk": "{rulebook} ережесінде «{post}» лауазымы көзделмеген ({rule}).",
            "ru": "Положение {rulebook} не предусматривает должность «{post}» ({rule}).",
            "en": "Rulebook {rulebook} provides no post “{post}” ({rule}).",
        },
        "post_ended": {
            "kk": "«{post}» лауазымы {since} бастап жоқ: {on} күнгі акт қабылданбайды ({rule}).",
            "ru": "Должности «{post}» нет с {since}: акт на {on} не принимается ({rule}).",
            "en": "There is no post “{post}” from {since}: an act of {on} is refused ({rule}).",
        },
        "post_not_yet": {
            "kk": "«{post}» лауазымы {since} бастап қана енгізілген: {on} күні ол жоқ ({rule}).",
            "ru": "Должность «{post}» введена только с {since}: на {on} её нет ({rule}).",
            "en": "The post “{post}” exists only from {since}: not on {on} ({rule}).",
        },
        "written_poll_not_provided": {
            "kk": "Осы ережеде Кеңестің сұрау салу жолымен шешім қабылдауы көзделмеген.",
            "ru": "Это положение не предусматривает принятие решений Совета путём опроса.",
            "en": "This rulebook provides no poll for Council decisions.",
        },
    }
)
