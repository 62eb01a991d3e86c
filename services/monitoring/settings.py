from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class MonitoringSettings(ServiceSettings):
    service: ClassVar[str] = "monitoring"
    default_port: ClassVar[int] = 8004
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_MONITORING_", env_file=".env", extra="ignore"
    )

    evaluate_on_change: bool = True
    """Evaluate a region's early-warning rules (as of today) after each change to its values
    or incidents."""
    run_evaluator: bool = True
    """Evaluate every region as of today when the service starts and then periodically (an
    appeal becomes overdue with time alone)."""
    evaluation_interval_seconds: float = Field(default=3600.0, gt=0)
