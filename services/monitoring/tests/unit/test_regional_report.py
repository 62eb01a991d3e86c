"""A regional assembly's periodic report (Law 2008 Art. 14): one per region and period, a
correction supersedes the current report with a reason and every indicator it gave."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.monitoring.domain.events import (
    IncidentCategory,
    RegionalReportSubmitted,
    ReportedIncident,
    ReportedValue,
    Severity,
    ValueSource,
)
from services.monitoring.domain.regional_report import RegionalReport, Submission, stream_key
from shared.errors import Conflict, InvalidInput, KelisimError, RuleViolation

TODAY = date(2026, 7, 10)


def submission(
    *indicators: str,
    period: str = "2026-Q2",
    supersedes: uuid.UUID | None = None,
    reason: str | None = None,
    incidents: int = 0,
) -> Submission:
    return Submission(
        report_id=uuid.uuid4(),
        region="zhambyl",
        period=period,
        source=ValueSource.REGIONAL_ASSEMBLY,
        reported_by="assembly-zhambyl",
        reported_at=datetime(2026, 7, 10, 5, 0, tzinfo=UTC),
        reported_on=TODAY,
        values=[ReportedValue(indicator=i, value=Decimal("50")) for i in indicators],
        incidents=[
            ReportedIncident(
                incident_id=uuid.uuid4(),
                occurred_on=date(2026, 5, 1),
                category=IncidentCategory.PROTEST,
                severity=Severity.LOW,
            )
            for _ in range(incidents)
        ],
        value_reports=[uuid.uuid4()] if indicators else [],
        supersedes=supersedes,
        reason=reason,
    )


def submitted(report: RegionalReport) -> RegionalReportSubmitted:
    (event,) = report.pending_events
    assert isinstance(event, RegionalReportSubmitted)
    report.mark_saved()
    return event


def reason_of(error: pytest.ExceptionInfo[KelisimError]) -> str:
    value = error.value
    return value.reason_code if isinstance(value, RuleViolation) else str(value.params["reason"])


def test_the_first_report_names_its_assembly_who_reported_and_when() -> None:
    report = RegionalReport(stream_key("zhambyl", "2026-Q2"))
    report.record_submission(submission("trust_index", incidents=1))
    event = submitted(report)
    assert (event.assembly, event.region, event.period) == ("zhambyl", "zhambyl", "2026-Q2")
    assert (event.reported_by, event.reported_on, event.supersedes) == (
        "assembly-zhambyl",
        TODAY,
        None,
    )
    assert report.stream_id == "regional-report-zhambyl.2026-Q2" and report.version == 1


def test_a_second_report_is_a_correction_of_the_current_one_with_a_reason() -> None:
    report = RegionalReport(stream_key("zhambyl", "2026-Q2"))
    report.record_submission(submission("trust_index", "tension_index"))
    first = submitted(report).report_id
    with pytest.raises(Conflict) as exists:
        report.record_submission(submission("trust_index", "tension_index"))
    assert exists.value.code == "regional_report_exists"
    with pytest.raises(Conflict) as stale:
        report.record_submission(
            submission("trust_index", supersedes=uuid.uuid4(), reason="Пересчёт")
        )
    assert stale.value.code == "regional_report_stale"
    with pytest.raises(InvalidInput) as no_reason:
        report.record_submission(submission("trust_index", "tension_index", supersedes=first))
    assert reason_of(no_reason) == "regional_report_reason_required"
    with pytest.raises(RuleViolation) as missing:
        report.record_submission(submission("trust_index", supersedes=first, reason="Пересчёт"))
    assert (missing.value.rule, missing.value.params["indicators"]) == (
        "Law 2008 Art. 14",
        "tension_index",
    )
    with pytest.raises(InvalidInput) as identifier:
        report.record_submission(
            submission(
                "trust_index", "tension_index", supersedes=first, reason="Звонок +7 701 234 56 78"
            )
        )
    assert reason_of(identifier) == "personal_data_phone"  # refused, never published
    report.record_submission(
        submission("trust_index", "tension_index", supersedes=first, reason="Пересчёт")
    )
    second = submitted(report)
    assert (second.supersedes, report.current, report.version) == (first, second.report_id, 2)


@pytest.mark.parametrize(
    ("period", "reason"),
    [("2026-Q5", "regional_report_period"), ("2026-Q4", "regional_report_future_period")],
)
def test_a_report_is_on_a_period_that_has_begun(period: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        RegionalReport(stream_key("zhambyl", period)).record_submission(
            submission("trust_index", period=period)
        )
    assert reason_of(refused) == reason


def test_a_report_carries_values_or_incidents() -> None:
    with pytest.raises(InvalidInput) as refused:
        RegionalReport(stream_key("zhambyl", "2026-Q2")).record_submission(submission())
    assert reason_of(refused) == "regional_report_empty"
    only_incidents = RegionalReport(stream_key("zhambyl", "2026-Q2"))
    only_incidents.record_submission(submission(incidents=2))
    assert len(submitted(only_incidents).incidents) == 2
