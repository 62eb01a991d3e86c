"""A year of Assembly life, loaded through the five services' public HTTP APIs only.

``kelisim demo load`` calls :func:`load_year`: the members (membership), the year's Sessions
(sessions), the Council's meetings and the control board (council), indicators, incidents,
alerts and appeals (monitoring), and the programme document and the Development Concept
(programmes); then three regional assemblies' members, councils, Sessions, a council
meeting, a control card and their periodic reports (:mod:`.regional`). Nothing here imports
a service's package: the loader is a client like any other.
The same seed gives the same Assembly, and a second run adds nothing (see :mod:`.api`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import aiohttp

from ops.demo import council, membership, monitoring, programmes, regional, sessions
from ops.demo.api import (
    AiohttpConnection,
    Api,
    As,
    Counting,
    DemoFailed,
    Progress,
    ServiceNotRunning,
    TokenSource,
    development_tokens,
    service_urls,
)

__all__ = [
    "PROGRAMMES_START",
    "Counting",
    "DemoFailed",
    "Progress",
    "ServiceNotRunning",
    "Year",
    "development_tokens",
    "load_year",
    "service_urls",
]

PROGRAMMES_START = date(2026, 2, 2)
SERVICES = ("membership", "sessions", "council", "monitoring", "programmes")
READER = As("demo-secretariat", ("secretariat",))
"""Who reads what programmes has received before citing it."""


@dataclass
class Year:
    """What the load made, per part."""

    membership: membership.Loaded
    sessions: sessions.Loaded
    council: council.Loaded
    monitoring: monitoring.Loaded
    programmes: programmes.Loaded
    regional: regional.Loaded

    def lines(self) -> list[str]:
        m, s, c, mo = self.membership, self.sessions, self.council, self.monitoring
        return [
            f"membership: {len(m.members)} members ({m.candidacies} through nomination), "
            f"{m.associations} associations, {m.posts} posts",
            f"sessions: {len(s.sessions)} Sessions, {len(s.polls)} polls",
            f"council: {len(c.meetings)} meetings, {len(c.resolutions)} resolutions and a "
            f"written poll; assignments {c.cards}",
            f"monitoring: {mo.indicators} indicators, {mo.value_rows} values, "
            f"{mo.incidents} incidents, {mo.alerts} alerts; appeals {mo.appeals}",
            "programmes: the Concept and a programme document "
            f"({self.programmes.programme_status})",
            f"regional: {len(self.regional.assemblies)} assemblies ("
            + ", ".join(
                f"{code}: {len(a.members)} members, a Session"
                for code, a in self.regional.assemblies.items()
            )
            + ")",
        ]


async def load_year(
    urls: Mapping[str, str],
    tokens: TokenSource,
    *,
    seed: int = 1,
    members: int = 400,
    progress: Progress | None = None,
) -> Year:
    """Load the year into the services at ``urls`` (every one of :data:`SERVICES`)."""
    if members < 60:
        raise ValueError("the demo needs at least 60 members (the Council alone has 40)")
    # Ballots of a secret poll wait for their batch: every member present holds a connection.
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=1000),
        timeout=aiohttp.ClientTimeout(total=120),
    )
    clients = {name: AiohttpConnection(session, urls[name]) for name in SERVICES}
    try:
        api = Api(clients, tokens, seed, progress or Counting())
        await api.check_running()
        people = await membership.Membership(api, seed).run(members)
        year_sessions = sessions.Sessions(api, seed, people.members)
        year_council = council.Council(api, seed, people.council)
        year_monitoring = monitoring.Monitoring(api, seed, people.regions)

        async def council_then_indicators() -> None:
            await year_council.meetings()
            await year_monitoring.run_indicators(year_council.loaded.monitoring_resolution)

        await asyncio.gather(
            year_sessions.run(), council_then_indicators(), year_monitoring.appeals()
        )
        recorded = year_sessions.loaded.recorded_decisions
        live = []
        for session_id in year_sessions.loaded.sessions[1:]:  # the two held this year
            found = await api.get("sessions", "/v1/decisions", session_id=session_id)
            live += [d["decision_id"] for d in found]

        async def documents() -> programmes.Loaded:
            resolution = year_council.loaded.programme_resolution
            await api.received(
                "programmes", "/v1/council-resolutions", "resolution_id", resolution, READER,
                limit=500,
            )  # fmt: skip
            await api.received(
                "programmes", "/v1/session-decisions", "decision_id", recorded["other"], READER,
                limit=500,
            )  # fmt: skip
            return await programmes.load(
                api, PROGRAMMES_START, resolution_id=resolution, decision_id=recorded["other"]
            )

        _, documents_loaded = await asyncio.gather(
            year_council.control(recorded, live), documents()
        )
        # The regional assemblies come last: the national data is loaded as it always was.
        regions = await regional.Regional(api, seed, people.people).run()
        return Year(
            people,
            year_sessions.loaded,
            year_council.loaded,
            year_monitoring.loaded,
            documents_loaded,
            regions,
        )
    finally:
        await session.close()
