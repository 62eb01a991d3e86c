"""Bodies and posts of the Assembly: who held which post, from which day to which. Pure: no I/O.

One aggregate per body, one stream each (``body-<key>``): ``body-council``,
``body-deputy_chairmen``, ``body-scientific_expert_council``, ``body-senate_deputies`` and
``body-regional_assembly.<region>`` (its chair, the akim, and its council's members). A body
holds every term of every post in it, so its rules
(seat limits, one seat per person, the Scientific-Expert Council's officers being its members)
are decided against its whole history and enforced race-free by the stream's optimistic
concurrency: two concurrent appointments to one body cannot both be appended.

A term is a half-open interval of days: its holder holds the post on day D when
``start_on <= D`` and (``end_on`` is None or ``D < end_on``). Nothing is overwritten: a term
starts with one event and ends with another.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from services.membership.domain import reference_data
from services.membership.domain.commands import AppointToPost, EndPostTerm, TermEnd
from services.membership.domain.errors import PostAlreadyHeld, PostTermAlreadyEnded
from services.membership.domain.events import (
    MAX_ROTATION_MONTHS,
    BodyKind,
    DecisionRef,
    DeputyChairmanRecommended,
    PersonName,
    PostEndGround,
    PostKind,
    PostTermEnded,
    PostTermStarted,
)
from shared.assemblies import NATIONAL
from shared.domain import Aggregate
from shared.errors import InvalidInput, NotFound, RuleViolation
from shared.personal_data import refuse_personal_data
from shared.rulebooks import (
    NATIONAL_ASSEMBLY,
    NoRulebookInForce,
    PostRule,
    Rulebook,
    active_registry,
    body_seats,
    post_rule,
    posts_on,
    rulebook_on,
)

# The 17 regions, the 3 cities of republican significance and the capital, each with its own
# regional assembly (Reg2024 §18): the codes of the reference data's seed (fixed by law; the
# Secretariat may rename a region, never add one).
REGIONS: Final[tuple[str, ...]] = tuple(region.code for region in reference_data.REGIONS)


POST_BODIES: Final[Mapping[PostKind, BodyKind]] = {
    PostKind.COUNCIL_MEMBER: BodyKind.COUNCIL,
    PostKind.DEPUTY_CHAIRMAN_HEAD_OF_SECRETARIAT: BodyKind.DEPUTY_CHAIRMEN,
    PostKind.DEPUTY_CHAIRMAN_ETHNOCULTURAL: BodyKind.DEPUTY_CHAIRMEN,
    PostKind.SCIENTIFIC_EXPERT_COUNCIL_MEMBER: BodyKind.SCIENTIFIC_EXPERT_COUNCIL,
    PostKind.SCIENTIFIC_EXPERT_COUNCIL_CHAIR: BodyKind.SCIENTIFIC_EXPERT_COUNCIL,
    PostKind.SCIENTIFIC_EXPERT_COUNCIL_DEPUTY_CHAIR: BodyKind.SCIENTIFIC_EXPERT_COUNCIL,
    PostKind.REGIONAL_ASSEMBLY_CHAIR: BodyKind.REGIONAL_ASSEMBLY,
    PostKind.REGIONAL_COUNCIL_MEMBER: BodyKind.REGIONAL_ASSEMBLY,
    PostKind.SENATE_DEPUTY: BodyKind.SENATE_DEPUTIES,
    PostKind.MAZHILIS_DEPUTY: BodyKind.MAZHILIS_DEPUTIES,
}
"""Which body each post belongs to. Everything else about a post — its seats, how it is
filled, whether its holder must be a member, when it exists — is in the rulebook in force on
the act's date (``shared/rulebooks``, ``posts``): see :func:`rules_of`."""


@dataclass(frozen=True)
class PostRules:
    """A post's rules under the rulebook in force on a day, with the paragraph."""

    post: PostKind
    rulebook: str
    rule: PostRule
    citation: str
    provisional: bool
    body_seats: int | None
    """Seats of all the posts of the body together (the Deputy Chairmen), if counted."""
    body_citation: str | None


def rules_of(post: PostKind, day: date) -> PostRules:
    """The rules of ``post`` in the Assembly's rulebook in force on ``day`` (refused, citing
    the text, when the post does not exist that day: ``post_not_provided``, ``post_ended``,
    ``post_not_yet``)."""
    book = rulebook_on(day, NATIONAL_ASSEMBLY)
    rule, citation, provisional = post_rule(book, post.value, day)
    body = body_seats(book, rule.body)
    return PostRules(
        post,
        book.id,
        rule,
        citation,
        provisional,
        None if body is None else body.value,
        None if body is None else body.citation,
    )


def catalogue(day: date) -> list[tuple[BodyKind, Rulebook, list[PostRules]]]:
    """The bodies and posts the Assembly's rulebook in force on ``day`` provides, with their
    seats and how they are filled; a body with no post that day is left out."""
    book = rulebook_on(day, NATIONAL_ASSEMBLY)
    provided = posts_on(book, day)
    bodies = []
    for kind in BodyKind:
        rules = [
            rules_of(post, day) for post, body in POST_BODIES.items()
            if body is kind and post.value in provided
        ]  # fmt: skip
        if rules:
            bodies.append((kind, book, rules))
    return bodies


# Posts one person cannot hold together: the Deputy Chairmen are distinct people (Reg2002 §7,
# Reg2024 §16); the Scientific-Expert Council has a chair and deputies distinct from each other
# (Reg2024 §22). The paragraph cited is the one of the new post's rulebook.
EXCLUSIVE: Final[tuple[frozenset[PostKind], ...]] = (
    frozenset(
        {PostKind.DEPUTY_CHAIRMAN_HEAD_OF_SECRETARIAT, PostKind.DEPUTY_CHAIRMAN_ETHNOCULTURAL}
    ),
    frozenset(
        {PostKind.SCIENTIFIC_EXPERT_COUNCIL_CHAIR, PostKind.SCIENTIFIC_EXPERT_COUNCIL_DEPUTY_CHAIR}
    ),
)

# Officers of the Scientific-Expert Council, elected at its meeting from its members (Reg2024 §22).
SEC_OFFICERS: Final = frozenset(
    {PostKind.SCIENTIFIC_EXPERT_COUNCIL_CHAIR, PostKind.SCIENTIFIC_EXPERT_COUNCIL_DEPUTY_CHAIR}
)

# -- values ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterEntry:
    """An Assembly member as the roster knows them: the name, and when they were a member
    ([included_on, ended_on); ``included_on`` None for a candidacy not (yet) approved), and
    of which assembly (``national`` or a region's code)."""

    name: PersonName
    included_on: date | None
    ended_on: date | None
    assembly: str = NATIONAL

    def covers(self, day: date) -> bool:
        return (
            self.included_on is not None
            and self.included_on <= day
            and (self.ended_on is None or day < self.ended_on)
        )


@dataclass(frozen=True)
class Term:
    term_id: uuid.UUID
    post: PostKind
    member_id: uuid.UUID | None
    name: PersonName
    start_on: date
    end_on: date | None
    rotation_period_months: int | None

    @property
    def holder(self) -> str:
        return holder_key(self.member_id, self.name)

    def holds_on(self, day: date) -> bool:
        return self.start_on <= day and (self.end_on is None or day < self.end_on)

    def reaches(self, day: date) -> bool:
        """Whether the term covers ``day`` or any later day."""
        return self.end_on is None or day < self.end_on

    def overlaps(self, other: Term) -> bool:
        """Whether the two terms have a day in common."""
        return self.reaches(other.start_on) and other.reaches(self.start_on)

    @property
    def rotation_due_on(self) -> date | None:
        if self.rotation_period_months is None:
            return None
        return add_months(self.start_on, self.rotation_period_months)


def holder_key(member_id: uuid.UUID | None, name: PersonName) -> str:
    """Who a holder is: the Assembly member, or (outside the Assembly) the name as written."""
    if member_id is not None:
        return f"member:{member_id}"
    return "name:" + "|".join(" ".join(n.split()).casefold() for n in (name.kk, name.ru))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later; the month's last day if it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rotation_due(term: Term, day: date) -> bool:
    """An ethnocultural Deputy Chairman's rotation is due on ``day`` when the President's
    rotation period has run from the start of the term and the term still holds (Reg2024 §16)."""
    due_on = term.rotation_due_on
    return due_on is not None and due_on <= day and term.holds_on(day)


def body_key(post: PostKind, region: str | None) -> str:
    """The aggregate id of the body a post belongs to; checks the region (Reg2024 §18)."""
    body = POST_BODIES[post]
    if body is BodyKind.REGIONAL_ASSEMBLY:
        if region is None:
            raise RuleViolation("Reg2024 §18", "post_region_required")
        if region not in REGIONS:
            raise RuleViolation("Reg2024 §18", "post_region_unknown", region=region)
        return f"{body.value}.{region}"
    if region is not None:
        raise InvalidInput(None, reason="post_field_not_applicable", field="region")
    return body.value


def parse_body_key(key: str) -> tuple[BodyKind, str | None]:
    kind, _, region = key.partition(".")
    body = BodyKind(kind)
    if (body is BodyKind.REGIONAL_ASSEMBLY) != bool(region) or (region and region not in REGIONS):
        raise ValueError(f"not a body key: {key!r}")
    return body, region or None


# -- the aggregate --------------------------------------------------------------------------


class Body(Aggregate):
    """A body's posts and every term ever held in them."""

    stream_type = "body"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.kind, self.region = parse_body_key(aggregate_id)
        self.terms: dict[uuid.UUID, Term] = {}
        self.recommendations: dict[uuid.UUID, DecisionRef] = {}
        self.resolutions: set[tuple[uuid.UUID, uuid.UUID]] = set()

    def holders_on(self, day: date, post: PostKind | None = None) -> list[Term]:
        return [
            t for t in self.terms.values() if t.holds_on(day) and (post is None or t.post is post)
        ]

    def rotations_due(self, day: date) -> list[Term]:
        return [t for t in self.terms.values() if rotation_due(t, day)]

    # -- commands ----------------------------------------------------------------------------

    def record_recommendation(
        self, member_id: uuid.UUID, protocol: DecisionRef, resolution_id: uuid.UUID
    ) -> None:
        """The Council's recommendation of a member for an ethnocultural Deputy Chairman's
        seat (Reg2024 §16). The same resolution about the same member is recorded once."""
        if self.kind is not BodyKind.DEPUTY_CHAIRMEN:
            raise InvalidInput(None, reason="post_not_of_body", post="recommendation", body=self.id)
        if (resolution_id, member_id) in self.resolutions:
            return
        self._record(
            DeputyChairmanRecommended(
                member_id=member_id, protocol=protocol, resolution_id=resolution_id
            )
        )

    def appoint(
        self, term_id: uuid.UUID, command: AppointToPost, roster: RosterEntry | None
    ) -> None:
        """Start a term (and end it, when its end is given). The holder is an Assembly member
        (``command.member_id``, whose name and membership ``roster`` gives) or, where the post
        allows it, a person named in ``command.name``.

        The act is judged by the rulebook in force on its document's date (how the post is
        filled: on whose recommendation or proposal, in rotation or not); the seats by the
        rulebook of every day the term covers."""
        post, start_on = command.post, command.start_on
        if POST_BODIES[post] is not self.kind or body_key(post, command.region) != self.id:
            raise InvalidInput(None, reason="post_not_of_body", post=post.value, body=self.id)
        rules = rules_of(post, command.document.date)
        if (command.member_id is None) == (command.name is None):
            raise InvalidInput(None, reason="post_holder_member_or_name")
        if command.member_id is None:
            if rules.rule.member_required:
                raise RuleViolation(rules.citation, "post_requires_member")
            assert command.name is not None
            name = command.name
        else:
            if roster is None or not roster.covers(start_on):
                raise RuleViolation(
                    rules.citation,
                    "post_holder_not_a_member",
                    member_id=str(command.member_id),
                    on=start_on.isoformat(),
                )
            if roster.assembly not in self._holder_assemblies(post):
                raise RuleViolation(
                    rules.citation,
                    "post_holder_of_another_assembly",
                    member_id=str(command.member_id),
                    assembly=roster.assembly,
                )
            name = roster.name
        if (
            rules.rule.recommendation
            and command.recommendation is None
            and command.member_id in self.recommendations
        ):
            # the Council's recommendation arrived with its resolution (Reg2024 §16)
            command = replace(command, recommendation=self.recommendations[command.member_id])
        self._check_council_documents(command, rules)
        end = command.end
        if end is not None and end.end_on <= start_on:
            raise InvalidInput(
                None, reason="post_term_end_not_after_start", start_on=start_on.isoformat()
            )
        term = Term(
            term_id,
            post,
            command.member_id,
            name,
            start_on,
            None if end is None else end.end_on,
            command.rotation_period_months,
        )
        self._check_one_seat_per_person(term, rules.citation)
        if post in SEC_OFFICERS:
            self._check_sec_officer_is_member(term, rules.citation)
        self._check_seats(term)
        self._record(
            PostTermStarted(
                term_id=term_id,
                body=self.kind,
                region=self.region,
                post=post,
                member_id=command.member_id,
                name=name,
                start_on=start_on,
                document=command.document,
                rotation_period_months=command.rotation_period_months,
                recommendation=command.recommendation,
                proposal=command.proposal,
            )
        )
        if end is not None:
            self._record(self._ended(self.terms[term_id], end, end.ground))

    def end_term(self, command: EndPostTerm) -> None:
        """End a term on ``end_on`` (its first day out of office), citing the document.

        Ending a Scientific-Expert Council membership ends the same person's chair or deputy
        chair term on the same day: officers are members (Reg2024 §22).
        """
        term = self.terms.get(command.term_id)
        if term is None:
            raise NotFound(None, resource="post_term", id=str(command.term_id))
        if term.end_on is not None:
            raise PostTermAlreadyEnded(None, term_id=str(term.term_id))
        if command.end_on <= term.start_on:
            raise InvalidInput(
                None, reason="post_term_end_not_after_start", start_on=term.start_on.isoformat()
            )
        refuse_personal_data("reason", command.reason)  # published with the term's end
        dependent: list[Term] = []
        if term.post is PostKind.SCIENTIFIC_EXPERT_COUNCIL_MEMBER:
            for other in self.terms.values():
                if other.post not in SEC_OFFICERS or other.holder != term.holder:
                    continue
                if not other.reaches(command.end_on):
                    continue
                if other.start_on >= command.end_on or other.end_on is not None:
                    raise RuleViolation(
                        "Reg2024 §22",
                        "post_sec_officer_outlives_membership",
                        term_id=str(other.term_id),
                    )
                dependent.append(other)
        for other in sorted(dependent, key=lambda t: (t.start_on, str(t.term_id))):
            self._record(self._ended(other, command.end, PostEndGround.MEMBERSHIP_ENDED))
        self._record(self._ended(term, command.end, command.ground))

    # -- rules -------------------------------------------------------------------------------

    def _holder_assemblies(self, post: PostKind) -> frozenset[str]:
        """Whose members may hold ``post``: a regional assembly's council, that assembly's
        members (Law 2008 Art. 14); the akim who chairs it, a member of that assembly or of
        the Assembly; every other body's posts, the Assembly's members."""
        if post is PostKind.REGIONAL_COUNCIL_MEMBER:
            assert self.region is not None
            return frozenset({self.region})
        if post is PostKind.REGIONAL_ASSEMBLY_CHAIR:
            assert self.region is not None
            return frozenset({self.region, NATIONAL})
        return frozenset({NATIONAL})

    @staticmethod
    def _check_council_documents(command: AppointToPost, rules: PostRules) -> None:
        """The documents the rulebook of the act's date requires: the Council's recommendation
        before the President's act or order (Reg2002 §7; Reg2011 §10; Reg2024 §16), with the
        rotation period the President sets where the post rotates (Reg2011 §10; Reg2024 §16);
        the Council's proposal before a Senate deputy's appointment (Reg2024 §5, §13)."""
        rule, citation = rules.rule, rules.citation
        months, recommendation = command.rotation_period_months, command.recommendation
        if rule.rotation:
            if months is None or recommendation is None:
                raise RuleViolation(citation, "post_rotation_terms_required")
            if not 1 <= months <= MAX_ROTATION_MONTHS:
                raise InvalidInput(
                    None, reason="post_rotation_period_invalid", max=MAX_ROTATION_MONTHS
                )
        elif months is not None:
            raise InvalidInput(
                None, reason="post_field_not_applicable", field="rotation_period_months"
            )
        if rule.recommendation:
            if recommendation is None:
                raise RuleViolation(citation, "post_council_recommendation_required")
            if recommendation.date > command.document.date:
                raise RuleViolation(citation, "post_recommendation_after_order")
        elif recommendation is not None:
            raise InvalidInput(None, reason="post_field_not_applicable", field="recommendation")
        if rule.proposal:
            if command.proposal is None:
                raise RuleViolation(citation, "post_council_proposal_required")
            if command.proposal.date > command.document.date:
                raise RuleViolation(citation, "post_proposal_after_appointment")
        elif command.proposal is not None:
            raise InvalidInput(None, reason="post_field_not_applicable", field="proposal")

    def _check_one_seat_per_person(self, new: Term, citation: str) -> None:
        for other in self.terms.values():
            if not other.overlaps(new) or other.holder != new.holder:
                continue
            if other.post is new.post:
                raise PostAlreadyHeld(None, term_id=str(other.term_id))
            if any({other.post, new.post} <= group for group in EXCLUSIVE):
                raise RuleViolation(
                    citation,
                    "post_one_seat_per_person",
                    on=max(other.start_on, new.start_on).isoformat(),
                )

    def _check_sec_officer_is_member(self, new: Term, citation: str) -> None:
        """The chair and deputies are elected at the Council's meeting from its members
        (Reg2011 §16; Reg2024 §22): the holder must be a member on the first day of the term."""
        if not any(
            t.post is PostKind.SCIENTIFIC_EXPERT_COUNCIL_MEMBER
            and t.holder == new.holder
            and t.holds_on(new.start_on)
            for t in self.terms.values()
        ):
            raise RuleViolation(
                citation, "post_sec_officer_not_member", on=new.start_on.isoformat()
            )

    def _check_seats(self, new: Term) -> None:
        """No day of the new term may have more holders of its post, or of its body's posts
        together, than the rulebook in force that day allows: terms are entered in any order,
        each with its end when it is known, and every day where the count or the rulebook
        changes is checked (Reg2002 §7: two Deputy Chairmen; Reg2011 §10, Reg2024 §16: three,
        two of them from the ethnocultural associations)."""
        others = [t for t in self.terms.values() if t.overlaps(new)]
        days = {new.start_on}
        days |= {d for t in others for d in (t.start_on, t.end_on) if d and new.holds_on(d)}
        days |= {d for d in active_registry().changes(NATIONAL_ASSEMBLY) if new.holds_on(d)}
        for day in sorted(days):
            try:
                book = rulebook_on(day, NATIONAL_ASSEMBLY)
            except NoRulebookInForce:
                continue  # no Assembly that day (before 2002, after the succession)
            holding = [t for t in others if t.holds_on(day)]
            rule = book.posts.get(new.post.value)
            if rule is not None and rule.value is not None and rule.value.seats is not None:
                taken = sum(1 for t in holding if t.post is new.post)
                if taken + 1 > rule.value.seats:
                    raise RuleViolation(
                        rule.citation, "post_seat_limit_reached", limit=rule.value.seats,
                        on=day.isoformat(),
                    )  # fmt: skip
            body = body_seats(book, self.kind.value)
            if body is not None and body.value is not None and len(holding) + 1 > body.value:
                raise RuleViolation(
                    body.citation, "post_seat_limit_reached", limit=body.value, on=day.isoformat()
                )

    def _ended(self, term: Term, end: TermEnd, ground: PostEndGround) -> PostTermEnded:
        return PostTermEnded(
            term_id=term.term_id,
            body=self.kind,
            region=self.region,
            post=term.post,
            member_id=term.member_id,
            end_on=end.end_on,
            ground=ground,
            reason=end.reason,
            document=end.document,
        )

    # -- evolution ---------------------------------------------------------------------------

    def when_DeputyChairmanRecommended(self, event: DeputyChairmanRecommended) -> None:
        self.recommendations[event.member_id] = event.protocol
        self.resolutions.add((event.resolution_id, event.member_id))

    def when_PostTermStarted(self, event: PostTermStarted) -> None:
        self.terms[event.term_id] = Term(
            event.term_id,
            event.post,
            event.member_id,
            event.name,
            event.start_on,
            None,
            event.rotation_period_months,
        )

    def when_PostTermEnded(self, event: PostTermEnded) -> None:
        term = self.terms[event.term_id]
        self.terms[event.term_id] = Term(
            term.term_id,
            term.post,
            term.member_id,
            term.name,
            term.start_on,
            event.end_on,
            term.rotation_period_months,
        )
