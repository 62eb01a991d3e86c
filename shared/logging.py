"""Structured logging: one JSON object a line on stderr, for structlog and stdlib loggers alike.

Every line carries ``timestamp`` (ISO 8601, UTC), ``level``, ``logger``, ``service`` and whatever
is bound in structlog's context variables (``correlation_id`` during a request). Anything that
looks like an IIN/BIN (twelve digits) is masked before a line is written.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any, Final, cast

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

_HANDLER_NAME: Final = "kelisim"
# Loggers that configure handlers of their own; they are made to propagate to ours instead.
_ROUTED_LOGGERS: Final = ("uvicorn", "uvicorn.error", "uvicorn.access", "aiokafka", "sqlalchemy")

# A UUID is matched first and kept: its last group can be twelve decimal digits.
_IIN_OR_UUID = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
    r"|(?<![0-9])[0-9]{12}(?![0-9])"
)
_MASK: Final = "*" * 10


def _mask_match(match: re.Match[str]) -> str:
    text = match.group()
    return _MASK + text[-2:] if len(text) == 12 else text


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return _IIN_OR_UUID.sub(_mask_match, value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        return _mask(text) if len(text) == 12 else value
    if isinstance(value, dict):
        return {_mask(key): _mask(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_mask(item) for item in value]
    return value


def mask_iin(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Mask every run of exactly twelve digits (an IIN or BIN) but its last two digits."""
    return {key: _mask(value) for key, value in event_dict.items()}


def _add_service(service: str) -> Processor:
    def add_service(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
        event_dict.setdefault("service", service)
        return event_dict

    return add_service


def configure_logging(service: str, level: str = "INFO", json: bool = True) -> None:
    """Route structlog and stdlib logging to stderr through one formatter; safe to call again."""
    timestamper = structlog.processors.TimeStamper(fmt="iso", utc=True)
    # Applied to records of stdlib loggers (uvicorn, aiokafka, sqlalchemy) only.
    foreign_pre_chain: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        timestamper,
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=foreign_pre_chain,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            _add_service(service),
            structlog.processors.format_exc_info,
            mask_iin,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(formatter)

    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _ROUTED_LOGGERS:
        routed = logging.getLogger(name)
        routed.handlers.clear()
        routed.propagate = True
    # The access middleware logs every request with its correlation id; uvicorn's would repeat it.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            timestamper,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # Not cached: a logger first used before configure_logging must still follow it.
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return cast(structlog.stdlib.BoundLogger, structlog.get_logger(name))
