"""Reference data: the regions, ethnic groups and associations read models, and the seed.

The 20 regions (Reg2024 §18–19) and the ethnic groups (a frozen copy of
``domain/reference_data.py`` as it stood at this revision) are seeded the event-sourced way: one ``RegionRegistered`` / ``EthnicGroupRegistered`` event per
entry in the event store (version 1 of its stream, a deterministic event id, the actor
``system:migration-0003``), and the rows the projections write for those events. A rebuild of
the read models from the store therefore reproduces what this migration wrote.

The event data below is the frozen schema version 1 of those events, written out here rather
than built by the live event classes, so this migration keeps producing the same rows however
the application code evolves.

Revision ID: 0003
Revises: 0002
"""

import json
import uuid
from typing import NamedTuple

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


class RegionSeed(NamedTuple):
    code: str
    kind: str
    kk: str
    ru: str
    en: str


class EthnicGroupSeed(NamedTuple):
    code: str
    kk: str
    ru: str
    en: str


# Frozen at this revision: a migration must write the same rows whenever it is replayed, so it
# keeps its own copy of the reference data rather than importing the live constants.
REGIONS = (
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
ETHNIC_GROUPS = (
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

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://kelisim.kz/membership/migrations/0003")
METADATA = {
    "actor": "system:migration-0003",
    "roles": [],
    "correlation_id": "migration-0003",
    "causation_id": None,
    "idempotency_key": None,
}

_EVENT = text(
    """
    INSERT INTO events
        (stream_id, stream_type, version, event_id, event_type, schema_version, data, metadata)
    VALUES (:stream_id, :stream_type, 1, :event_id, :event_type, 1,
            CAST(:data AS jsonb), CAST(:metadata AS jsonb))
    """
)
_REGION = text(
    "INSERT INTO regions (code, kind, name_kk, name_ru, name_en, version)"
    " VALUES (:code, :kind, :kk, :ru, :en, 1)"
)
_ETHNIC_GROUP = text(
    "INSERT INTO ethnic_groups (code, name_kk, name_ru, name_en, version)"
    " VALUES (:code, :kk, :ru, :en, 1)"
)


def _event(stream_type: str, code: str, event_type: str, data: dict) -> dict:
    stream_id = f"{stream_type}-{code}"
    return {
        "stream_id": stream_id,
        "stream_type": stream_type,
        "event_id": uuid.uuid5(NAMESPACE, f"{stream_id}/1"),
        "event_type": event_type,
        "data": json.dumps(data, ensure_ascii=False),
        "metadata": json.dumps(METADATA),
    }


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE regions (
            code        TEXT PRIMARY KEY,
            kind        TEXT NOT NULL,
            name_kk     TEXT NOT NULL,
            name_ru     TEXT NOT NULL,
            name_en     TEXT NOT NULL,
            version     INTEGER NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE ethnic_groups (
            code        TEXT PRIMARY KEY,
            name_kk     TEXT NOT NULL,
            name_ru     TEXT NOT NULL,
            name_en     TEXT NOT NULL,
            version     INTEGER NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE associations (
            association_id  UUID PRIMARY KEY,
            name_kk         TEXT NOT NULL,
            name_ru         TEXT NOT NULL,
            name_en         TEXT NOT NULL,
            level           TEXT NOT NULL,
            kind            TEXT NOT NULL,
            region          TEXT,
            ethnic_group    TEXT,
            status          TEXT NOT NULL,
            closed_on       DATE,
            version         INTEGER NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX associations_region_idx ON associations (region)")
    op.execute("CREATE INDEX associations_ethnic_group_idx ON associations (ethnic_group)")

    bind = op.get_bind()
    names = [{"kk": r.kk, "ru": r.ru, "en": r.en} for r in REGIONS]
    bind.execute(
        _EVENT,
        [
            _event(
                "region",
                r.code,
                "RegionRegistered",
                {"code": r.code, "kind": r.kind, "name": name},
            )
            for r, name in zip(REGIONS, names, strict=True)
        ],
    )
    bind.execute(
        _REGION,
        [{"code": r.code, "kind": r.kind, **name} for r, name in zip(REGIONS, names, strict=True)],
    )

    names = [{"kk": g.kk, "ru": g.ru, "en": g.en} for g in ETHNIC_GROUPS]
    bind.execute(
        _EVENT,
        [
            _event("ethnic_group", g.code, "EthnicGroupRegistered", {"code": g.code, "name": name})
            for g, name in zip(ETHNIC_GROUPS, names, strict=True)
        ],
    )
    bind.execute(
        _ETHNIC_GROUP,
        [{"code": g.code, **name} for g, name in zip(ETHNIC_GROUPS, names, strict=True)],
    )


def downgrade() -> None:
    # The seed lives in the append-only event store, which refuses to delete it: dropping only
    # the read models would leave the store and the tables disagreeing on a later upgrade.
    raise RuntimeError(
        "0003 seeded reference data as events, and the event store is append-only: it cannot "
        "be downgraded. Recreate the database instead (0001's downgrade drops the store)."
    )
