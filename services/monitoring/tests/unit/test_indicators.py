"""Indicators, thresholds and reports: all rows or none, each bad row named with its line."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from services.monitoring.domain.errors import RowError, ThresholdsNotOrdered
from services.monitoring.domain.events import (
    AlertLevel,
    GoodDirection,
    IndicatorValuesReported,
    Names,
    Thresholds,
    ValueSource,
)
from services.monitoring.domain.indicators import (
    Indicator,
    IndicatorReport,
    RawRow,
    ReportContext,
    level_of,
    parse_csv,
    period_start,
)

NAMES = Names(kk="Сенім индексі", ru="Индекс доверия", en="Trust index")


def context(
    scope: str | None = None, reported: set[tuple[str, str, str]] | None = None
) -> ReportContext:
    on_record = reported or set()
    return ReportContext(
        indicators={"trust_index", "conflict_share"},
        regions={"almaty_city", "shymkent", "abai"},
        reported=lambda i, r, p: (i, r, p) in on_record,
        scope_region=scope,
    )


@pytest.mark.parametrize(
    ("period", "start"),
    [
        ("2026", date(2026, 1, 1)),
        ("2026-H2", date(2026, 7, 1)),
        ("2026-Q2", date(2026, 4, 1)),
        ("2026-03", date(2026, 3, 1)),
        ("2026-13", None),
        ("2026-Q5", None),
        ("26", None),
        ("0001", date(1, 1, 1)),
        ("0000", None),
        ("0000-Q1", None),
    ],
)
def test_periods(period: str, start: date | None) -> None:
    assert period_start(period) == start


def test_thresholds_follow_the_good_direction() -> None:
    higher = Thresholds(watch=Decimal(60), pre_conflict=Decimal(50), conflict=Decimal(40))
    Indicator.define(None, "trust_index", NAMES, "%", GoodDirection.HIGHER, higher)
    with pytest.raises(ThresholdsNotOrdered):
        Indicator.define(None, "trust_index", NAMES, "%", GoodDirection.LOWER, higher)
    with pytest.raises(ThresholdsNotOrdered):
        Indicator.define(None, "trust_index", NAMES, "%", GoodDirection.LOWER, Thresholds())
    assert level_of(GoodDirection.HIGHER, higher, Decimal(61)) is None
    assert level_of(GoodDirection.HIGHER, higher, Decimal(60)) == (AlertLevel.WATCH, Decimal(60))
    assert level_of(GoodDirection.HIGHER, higher, Decimal("49.9")) == (
        AlertLevel.PRE_CONFLICT,
        Decimal(50),
    )
    lower = Thresholds(watch=Decimal(5), conflict=Decimal(20))
    assert level_of(GoodDirection.LOWER, lower, Decimal(20))[0] is AlertLevel.CONFLICT  # type: ignore[index]


CSV_ONE_BAD_ROW = (
    "indicator,region,period,value\n"
    "trust_index,almaty_city,2026-Q1,71.5\n"
    "trust_index,shymkent,2026-Q1,seventy\n"
    "trust_index,abai,2026-Q1,64\n"
)


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row() -> None:
    rows, shape = parse_csv(CSV_ONE_BAD_ROW)
    assert shape == [] and [r.line for r in rows] == [2, 3, 4]
    with pytest.raises(RowError) as refused:
        IndicatorReport.file(
            uuid.uuid4(), ValueSource.SURVEY_IMPORT, rows, context(), False, None, "q1.csv",
            "secretariat-1", shape,
        )  # fmt: skip
    assert refused.value.errors == [{"line": 3, "reason": "row_invalid_value", "value": "seventy"}]


def test_every_bad_row_is_reported() -> None:
    content = (
        "\ufeffIndicator,Region,Period,Value\n"
        "trust_index,almaty_city,2026-Q1,71.5\n"
        "unknown,almaty_city,2026-Q1,1\n"
        "trust_index,atlantis,2026-Q1,1\n"
        "trust_index,almaty_city,2026-Q9,1\n"
        "trust_index,almaty_city,2026-Q1,72\n"
        "trust_index,shymkent,2026-Q1\n"
        "\n"
        "conflict_share,shymkent,2025,3\n"
    )
    rows, shape = parse_csv(content)
    assert shape == [{"line": 7, "reason": "row_csv_columns", "expected": 4, "got": 3}]
    with pytest.raises(RowError) as refused:
        IndicatorReport.file(
            uuid.uuid4(), ValueSource.SURVEY_IMPORT, rows,
            context(reported={("conflict_share", "shymkent", "2025")}), False, None, None, "s",
            shape,
        )  # fmt: skip
    reasons = [(e["line"], e["reason"]) for e in refused.value.errors]
    assert reasons == [
        (3, "row_unknown_indicator"),
        (4, "row_unknown_region"),
        (5, "row_invalid_period"),
        (6, "row_duplicate"),
        (7, "row_csv_columns"),
        (9, "row_already_reported"),
    ]


def test_a_file_without_the_header_or_rows_is_refused() -> None:
    assert parse_csv("a,b\n1,2\n")[1][0]["reason"] == "row_csv_header"
    assert parse_csv("indicator,region,period,value\n")[1] == [
        {"line": 1, "reason": "row_csv_no_rows"}
    ]


def test_a_regional_assembly_reports_for_its_own_region_only() -> None:
    rows = [
        RawRow(1, "trust_index", "abai", "2026", "60"),
        RawRow(2, "trust_index", "shymkent", "2026", "61"),
    ]
    with pytest.raises(RowError) as refused:
        IndicatorReport.file(
            uuid.uuid4(), ValueSource.REGIONAL_ASSEMBLY, rows, context(scope="abai"), False, None,
            None, "assembly-abai",
        )  # fmt: skip
    assert refused.value.errors == [
        {"line": 2, "reason": "row_outside_region_scope", "region": "shymkent"}
    ]


def test_a_good_report_is_one_event_and_a_revision_needs_a_value_on_record() -> None:
    rows = [RawRow(1, "trust_index", "abai", "2026", "60.5")]
    report = IndicatorReport.file(
        uuid.uuid4(), ValueSource.SECRETARIAT, rows, context(), False, None, None, "s"
    )
    (event,) = report.pending_events
    assert isinstance(event, IndicatorValuesReported)
    assert event.rows[0].value == Decimal("60.5")
    with pytest.raises(RowError):
        IndicatorReport.file(
            uuid.uuid4(), ValueSource.SECRETARIAT, rows, context(), True, "fix", None, "s"
        )
    revised = IndicatorReport.file(
        uuid.uuid4(), ValueSource.SECRETARIAT, rows,
        context(reported={("trust_index", "abai", "2026")}), True, "fix", None, "s",
    )  # fmt: skip
    assert revised.pending_events
