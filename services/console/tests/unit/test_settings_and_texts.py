"""The console's settings refuse, in production, a session key anyone can know and the
development token exchange; every interface text exists in the three languages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ops.testing.production import PRODUCTION_ISSUER, random_key
from services.console.settings import ConsoleSettings
from services.console.texts import CODES, LANGUAGES, TEXTS, code
from shared.settings import PlatformSettings

PRODUCTION = PlatformSettings(environment="production", oidc_issuer=PRODUCTION_ISSUER)


def test_production_needs_an_unguessable_session_key() -> None:
    with pytest.raises(ValidationError, match="KELISIM_CONSOLE_SESSION_SECRET must be set"):
        ConsoleSettings(platform=PRODUCTION)
    published = "compose-development-console-session-secret-not-for-production"
    with pytest.raises(ValidationError, match="published in this repository"):
        ConsoleSettings(platform=PRODUCTION, session_secret=published)
    with pytest.raises(ValidationError, match="not random"):
        ConsoleSettings(platform=PRODUCTION, session_secret="ab" * 32)
    assert ConsoleSettings(platform=PRODUCTION, session_secret=random_key()).session_secret


def test_a_short_session_key_is_refused_everywhere() -> None:
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        ConsoleSettings(session_secret="short")


def test_upstreams_default_to_the_ports_kelisim_up_uses() -> None:
    settings = ConsoleSettings()
    assert settings.upstream("sessions").startswith("http://127.0.0.1:")
    assert ConsoleSettings(sessions_url="http://sessions/").upstream("sessions") == (
        "http://sessions"
    )


def test_every_text_is_in_kazakh_russian_and_english() -> None:
    for key, entry in {**TEXTS, **CODES}.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert code("roll_call", "kk") == "Атаулы"
    assert code("unheard_of", "en") == "unheard_of"


def test_working_days_left_follow_the_published_calendar() -> None:
    from datetime import date

    from services.console.api.secretariat import working_days_left

    # A published calendar of the Nauryz kind: three holidays from a Saturday, two weekdays off
    # for the two that fell on the weekend, and a Saturday made a working day by a transfer.
    days = {
        "2026-03-21": "holiday",
        "2026-03-22": "holiday",
        "2026-03-23": "holiday",
        "2026-03-24": "weekend_shift",
        "2026-03-25": "weekend_shift",
        "2026-03-28": "transfer_working_day",
    }
    friday = date(2026, 3, 20)
    assert working_days_left(friday, date(2026, 3, 26), days) == 1  # only Thursday the 26th
    assert working_days_left(friday, date(2026, 3, 28), days) == 3  # 26, 27 and Saturday 28
    assert working_days_left(friday, friday, days) == 0
    assert working_days_left(date(2026, 3, 27), date(2026, 3, 20), days) == -2  # 26 and 27
