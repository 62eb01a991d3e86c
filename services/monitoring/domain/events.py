"""Monitoring events (the service's own facts arrive with its issue)."""

from __future__ import annotations

from shared.eventstore.model import EventRegistry

registry = EventRegistry()
