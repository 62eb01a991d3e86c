"""The reference data seeded by migration 0003: pure constants, no imports from the app.

Migration ``0003_reference`` writes these entries as events (and their read-model rows), so
they are part of that migration: change them only together with a new migration. Later
changes are made by the Secretariat through the API, as events.

Regions: the current administrative division — 17 regions, 3 cities of republican
significance, Astana the capital among them — whose regional assemblies are accountable to the
Assembly (Reg2024 §18–19). Names follow the Kazakh and Russian texts of the President's decrees;
the three regions formed on 8 June 2022 (Decree No. 887 of 3 May 2022) are officially
"область Абай", "область Жетісу", "область Ұлытау" in Russian.

Ethnic groups: the 2021 census counted 124. Only the groups named here are seeded (the largest
ones and others the Assembly's documents name); the Secretariat registers the rest through the
API. No population figures are kept here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class RegionSeed:
    code: str
    kind: str
    """``region``, ``city_of_republican_significance`` or ``capital``."""
    kk: str
    ru: str
    en: str


@dataclass(frozen=True)
class EthnicGroupSeed:
    code: str
    kk: str
    ru: str
    en: str


REGIONS: Final[tuple[RegionSeed, ...]] = (
    RegionSeed("abai", "region", "Абай облысы", "область Абай", "Abai Region"),
    RegionSeed("akmola", "region", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    RegionSeed("aktobe", "region", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    RegionSeed("almaty_region", "region", "Алматы облысы", "Алматинская область", "Almaty Region"),
    RegionSeed("atyrau", "region", "Атырау облысы", "Атырауская область", "Atyrau Region"),
    RegionSeed(
        "west_kazakhstan",
        "region",
        "Батыс Қазақстан облысы",
        "Западно-Казахстанская область",
        "West Kazakhstan Region",
    ),
    RegionSeed("zhambyl", "region", "Жамбыл облысы", "Жамбылская область", "Zhambyl Region"),
    RegionSeed("zhetisu", "region", "Жетісу облысы", "область Жетісу", "Zhetisu Region"),
    RegionSeed(
        "karaganda", "region", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"
    ),
    RegionSeed("kostanay", "region", "Қостанай облысы", "Костанайская область", "Kostanay Region"),
    RegionSeed(
        "kyzylorda", "region", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"
    ),
    RegionSeed(
        "mangystau", "region", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"
    ),
    RegionSeed("pavlodar", "region", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    RegionSeed(
        "north_kazakhstan",
        "region",
        "Солтүстік Қазақстан облысы",
        "Северо-Казахстанская область",
        "North Kazakhstan Region",
    ),
    RegionSeed(
        "turkistan", "region", "Түркістан облысы", "Туркестанская область", "Turkistan Region"
    ),
    RegionSeed("ulytau", "region", "Ұлытау облысы", "область Ұлытау", "Ulytau Region"),
    RegionSeed(
        "east_kazakhstan",
        "region",
        "Шығыс Қазақстан облысы",
        "Восточно-Казахстанская область",
        "East Kazakhstan Region",
    ),
    RegionSeed("astana", "capital", "Астана", "Астана", "Astana"),
    RegionSeed("almaty_city", "city_of_republican_significance", "Алматы", "Алматы", "Almaty"),
    RegionSeed("shymkent", "city_of_republican_significance", "Шымкент", "Шымкент", "Shymkent"),
)

ETHNIC_GROUPS: Final[tuple[EthnicGroupSeed, ...]] = (
    EthnicGroupSeed("kazakh", "Қазақтар", "Казахи", "Kazakhs"),
    EthnicGroupSeed("russian", "Орыстар", "Русские", "Russians"),
    EthnicGroupSeed("uzbek", "Өзбектер", "Узбеки", "Uzbeks"),
    EthnicGroupSeed("ukrainian", "Украиндар", "Украинцы", "Ukrainians"),
    EthnicGroupSeed("uyghur", "Ұйғырлар", "Уйгуры", "Uyghurs"),
    EthnicGroupSeed("german", "Немістер", "Немцы", "Germans"),
    EthnicGroupSeed("tatar", "Татарлар", "Татары", "Tatars"),
    EthnicGroupSeed("azerbaijani", "Әзербайжандар", "Азербайджанцы", "Azerbaijanis"),
    EthnicGroupSeed("korean", "Корейлер", "Корейцы", "Koreans"),
    EthnicGroupSeed("turkish", "Түріктер", "Турки", "Turks"),
    EthnicGroupSeed("belarusian", "Белорустар", "Белорусы", "Belarusians"),
    EthnicGroupSeed("dungan", "Дүнгендер", "Дунгане", "Dungans"),
    EthnicGroupSeed("kyrgyz", "Қырғыздар", "Кыргызы", "Kyrgyz"),
    EthnicGroupSeed("tajik", "Тәжіктер", "Таджики", "Tajiks"),
    EthnicGroupSeed("polish", "Поляктар", "Поляки", "Poles"),
    EthnicGroupSeed("chechen", "Шешендер", "Чеченцы", "Chechens"),
    EthnicGroupSeed("kurdish", "Күрдтер", "Курды", "Kurds"),
    EthnicGroupSeed("bashkir", "Башқұрттар", "Башкиры", "Bashkirs"),
    EthnicGroupSeed("moldovan", "Молдавандар", "Молдаване", "Moldovans"),
    EthnicGroupSeed("armenian", "Армяндар", "Армяне", "Armenians"),
    EthnicGroupSeed("ingush", "Ингуштар", "Ингуши", "Ingush"),
    EthnicGroupSeed("greek", "Гректер", "Греки", "Greeks"),
    EthnicGroupSeed("mordvin", "Мордвалар", "Мордва", "Mordvins"),
    EthnicGroupSeed("chuvash", "Чуваштар", "Чуваши", "Chuvash"),
    EthnicGroupSeed("lezgin", "Лезгиндер", "Лезгины", "Lezgins"),
    EthnicGroupSeed("georgian", "Грузиндер", "Грузины", "Georgians"),
    EthnicGroupSeed("bulgarian", "Болгарлар", "Болгары", "Bulgarians"),
    EthnicGroupSeed("jewish", "Еврейлер", "Евреи", "Jews"),
    EthnicGroupSeed("turkmen", "Түрікмендер", "Туркмены", "Turkmens"),
    EthnicGroupSeed("karakalpak", "Қарақалпақтар", "Каракалпаки", "Karakalpaks"),
    EthnicGroupSeed("udmurt", "Удмурттар", "Удмурты", "Udmurts"),
    EthnicGroupSeed("ossetian", "Осетиндер", "Осетины", "Ossetians"),
    EthnicGroupSeed("avar", "Аварлар", "Аварцы", "Avars"),
    EthnicGroupSeed("balkar", "Балқарлар", "Балкарцы", "Balkars"),
    EthnicGroupSeed("karachay", "Қарашайлар", "Карачаевцы", "Karachays"),
    EthnicGroupSeed("kumyk", "Құмықтар", "Кумыки", "Kumyks"),
    EthnicGroupSeed("gagauz", "Гагауздар", "Гагаузы", "Gagauz"),
    EthnicGroupSeed("chinese", "Қытайлар", "Китайцы", "Chinese"),
    EthnicGroupSeed("mongol", "Моңғолдар", "Монголы", "Mongols"),
    EthnicGroupSeed("roma", "Сығандар", "Цыгане", "Roma"),
)
