"""The service's read models, one module each: its writer (a projection of the service's own
events) and its queries. ``monitoring`` holds the calendar, the indicators, the incidents and
the early warning, with the queries that read several of them (dashboards, public summaries)."""

from services.monitoring.projections import appeals, monitoring, regional_reports

__all__ = ["appeals", "monitoring", "regional_reports"]
