"""The public pages (no sign-in): the 21 assemblies and each one's page, composition,
Sessions and Council meetings with their decisions (of every assembly, or of one), execution
of decisions, the Assembly's programme documents and Development Concept, monitoring
summaries, appeal statistics, the live plenary board. Each reads only the services' public
HTTP APIs."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import StringConstraints

from services.console.texts import CODES, Language, code, text
from services.console.web import UpstreamProblem, api, language_of, localized, read, render
from shared.assemblies import ASSEMBLIES, NATIONAL, roster_of
from shared.clock import Clock
from shared.errors import NotFound, ServiceUnavailable

router = APIRouter(include_in_schema=False)

RegionCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_\-]{1,40}$")]
AssemblyChoice = Annotated[str | None, Query(pattern=r"^[a-z_]{0,40}$", max_length=40)]
"""``?assembly=``: ``national`` or a region's code; absent, every assembly."""


async def assembly_names(request: Request) -> dict[str, str]:
    """The 21 assemblies' names in the page's language, the national Assembly first (a regional
    assembly is named by its region, Reg2024 §18–19)."""
    lang = language_of(request)
    regions = await read(request, "membership", "/v1/reference/regions")
    names = {r["code"]: localized(r["name"], lang) for r in regions}
    return {NATIONAL: text("national_assembly", lang)} | {
        a: names.get(a, a) for a in ASSEMBLIES if a != NATIONAL
    }


def chosen_assembly(assembly: str | None) -> str | None:
    if assembly in (None, ""):
        return None
    if assembly not in ASSEMBLIES:
        raise NotFound(reason="console_unknown_assembly", assembly=assembly)
    return assembly


def chart(kind: str, labels: list[str], values: list[float], label: str) -> str:
    """The data a ``<canvas data-chart>`` draws (``static/console.js``), as JSON for a
    ``<script type="application/json">`` block: no inline script runs."""
    return json.dumps(
        {"type": kind, "labels": labels, "values": values, "label": label}, ensure_ascii=False
    ).replace("</", "<\\/")


def _today(request: Request) -> date:
    zone = request.app.state.settings.platform.time_zone
    return Clock(ZoneInfo(zone)).today()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    """The way in; a Session sitting now is offered with its live board."""
    try:
        sitting = await read(request, "sessions", "/v1/sessions", params={"status": "sitting"})
    except (ServiceUnavailable, UpstreamProblem):
        sitting = []  # the rest of the console works without sessions
    return render(request, "home.html", sitting=sitting)


@router.get("/assemblies", response_class=HTMLResponse)
async def assemblies(
    request: Request,
    on: date | None = None,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
) -> HTMLResponse:
    """The 21 assemblies on ``on``: members, chair, council, Sessions held in the year, the
    council's last meeting and whether the gap since exceeds the rulebook's (Law 2008 Art. 10,
    Art. 14). The gaps are the officials' (shown once signed in)."""
    day = on or _today(request)
    names = await assembly_names(request)
    composition = await read(
        request, "membership", "/v1/assemblies/composition", params={"on": day.isoformat()}
    )
    held = await read(
        request, "sessions", "/v1/sessions/by-assembly", params={"year": year or day.year}
    )
    answer = await api(
        request,
        "council",
        "/v1/council/meetings/gaps/assemblies",
        params={"as_of": day.isoformat()},
        authorized=True,
    )
    gaps = (
        {g["assembly"]: g for g in answer.json()["assemblies"]}
        if answer.status_code == 200
        else None
    )
    # The last meeting each council held, from the public list (the gaps say it too, and
    # whether it is overdue, to the officials).
    last_met: dict[str, str] = {}
    meetings = await read(request, "council", "/v1/council/meetings", params={"limit": 500})
    for m in meetings:
        held_on, key = str(m["held_on"]), roster_of(str(m.get("assembly") or NATIONAL))
        if m["status"] == "closed" and held_on <= day.isoformat():
            last_met[key] = max(last_met.get(key, held_on), held_on)
    sessions_held = {a["assembly"]: a["held"] for a in held["assemblies"]}
    rows = [
        {
            **a,
            "name": names.get(a["assembly"], a["assembly"]),
            "held": sessions_held.get(a["assembly"], 0),
            "gap": (gaps or {}).get(a["assembly"]),
            "last_meeting": last_met.get(a["assembly"]),
        }
        for a in composition["assemblies"]
    ]
    return render(
        request,
        "assemblies.html",
        as_of=composition["as_of"],
        year=held["year"],
        rows=rows,
        total=composition["total"],
        gaps_shown=gaps is not None,
    )


@router.get("/assemblies/{assembly}", response_class=HTMLResponse)
async def assembly_page(
    request: Request, assembly: RegionCode, on: date | None = None
) -> HTMLResponse:
    """One assembly: its composition on ``on``, its Sessions, its council's meetings and its
    decisions."""
    code = chosen_assembly(assembly) or NATIONAL
    day = on or _today(request)
    names = await assembly_names(request)
    composition = await read(
        request,
        "membership",
        "/v1/composition",
        params={"as_of": day.isoformat(), "assembly": code},
    )
    # the services match the national Assembly under any of its codes (shared.assemblies)
    mine = {"assembly": code, "limit": 500}
    return render(
        request,
        "assembly.html",
        code=code,
        assembly_name=names[code],
        composition=composition,
        sessions=await read(request, "sessions", "/v1/sessions", params=mine),
        meetings=await read(request, "council", "/v1/council/meetings", params=mine),
        decisions=await read(request, "sessions", "/v1/decisions", params=mine),
    )


@router.get("/composition", response_class=HTMLResponse)
async def composition(
    request: Request, as_of: date | None = None, assembly: AssemblyChoice = None
) -> HTMLResponse:
    lang = language_of(request)
    chosen = chosen_assembly(assembly)
    data = await read(
        request,
        "membership",
        "/v1/composition",
        params={"as_of": as_of and as_of.isoformat(), "assembly": chosen},
    )
    regions = await read(request, "membership", "/v1/reference/regions")
    groups = await read(request, "membership", "/v1/reference/ethnic-groups")
    region_names = {r["code"]: localized(r["name"], lang) for r in regions}
    group_names = {g["code"]: localized(g["name"], lang) for g in groups}
    counts = {row["value"]: row for row in data["region"]}
    tiles = [
        {
            "code": r["code"],
            "name": region_names[r["code"]],
            "count": counts.get(r["code"], {}).get("count", 0),
        }
        for r in sorted(regions, key=lambda r: region_names[r["code"]])
    ]

    codes = {key: code(key, lang) for key in CODES}

    def named(rows: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
        return [
            {**row, "label": names.get(row["value"], row["value"] or text("none", lang))}
            for row in rows
        ]

    sections = [
        ("by_region", named(data["region"], region_names), "bar"),
        ("by_ethnic_group", named(data["ethnic_group"], group_names), "bar"),
        ("by_gender", named(data["gender"], codes), "doughnut"),
        ("by_category", named(data["category"], codes), "doughnut"),
    ]
    charts = {
        key: chart(kind, [r["label"] for r in rows], [r["count"] for r in rows], text(key, lang))
        for key, rows, kind in sections
    }
    return render(
        request,
        "composition.html",
        data=data,
        tiles=tiles,
        sections=sections,
        charts=charts,
        as_of=data["as_of"],
        assembly=chosen,
        assembly_names=await assembly_names(request),
    )


@router.get("/sessions", response_class=HTMLResponse)
async def sessions(request: Request, assembly: AssemblyChoice = None) -> HTMLResponse:
    """Sessions, Council meetings, decisions and resolutions of every assembly, or of one."""
    chosen = chosen_assembly(assembly)
    today = _today(request).isoformat()
    # the services match the national Assembly under any of its codes (shared.assemblies)
    of_chosen = {"assembly": chosen, "limit": 100}
    listed = await read(request, "sessions", "/v1/sessions", params=of_chosen)
    upcoming = [s for s in listed if s["status"] in ("convened", "sitting")]
    past = [s for s in listed if s not in upcoming]
    meetings = await read(request, "council", "/v1/council/meetings", params=of_chosen)
    held = [m for m in meetings if str(m["held_on"]) < today or m["closed_on"]]
    decisions = await read(request, "sessions", "/v1/decisions", params=of_chosen)
    resolutions = await read(request, "council", "/v1/council/resolutions", params=of_chosen)
    return render(
        request,
        "sessions.html",
        upcoming=sorted(upcoming, key=lambda s: s["opens_on"]),
        past=past,
        meetings_upcoming=[m for m in meetings if m not in held],
        meetings_past=held,
        decisions=decisions,
        resolutions=resolutions,
        assembly=chosen,
        assembly_names=await assembly_names(request),
    )


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
async def session(request: Request, session_id: uuid.UUID) -> HTMLResponse:
    detail = await read(request, "sessions", f"/v1/sessions/{session_id}")
    polls = await read(request, "sessions", f"/v1/sessions/{session_id}/polls")
    decisions = await read(
        request, "sessions", "/v1/decisions", params={"session_id": str(session_id)}
    )
    code = roster_of(str(detail.get("assembly") or NATIONAL))
    names = await assembly_names(request)
    return render(
        request,
        "session.html",
        s=detail,
        polls=polls,
        decisions=decisions,
        assembly=code,
        assembly_name=names.get(code, code),
    )


@router.get("/sessions/{session_id}/live", response_class=HTMLResponse)
async def live(request: Request, session_id: uuid.UUID) -> HTMLResponse:
    detail = await read(request, "sessions", f"/v1/sessions/{session_id}")
    return render(request, "live.html", s=detail)


@router.get("/execution", response_class=HTMLResponse)
async def execution(
    request: Request,
    status: Annotated[str | None, Query(pattern=r"^(open|closed)$", max_length=6)] = None,
    assembly: AssemblyChoice = None,
) -> HTMLResponse:
    chosen = chosen_assembly(assembly)
    data = await read(
        request,
        "council",
        "/v1/public/execution",
        params={"status": status, "assembly": chosen},
    )
    by_card: dict[str, list[dict[str, Any]]] = {}
    for assignment in data["assignments"]:
        by_card.setdefault(assignment["card_id"], []).append(assignment)
    return render(
        request,
        "execution.html",
        data=data,
        by_card=by_card,
        status=status,
        assembly=chosen,
        assembly_names=await assembly_names(request),
    )


def _monitoring_charts(data: dict[str, Any], lang: Language) -> str:
    months = data["incidents_by_month"]
    return chart(
        "bar",
        [m["month"] for m in months],
        [m["count"] for m in months],
        text("incidents_over_time", lang),
    )


@router.get("/monitoring", response_class=HTMLResponse)
async def monitoring(request: Request, as_of: date | None = None) -> HTMLResponse:
    lang = language_of(request)
    data = await read(
        request, "monitoring", "/v1/public/monitoring", params={"as_of": as_of and str(as_of)}
    )
    return render(
        request, "monitoring.html", data=data, incidents_chart=_monitoring_charts(data, lang)
    )


@router.get("/monitoring/{region}", response_class=HTMLResponse)
async def monitoring_region(
    request: Request, region: RegionCode, as_of: date | None = None
) -> HTMLResponse:
    lang = language_of(request)
    data = await read(
        request,
        "monitoring",
        f"/v1/public/monitoring/regions/{region}",
        params={"as_of": as_of and str(as_of)},
    )
    indicators = {i["code"]: i for i in data["indicators"]}
    return render(
        request,
        "monitoring_region.html",
        data=data,
        indicators=indicators,
        incidents_chart=_monitoring_charts(data, lang),
        report=data.get("latest_report"),
    )


@router.get("/appeals", response_class=HTMLResponse)
async def appeals(request: Request, as_of: date | None = None) -> HTMLResponse:
    data = await read(
        request,
        "monitoring",
        "/v1/public/appeals/statistics",
        params={"as_of": as_of and str(as_of)},
    )
    compliance = data["by_compliance"]
    lang = language_of(request)
    return render(
        request,
        "appeals.html",
        data=data,
        compliance_chart=chart(
            "doughnut",
            [text(key, lang) for key in compliance],
            list(compliance.values()),
            text("compliance", lang),
        ),
    )


@router.get("/documents", response_class=HTMLResponse)
async def documents(request: Request, as_of: date | None = None) -> HTMLResponse:
    """The approved programme documents and Development Concepts (Reg2024 §31–32), those in
    force on ``as_of`` (today by default) marked, with what superseded what."""
    day = as_of or _today(request)
    approved = await read(request, "programmes", "/v1/documents", params={"limit": "500"})
    in_force = await read(
        request,
        "programmes",
        "/v1/documents/in-force",
        params={"as_of": day.isoformat(), "limit": "500"},
    )
    return render(
        request,
        "documents.html",
        as_of=day,
        documents=approved,
        in_force={row["document_id"] for row in in_force},
    )
