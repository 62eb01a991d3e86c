from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class CouncilSettings(ServiceSettings):
    service: ClassVar[str] = "council"
    default_port: ClassVar[int] = 8003
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_COUNCIL_", env_file=".env", extra="ignore"
    )
