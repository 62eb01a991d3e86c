"""The service's read models, one module each: its writer (a projection of the service's own
events) and its queries; ``received`` queries what the consumers keep of other services' acts
(``_sql`` holds the helpers they share)."""

from services.programmes.projections import (
    action_plans,
    awards,
    bodies,
    documents,
    experts,
    history,
    received,
    work_plan,
)

__all__ = [
    "action_plans",
    "awards",
    "bodies",
    "documents",
    "experts",
    "history",
    "received",
    "work_plan",
]
