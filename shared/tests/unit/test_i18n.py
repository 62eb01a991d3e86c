from __future__ import annotations

import re
import string
from typing import Any, get_args

import pytest
from pydantic import BaseModel, Field, ValidationError
from pydantic_core.core_schema import ErrorType

from shared.api.body import ERROR_TYPES as BODY_ERROR_TYPES
from shared.errors import (
    ConcurrencyConflict,
    Conflict,
    Forbidden,
    IdempotencyKeyReused,
    InvalidInput,
    KelisimError,
    NotFound,
    RuleViolation,
    ServiceUnavailable,
    Unauthenticated,
)
from shared.i18n import (
    LANGUAGES,
    MESSAGES,
    Language,
    negotiate_language,
    register_messages,
    translate,
    translate_validation_error,
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("kk-KZ", "kk"),
        ("en", "en"),
        ("EN-gb", "en"),
        ("de", "kk"),
        ("*", "kk"),
        ("", "kk"),
        (None, "kk"),
        ("de-DE,de;q=0.9,ru;q=0.5", "ru"),
        ("en;q=0.5,ru;q=0.8", "ru"),
        ("ru;q=0.8,en;q=0.8", "ru"),
        ("ru;q=0,en;q=0.1", "en"),
        ("en;q=0.5,*", "kk"),
        ("ru;q=2,en;q=0.3", "en"),
        ("ru;q=abc", "kk"),
        (";;;,,,=", "kk"),
        ("ru-RU;level=1;q=0.4, en;q=0.3", "ru"),
        ("12-34", "kk"),
    ],
)
def test_negotiate_language(header: str | None, expected: Language) -> None:
    assert negotiate_language(header) == expected


def test_negotiate_language_custom_default() -> None:
    assert negotiate_language("de", default="ru") == "ru"
    assert negotiate_language("*", default="en") == "en"


def _sample(name: str) -> str:
    return f"<{name}>"


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_has_every_language_and_formats(code: str) -> None:
    entry = MESSAGES[code]
    assert set(entry) == set(LANGUAGES)
    for lang in LANGUAGES:
        template = entry[lang]
        assert template.strip()
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        text = translate(code, lang, **{name: _sample(name) for name in names})
        assert "{" not in text and "}" not in text
        for name in names:
            if name not in ("rule", "roles"):  # written in words (see test_messages.py)
                assert _sample(name) in text


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_kazakh_and_russian_are_cyrillic(code: str) -> None:
    for lang in ("kk", "ru"):
        assert re.search(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", MESSAGES[code][lang]), (code, lang)
    assert "ә" not in MESSAGES[code]["ru"]


ERRORS: list[type[KelisimError]] = [
    NotFound,
    Unauthenticated,
    Forbidden,
    Conflict,
    ConcurrencyConflict,
    IdempotencyKeyReused,
    InvalidInput,
    RuleViolation,
    ServiceUnavailable,
    KelisimError,
]


@pytest.mark.parametrize("error", ERRORS)
def test_every_error_code_has_title_and_detail(error: type[KelisimError]) -> None:
    assert f"title.{error.code}" in MESSAGES
    assert error.code in MESSAGES


@pytest.mark.parametrize(
    "code",
    [
        "validation_failed",
        "invalid_token",
        "token_expired",
        "role_required",
        "idempotency_key_invalid",
    ],
)
def test_platform_codes_are_catalogued(code: str) -> None:
    assert code in MESSAGES


def test_translate_concurrency_conflict() -> None:
    text = translate("concurrency_conflict", "en", stream_id="member-1", expected=3, actual=5)
    assert text == (
        "Stream member-1 has changed: expected version 3, actual 5. Reload and try again."
    )


def test_translate_falls_back_to_english_then_code() -> None:
    MESSAGES["test.only_english"] = {"en": "Only English"}
    try:
        assert translate("test.only_english", "kk") == "Only English"
    finally:
        del MESSAGES["test.only_english"]
    assert translate("no_such_code", "ru") == "no_such_code"


def test_translate_never_raises_on_params() -> None:
    assert translate("role_required", "en") == "Only one of the following may do this: {roles}."
    assert "{roles}" in translate("role_required", "kk", other=1)
    # Parameters named like translate's own arguments are plain parameters.
    assert translate("not_found", "en", code="x", lang="y") == MESSAGES["not_found"]["en"]


def test_register_messages() -> None:
    entry: dict[Language, str] = {"kk": "Кворум жоқ", "ru": "Нет кворума", "en": "No quorum"}
    try:
        register_messages({"test.no_quorum": entry})
        register_messages({"test.no_quorum": entry})  # the same text again is fine
        assert translate("test.no_quorum", "ru") == "Нет кворума"
        with pytest.raises(ValueError, match="another text"):
            register_messages({"test.no_quorum": {**entry, "en": "Quorum missing"}})
        with pytest.raises(ValueError, match="lacks languages"):
            register_messages({"test.partial": {"en": "Partial"}})
    finally:
        MESSAGES.pop("test.no_quorum", None)


def test_validation_types_are_pydantic_error_types() -> None:
    """... or the body check's own (every one of which has a message)."""
    assert {f"validation.{kind}" for kind in BODY_ERROR_TYPES} <= set(MESSAGES)
    known = set(get_args(ErrorType)) | BODY_ERROR_TYPES
    types = [
        code.removeprefix("validation.") for code in MESSAGES if code.startswith("validation.")
    ]
    assert len(types) >= 30
    assert set(types) <= known


class _Sample(BaseModel):
    name: str = Field(min_length=3)
    age: int = Field(gt=0)
    kind: Any = None


def _errors(data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as info:
        _Sample.model_validate(data)
    return [dict(err) for err in info.value.errors()]


def test_translate_validation_error_uses_ctx() -> None:
    too_short, not_positive = _errors({"name": "ab", "age": 0})
    assert translate_validation_error(too_short, "ru") == (
        "Количество символов должно быть не меньше 3"
    )
    assert translate_validation_error(not_positive, "kk") == "Мән 0 мәнінен үлкен болуы керек"
    assert translate_validation_error(not_positive, "en") == "The value must be greater than 0"


def test_translate_validation_error_localises_enum_alternatives() -> None:
    err = {"type": "enum", "msg": "x", "ctx": {"expected": "'a', 'b' or 'c'"}}
    assert translate_validation_error(err, "kk") == "Рұқсат етілген мәндер: 'a', 'b' немесе 'c'"
    assert translate_validation_error(err, "ru") == "Допустимые значения: 'a', 'b' или 'c'"


def test_translate_validation_error_unknown_type_keeps_pydantic_message() -> None:
    err = {"type": "frozen_field", "msg": "Field is frozen"}
    assert translate_validation_error(err, "kk") == "Field is frozen"
