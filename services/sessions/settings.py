from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class SessionsSettings(ServiceSettings):
    service: ClassVar[str] = "sessions"
    default_port: ClassVar[int] = 8002
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_SESSIONS_", env_file=".env", extra="ignore"
    )
