"""Indicators of interethnic relations and their values by region and period (Reg2024 §4.9;
Strategy2002 §4.3, §6). Pure.

The Secretariat defines an indicator (``indicator-<code>``): names, unit, which direction is
good, and the value at which each alert level starts. Values arrive in reports
(``indicator-report-<id>``), one append each: a regional assembly's submission for its own
region, the Secretariat's, or a survey file. A report is all or nothing: every row is checked
first and any bad row refuses the whole report, naming each bad row and why.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from services.monitoring.domain.errors import (
    IndicatorAlreadyDefined,
    RowError,
    ThresholdsNotOrdered,
)
from services.monitoring.domain.events import (
    LEVEL_ORDER,
    AlertLevel,
    GoodDirection,
    IndicatorDefined,
    IndicatorThresholdsChanged,
    IndicatorValuesReported,
    Names,
    Thresholds,
    ValueRow,
    ValueSource,
)
from shared.domain import Aggregate
from shared.personal_data import refuse_personal_data

MAX_ROWS = 10_000
CSV_COLUMNS = ("indicator", "region", "period", "value")

_PERIOD = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$")


def period_start(period: str) -> date | None:
    """The first day of a period written ``2026``, ``2026-H1``, ``2026-Q2`` or ``2026-03``;
    None when it is not one."""
    match = _PERIOD.fullmatch(period)
    if match is None:
        return None
    year, month, quarter, half = match.groups()
    if int(year) < 1:  # ``0000`` has the shape of a year, but there was no year 0
        return None
    if month:
        return date(int(year), int(month), 1)
    if quarter:
        return date(int(year), 3 * (int(quarter) - 1) + 1, 1)
    if half:
        return date(int(year), 1 if half == "1" else 7, 1)
    return date(int(year), 1, 1)


def check_thresholds(direction: GoodDirection, thresholds: Thresholds) -> None:
    """Each higher level starts further in the bad direction than the one below it."""
    values = [v for _, v in sorted(thresholds.by_level().items(), key=lambda i: LEVEL_ORDER[i[0]])]
    if not values:
        raise ThresholdsNotOrdered(direction.value)
    for lower, higher in pairwise(values):
        if (direction is GoodDirection.LOWER and not lower < higher) or (
            direction is GoodDirection.HIGHER and not lower > higher
        ):
            raise ThresholdsNotOrdered(direction.value)


def level_of(
    direction: GoodDirection, thresholds: Thresholds, value: Decimal
) -> tuple[AlertLevel, Decimal] | None:
    """The highest alert level whose threshold ``value`` reached, with that threshold."""
    reached = None
    for level, threshold in sorted(thresholds.by_level().items(), key=lambda i: LEVEL_ORDER[i[0]]):
        bad = value >= threshold if direction is GoodDirection.LOWER else value <= threshold
        if bad:
            reached = (level, threshold)
    return reached


class Indicator(Aggregate):
    stream_type = "indicator"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.defined = False
        self.good_direction = GoodDirection.LOWER
        self.thresholds = Thresholds()

    @classmethod
    def define(
        cls,
        existing: Indicator | None,
        code: str,
        name: Names,
        unit: str,
        good_direction: GoodDirection,
        thresholds: Thresholds,
    ) -> Indicator:
        if existing is not None:
            raise IndicatorAlreadyDefined(code)
        check_thresholds(good_direction, thresholds)
        indicator = cls(code)
        indicator._record(
            IndicatorDefined(
                code=code,
                name=name,
                unit=unit,
                good_direction=good_direction,
                thresholds=thresholds,
            )
        )
        return indicator

    def change_thresholds(self, thresholds: Thresholds, reason: str) -> None:
        check_thresholds(self.good_direction, thresholds)
        refuse_personal_data("reason", reason)
        self._record(IndicatorThresholdsChanged(code=self.id, thresholds=thresholds, reason=reason))

    def when_IndicatorDefined(self, event: IndicatorDefined) -> None:
        self.defined = True
        self.good_direction = event.good_direction
        self.thresholds = event.thresholds

    def when_IndicatorThresholdsChanged(self, event: IndicatorThresholdsChanged) -> None:
        self.thresholds = event.thresholds


# -- reports ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawRow:
    """A row as submitted, before it is checked; ``line`` is its line in the file (or its
    1-based position in a JSON submission)."""

    line: int
    indicator: str
    region: str
    period: str
    value: str


@dataclass(frozen=True)
class ReportContext:
    """What rows are checked against: read by the handler from the read models."""

    indicators: Collection[str]
    regions: Collection[str]
    reported: Callable[[str, str, str], bool]
    """Whether a value for (indicator, region, period) is already on record."""
    scope_region: str | None
    """A regional assembly reports for its own region only (Reg2024 §18–19)."""


def _error(line: int, reason: str, **params: object) -> dict[str, object]:
    return {"line": line, "reason": reason, **params}


def parse_csv(content: str) -> tuple[list[RawRow], list[dict[str, object]]]:
    """The rows of a survey file (header ``indicator,region,period,value``) and the errors of
    its shape: the header, the number of columns, the number of rows."""
    reader = csv.reader(io.StringIO(content.removeprefix("\ufeff")))
    rows: list[RawRow] = []
    errors: list[dict[str, object]] = []
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != CSV_COLUMNS:
        return [], [_error(1, "row_csv_header", expected=",".join(CSV_COLUMNS))]
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(_error(line, "row_csv_too_many_rows", max=MAX_ROWS))
            break
        if len(record) != len(CSV_COLUMNS):
            errors.append(
                _error(line, "row_csv_columns", expected=len(CSV_COLUMNS), got=len(record))
            )
            continue
        indicator, region, period, value = (cell.strip() for cell in record)
        rows.append(RawRow(line, indicator, region, period, value))
    if not rows and not errors:
        errors.append(_error(1, "row_csv_no_rows"))
    return rows, errors


def check_rows(
    rows: Iterable[RawRow], context: ReportContext, revision: bool
) -> tuple[list[ValueRow], list[dict[str, object]]]:
    """Every row checked; the valid rows and the errors of the others (line and reason)."""
    valid: list[ValueRow] = []
    errors: list[dict[str, object]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        reasons: list[dict[str, object]] = []
        if row.indicator not in context.indicators:
            reasons.append(_error(row.line, "row_unknown_indicator", indicator=row.indicator))
        if row.region not in context.regions:
            reasons.append(_error(row.line, "row_unknown_region", region=row.region))
        elif context.scope_region is not None and row.region != context.scope_region:
            reasons.append(_error(row.line, "row_outside_region_scope", region=row.region))
        if period_start(row.period) is None:
            reasons.append(_error(row.line, "row_invalid_period", period=row.period))
        try:
            value = Decimal(row.value)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            reasons.append(_error(row.line, "row_invalid_value", value=row.value))
            value = Decimal(0)
        key = (row.indicator, row.region, row.period)
        if key in seen:
            reasons.append(_error(row.line, "row_duplicate", first_line=seen[key]))
        else:
            seen[key] = row.line
        if not reasons:
            on_record = context.reported(*key)
            if on_record and not revision:
                reasons.append(_error(row.line, "row_already_reported"))
            elif revision and not on_record:
                reasons.append(_error(row.line, "row_not_reported"))
        if reasons:
            errors.extend(reasons)
        else:
            valid.append(
                ValueRow(indicator=row.indicator, region=row.region, period=row.period, value=value)
            )
    return valid, errors


class IndicatorReport(Aggregate):
    stream_type = "indicator-report"

    @classmethod
    def file(
        cls,
        report_id: uuid.UUID,
        source: ValueSource,
        rows: list[RawRow],
        context: ReportContext,
        revision: bool,
        reason: str | None,
        file_name: str | None,
        reported_by: str,
        shape_errors: list[dict[str, object]] | None = None,
    ) -> IndicatorReport:
        """All rows or none: any bad row (or a bad file shape) refuses the whole report."""
        valid, errors = check_rows(rows, context, revision)
        errors = sorted([*(shape_errors or []), *errors], key=lambda e: int(str(e["line"])))
        if errors:
            raise RowError(errors)
        refuse_personal_data("reason", reason)
        report = cls(str(report_id))
        report._record(
            IndicatorValuesReported(
                report_id=report_id,
                source=source,
                rows=tuple(valid),
                revision=revision,
                reason=reason,
                file_name=file_name,
                reported_by=reported_by,
            )
        )
        return report

    def when_IndicatorValuesReported(self, event: IndicatorValuesReported) -> None:
        pass
