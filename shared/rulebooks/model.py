"""The rulebook data model: exact thresholds, cited rules, and one Regulation's rule set.

Everything here is data validated by pydantic; nothing does I/O. Fractions are exact: a
:class:`Threshold` holds a numerator and a denominator (strict integers, never floats) and all
arithmetic is integer or :class:`fractions.Fraction` arithmetic.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Generic, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from shared.errors import InvalidInput

T = TypeVar("T")

ThresholdKind = Literal["at_least", "more_than"]
ThresholdBase = Literal["total", "present"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Threshold(_Frozen):
    """A share of a count that must be reached: "at least 2/3 of all members", "more than 1/2
    of those present".

    ``of`` says which count the share is taken of: the total number of members of the body, or
    the members present.

    A threshold over an empty body (``total == 0``) is never met: :meth:`required` returns 1,
    which no count of 0 can reach. "At least two thirds of nobody" must not make a meeting of
    nobody valid or adopt a decision with no votes.
    """

    numerator: StrictInt = Field(gt=0)
    denominator: StrictInt = Field(gt=0)
    kind: ThresholdKind
    of: ThresholdBase

    @model_validator(mode="after")
    def _proper_share(self) -> Self:
        if self.numerator > self.denominator:
            raise ValueError(
                "a threshold is a share of at most the whole (numerator <= denominator)"
            )
        if self.kind == "more_than" and self.numerator == self.denominator:
            raise ValueError("'more than' the whole can never be met")
        return self

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    def required(self, total: int) -> int:
        """The smallest count out of ``total`` that satisfies the threshold.

        ``at_least``: ceil(total * n / d); ``more_than``: floor(total * n / d) + 1; both in
        integer arithmetic. For ``total == 0`` the result is 1 (never satisfiable, see above).
        """
        _check_count("total", total)
        product = total * self.numerator
        if self.kind == "at_least":
            least = -(-product // self.denominator)
        else:
            least = product // self.denominator + 1
        return max(least, 1)

    def met(self, count: int, total: int) -> bool:
        """Whether ``count`` out of ``total`` satisfies the threshold (``0 <= count <= total``)."""
        _check_count("total", total)
        _check_count("count", count, total)
        return count >= self.required(total)

    def describe(self) -> str:
        words = "at least" if self.kind == "at_least" else "more than"
        base = "all members" if self.of == "total" else "the members present"
        return f"{words} {self.numerator}/{self.denominator} of {base}"


def _check_count(name: str, value: int, upper: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be an integer", field=name, value=repr(value))
    if value < 0 or (upper is not None and value > upper):
        raise InvalidInput(
            f"{name} must be between 0 and {upper if upper is not None else 'any'}",
            field=name,
            value=value,
        )


class Rule(_Frozen, Generic[T]):
    """One rule's value and where it comes from (e.g. ``"Reg2024 §9"``).

    A ``None`` value means the rulebook has no such rule or procedure; ``citation`` and ``note``
    then say why (which text is silent, or which text dropped it).
    """

    value: T
    citation: str = Field(min_length=1)
    note: str | None = None


class LocalizedText(_Frozen):
    kk: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Rulebook(_Frozen):
    """The rules of one body's Regulation over its period in force [effective_from, until)."""

    id: str = Field(min_length=1, pattern=r"^\S+$")
    assembly: str = Field(min_length=1, pattern=r"^[a-z0-9-]+$")
    title: LocalizedText
    decree: str = Field(min_length=1)
    effective_from: date
    effective_until: date | None = None
    note: str | None = None

    session_quorum: Rule[Threshold]
    session_majority: Rule[Threshold]
    council_quorum: Rule[Threshold]
    council_majority: Rule[Threshold]
    council_written_poll: Rule[Threshold | None]
    session_notice_days: Rule[StrictInt]
    sessions_per_year_min: Rule[StrictInt]
    council_max_gap_months: Rule[StrictInt | None]
    extraordinary_request_share: Rule[Threshold]
    extraordinary_held_within_days: Rule[StrictInt]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.effective_until is not None and self.effective_until <= self.effective_from:
            raise ValueError("effective_until must be after effective_from")
        for name in ("session_quorum", "council_quorum", "extraordinary_request_share"):
            rule: Rule[Threshold] = getattr(self, name)
            if rule.value.of != "total":
                raise ValueError(f"{name} is a share of all members (of = 'total')")
        poll = self.council_written_poll.value
        if poll is not None and poll.of != "total":
            raise ValueError("council_written_poll is a share of all Council members")
        for name in (
            "session_notice_days",
            "sessions_per_year_min",
            "extraordinary_held_within_days",
        ):
            if getattr(self, name).value < 0:
                raise ValueError(f"{name} must not be negative")
        gap = self.council_max_gap_months.value
        if gap is not None and gap <= 0:
            raise ValueError("council_max_gap_months must be positive")
        return self

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day < self.effective_until
        )


class Verdict(_Frozen):
    """The outcome of a count check, naming the rulebook and the paragraph applied."""

    check: str
    satisfied: bool
    rulebook: str
    rule: str
    required: int
    actual: int


class DateVerdict(_Frozen):
    """The outcome of a time-limit check: ``actual`` is on or before ``deadline`` (``None``: the
    rulebook sets no limit, so it is satisfied)."""

    check: str
    satisfied: bool
    rulebook: str
    rule: str
    deadline: date | None
    actual: date
