from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ProgrammesSettings(ServiceSettings):
    service: ClassVar[str] = "programmes"
    default_port: ClassVar[int] = 8005
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_PROGRAMMES_", env_file=".env", extra="ignore"
    )
