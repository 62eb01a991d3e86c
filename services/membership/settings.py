from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class MembershipSettings(ServiceSettings):
    service: ClassVar[str] = "membership"
    default_port: ClassVar[int] = 8001
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_MEMBERSHIP_", env_file=".env", extra="ignore"
    )
