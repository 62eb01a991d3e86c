"""Every message of every service, in Kazakh and Russian, reads as the Regulation's own words:
translated (not the English text), in Cyrillic, naming acts and paragraphs in words, roles by
title, dates as written; no code, identifier, rule code or unfilled placeholder shows."""

from __future__ import annotations

import importlib
import re
import string
from typing import Any

import pytest

from shared.i18n import MESSAGES, register_messages, translate

for module in (
    "services.membership.api.messages",
    "services.sessions.api.messages",
    "services.council.api.messages",
    "services.monitoring.api.messages",
    "services.programmes.api.messages",
    "shared.audit.messages",
    "shared.protocols.messages",
):
    # A service's catalogues (``CATALOGUES``, or its one ``MESSAGES``), registered here as its
    # app registers them (create_service_app(messages=...)); a module that registers its
    # messages when imported has neither.
    imported = importlib.import_module(module)
    for catalogue in getattr(imported, "CATALOGUES", None) or [getattr(imported, "MESSAGES", {})]:
        register_messages(catalogue)

CODE_SHAPED = re.compile(
    r"Reg\d{4}|§|\bArt\.|\bAPPC\b|\b[a-z]+(?:_[a-z0-9]+)+\b|[0-9a-f]{8}-[0-9a-f]{4}|\{[a-z_]+\}"
    r"|\d{4}-\d{2}-\d{2}"
)
LATIN_WORD = re.compile(r"\b[A-Za-z][a-z]{2,}\b")
# Names a Kazakh or Russian reader meets as they are: headers and formats of the interface.
LATIN_ALLOWED = {"Idempotency", "Key", "Match", "errors", "true", "false", "JSON", "URL",
                 "UUID", "ISO", "Bearer"}  # fmt: skip
ID_PARAMETER = re.compile(r"(^|_)id$")
TECHNICAL = {"validation.", "title.validation", "idempotency", "if_match", "concurrency"}


def _sample(name: str) -> Any:
    if name == "rule":
        return "Reg2024 §9"
    if name == "roles":
        return "chairman, secretariat"
    if any(part in name for part in ("day", "_on", "date", "deadline", "until", "since")):
        return "2026-12-06"
    return 7


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


CODES = sorted(code for code in MESSAGES if not code.startswith("validation."))


@pytest.mark.parametrize("code", CODES)
def test_every_message_reads_in_kazakh_and_russian(code: str) -> None:
    entry = MESSAGES[code]
    names = set().union(*(_placeholders(t) for t in entry.values()))
    ids = sorted(n for n in names if ID_PARAMETER.search(n) and n != "stream_id")
    assert not ids, f"{code} shows identifiers: {ids}"
    params = {name: _sample(name) for name in names}
    english = translate(code, "en", **params)
    for lang in ("kk", "ru"):
        text = translate(code, lang, **params)
        assert re.search("[а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]", text), (code, lang, text)
        assert text != english or len(text) < 4, (code, lang, "untranslated")
        assert not CODE_SHAPED.search(text), (code, lang, text)
        latin = set(LATIN_WORD.findall(text)) - LATIN_ALLOWED
        assert not latin, (code, lang, sorted(latin), text)


def test_refusals_name_the_act_and_paragraph_in_words() -> None:
    assert translate("title.rule_violation", "kk", rule="Reg2024 §9") == "Ереже талабы орындалмады"
    assert translate("title.rule_violation", "ru", rule="Law 2008 Art. 10") == (
        "Нарушено требование Закона"
    )
    assert translate("title.rule_violation", "ru", rule="APPC 2020 Art. 76") == (
        "Нарушено требование АППК"
    )
    assert translate("title.rule_violation", "ru", rule="IIN check digit") == (
        "Данные не соответствуют требованиям"
    )
    quorum = translate("quorum_not_present", "ru", rule="Reg2024 §9", present=10, total=400,
                       required=267)  # fmt: skip
    assert quorum.endswith("(пункт 9 Положения).") and "Reg2024" not in quorum
    kk = translate("quorum_not_present", "kk", rule="Reg2024 §9", present=10, total=400,
                   required=267)  # fmt: skip
    assert "400 мүшеден 10 мүше" in kk and kk.endswith("(Ереженің 9-тармағы).")


def test_roles_and_dates_as_a_reader_expects_them() -> None:
    text = translate("role_required", "kk", roles="chairman, deputy_chairman")
    assert "Ассамблея Төрағасы" in text and "chairman" not in text
    assert "6 декабря 2026 г." in translate("sitting_before_session_date", "ru",
                                            opens_on="2026-12-06", rule="Reg2002 §8")  # fmt: skip
