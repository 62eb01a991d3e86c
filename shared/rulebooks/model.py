"""The rulebook data model: exact thresholds, cited rules, and one Regulation's rule set.

Everything here is data validated by pydantic; nothing does I/O. Fractions are exact: a
:class:`Threshold` holds a numerator and a denominator (strict integers, never floats) and all
arithmetic is integer or :class:`fractions.Fraction` arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from typing import Any, Generic, Literal, Self, TypeVar

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

    ``provisional``: the value is not in our sources (a law not yet adopted or not at hand)
    and stands in until it is; every verdict under it says so.
    """

    value: T
    citation: str = Field(min_length=1)
    note: str | None = None
    provisional: bool = False


class Period(_Frozen):
    """The part of a rulebook's period in which a rule applies, when a change of the
    Constitution falls inside a Regulation's period: from ``starts_on`` (by ``starts_by``)
    to the day before ``ends_on`` (by ``ends_by``). An open end is the rulebook's own."""

    starts_on: date | None = None
    starts_by: str | None = Field(default=None, min_length=1)
    ends_on: date | None = None
    ends_by: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _cited(self) -> Self:
        if (self.starts_on is None) != (self.starts_by is None):
            raise ValueError("starts_on and starts_by go together")
        if (self.ends_on is None) != (self.ends_by is None):
            raise ValueError("ends_on and ends_by go together")
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValueError("a period ends after it starts")
        return self

    def covers(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day < self.ends_on
        )


AppointedBy = Literal[
    "chairman_decision",
    "president_act",
    "president_order",
    "president_on_council_proposal",
    "ex_officio",
    "own_meeting",
    "head_of_secretariat_approval",
    "session_election",
    "regional_assembly_decision",
]
"""How a post is filled: by the Chairman's decision (Reg2002 §9), by an act or an order (өкім)
of the President (Reg2002 §7; Reg2024 §16), on the Council's proposal (Reg2024 §5, §13), ex
officio (the akim, the Head of the Secretariat), elected at the body's own meeting (Reg2024
§22), approved by the Deputy Chairman–Head of the Secretariat (Reg2024 §24), elected by
the Session (Reg2011 §8), or by a regional assembly's own decision (its council, Law 2008
Art. 14)."""


class PostRule(_Frozen):
    """What a Regulation says about one post: its body, how many hold it on one day, how it is
    filled, and whether its holder must be a member of the Assembly."""

    body: str = Field(min_length=1, pattern=r"^[a-z_]+$")
    seats: StrictInt | None = Field(default=None, ge=1)
    """How many may hold it on one day; None: as many as decided."""
    appointed_by: AppointedBy
    recommendation: bool = False
    """Appointed on the Council's recommendation, dated before the appointment."""
    proposal: bool = False
    """Appointed on the Council's proposal, dated before the appointment."""
    rotation: bool = False
    """Held in rotation, for a period the President sets."""
    member_required: bool
    period: Period | None = None
    majority: Threshold | None = None
    """Elected with this share of the votes of those who took part in the vote (the Session's
    election of Mazhilis deputies: more than half, by the constitutional law on elections)."""
    majority_citation: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _majority_cited(self) -> Self:
        if (self.majority is None) != (self.majority_citation is None):
            raise ValueError("majority and majority_citation go together")
        return self


class Quota(_Frozen):
    """Seats of the membership reserved to members of one category."""

    category: str = Field(min_length=1, pattern=r"^[a-z_]+$")
    seats: StrictInt = Field(ge=1)


class Composition(_Frozen):
    """The membership's size and quotas as the law fixes them (the Halyq Kenesi: 126 members,
    42 from each of three sources). Every member counts in one quota."""

    total: StrictInt = Field(ge=1)
    quotas: tuple[Quota, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _adds_up(self) -> Self:
        categories = [q.category for q in self.quotas]
        if len(set(categories)) != len(categories):
            raise ValueError("a category has one quota")
        if sum(q.seats for q in self.quotas) != self.total:
            raise ValueError("the quotas add up to the total")
        return self

    def quota(self, category: str) -> Quota | None:
        return next((q for q in self.quotas if q.category == category), None)


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
    legislative_initiative: Rule[bool]
    """Whether the Session may adopt a draft law for submission to the legislature (the Halyq
    Kenesi's chair has the right of legislative initiative under the 2026 Constitution)."""
    composition: Rule[Composition | None]
    """The size and quotas of the membership, where the law fixes them; None: derived from the
    roster of the day (Reg2002 §13)."""
    bodies: dict[str, Rule[StrictInt | None]] = Field(default_factory=dict)
    """Seats of all the posts of a body together, where the text counts them (two Deputy
    Chairmen in Reg2002 §7, three in Reg2011 §10 and Reg2024 §16)."""
    posts: dict[str, Rule[PostRule | None]] = Field(default_factory=dict)
    """Every post the text names, and posts it no longer has (``None``, citing why)."""
    succeeds: str | None = Field(default=None, pattern=r"^[a-z0-9-]+$")
    """The assembly this one succeeds: in force from the succession date the Secretariat sets
    (never before ``effective_from``), which also ends the predecessor's last rulebook."""

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

    def rules(self) -> Iterator[tuple[str, Rule[Any]]]:
        """Every rule of the rulebook by name (``posts.<post>``, ``bodies.<body>``)."""
        for name, field in self:
            if isinstance(field, Rule):
                yield name, field
        for key, post in self.posts.items():
            yield f"posts.{key}", post
        for key, body in self.bodies.items():
            yield f"bodies.{key}", body

    def is_provisional(self, citation: str) -> bool:
        """Whether a verdict citing ``citation`` under this rulebook applied a provisional
        value (the verdicts recorded in events name the rulebook and the citation)."""
        return any(rule.provisional and rule.citation == citation for _, rule in self.rules())


class Verdict(_Frozen):
    """The outcome of a count check, naming the rulebook and the paragraph applied;
    ``provisional`` when the value applied is provisional (not yet in a legal text at hand)."""

    check: str
    satisfied: bool
    rulebook: str
    rule: str
    required: int
    actual: int
    provisional: bool = False


class DateVerdict(_Frozen):
    """The outcome of a time-limit check: ``actual`` is on or before ``deadline`` (``None``: the
    rulebook sets no limit, so it is satisfied)."""

    check: str
    satisfied: bool
    rulebook: str
    rule: str
    deadline: date | None
    actual: date
    provisional: bool = False
