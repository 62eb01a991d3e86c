"""The live plenary board's messages in Kazakh, Russian and English."""

from __future__ import annotations

from shared.i18n import register_messages

register_messages(
    {
        "live_board_full": {
            "kk": "Тікелей тақтаны қазір тым көп адам қарап отыр (шегі {limit}); біраздан кейін қайталаңыз.",
            "ru": "Живое табло сейчас смотрят слишком многие (предел {limit}); повторите позже.",
            "en": "Too many are watching the live board now (the limit is {limit}); try again later.",
        },
    }
)
