"""The service's read models, one module each: its writer (a projection of the service's own
events) and its queries."""

from services.sessions.projections import elections, polls, sessions, sitting_protocols

__all__ = ["elections", "polls", "sessions", "sitting_protocols"]
