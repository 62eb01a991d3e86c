from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class MonitoringSettings(ServiceSettings):
    service: ClassVar[str] = "monitoring"
    default_port: ClassVar[int] = 8004
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_MONITORING_", env_file=".env", extra="ignore"
    )
