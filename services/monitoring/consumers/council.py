"""Records the Council's resolutions from ``kelisim.council.v1``, tolerantly.

The council service's event types are its own: monitoring takes every event type (the
consumer's ``ANY_EVENT_TYPE`` handler) and records the resolution of any event whose data
carries a ``resolution_id``, with a title when the event gives one (``title`` as a string or
as ``{"kk", "ru", "en"}``, or ``title_kk`` / ``title_ru`` / ``title_en``; else the start of its
``text``), and whether it was adopted when the event says so (``adopted``). A recommendation
(Reg2024 §4.10) may cite only a resolution recorded here and not known to be rejected.
"""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy import text

from shared.application import UnitOfWork
from shared.messaging.consumer import ANY_EVENT_TYPE, Handler
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

log = structlog.get_logger(__name__)

COUNCIL_TOPIC = topic_of("council")

_RESOLUTION = text(
    """
    INSERT INTO council_resolutions (resolution_id, title_kk, title_ru, title_en, adopted,
        event_type, source_event_id)
    VALUES (:id, :kk, :ru, :en, :adopted, :type, :source)
    ON CONFLICT (resolution_id) DO UPDATE SET
        title_kk = COALESCE(EXCLUDED.title_kk, council_resolutions.title_kk),
        title_ru = COALESCE(EXCLUDED.title_ru, council_resolutions.title_ru),
        title_en = COALESCE(EXCLUDED.title_en, council_resolutions.title_en),
        adopted = COALESCE(EXCLUDED.adopted, council_resolutions.adopted)
    """
)


TITLE_LENGTH = 500


def _by_language(value: object) -> dict[str, str | None]:
    result: dict[str, str | None] = {"kk": None, "ru": None, "en": None}
    if isinstance(value, str) and value.strip():
        result = {lang: value[:TITLE_LENGTH] for lang in result}
    elif isinstance(value, dict):
        for lang in result:
            text_ = value.get(lang)
            result[lang] = (
                text_[:TITLE_LENGTH] if isinstance(text_, str) and text_.strip() else None
            )
    return result


def _titles(data: dict[str, object]) -> dict[str, str | None]:
    result = _by_language(data.get("title"))
    if not any(result.values()):
        result = _by_language(data.get("text"))
    for lang in result:
        value = data.get(f"title_{lang}")
        if isinstance(value, str) and value.strip():
            result[lang] = value
    return result


async def any_council_event(event: InboundEvent, uow: UnitOfWork) -> None:
    raw = event.data.get("resolution_id")
    if raw is None:
        return
    try:
        resolution_id = uuid.UUID(str(raw))
    except ValueError:
        log.warning("council event with a malformed resolution id", event_id=str(event.event_id))
        return
    await uow.db.execute(
        _RESOLUTION,
        {
            "id": resolution_id,
            **_titles(event.data),
            "adopted": adopted if isinstance(adopted := event.data.get("adopted"), bool) else None,
            "type": event.event_type,
            "source": event.event_id,
        },
    )


HANDLERS: dict[str, Handler] = {ANY_EVENT_TYPE: any_council_event}
