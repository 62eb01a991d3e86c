"""Every date and date-time in the five services' OpenAPI documents says its time zone: a
calendar day in Asia/Almaty, or an instant with its UTC offset (``shared.dates``). A new date
field typed plain ``date`` or ``datetime`` (or described without the zone) fails here. Also:
the appeal receipt's secret says how a retried submission gets it back."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from ops.testing.services import settings_for_test
from shared.api.server import settings_class
from shared.dates import DAY_DESCRIPTION, INSTANT_DESCRIPTION
from shared.runtime.catalog import SERVICES, get_service

ZONE_WORDS = {"date": "Asia/Almaty", "date-time": "UTC offset"}


def _document(service: str) -> dict[str, Any]:
    spec = get_service(service)
    settings = settings_for_test(settings_class(spec), "postgresql+asyncpg://unused/unused")
    app = importlib.import_module(f"{spec.module}.main").create_app(settings)
    document: dict[str, Any] = app.openapi()
    return document


@pytest.fixture(scope="module", params=[s.name for s in SERVICES])
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    return _document(request.param)


def _dated(
    node: Any, where: tuple[Any, ...], described: tuple[str, ...]
) -> Iterator[tuple[tuple[Any, ...], str, tuple[str, ...]]]:
    """Every date or date-time schema, where it is, and the descriptions around it (its own,
    its property's or parameter's when it sits in an ``anyOf`` or ``items``)."""
    if isinstance(node, dict):
        here = (*described[-2:], str(node.get("description", "")))
        if node.get("format") in ZONE_WORDS:
            yield where, node["format"], here
        for key, value in node.items():
            yield from _dated(value, (*where, key), here)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _dated(value, (*where, n), described)


def test_every_date_says_its_time_zone(document: dict[str, Any]) -> None:
    found = list(_dated(document, (), ()))
    assert found, "no date fields at all?"
    silent = [
        "/".join(map(str, where))
        for where, kind, texts in found
        if not any(ZONE_WORDS[kind] in text for text in texts)
    ]
    assert not silent, "dates that do not say their time zone:\n" + "\n".join(silent)


def test_the_shared_types_carry_the_descriptions(document: dict[str, Any]) -> None:
    texts = [texts[-1] for _, _, texts in _dated(document, (), ())]
    assert DAY_DESCRIPTION in texts or INSTANT_DESCRIPTION in texts


def test_the_receipt_says_how_a_retry_gets_the_secret() -> None:
    receipt = _document("monitoring")["components"]["schemas"]["Receipt"]
    secret = receipt["properties"]["secret"]["description"]
    for words in ("Idempotency-Key", "24 hours", "deletes it", "null", "cannot be recovered"):
        assert words in secret, words
