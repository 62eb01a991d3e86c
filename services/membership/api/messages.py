"""Membership's messages in Kazakh, Russian and English, added to the shared catalogue."""

from __future__ import annotations

from shared.i18n import register_messages

register_messages(
    {
        "title.membership_already_ended": {
            "kk": "Мүшелік тоқтатылған",
            "ru": "Членство уже прекращено",
            "en": "Membership already ended",
        },
        "membership_already_ended": {
            "kk": "{member_id} мүшелігі бұрын тоқтатылған; екінші шешім қабылданбайды.",
            "ru": "Членство {member_id} уже прекращено; повторное решение не принимается.",
            "en": "The membership of {member_id} has already ended; a second decision is refused.",
        },
        "end_before_inclusion": {
            "kk": "Мүшелік енгізілген күнге дейін тоқтатыла алмайды ({rule}).",
            "ru": "Членство не может быть прекращено ранее даты включения ({rule}).",
            "en": "A membership cannot end before the day it began ({rule}).",
        },
        "resignation_only_by_self": {
            "kk": (
                "Төрағаның шешімінсіз мүшелік тек мүшенің өз қалауымен және тек өзі үшін "
                "тоқтатылады ({rule})."
            ),
            "ru": (
                "Без решения Председателя членство прекращается только по собственному "
                "желанию члена и только им самим ({rule})."
            ),
            "en": (
                "Without the Chairman's decision a membership ends only at the member's own "
                "wish, and only by the member themself ({rule})."
            ),
        },
    }
)
