"""The console's problem messages in Kazakh, Russian and English, registered by the app
factory (``main.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from shared.i18n import Language

Catalogue = Mapping[str, Mapping[Language, str]]

PROBLEMS: Final[Catalogue] = {
    "console_unknown_service": {
        "kk": "Консоль мұндай қызметтің API-ін жеткізбейді: {service}.",
        "ru": "Консоль не пересылает API такой службы: {service}.",
        "en": "The console forwards no API of a service called {service}.",
    },
    "console_upstream_unreachable": {
        "kk": "{service} қызметі жауап бермеді; біраздан кейін қайталаңыз.",
        "ru": "Служба {service} не ответила; повторите позже.",
        "en": "The {service} service did not answer; try again later.",
    },
    "console_sign_in_unavailable": {
        "kk": "Хатшылыққа кіру қазір мүмкін емес: сәйкестендіру провайдері бапталмаған немесе жауап бермейді.",
        "ru": "Вход для Секретариата сейчас невозможен: провайдер удостоверений не настроен или не отвечает.",
        "en": "Secretariat sign-in is not possible now: the identity provider is not configured or does not answer.",
    },
    "console_sign_in_failed": {
        "kk": "Сәйкестендіру провайдері арқылы кіру сәтсіз аяқталды.",
        "ru": "Вход через провайдер удостоверений не удался.",
        "en": "Signing in through the identity provider failed.",
    },
    "console_unknown_assembly": {
        "kk": "Мұндай ассамблея жоқ: {assembly}.",
        "ru": "Такой ассамблеи нет: {assembly}.",
        "en": "There is no assembly called {assembly}.",
    },
    "console_form_expired": {
        "kk": "Пішіннің мерзімі өтті: бетті қайта ашып, әрекетті қайталаңыз.",
        "ru": "Срок формы истёк: откройте страницу заново и повторите действие.",
        "en": "The form has expired: open the page again and repeat the action.",
    },
}
"""The forwarded APIs, signing in and the Secretariat's forms."""

SIGN_IN: Final[Catalogue] = {
    "console_sign_in_required": {
        "kk": "Алдымен кіріңіз.",
        "ru": "Сначала войдите.",
        "en": "Sign in first.",
    },
}
"""The pages that need a signed-in reader."""

CATALOGUES: Final[tuple[Catalogue, ...]] = (PROBLEMS, SIGN_IN)
