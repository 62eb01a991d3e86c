"""Monitoring's refusals, as typed errors citing the rule they enforce."""

from __future__ import annotations

from datetime import date

from shared.errors import Conflict, InvalidInput, RuleViolation

APPC_63 = "APPC 2020 Art. 63"
APPC_64 = "APPC 2020 Art. 64"
APPC_76 = "APPC 2020 Art. 76"
REG_REGIONS = "Reg2024 §18–19"
REG_RECOMMENDATIONS = "Reg2024 §4.10"


def date_in_future(field: str, day: date) -> InvalidInput:
    return InvalidInput(None, reason="monitoring_date_in_future", field=field, day=str(day))


def date_before(field: str, day: date, earliest: date) -> InvalidInput:
    return InvalidInput(
        None, reason="monitoring_date_before", field=field, day=str(day), earliest=str(earliest)
    )


class InvalidIdNumber(RuleViolation):
    """APPC 2020 Art. 63 and the number's own check digit."""

    def __init__(self, kind: str) -> None:
        super().__init__(APPC_63, "invalid_id_number", kind=kind.upper())


class AppealClosed(Conflict):
    code = "appeal_closed"

    def __init__(self, appeal_id: str, status: str) -> None:
        super().__init__(None, appeal_id=appeal_id, status=status)


class ExtensionAfterDue(RuleViolation):
    """An answer period can be extended only while it runs (APPC 2020 Art. 76)."""

    def __init__(self, due: date) -> None:
        super().__init__(APPC_76, "extension_after_due", due=str(due))


class ExtensionBeyondLimit(RuleViolation):
    """Two months at most in all (APPC 2020 Art. 76)."""

    def __init__(self, limit: date) -> None:
        super().__init__(APPC_76, "extension_beyond_limit", limit=str(limit))


class ExtensionNotLater(RuleViolation):
    def __init__(self, due: date) -> None:
        super().__init__(APPC_76, "extension_not_later", due=str(due))


class NoNotificationPending(Conflict):
    code = "notification_not_pending"

    def __init__(self, subject: str) -> None:
        super().__init__(None, subject=subject)


class UnknownRegion(RuleViolation):
    def __init__(self, region: str) -> None:
        super().__init__(REG_REGIONS, "monitoring_unknown_region", region=region)


class UnknownEthnicGroup(InvalidInput):
    def __init__(self, code: str) -> None:
        super().__init__(None, reason="monitoring_unknown_ethnic_group", code=code)


class UnknownResolution(RuleViolation):
    """A recommendation may cite only a Council resolution the service has received, and not
    one the Council's vote rejected."""

    def __init__(self, resolution_id: str) -> None:
        super().__init__(REG_RECOMMENDATIONS, "unknown_resolution", resolution_id=resolution_id)


class IndicatorAlreadyDefined(Conflict):
    code = "indicator_already_defined"

    def __init__(self, code: str) -> None:
        super().__init__(None, indicator=code)


class ThresholdsNotOrdered(InvalidInput):
    def __init__(self, direction: str) -> None:
        super().__init__(None, reason="thresholds_not_ordered", direction=direction)


class IncidentTransitionRefused(Conflict):
    """The lifecycle is reported → verified | dismissed → in mediation → resolved."""

    code = "incident_transition_refused"

    def __init__(self, status: str, step: str) -> None:
        super().__init__(None, status=status, step=step)


class AlertAlreadyClosed(Conflict):
    code = "alert_already_closed"

    def __init__(self, alert_id: str) -> None:
        super().__init__(None, alert_id=alert_id)


class RuleIdsNotUnique(InvalidInput):
    def __init__(self, rule_id: str) -> None:
        super().__init__(None, reason="rule_ids_not_unique", rule_id=rule_id)


class RowError(InvalidInput):
    """One or more rows of a report or an uploaded file are not valid: nothing is imported."""

    code = "rows_rejected"

    def __init__(self, errors: list[dict[str, object]]) -> None:
        super().__init__(None, count=len(errors))
        self.errors = errors


class RegionalReportExists(Conflict):
    """One report per region and period: another is a correction that names the report it
    supersedes (Law 2008 Art. 14)."""

    code = "regional_report_exists"

    def __init__(self, region: str, period: str, report_id: str) -> None:
        super().__init__(None, region=region, period=period, report_id=report_id)


class RegionalReportStale(Conflict):
    """A correction supersedes the region's current report for the period, not an earlier
    or unknown one."""

    code = "regional_report_stale"

    def __init__(self, supersedes: str, current: str) -> None:
        super().__init__(None, supersedes=supersedes, current=current or "-")


class RegionalReportIncomplete(RuleViolation):
    """A correction gives a value for every indicator of the report it supersedes: a value
    once reported is corrected, never silently left standing (Law 2008 Art. 14)."""

    def __init__(self, indicators: list[str]) -> None:
        super().__init__(
            "Law 2008 Art. 14", "regional_report_values_missing", indicators=", ".join(indicators)
        )
