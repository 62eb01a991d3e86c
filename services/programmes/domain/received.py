"""Acts of other services this one links to, as their events described them. Pure values.

Council's resolutions arrive on ``kelisim.council.v1`` (``ResolutionAdopted``), the Session's
decisions on ``kelisim.sessions.v1`` (``DecisionAdopted``); the consumers keep them, and the
handlers hand them to the aggregates as these values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.programmes.domain.events import Act


@dataclass(frozen=True)
class ReceivedResolution:
    """An adopted Council resolution (Reg2024 §13, §15)."""

    resolution_id: uuid.UUID
    kind: str
    adopted_on: date
    protocol: Act
    content: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReceivedDecision:
    """An adopted Session decision (Reg2024 §10)."""

    decision_id: uuid.UUID
    session_id: uuid.UUID
    kind: str
    adopted_on: date
