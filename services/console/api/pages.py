"""The public pages (no sign-in): composition, Sessions and Council meetings with their
decisions, execution of decisions, the Assembly's programme documents and Development Concept,
monitoring summaries, appeal statistics, the live plenary board. Each reads only the services'
public HTTP APIs."""

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
from services.console.web import UpstreamProblem, language_of, localized, read, render
from shared.clock import Clock
from shared.errors import ServiceUnavailable

router = APIRouter(include_in_schema=False)

RegionCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_\-]{1,40}$")]


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


@router.get("/composition", response_class=HTMLResponse)
async def composition(request: Request, as_of: date | None = None) -> HTMLResponse:
    lang = language_of(request)
    data = await read(
        request, "membership", "/v1/composition", params={"as_of": as_of and as_of.isoformat()}
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
    )


@router.get("/sessions", response_class=HTMLResponse)
async def sessions(request: Request) -> HTMLResponse:
    today = _today(request).isoformat()
    listed = await read(request, "sessions", "/v1/sessions", params={"limit": 100})
    upcoming = [s for s in listed if s["status"] in ("convened", "sitting")]
    past = [s for s in listed if s not in upcoming]
    meetings = await read(request, "council", "/v1/council/meetings", params={"limit": 100})
    held = [m for m in meetings if str(m["held_on"]) < today or m["closed_on"]]
    decisions = await read(request, "sessions", "/v1/decisions", params={"limit": 100})
    resolutions = await read(request, "council", "/v1/council/resolutions", params={"limit": 100})
    return render(
        request,
        "sessions.html",
        upcoming=sorted(upcoming, key=lambda s: s["opens_on"]),
        past=past,
        meetings_upcoming=[m for m in meetings if m not in held],
        meetings_past=held,
        decisions=decisions,
        resolutions=resolutions,
    )


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
async def session(request: Request, session_id: uuid.UUID) -> HTMLResponse:
    detail = await read(request, "sessions", f"/v1/sessions/{session_id}")
    polls = await read(request, "sessions", f"/v1/sessions/{session_id}/polls")
    decisions = await read(
        request, "sessions", "/v1/decisions", params={"session_id": str(session_id)}
    )
    return render(request, "session.html", s=detail, polls=polls, decisions=decisions)


@router.get("/sessions/{session_id}/live", response_class=HTMLResponse)
async def live(request: Request, session_id: uuid.UUID) -> HTMLResponse:
    detail = await read(request, "sessions", f"/v1/sessions/{session_id}")
    return render(request, "live.html", s=detail)


@router.get("/execution", response_class=HTMLResponse)
async def execution(
    request: Request,
    status: Annotated[str | None, Query(pattern=r"^(open|closed)$", max_length=6)] = None,
) -> HTMLResponse:
    data = await read(request, "council", "/v1/public/execution", params={"status": status})
    by_card: dict[str, list[dict[str, Any]]] = {}
    for assignment in data["assignments"]:
        by_card.setdefault(assignment["card_id"], []).append(assignment)
    return render(request, "execution.html", data=data, by_card=by_card)


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
