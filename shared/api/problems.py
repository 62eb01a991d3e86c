"""RFC 9457 problem details: the one place where errors become HTTP responses.

Every problem is ``application/problem+json`` with ``type``, ``title``, ``status``, ``detail``,
``code`` and ``correlation_id``, its texts localised by the request's ``Accept-Language``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, Final

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.requests import Request
from starlette.responses import Response

from shared.context import CORRELATION_HEADER, current_correlation_id
from shared.errors import (
    ConcurrencyConflict,
    InvalidInput,
    KelisimError,
    RuleViolation,
    Unauthenticated,
)
from shared.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    MESSAGES,
    Language,
    negotiate_language,
    translate,
    translate_validation_error,
)
from shared.logging import get_logger

PROBLEM_TYPE_BASE: Final = "https://kelisim.kz/problems/"
PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
INVALID_TOKEN_REASONS: Final = frozenset(
    {
        "invalid_token",
        "token_expired",
        "token_lifetime_too_long",
        "token_algorithm_not_accepted",
        "token_key_unknown",
        "token_issuer_not_accepted",
        "token_audience_not_accepted",
    }
)
"""Reasons a presented token was refused: ``WWW-Authenticate: Bearer error="invalid_token"``
(RFC 6750 §3.1)."""

_HTTP_CODES: Final[dict[int, str]] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    412: "precondition_failed",
    413: "request_body_too_large",
    422: "invalid_input",
    500: "internal_error",
    503: "service_unavailable",
}

_log = get_logger("kelisim.problems")


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


class Refusal(HTTPException):
    """A request the platform refuses before a route's own checks (``shared.api.limits``).

    An ``HTTPException``, so FastAPI lets it through when it is raised while the body is read;
    ``errors`` are pydantic-style errors (``loc``, ``type``, ``ctx``) shown as a validation
    problem's ``errors``.
    """

    def __init__(
        self,
        status: int,
        code: str,
        params: Mapping[str, Any] | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, code, dict(headers) if headers else None)
        self.code = code
        self.params = dict(params or {})
        self.errors = errors


def request_language(request: Request) -> Language:
    """The language of the request's ``Accept-Language``; without a match, the app's
    ``state.default_language`` (if set) or Kazakh."""
    app = request.scope.get("app")
    configured = getattr(getattr(app, "state", None), "default_language", None)
    default: Language = configured if configured in LANGUAGES else DEFAULT_LANGUAGE
    return negotiate_language(request.headers.get("accept-language"), default)


def _correlation_id(request: Request) -> str:
    value = getattr(request.state, "correlation_id", None)
    return value if isinstance(value, str) else current_correlation_id()


def _title(code: str, status: int, lang: Language, params: Mapping[str, Any]) -> str:
    if f"title.{code}" in MESSAGES:
        return translate(f"title.{code}", lang, **params)  # e.g. the act a refusal cites
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return translate("title.http_error", lang)


def problem_response(
    request: Request,
    status: int,
    code: str,
    params: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A problem for ``code``; ``detail`` is the message of ``params["reason"]`` if catalogued,
    else of ``code``. Members in ``extra`` are added last (and may replace ``detail``)."""
    lang = request_language(request)
    params = dict(params or {})
    correlation_id = _correlation_id(request)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": _title(code, status, lang, params),
        "status": status,
    }
    reason = params.get("reason")
    if isinstance(reason, str) and reason in MESSAGES:
        body["detail"] = translate(reason, lang, **params)
    elif code in MESSAGES:
        body["detail"] = translate(code, lang, **params)
    body["code"] = code
    body["correlation_id"] = correlation_id
    body.update(extra or {})
    response_headers = {
        **(headers or {}),
        "Content-Language": lang,
        "Vary": "Accept-Language",
        CORRELATION_HEADER: correlation_id,
    }
    return ProblemResponse(body, status_code=status, headers=response_headers)


async def _kelisim_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KelisimError)
    lang = request_language(request)
    params = exc.params
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if exc.status >= 500:
        _log.error(
            "request_failed",
            code=exc.code,
            correlation_id=_correlation_id(request),
            exc_info=exc,
        )
    reason = params.get("reason")
    reason_code = reason if isinstance(reason, str) else None
    if reason_code is not None:
        extra["reason_code"] = reason_code
    # The ids the error is about, for machines (messages name things in words, never by id).
    extra.update({k: str(v) for k, v in params.items() if k.endswith("_id") and v is not None})
    if isinstance(exc, RuleViolation):
        reason_text = translate(exc.reason_code, lang, **params)
        extra["rule"] = exc.rule
        extra["reason"] = reason_text
        extra["detail"] = translate("rule_violation", lang, **{**params, "reason": reason_text})
    elif isinstance(exc, ConcurrencyConflict):
        extra["expected_version"] = exc.expected
        extra["actual_version"] = exc.actual
    elif (
        exc.detail and exc.status < 500 and exc.code not in MESSAGES and reason_code not in MESSAGES
    ):
        # Only an error without a catalogued message shows its own (unlocalised) detail.
        extra["detail"] = exc.detail
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = (
            'Bearer error="invalid_token"'
            if reason_code is not None and reason_code in INVALID_TOKEN_REASONS
            else "Bearer"
        )
    return problem_response(request, exc.status, exc.code, params, extra, headers=headers)


def validation_errors(request: Request, errors: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Pydantic-style errors as a problem's ``errors``: location, type, localised message."""
    lang = request_language(request)
    return [
        {
            "location": ".".join(str(part) for part in err.get("loc", ())),
            "type": err.get("type"),
            "message": translate_validation_error(err, lang),
        }
        for err in errors
    ]


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(request, exc.errors())
    return problem_response(request, 422, "validation_failed", extra={"errors": errors})


def refusal_response(request: Request, refusal: Refusal) -> JSONResponse:
    extra = None
    if refusal.errors is not None:
        extra = {"errors": validation_errors(request, refusal.errors)}
    return problem_response(
        request, refusal.status_code, refusal.code, refusal.params, extra, headers=refusal.headers
    )


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, Refusal):
        return refusal_response(request, exc)
    if exc.status_code < 400:
        return Response(status_code=exc.status_code, headers=exc.headers)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    params: dict[str, Any] = {}
    headers = dict(exc.headers or {})
    if exc.status_code == 413:
        # The body limiter of a route with a limit of its own (``max_body_size=``), counting
        # a body sent without a length: the limit is left in the scope.
        params["limit"] = request.scope.get(MAX_BODY_SIZE_SCOPE_KEY)
        headers["Connection"] = "close"
    return problem_response(request, exc.status_code, code, params, headers=headers)


def _data_exception(exc: BaseException) -> str | None:
    """The SQLSTATE behind ``exc`` if PostgreSQL (or asyncpg, encoding a parameter) refused a
    value as data: class 22, "data exception" (a number out of range, a NUL in text)."""
    cause: BaseException | None = exc
    while cause is not None:
        state = getattr(cause, "sqlstate", None)
        if isinstance(state, str) and state.startswith("22"):
            return state
        cause = cause.__cause__ or cause.__context__
    return None


async def _database_error(request: Request, exc: Exception) -> Response:
    """A value the database refused is the request's fault (422), whatever let it through the
    edges' bounds; any other database error is internal."""
    state = _data_exception(exc)
    if state is None:
        return await _unhandled(request, exc)
    _log.warning(
        "value refused by the database",
        sqlstate=state,  # not the message: it may quote the value, personal data included
        correlation_id=_correlation_id(request),
        method=request.method,
        path=request.url.path,
    )
    return await _kelisim_error(request, InvalidInput(None, reason="value_not_stored"))


async def _unhandled(request: Request, exc: Exception) -> Response:
    _log.error(
        "unhandled_exception",
        correlation_id=_correlation_id(request),
        method=request.method,
        path=request.url.path,
        exc_info=exc,
    )
    return problem_response(request, 500, "internal_error")


def install_problem_handlers(app: FastAPI) -> None:
    """Register the problem handlers; call before the app serves its first request."""
    app.add_exception_handler(KelisimError, _kelisim_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_exception)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unhandled)
