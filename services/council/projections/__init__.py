"""The service's read models, one module each: its writer (a projection of the service's own
events) and its queries; ``composition`` queries the membership replica."""

from services.council.projections import composition, control, meetings, senate

__all__ = ["composition", "control", "meetings", "senate"]
