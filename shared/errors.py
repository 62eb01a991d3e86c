"""One typed error hierarchy for every service.

Each error carries a stable ``code`` (the key of its localised message in ``shared.i18n``), the
HTTP status it maps to, and the parameters its message is formatted with. The mapping to HTTP
happens in one place: ``shared.api.problems``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class KelisimError(Exception):
    """Base of every error the platform and the services raise on purpose."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(self, detail: str | None = None, **params: Any) -> None:
        self.params: dict[str, Any] = params
        self.detail = detail
        super().__init__(detail or f"{self.code}: {params}")


class NotFound(KelisimError):
    status = 404
    code = "not_found"


class Unauthenticated(KelisimError):
    status = 401
    code = "unauthenticated"


class Forbidden(KelisimError):
    status = 403
    code = "forbidden"


class Conflict(KelisimError):
    status = 409
    code = "conflict"


class ConcurrencyConflict(Conflict):
    """A stream is no longer at the version the client expected (a stale ``If-Match``):
    412 Precondition Failed (RFC 9110 §13.1.1), the client reads the resource again."""

    status = 412
    code = "concurrency_conflict"

    def __init__(self, stream_id: str, expected: int | None, actual: int) -> None:
        super().__init__(None, stream_id=stream_id, expected=expected, actual=actual)
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class ConcurrentAppend(ConcurrencyConflict):
    """Another writer appended to the stream between this command's read and its append.

    Unlike a stale If-Match (the client's expectation, answered 412), this is a race the
    command runner resolves by running the command again on the fresh state; one that
    outlasts the retries is answered 409.
    """

    status = 409


class IdempotencyKeyReused(Conflict):
    """An Idempotency-Key was sent again with a different request."""

    code = "idempotency_key_reused"


class InvalidInput(KelisimError):
    status = 422
    code = "invalid_input"


class RuleViolation(KelisimError):
    """A command was refused by a rule of the Regulation; ``rule`` names the paragraph."""

    status = 422
    code = "rule_violation"

    def __init__(self, rule: str, reason_code: str, **params: Any) -> None:
        super().__init__(None, rule=rule, reason=reason_code, **params)
        self.rule = rule
        self.reason_code = reason_code


class ServiceUnavailable(KelisimError):
    status = 503
    code = "service_unavailable"


class EventStoreMisuse(KelisimError):
    """A programming error in how the event store is used (never a user's fault)."""

    status = 500
    code = "internal_error"
