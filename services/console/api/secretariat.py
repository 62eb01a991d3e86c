"""Sign-in (OIDC authorization code with PKCE, authlib's Starlette client) and the
Secretariat's pages: the appeals inbox with deadlines coloured by working days left and the
overdue list, the control board (accept or return reports), alerts and incidents to
acknowledge and close, convening a Session or a Council meeting.

Every action calls the services' public APIs with the signed-in user's own token. The session
cookie is signed (``KELISIM_CONSOLE_SESSION_SECRET``), HttpOnly and SameSite=Lax; every form
carries the session's CSRF token as well.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date, timedelta
from typing import Annotated, Any

import httpx
from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.settings import ConsoleSettings
from services.console.web import UpstreamProblem, api, read, render, user_token
from shared.calendars.model import DAYS_OFF, DayKind
from shared.errors import Forbidden, InvalidInput, ServiceUnavailable
from shared.logging import get_logger

_log = get_logger("kelisim.console.auth")

router = APIRouter(include_in_schema=False)
PROVIDER = "kelisim"
SECRETARIAT_ROLES = frozenset({"secretariat", "chairman", "deputy_chairman", "auditor"})


def oauth_client(settings: ConsoleSettings) -> OAuth:
    oauth = OAuth()
    if settings.oidc_issuer:
        secret = settings.oidc_client_secret
        oauth.register(
            PROVIDER,
            client_id=settings.oidc_client_id,
            client_secret=secret.get_secret_value() if secret is not None else None,
            server_metadata_url=(
                settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"
            ),
            client_kwargs={
                "scope": settings.oidc_scopes,
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": (
                    "client_secret_basic" if secret is not None else "none"
                ),
            },
        )
    return oauth


def _provider(request: Request) -> Any:
    client = request.app.state.oauth.create_client(PROVIDER)
    if client is None:
        raise ServiceUnavailable(reason="console_sign_in_unavailable")
    return client


def _safe_next(value: str | None) -> str:
    """Only a path on this origin (no scheme, no host, no protocol-relative URL)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/secretariat"


@router.get("/auth/login")
async def login(request: Request, next: str | None = None) -> Response:
    client = _provider(request)
    request.session["next"] = _safe_next(next)
    redirect_uri = str(request.url_for("auth_callback"))
    try:
        answer: Response = await client.authorize_redirect(request, redirect_uri)
    except httpx.HTTPError as exc:  # the provider's discovery document cannot be fetched
        _log.warning("identity provider unreachable", error=type(exc).__name__)
        raise ServiceUnavailable(reason="console_sign_in_unavailable") from exc
    return answer


@router.get("/auth/callback", name="auth_callback")
async def callback(request: Request) -> Response:
    client = _provider(request)
    settings: ConsoleSettings = request.app.state.settings
    try:
        token = await client.authorize_access_token(request)
    except httpx.HTTPError as exc:
        _log.warning("identity provider unreachable", error=type(exc).__name__)
        raise ServiceUnavailable(reason="console_sign_in_unavailable") from exc
    except OAuthError as exc:
        _log.warning("sign-in failed", error=exc.error)
        raise InvalidInput(reason="console_sign_in_failed") from exc
    claims = dict(token.get("userinfo") or {})
    roles = claims.get(settings.oidc_roles_claim) or []
    if isinstance(roles, str):
        roles = roles.split()
    user: dict[str, Any] = {
        "sub": str(claims.get("sub", "")),
        "name": str(claims.get("name") or claims.get("preferred_username") or claims["sub"]),
        "roles": [str(r) for r in roles],
    }
    # The services verify the identity provider's own access token (KELISIM_OIDC_ISSUER).
    access = str(token["access_token"])
    next_page = _safe_next(request.session.get("next"))
    request.session.clear()
    request.session.update({"user": user, "token": access, "csrf": secrets.token_urlsafe(24)})
    _log.info("signed in", sub=user["sub"], roles=user["roles"])
    return RedirectResponse(next_page, status_code=303)


@router.post("/auth/logout")
async def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    _check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def _check_csrf(request: Request, value: str) -> None:
    expected = request.session.get("csrf")
    if not expected or not secrets.compare_digest(str(expected), value):
        raise Forbidden(reason="console_form_expired")


def _signed_in(request: Request) -> Response | None:
    """A redirect to sign in when nobody is; None when a user is."""
    if user_token(request) is None:
        return RedirectResponse(f"/auth/login?next={request.url.path}", status_code=303)
    return None


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    return render(
        request,
        template,
        csrf=request.session.get("csrf", ""),
        notice=request.query_params.get("done"),
        **context,
    )


async def _act(
    request: Request, service: str, path: str, body: dict[str, Any] | None, back: str
) -> Response:
    """Post an action to a service's API with the user's token; back to the page with its
    outcome, or the service's problem shown as it came."""
    answer = await api(
        request,
        service,
        path,
        method="POST",
        json=body if body is not None else {},
        authorized=True,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    if answer.status_code >= 400:
        raise UpstreamProblem(answer)
    return RedirectResponse(f"{back}?done=1", status_code=303)


@router.get("/secretariat", response_class=HTMLResponse)
async def secretariat_home(request: Request) -> Response:
    return _signed_in(request) or _page(request, "secretariat/home.html")


# -- appeals inbox ---------------------------------------------------------------------------


def _is_working_day(day: date, days: dict[str, str]) -> bool:
    kind = days.get(day.isoformat())
    if kind == DayKind.TRANSFER_WORKING_DAY:
        return True
    return kind not in DAYS_OFF and day.weekday() < 5


def working_days_left(today: date, due: date, days: dict[str, str]) -> int:
    """Working days in ``(today, due]`` by the published calendar (``days``: day -> kind, as
    monitoring's ``/v1/calendar`` gives them); past the deadline, minus the working days in
    ``(due, today]``."""
    start, end, sign = (today, due, 1) if due >= today else (due, today, -1)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if _is_working_day(current, days):
            count += 1
    return sign * count


@router.get("/secretariat/appeals", response_class=HTMLResponse)
async def appeals_inbox(request: Request) -> Response:
    if (redirect := _signed_in(request)) is not None:
        return redirect
    listed = await read(request, "monitoring", "/v1/appeals", authorized=True)
    overdue = await read(request, "monitoring", "/v1/appeals/overdue", authorized=True)
    calendar = await read(request, "monitoring", "/v1/calendar")
    days = {str(d["day"]): str(d["kind"]) for d in calendar["days"]}
    today = date.fromisoformat(str(overdue["as_of"]))
    rows = []
    for appeal in listed:
        left = None
        if appeal["status"] in ("registered", "assigned") and appeal.get("answer_due"):
            left = working_days_left(today, date.fromisoformat(appeal["answer_due"]), days)
        tone = None if left is None else "overdue" if left < 0 else "few" if left <= 3 else "many"
        rows.append({**appeal, "days_left": left, "tone": tone})
    rows.sort(key=lambda r: (r["days_left"] is None, r["days_left"] or 0))
    return _page(request, "secretariat/appeals.html", appeals=rows, overdue=overdue)


# -- control board ---------------------------------------------------------------------------


@router.get("/secretariat/control", response_class=HTMLResponse)
async def control_board(request: Request) -> Response:
    if (redirect := _signed_in(request)) is not None:
        return redirect
    cards = await read(
        request, "council", "/v1/control/cards", params={"limit": 200}, authorized=True
    )
    assignments = await read(
        request, "council", "/v1/control/assignments", params={"limit": 500}, authorized=True
    )
    by_body: dict[str, list[dict[str, Any]]] = {}
    for assignment in assignments:
        by_body.setdefault(assignment["state_body"], []).append(assignment)
    return _page(
        request,
        "secretariat/control.html",
        cards=cards,
        by_body=dict(sorted(by_body.items())),
    )


@router.post("/secretariat/control/{assignment_id}/accept")
async def accept_report(
    request: Request, assignment_id: uuid.UUID, csrf: Annotated[str, Form(max_length=100)]
) -> Response:
    _check_csrf(request, csrf)
    return await _act(
        request,
        "council",
        f"/v1/control/assignments/{assignment_id}/acceptance",
        None,
        "/secretariat/control",
    )


@router.post("/secretariat/control/{assignment_id}/return")
async def return_report(
    request: Request,
    assignment_id: uuid.UUID,
    csrf: Annotated[str, Form(max_length=100)],
    reason: Annotated[str, Form(min_length=3, max_length=2000)],
) -> Response:
    _check_csrf(request, csrf)
    return await _act(
        request,
        "council",
        f"/v1/control/assignments/{assignment_id}/return",
        {"reason": reason},
        "/secretariat/control",
    )


# -- incidents and alerts --------------------------------------------------------------------


@router.get("/secretariat/alerts", response_class=HTMLResponse)
async def alerts(request: Request) -> Response:
    if (redirect := _signed_in(request)) is not None:
        return redirect
    listed = await read(request, "monitoring", "/v1/alerts", authorized=True)
    incidents = await read(request, "monitoring", "/v1/incidents", authorized=True)
    return _page(
        request,
        "secretariat/alerts.html",
        alerts=[a for a in listed if a["status"] != "closed"],
        incidents=incidents,
    )


@router.post("/secretariat/alerts/{alert_id}/{step}")
async def alert_step(
    request: Request,
    alert_id: uuid.UUID,
    step: str,
    csrf: Annotated[str, Form(max_length=100)],
    note: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    _check_csrf(request, csrf)
    paths = {"acknowledge": "acknowledgement", "close": "closure"}
    if step not in paths:
        raise InvalidInput(reason="console_form_expired")
    return await _act(
        request,
        "monitoring",
        f"/v1/alerts/{alert_id}/{paths[step]}",
        {"text": note},
        "/secretariat/alerts",
    )


# -- convening ---------------------------------------------------------------------------------


@router.get("/secretariat/convene", response_class=HTMLResponse)
async def convene_page(request: Request) -> Response:
    return _signed_in(request) or _page(request, "secretariat/convene.html")


@router.post("/secretariat/convene/session")
async def convene_session(
    request: Request,
    csrf: Annotated[str, Form(max_length=100)],
    opens_on: Annotated[date, Form()],
    place: Annotated[str, Form(min_length=1, max_length=500)],
    agenda_kk: Annotated[str, Form(min_length=1, max_length=500)],
    agenda_ru: Annotated[str, Form(min_length=1, max_length=500)],
) -> Response:
    _check_csrf(request, csrf)
    body = {
        "opens_on": opens_on.isoformat(),
        "place": place,
        "agenda": [{"kk": agenda_kk, "ru": agenda_ru}],
    }
    return await _act(request, "sessions", "/v1/sessions", body, "/secretariat/convene")


@router.post("/secretariat/convene/meeting")
async def convene_meeting(
    request: Request,
    csrf: Annotated[str, Form(max_length=100)],
    number: Annotated[str, Form(min_length=1, max_length=100)],
    held_on: Annotated[date, Form()],
    place: Annotated[str, Form(min_length=1, max_length=500)],
    agenda_kk: Annotated[str, Form(min_length=1, max_length=500)],
    agenda_ru: Annotated[str, Form(min_length=1, max_length=500)],
) -> Response:
    _check_csrf(request, csrf)
    body = {
        "number": number,
        "held_on": held_on.isoformat(),
        "place": place,
        "agenda": [{"kk": agenda_kk, "ru": agenda_ru}],
    }
    return await _act(request, "council", "/v1/council/meetings", body, "/secretariat/convene")
