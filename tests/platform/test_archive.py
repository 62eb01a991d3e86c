"""The bulk path: a year of acts of each service loaded from JSON Lines on a fresh system,
judged by the rulebook of their date (2012: Reg2011; monitoring's appeals of 2025, the first
year of its working-day calendar), replaying to the same read models; a file with a bad line
loads nothing and names every bad line."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from typer.testing import CliRunner

from ops.audit.replay import replay_and_diff
from ops.cli import app as kelisim
from ops.testing.services import migrated_database, settings_for_test
from services.council.api.messages import CATALOGUES as COUNCIL_MESSAGES
from services.council.application.archive import ACTS as COUNCIL_ACTS
from services.council.bootstrap import build as build_council
from services.council.settings import CouncilSettings
from services.membership.application.archive import ACTS as MEMBERSHIP_ACTS
from services.membership.bootstrap import build as build_membership
from services.membership.settings import MembershipSettings
from services.membership.tests.conftest import valid_iin
from services.monitoring.application.archive import ACTS as MONITORING_ACTS
from services.monitoring.bootstrap import build as build_monitoring
from services.monitoring.settings import MonitoringSettings
from services.sessions.application.archive import ACTS as SESSIONS_ACTS
from services.sessions.bootstrap import build as build_sessions
from services.sessions.settings import SessionsSettings
from shared.archive.loader import load_archive
from shared.i18n import register_messages
from shared.service import Platform

pytestmark = pytest.mark.integration

YEAR = 2012
REGIONS = ["astana", "almaty_city", "karaganda", "turkistan", "abai"]


def _doc(number: str, day: date) -> dict[str, str]:
    return {"number": number, "date": day.isoformat()}


def _lines(acts: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(act, ensure_ascii=False) for act in acts]


def membership_archive() -> list[str]:
    """Thirty members of 2012, two leaving; the Council, the Deputy Chairmen (Reg2011 §10),
    the nine Mazhilis deputies (Reg2011 §8): terms given newest first, some with their end."""
    members = [str(uuid.uuid4()) for _ in range(30)]
    acts: list[dict[str, Any]] = []
    for n, member_id in enumerate(members):
        joined = date(YEAR, 1, 10) + timedelta(days=n)
        acts.append(
            {
                "act": "member",
                "member_id": member_id,
                "person": {
                    "name": {"kk": f"Мүше {n:02d}", "ru": f"Член {n:02d}"},
                    "iin": valid_iin(3000 + n, "700101"),
                    "gender": "female" if n % 2 else "male",
                    "ethnic_group": "kazakh" if n % 3 else "russian",
                },
                "region": REGIONS[n % len(REGIONS)],
                "category": "public_figure",
                "decision": _doc(f"Ө-{n}", joined - timedelta(days=3)),
                "effective_on": joined.isoformat(),
            }
        )
    for member_id, day in ((members[28], date(YEAR, 6, 1)), (members[29], date(YEAR, 9, 1))):
        acts.append(
            {"act": "membership_end", "member_id": member_id, "ground": "own_wish",
             "effective_on": day.isoformat()}
        )  # fmt: skip
    terms: list[dict[str, Any]] = [
        {"act": "post_term", "post": "council_member", "member_id": member_id,
         "start_on": f"{YEAR}-02-15", "document": _doc("Шешім-4", date(YEAR, 2, 10))}
        for member_id in members[:12]
    ]  # fmt: skip
    terms += [
        {"act": "post_term", "post": "deputy_chairman_head_of_secretariat",
         "member_id": members[12], "start_on": f"{YEAR}-03-01",
         "document": _doc("Жарлық-21", date(YEAR, 3, 1))},
        {"act": "post_term", "post": "deputy_chairman_ethnocultural", "member_id": members[13],
         "start_on": f"{YEAR}-03-01", "document": _doc("Өкім-30", date(YEAR, 3, 1)),
         "recommendation": _doc("Кеңес-2", date(YEAR, 2, 20)), "rotation_period_months": 24,
         "end": {"end_on": f"{YEAR}-11-01", "ground": "rotation",
                 "document": _doc("Өкім-90", date(YEAR, 10, 25))}},
        {"act": "post_term", "post": "deputy_chairman_ethnocultural", "member_id": members[14],
         "start_on": f"{YEAR}-11-01", "document": _doc("Өкім-91", date(YEAR, 10, 25)),
         "recommendation": _doc("Кеңес-9", date(YEAR, 10, 20)), "rotation_period_months": 24},
        {"act": "post_term", "post": "deputy_chairman_ethnocultural", "member_id": members[15],
         "start_on": f"{YEAR}-03-01", "document": _doc("Өкім-31", date(YEAR, 3, 1)),
         "recommendation": _doc("Кеңес-2", date(YEAR, 2, 20)), "rotation_period_months": 36},
    ]  # fmt: skip
    terms += [
        {"act": "post_term", "post": "mazhilis_deputy",
         "name": {"kk": f"Депутат {n}", "ru": f"Депутат {n}"},
         "start_on": f"{YEAR}-01-20", "document": _doc("Сессия хаттамасы", date(YEAR, 1, 16))}
        for n in range(9)
    ]  # fmt: skip
    return _lines(acts + list(reversed(terms)))


def council_archive() -> list[str]:
    """Four meetings of 2012 with their votes, two written polls (Reg2011 §9)."""
    acts: list[dict[str, Any]] = []
    for n, month in enumerate((2, 5, 8, 11)):
        day = date(YEAR, month, 14)
        acts.append(
            {
                "act": "meeting",
                "number": str(n + 1),
                "held_on": day.isoformat(),
                "place": "Астана",
                "present": 24 - n,
                "council_total": 30,
                "source": _doc(f"Хаттама {n + 1}", day),
                "items": [
                    {"title": {"kk": "Жұмыс жоспары", "ru": "План работы"},
                     "vote": {"text": {"kk": "Бекітілсін", "ru": "Утвердить"},
                              "content": {"kind": "work_plan",
                                          "items": [{"kk": "Іс-шара", "ru": "Мероприятие"}]},
                              "counts": {"votes_for": 16 - n, "against": 2, "abstain": 0}}},
                    {"title": {"kk": "Әртүрлі", "ru": "Разное"}},
                ],
            }
        )  # fmt: skip
    for number, month, votes_for in (("С-1", 3, 20), ("С-2", 9, 19)):
        day = date(YEAR, month, 5)
        acts.append(
            {"act": "written_poll", "number": number, "text": {"kk": "Сұрақ", "ru": "Вопрос"},
             "content": {"kind": "other"}, "held_on": day.isoformat(),
             "counts": {"votes_for": votes_for, "against": 30 - votes_for, "abstain": 0},
             "council_total": 30, "source": _doc(f"Сұрау хаттамасы {number}", day)}
        )  # fmt: skip
    return _lines(acts)


def sessions_archive() -> list[str]:
    """The Sessions of 2012: one with its votes and its election of nine Mazhilis deputies
    (Reg2011 §8), an extraordinary one."""
    votes = [280, 270, 260, 250, 240, 230, 200, 160, 146, 145, 100]
    acts = [
        {"act": "session", "sitting_on": f"{YEAR}-04-26", "place": "Астана", "present": 300,
         "roster_total": 394, "source": _doc("XIX сессия хаттамасы", date(YEAR, 4, 26)),
         "items": [{"title": {"kk": "Үндеу", "ru": "Обращение"},
                    "votes": [{"motion": {"kk": "Үндеу қабылдансын", "ru": "Принять Обращение"},
                               "decision_kind": "address", "votes_for": 290, "against": 5,
                               "abstain": 5}]},
                   {"title": {"kk": "Мәжіліс", "ru": "Мажилис"}}],
         "mazhilis_elections": [{"participants": 290, "term_from": f"{YEAR}-04-27",
                                 "source": _doc("Санау хаттамасы", date(YEAR, 4, 26)),
                                 "candidates": [{"name": {"kk": f"Үміткер {i}",
                                                          "ru": f"Кандидат {i}"},
                                                 "votes_for": v}
                                                for i, v in enumerate(votes)]}]},
        {"act": "session", "kind": "extraordinary", "sitting_on": f"{YEAR}-10-10",
         "place": "Астана", "present": 270, "roster_total": 394,
         "source": _doc("Кезектен тыс сессия хаттамасы", date(YEAR, 10, 10)),
         "items": [{"title": {"kk": "Тұжырымдама", "ru": "Концепция"},
                    "votes": [{"motion": {"kk": "Қолдансын", "ru": "Одобрить"},
                               "decision_kind": "conceptual_position", "votes_for": 136,
                               "against": 129, "abstain": 5}]}]},
    ]  # fmt: skip
    return _lines(acts)


def monitoring_archive() -> list[str]:
    """A year of appeals (2025), most answered, and incidents (APPC 2020 Art. 64, 76)."""
    acts: list[dict[str, Any]] = []
    for n in range(24):
        received = date(2025, 1 + n // 2, 3 + n % 20)
        act: dict[str, Any] = {
            "act": "appeal",
            "received_at": f"{received.isoformat()}T10:00:00+05:00",
            "region": REGIONS[n % len(REGIONS)],
            "topic": "language_use" if n % 2 else "interethnic_relations",
            "language": "kk" if n % 3 else "ru",
            "applicant": {"name": f"Өтініш беруші {n}", "id_kind": "iin",
                          "id_number": valid_iin(5000 + n, "800101"),
                          "address": "Астана, Бейбітшілік к-сі, 1"},
            "text": f"Өтініш {n}",
        }  # fmt: skip
        if n % 4:
            act |= {"answered_on": (received + timedelta(days=10)).isoformat(),
                    "summary": "Жауап берілді"}  # fmt: skip
        acts.append(act)
    for n, month in enumerate((2, 6, 10)):
        day = date(2025, month, 12)
        acts.append(
            {"act": "incident", "region": REGIONS[n], "place": "Ауыл",
             "occurred_on": day.isoformat(), "category": "domestic_conflict",
             "ethnic_groups": ["kazakh", "russian"], "severity": "medium",
             "description": "Тұрмыстық жанжал",
             "reported_on": (day + timedelta(days=1)).isoformat()}
        )  # fmt: skip
    return _lines(acts)


@pytest_asyncio.fixture
async def platforms(fresh_database: Any) -> AsyncIterator[dict[str, Platform]]:
    for catalogue in COUNCIL_MESSAGES:  # as the council's app registers them
        register_messages(catalogue)
    built = {
        "membership": build_membership(
            settings_for_test(
                MembershipSettings, await migrated_database(fresh_database, "membership")
            )
        ),
        "council": build_council(
            settings_for_test(CouncilSettings, await migrated_database(fresh_database, "council"))
        ),
        "sessions": build_sessions(
            settings_for_test(SessionsSettings, await migrated_database(fresh_database, "sessions"))
        ),
        "monitoring": build_monitoring(
            settings_for_test(
                MonitoringSettings, await migrated_database(fresh_database, "monitoring")
            )
        ),
    }
    try:
        yield built
    finally:
        for platform in built.values():
            await platform.dispose()


ARCHIVES = {
    "membership": (MEMBERSHIP_ACTS, membership_archive),
    "council": (COUNCIL_ACTS, council_archive),
    "sessions": (SESSIONS_ACTS, sessions_archive),
    "monitoring": (MONITORING_ACTS, monitoring_archive),
}


async def _count(platform: Platform, sql: str) -> int:
    async with platform.sessions() as db:
        return int((await db.execute(text(sql))).scalar_one())


@pytest.mark.parametrize("service", sorted(ARCHIVES))
async def test_a_year_of_acts_loads_on_a_fresh_system_and_replays_to_the_same_read_models(
    platforms: dict[str, Platform], service: str
) -> None:
    platform = platforms[service]
    acts, archive = ARCHIVES[service]
    lines = archive()
    report = await load_archive(platform, acts, lines)
    assert report.committed, report.to_json()
    assert report.loaded == len(lines)
    replay = await replay_and_diff(platform)
    assert replay.equal, replay.to_json()
    assert sum(replay.events_applied.values()) > 0


async def test_what_the_year_of_2012_left_in_the_read_models(
    platforms: dict[str, Platform],
) -> None:
    for service, (acts, archive) in ARCHIVES.items():
        assert (await load_archive(platforms[service], acts, archive())).committed, service
    membership, council, sessions = (platforms[s] for s in ("membership", "council", "sessions"))
    assert await _count(membership, "SELECT count(*) FROM members WHERE status = 'active'") == 28
    assert await _count(membership, "SELECT count(*) FROM post_terms WHERE end_on IS NOT NULL") == 1
    assert await _count(council, "SELECT count(*) FROM meetings WHERE status = 'recorded'") == 4
    statuses = await _count(
        council, "SELECT count(*) FROM resolutions WHERE status = 'adopted' AND rule = 'Reg2011 §9'"
    )
    assert statuses == 1  # 20 of 30 adopted, 19 of 30 not
    assert await _count(sessions, "SELECT count(*) FROM decisions") == 2  # 290 of 300, 136 of 270
    elected = "SELECT count(*) FROM election_candidates WHERE elected"
    assert await _count(sessions, elected) == 9
    monitoring = platforms["monitoring"]
    assert await _count(monitoring, "SELECT count(*) FROM appeals") == 24
    assert await _count(monitoring, "SELECT count(*) FROM appeals WHERE status = 'answered'") == 18


async def test_a_file_with_bad_lines_loads_nothing_and_names_every_one(
    platforms: dict[str, Platform],
) -> None:
    council = platforms["council"]
    lines = council_archive()
    late = json.loads(lines[4])
    late["held_on"] = late["source"]["date"] = "2025-03-05"  # no written poll under Reg2024 §15
    lines[4] = json.dumps(late, ensure_ascii=False)
    lines.insert(2, "{not json")
    report = await load_archive(council, COUNCIL_ACTS, lines, lang="ru")
    assert not report.committed
    assert [(r.line, r.code) for r in report.refused] == [
        (3, "archive_line_invalid"),
        (6, "written_poll_not_provided"),
    ]
    assert report.refused[1].rule == "Reg2024 §15" and "опрос" in report.refused[1].reason
    assert await _count(council, "SELECT count(*) FROM events") == 0
    assert await _count(council, "SELECT count(*) FROM meetings") == 0


def test_the_kelisim_archive_load_command(platforms: dict[str, Platform], tmp_path: Any) -> None:
    council = platforms["council"]
    url = council.settings.resolved_database_url()
    good, bad = tmp_path / "council-2012.jsonl", tmp_path / "council-bad.jsonl"
    good.write_text("\n".join(council_archive()) + "\n", encoding="utf-8")
    bad.write_text('{"act": "written_poll"}\n', encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(
        kelisim, ["archive", "load", "council", str(bad), "--database-url", url, "--json"]
    )
    assert refused.exit_code == 1, refused.output
    assert json.loads(refused.stdout)["refused"][0]["line"] == 1
    loaded = runner.invoke(
        kelisim, ["archive", "load", "council", str(good), "--database-url", url, "--json"]
    )
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout)["loaded"] == 6
    replayed = runner.invoke(kelisim, ["audit", "replay", "council", "--database-url", url])
    assert replayed.exit_code == 0, replayed.output
