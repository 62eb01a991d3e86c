"""Sessions events (the Session's own facts arrive with the sessions issue)."""

from __future__ import annotations

from shared.eventstore.model import EventRegistry

registry = EventRegistry()
