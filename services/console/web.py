"""What every console page shares: the language (``?lang=``, then the ``kelisim_lang``
cookie, then ``Accept-Language``), dates in the Kazakhstan zone, the templates, and reading the
services' public APIs with the caller's language and, once signed in, the user's own token."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import httpx
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.console.settings import ConsoleSettings
from services.console.texts import CODES, LANGUAGE_NAMES, LANGUAGES, Language, code, text
from shared.assemblies import NATIONAL, roster_of
from shared.errors import KelisimError, ServiceUnavailable
from shared.i18n import negotiate_language, written_date

LANGUAGE_COOKIE: Final = "kelisim_lang"
HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


def language_of(request: Request) -> Language:
    chosen = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    settings: ConsoleSettings = request.app.state.settings
    return negotiate_language(
        request.headers.get("accept-language"), settings.platform.default_language
    )


def _zone(request: Request) -> ZoneInfo:
    settings: ConsoleSettings = request.app.state.settings
    return ZoneInfo(settings.platform.time_zone)


def format_date(value: Any, lang: Language) -> str:
    if value in (None, ""):
        return "—"
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return written_date(day, lang)


def format_instant(value: Any, lang: Language, zone: ZoneInfo) -> str:
    if value in (None, ""):
        return "—"
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    local = moment.astimezone(zone)
    return f"{written_date(local.date(), lang)}, {local:%H:%M}"


def localized(names: Any, lang: Language) -> str:
    """A ``{kk, ru, en}`` name, or ``*_kk``/``*_ru`` pairs, in the page's language."""
    if isinstance(names, dict):
        return str(names.get(lang) or names.get("ru") or names.get("kk") or "")
    return str(names or "")


def pick(row: dict[str, Any], field: str, lang: Language) -> str:
    """``row[field_<lang>]``, falling back to Russian then Kazakh (texts kept in two)."""
    return str(row.get(f"{field}_{lang}") or row.get(f"{field}_ru") or row.get(f"{field}_kk") or "")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = language_of(request)
    zone = _zone(request)
    user = request.session.get("user") if "session" in request.scope else None
    response = templates.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "languages": LANGUAGE_NAMES,
            "t": lambda key: text(key, lang),
            "d": lambda value: format_date(value, lang),
            "dt": lambda value: format_instant(value, lang, zone),
            "name": lambda names: localized(names, lang),
            "c": lambda value: code(value, lang),
            "roster": lambda value: roster_of(str(value or NATIONAL)),
            "codes_json": lambda: json.dumps(
                {key: labels[lang] for key, labels in CODES.items()}, ensure_ascii=False
            ),
            "pick": lambda row, field: pick(row, field, lang),
            "user": user,
            "csrf": request.session.get("csrf", "") if user else "",
            "path": request.url.path,
            **context,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=False
        )
    response.headers["Content-Language"] = lang
    return response


def user_token(request: Request) -> str | None:
    token = request.session.get("token") if "session" in request.scope else None
    return str(token) if token else None


async def api(
    request: Request,
    service: str,
    path: str,
    *,
    params: dict[str, Any] | None = None,
    authorized: bool = False,
    method: str = "GET",
    json: Any = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A call to a service's public API as the page's reader: in its language and, when
    ``authorized``, with the signed-in user's own token."""
    settings: ConsoleSettings = request.app.state.settings
    client: httpx.AsyncClient = request.app.state.upstream
    sent = {"Accept-Language": language_of(request), **(headers or {})}
    token = user_token(request) if authorized else None
    if token:
        sent["Authorization"] = f"Bearer {token}"
    correlation = request.headers.get("x-correlation-id")
    if correlation:
        sent["X-Correlation-ID"] = correlation
    try:
        return await client.request(
            method,
            f"{settings.upstream(service)}{path}",
            params={k: v for k, v in (params or {}).items() if v not in (None, "")},
            headers=sent,
            json=json,
        )
    except httpx.HTTPError as exc:
        raise ServiceUnavailable(reason="console_upstream_unreachable", service=service) from exc


async def read(request: Request, service: str, path: str, **options: Any) -> Any:
    """The JSON of a successful read; the service's own problem (in the reader's language)
    otherwise."""
    answer = await api(request, service, path, **options)
    if answer.status_code >= 400:
        raise UpstreamProblem(answer)
    return answer.json()


class UpstreamProblem(KelisimError):
    """A service refused a read or an action: its problem details are shown as they came."""

    def __init__(self, answer: httpx.Response) -> None:
        try:
            body = answer.json()
        except ValueError:
            body = {"title": answer.reason_phrase, "status": answer.status_code}
        self.answer_status = answer.status_code
        self.problem = body if isinstance(body, dict) else {"detail": str(body)}
        super().__init__(str(self.problem.get("detail") or self.problem.get("title")))
