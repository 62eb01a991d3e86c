"""Monitoring read models, and the seed: the calendar, the early-warning rules, the regions.

- The working-day calendar for 2025-2027 (``shared/calendars/data/kz.json``, with its
  sources) is written the event-sourced way: one ``CalendarYearPublished`` event per year in
  the ``calendar-kz`` stream (deterministic event ids, actor ``system:migration-0002``) and the
  rows its projection writes. The Secretariat keeps it up to date through the API.
- Version 1 of the early-warning rules, likewise (``EarlyWarningRulesPublished``).
- The 20 regions (Reg2024 §18–19) and the ethnic groups are membership's reference data:
  monitoring keeps a copy fed by ``kelisim.membership.v1`` and seeds it here with the rows
  membership's migration 0003 seeds (both frozen copies; a test keeps them equal), so both
  services agree from the start without this service importing membership's code.

Revision ID: 0002
Revises: 0001
"""

import json
import uuid
from typing import NamedTuple

from alembic import op
from sqlalchemy import text

from shared.calendars import kazakhstan_seed

revision = "0002"
down_revision = "0001"
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

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://kelisim.kz/monitoring/migrations/0002")
METADATA = {
    "actor": "system:migration-0002",
    "roles": [],
    "correlation_id": "migration-0002",
    "causation_id": None,
    "idempotency_key": None,
}

# The frozen data of version 1 of the early-warning rules (schema version 1 of the event).
RULES_V1 = {
    "version": 1,
    "rules": [
        {"kind": "indicator_threshold", "id": "indicator_thresholds", "indicators": []},
        {
            "kind": "incident_rate",
            "id": "incident_rate_30d",
            "window_days": 30,
            "baseline_days": 365,
            "min_severity": "low",
            "levels": [
                {"level": "watch", "factor": "3/2", "min_count": 2},
                {"level": "pre_conflict", "factor": "2", "min_count": 3},
                {"level": "conflict", "factor": "3", "min_count": 5},
            ],
        },
        {
            "kind": "overdue_appeal",
            "id": "overdue_interethnic_appeal",
            "topics": ["interethnic_relations", "language_use", "discrimination"],
            "level": "watch",
        },
    ],
    "reason": "Initial early-warning rules (Strategy2002 §6), seeded with the service.",
}

_EVENT = text(
    """
    INSERT INTO events
        (stream_id, stream_type, version, event_id, event_type, schema_version, data, metadata)
    VALUES (:stream_id, :stream_type, :version, :event_id, :event_type, 1,
            CAST(:data AS jsonb), CAST(:metadata AS jsonb))
    """
)


def _event(stream_type: str, key: str, version: int, event_type: str, data: dict) -> dict:
    stream_id = f"{stream_type}-{key}"
    return {
        "stream_id": stream_id,
        "stream_type": stream_type,
        "version": version,
        "event_id": uuid.uuid5(NAMESPACE, f"{stream_id}/{version}"),
        "event_type": event_type,
        "data": json.dumps(data, ensure_ascii=False),
        "metadata": json.dumps(METADATA),
    }


TABLES = """
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    name_kk     TEXT NOT NULL,
    name_ru     TEXT NOT NULL,
    name_en     TEXT NOT NULL
);
CREATE TABLE ethnic_groups (
    code        TEXT PRIMARY KEY,
    name_kk     TEXT NOT NULL,
    name_ru     TEXT NOT NULL,
    name_en     TEXT NOT NULL
);
CREATE TABLE regional_assembly_chairs (
    term_id     UUID PRIMARY KEY,
    region      TEXT NOT NULL,
    member_id   UUID,
    name_kk     TEXT NOT NULL,
    name_ru     TEXT NOT NULL,
    start_on    DATE NOT NULL,
    end_on      DATE
);
CREATE INDEX regional_assembly_chairs_region_idx ON regional_assembly_chairs (region, start_on);
CREATE TABLE council_resolutions (
    resolution_id   UUID PRIMARY KEY,
    title_kk        TEXT,
    title_ru        TEXT,
    title_en        TEXT,
    adopted         BOOLEAN,
    event_type      TEXT NOT NULL,
    source_event_id UUID NOT NULL,
    first_seen_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    status      TEXT NOT NULL,
    sources     JSONB NOT NULL
);
CREATE TABLE calendar_days (
    day         DATE PRIMARY KEY,
    kind        TEXT NOT NULL,
    name_kk     TEXT NOT NULL,
    name_ru     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    source      TEXT
);
CREATE TABLE appeals (
    appeal_id           UUID PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    received_at         TIMESTAMPTZ NOT NULL,
    registered_on       DATE NOT NULL,
    channel             TEXT NOT NULL,
    received_by         TEXT NOT NULL,
    region              TEXT NOT NULL,
    topic               TEXT NOT NULL,
    language            TEXT NOT NULL,
    anonymous           BOOLEAN NOT NULL,
    applicant_name      TEXT,
    applicant_id_kind   TEXT,
    applicant_id_masked TEXT,
    applicant_address   TEXT,
    applicant_contact   TEXT,
    status              TEXT NOT NULL,
    officer             TEXT,
    original_due        DATE NOT NULL,
    answer_due          DATE NOT NULL,
    forward_by          DATE NOT NULL,
    forwarded_to        TEXT,
    forwarded_on        DATE,
    forwarded_within_limit BOOLEAN,
    extensions          INTEGER NOT NULL DEFAULT 0,
    answered_on         DATE,
    answered_on_time    BOOLEAN,
    closed_on           DATE,
    closed_reason       TEXT,
    version             INTEGER NOT NULL
);
CREATE INDEX appeals_open_idx ON appeals (status, answer_due);
CREATE INDEX appeals_region_idx ON appeals (region, topic);
CREATE TABLE appeal_notifications (
    appeal_id   UUID NOT NULL,
    subject     TEXT NOT NULL,
    act_on      DATE NOT NULL,
    notify_by   DATE NOT NULL,
    notified_on DATE,
    on_time     BOOLEAN,
    PRIMARY KEY (appeal_id, subject)
);
CREATE TABLE appeal_steps (
    appeal_id   UUID NOT NULL,
    version     INTEGER NOT NULL,
    step        TEXT NOT NULL,
    on_day      DATE NOT NULL,
    detail      TEXT,
    PRIMARY KEY (appeal_id, version)
);
CREATE TABLE indicators (
    code            TEXT PRIMARY KEY,
    name_kk         TEXT NOT NULL,
    name_ru         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    unit            TEXT NOT NULL,
    good_direction  TEXT NOT NULL,
    watch           NUMERIC,
    pre_conflict    NUMERIC,
    conflict        NUMERIC,
    version         INTEGER NOT NULL
);
CREATE TABLE indicator_values (
    indicator       TEXT NOT NULL,
    region          TEXT NOT NULL,
    period          TEXT NOT NULL,
    period_start    DATE NOT NULL,
    value           NUMERIC NOT NULL,
    source          TEXT NOT NULL,
    report_id       UUID NOT NULL,
    revisions       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (indicator, region, period)
);
CREATE INDEX indicator_values_series_idx ON indicator_values (indicator, region, period_start);
CREATE TABLE indicator_reports (
    report_id   UUID PRIMARY KEY,
    source      TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    revision    BOOLEAN NOT NULL,
    reason      TEXT,
    file_name   TEXT,
    reported_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE incidents (
    incident_id     UUID PRIMARY KEY,
    region          TEXT NOT NULL,
    place           TEXT NOT NULL,
    occurred_on     DATE NOT NULL,
    category        TEXT NOT NULL,
    ethnic_groups   TEXT[] NOT NULL,
    severity        TEXT NOT NULL,
    description     TEXT NOT NULL,
    status          TEXT NOT NULL,
    reported_by     TEXT NOT NULL,
    reported_on     DATE NOT NULL,
    version         INTEGER NOT NULL
);
CREATE INDEX incidents_region_idx ON incidents (region, occurred_on);
CREATE TABLE incident_steps (
    incident_id UUID NOT NULL,
    version     INTEGER NOT NULL,
    step        TEXT NOT NULL,
    by_actor    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    on_day      DATE NOT NULL,
    mediator    TEXT,
    PRIMARY KEY (incident_id, version)
);
CREATE TABLE recommendations (
    recommendation_id   UUID PRIMARY KEY,
    incident_id         UUID NOT NULL,
    addressee           TEXT NOT NULL,
    text                TEXT NOT NULL,
    resolution_id       UUID,
    respond_by          DATE,
    issued_on           DATE NOT NULL,
    issued_by           TEXT NOT NULL
);
CREATE INDEX recommendations_incident_idx ON recommendations (incident_id);
CREATE TABLE early_warning_rules (
    version     INTEGER PRIMARY KEY,
    rules       JSONB NOT NULL,
    reason      TEXT NOT NULL
);
CREATE TABLE alerts (
    alert_id        UUID PRIMARY KEY,
    region          TEXT NOT NULL,
    rule_id         TEXT NOT NULL,
    rules_version   INTEGER NOT NULL,
    rule_kind       TEXT NOT NULL,
    level           TEXT NOT NULL,
    key             TEXT NOT NULL,
    evidence        JSONB NOT NULL,
    facts           JSONB NOT NULL,
    status          TEXT NOT NULL,
    raised_as_of    DATE NOT NULL,
    escalated_as_of DATE,
    acknowledged_by TEXT,
    acknowledged_note TEXT,
    acknowledged_on DATE,
    closed_by       TEXT,
    closed_reason   TEXT,
    closed_on       DATE
);
CREATE INDEX alerts_region_idx ON alerts (region, status);
"""


def upgrade() -> None:
    for statement in TABLES.split(";"):
        if statement.strip():
            op.execute(statement)
    bind = op.get_bind()

    seed = kazakhstan_seed()
    events = []
    for version, year in enumerate(seed.years, start=1):
        data = {
            "year": year.year,
            "status": year.status,
            "days": [
                {
                    "day": d.day.isoformat(),
                    "kind": d.kind.value,
                    "name": {"kk": d.name_kk, "ru": d.name_ru, "en": d.name_en},
                }
                for d in year.days
            ],
            "sources": [*seed.legal_basis, *year.sources],
        }
        events.append(_event("calendar", "kz", version, "CalendarYearPublished", data))
        bind.execute(
            text(
                "INSERT INTO calendar_years (year, status, sources)"
                " VALUES (:y, :s, CAST(:src AS jsonb))"
            ),
            {"y": year.year, "s": year.status, "src": json.dumps(data["sources"])},
        )
        bind.execute(
            text(
                "INSERT INTO calendar_days (day, kind, name_kk, name_ru, name_en, source)"
                " VALUES (:day, :kind, :kk, :ru, :en, NULL)"
            ),
            [
                {
                    "day": d.day,
                    "kind": d.kind.value,
                    "kk": d.name_kk,
                    "ru": d.name_ru,
                    "en": d.name_en,
                }
                for d in year.days
            ],
        )
    events.append(
        _event("early-warning-rules", "current", 1, "EarlyWarningRulesPublished", RULES_V1)
    )
    bind.execute(_EVENT, events)
    bind.execute(
        text(
            "INSERT INTO early_warning_rules (version, rules, reason)"
            " VALUES (1, CAST(:rules AS jsonb), :reason)"
        ),
        {"rules": json.dumps(RULES_V1["rules"]), "reason": RULES_V1["reason"]},
    )
    bind.execute(
        text(
            "INSERT INTO regions (code, kind, name_kk, name_ru, name_en)"
            " VALUES (:code, :kind, :kk, :ru, :en)"
        ),
        [{"code": r.code, "kind": r.kind, "kk": r.kk, "ru": r.ru, "en": r.en} for r in REGIONS],
    )
    bind.execute(
        text(
            "INSERT INTO ethnic_groups (code, name_kk, name_ru, name_en)"
            " VALUES (:code, :kk, :ru, :en)"
        ),
        [{"code": g.code, "kk": g.kk, "ru": g.ru, "en": g.en} for g in ETHNIC_GROUPS],
    )


def downgrade() -> None:
    # The seed lives in the append-only event store, which refuses to delete it.
    raise RuntimeError(
        "0002 seeded the calendar and the early-warning rules as events, and the event store "
        "is append-only: recreate the database instead (0001's downgrade drops the store)."
    )
