"""Names of the Assembly's bodies and posts in Kazakh, Russian and English: one source for
the membership API, protocols and the open data (Popolo)."""

from __future__ import annotations

from typing import Final

Names = dict[str, str]
"""``{"kk": ..., "ru": ..., "en": ...}``."""

ASSEMBLY: Final[Names] = {
    "kk": "Қазақстан халқы Ассамблеясы",
    "ru": "Ассамблея народа Казахстана",
    "en": "Assembly of the People of Kazakhstan",
}
SECRETARIAT: Final[Names] = {
    "kk": "Қазақстан халқы Ассамблеясының Хатшылығы",
    "ru": "Секретариат Ассамблеи народа Казахстана",
    "en": "Secretariat of the Assembly of the People of Kazakhstan",
}

BODY_NAMES: Final[dict[str, Names]] = {
    "council": {
        "kk": "Қазақстан халқы Ассамблеясының Кеңесі",
        "ru": "Совет Ассамблеи народа Казахстана",
        "en": "Council of the Assembly of the People of Kazakhstan",
    },
    "deputy_chairmen": {
        "kk": "Ассамблея Төрағасының орынбасарлары",
        "ru": "Заместители Председателя Ассамблеи",
        "en": "Deputy Chairmen of the Assembly",
    },
    "scientific_expert_council": {
        "kk": "Ғылыми-сарапшылық кеңес",
        "ru": "Научно-экспертный совет",
        "en": "Scientific-Expert Council",
    },
    "regional_assembly": {
        "kk": "Облыстың, республикалық маңызы бар қаланың, астананың ассамблеясы",
        "ru": "Ассамблея области, города республиканского значения, столицы",
        "en": "Assembly of a region, a city of republican significance or the capital",
    },
    "senate_deputies": {
        "kk": "Ассамблея Кеңесінің ұсынысы бойынша тағайындалатын Сенат депутаттары",
        "ru": "Депутаты Сената, назначаемые по предложению Совета Ассамблеи",
        "en": "Senate deputies appointed on the Council's proposal",
    },
    "mazhilis_deputies": {
        "kk": "Ассамблея сайлаған Парламент Мәжілісінің депутаттары",
        "ru": "Депутаты Мажилиса Парламента, избранные Ассамблеей",
        "en": "Mazhilis deputies elected by the Assembly",
    },
}
"""By body code (membership's ``BodyKind``)."""

POST_NAMES: Final[dict[str, Names]] = {
    "council_member": {
        "kk": "Ассамблея Кеңесінің мүшесі",
        "ru": "Член Совета Ассамблеи",
        "en": "Member of the Council",
    },
    "deputy_chairman_head_of_secretariat": {
        "kk": "Ассамблея Төрағасының орынбасары – Хатшылық меңгерушісі",
        "ru": "Заместитель Председателя Ассамблеи – заведующий Секретариатом",
        "en": "Deputy Chairman – Head of the Secretariat",
    },
    "deputy_chairman_ethnocultural": {
        "kk": "Этномәдени бірлестіктерден тағайындалған Ассамблея Төрағасының орынбасары",
        "ru": "Заместитель Председателя Ассамблеи от этнокультурных объединений",
        "en": "Deputy Chairman from the ethnocultural associations",
    },
    "scientific_expert_council_member": {
        "kk": "Ғылыми-сарапшылық кеңестің мүшесі",
        "ru": "Член Научно-экспертного совета",
        "en": "Member of the Scientific-Expert Council",
    },
    "scientific_expert_council_chair": {
        "kk": "Ғылыми-сарапшылық кеңестің төрағасы",
        "ru": "Председатель Научно-экспертного совета",
        "en": "Chair of the Scientific-Expert Council",
    },
    "scientific_expert_council_deputy_chair": {
        "kk": "Ғылыми-сарапшылық кеңес төрағасының орынбасары",
        "ru": "Заместитель председателя Научно-экспертного совета",
        "en": "Deputy Chair of the Scientific-Expert Council",
    },
    "regional_assembly_chair": {
        "kk": "Өңір ассамблеясының төрағасы (әкім)",
        "ru": "Председатель ассамблеи региона (аким)",
        "en": "Chair of a regional assembly (the akim)",
    },
    "regional_council_member": {
        "kk": "Өңір ассамблеясы кеңесінің мүшесі",
        "ru": "Член совета ассамблеи региона",
        "en": "Member of a regional assembly's council",
    },
    "senate_deputy": {
        "kk": "Қазақстан Республикасы Парламенті Сенатының депутаты",
        "ru": "Депутат Сената Парламента Республики Казахстан",
        "en": "Deputy of the Senate of the Parliament",
    },
    "mazhilis_deputy": {
        "kk": "Қазақстан Республикасы Парламенті Мәжілісінің депутаты",
        "ru": "Депутат Мажилиса Парламента Республики Казахстан",
        "en": "Deputy of the Mazhilis of the Parliament",
    },
}
"""By post code (membership's ``PostKind``)."""
