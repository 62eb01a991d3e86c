"""A regional assembly's periodic report on interethnic relations in its region
(Law 2008 Art. 14: regional assemblies regularly send the Assembly information on interethnic
relations in their region; Reg2024 §18–19). Pure.

One stream per region and period (``regional-report-<region>.<period>``). The first report
opens it; a second one for the same region and period is a correction: it names the report it
supersedes (the current one, else 409 ``regional_report_stale``), gives a reason and a value
for every indicator the superseded report gave. The earlier report stays in the stream and in
the read model, marked superseded; the values go on record as revisions of the values before
them. Incidents are never withdrawn by a correction: each is an incident of its own
(``incident-<id>``), dismissed by the Secretariat if it proves unfounded (Reg2024 §17); a
correction carries the incidents it adds.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from services.monitoring.domain.errors import (
    RegionalReportExists,
    RegionalReportIncomplete,
    RegionalReportStale,
)
from services.monitoring.domain.events import (
    RegionalReportSubmitted,
    ReportedIncident,
    ReportedValue,
    ValueSource,
)
from services.monitoring.domain.indicators import period_start
from shared.domain import Aggregate
from shared.errors import InvalidInput
from shared.personal_data import refuse_personal_data

MAX_VALUES = 500
MAX_INCIDENTS = 200


def stream_key(region: str, period: str) -> str:
    """The report stream's id: one per region and period."""
    return f"{region}.{period}"


@dataclass(frozen=True)
class Submission:
    """What a report says and who sends it, checked by :meth:`RegionalReport.submit`."""

    report_id: uuid.UUID
    region: str
    period: str
    source: ValueSource
    reported_by: str
    reported_at: datetime
    reported_on: date
    values: Sequence[ReportedValue]
    incidents: Sequence[ReportedIncident]
    value_reports: Sequence[uuid.UUID]
    supersedes: uuid.UUID | None
    reason: str | None


class RegionalReport(Aggregate):
    stream_type = "regional-report"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.current: uuid.UUID | None = None
        self.indicators: frozenset[str] = frozenset()
        self.last: RegionalReportSubmitted | None = None

    def check_submission(
        self,
        region: str,
        period: str,
        today: date,
        supersedes: uuid.UUID | None,
        reason: str | None,
    ) -> None:
        """Whether a report for ``period`` may be submitted now, before its values and
        incidents are checked: the period has begun, one report per region and period, a
        correction names the current report and says why."""
        start = period_start(period)
        if start is None:
            raise InvalidInput(None, reason="regional_report_period", period=period)
        if start > today:
            # Information on relations in a period that has not begun cannot be sent.
            raise InvalidInput(None, reason="regional_report_future_period", period=period)
        if self.current is None:
            if supersedes is not None:
                raise RegionalReportStale(str(supersedes), "")
            return
        if supersedes is None:
            raise RegionalReportExists(region, period, str(self.current))
        if supersedes != self.current:
            raise RegionalReportStale(str(supersedes), str(self.current))
        if reason is None:
            raise InvalidInput(None, reason="regional_report_reason_required")
        refuse_personal_data("reason", reason)

    def record_submission(self, submission: Submission) -> None:
        s = submission
        self.check_submission(s.region, s.period, s.reported_on, s.supersedes, s.reason)
        if not s.values and not s.incidents:
            raise InvalidInput(None, reason="regional_report_empty")
        missing = sorted(self.indicators - {v.indicator for v in s.values})
        if missing:
            raise RegionalReportIncomplete(missing)
        self._record(
            RegionalReportSubmitted(
                report_id=s.report_id,
                assembly=s.region,
                region=s.region,
                period=s.period,
                source=s.source,
                reported_by=s.reported_by,
                reported_at=s.reported_at,
                reported_on=s.reported_on,
                values=tuple(s.values),
                incidents=tuple(s.incidents),
                value_reports=tuple(s.value_reports),
                supersedes=s.supersedes,
                reason=s.reason,
            )
        )

    def when_RegionalReportSubmitted(self, event: RegionalReportSubmitted) -> None:
        self.current = event.report_id
        self.indicators = frozenset(v.indicator for v in event.values)
        self.last = event
