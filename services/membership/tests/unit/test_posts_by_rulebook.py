"""Posts judged by the rulebook of their date: how a post is filled by the Regulation in force
on the act's day, seats by the Regulation of every day a term covers, terms entered with their
end in any order (Reg2002 §7, §9, §17; Reg2011 §8, §10, §16; Reg2024 §5, §13, §16–18, §22)."""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import date, timedelta

import pytest

from services.membership.domain.commands import AppointToPost, TermEnd
from services.membership.domain.events import DecisionRef, PersonName, PostEndGround, PostKind
from services.membership.domain.posts import POST_BODIES, Body, RosterEntry, catalogue, rules_of
from shared.errors import InvalidInput, RuleViolation
from shared.rulebooks import RULEBOOKS

DC = PostKind.DEPUTY_CHAIRMAN_ETHNOCULTURAL
HOS = PostKind.DEPUTY_CHAIRMAN_HEAD_OF_SECRETARIAT
ENDING = DecisionRef(number="Ө-99", date=date(2030, 1, 1))
_people = itertools.count()


def person() -> tuple[uuid.UUID, RosterEntry]:
    n = next(_people)
    name = PersonName(kk=f"Мүше {n}", ru=f"Член {n}")
    return uuid.uuid4(), RosterEntry(name, date(2000, 1, 1), None)


def appoint(
    body: Body,
    post: PostKind,
    start_on: date,
    end_on: date | None = None,
    *,
    holder: tuple[uuid.UUID, RosterEntry] | None = None,
    term_id: uuid.UUID | None = None,
    **documents: object,
) -> uuid.UUID:
    """Appoint a member to ``post`` from ``start_on`` by an order of that day (the act's date),
    ended on ``end_on`` if given; the documents the post needs under that day's rulebook."""
    member_id, entry = holder or person()
    rules = rules_of(post, start_on)
    order = DecisionRef(number=f"Ө-{start_on}", date=start_on)
    council = DecisionRef(number="Кеңес", date=start_on - timedelta(days=5))
    fields: dict[str, object] = {}
    if rules.rule.recommendation:
        fields["recommendation"] = council
    if rules.rule.rotation:
        fields["rotation_period_months"] = 24
    if rules.rule.proposal:
        fields["proposal"] = council
    fields |= documents
    end = None if end_on is None else TermEnd(end_on, PostEndGround.RELEASED, None, ENDING)
    command = AppointToPost(
        post=post, region=None, member_id=member_id, name=None, start_on=start_on,
        document=order, end=end, **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    term_id = term_id or uuid.uuid4()
    body.appoint(term_id, command, entry)
    return term_id


# -- how a post is filled: by the rulebook of the act's date ---------------------------------


def test_a_2009_ethnocultural_deputy_chairman_is_appointed_without_rotation_terms() -> None:
    """Reg2002 §7 (in force until 7 Sep 2011): Deputy Chairmen are appointed by the
    President's acts on the Council's recommendation; the text has no rotation."""
    body = Body("deputy_chairmen")
    recommendation = DecisionRef(number="Кеңес-2", date=date(2009, 3, 2))
    order = DecisionRef(number="Ө-15", date=date(2009, 3, 10))
    member_id, entry = person()
    command = AppointToPost(
        post=DC, region=None, member_id=member_id, name=None, start_on=date(2009, 3, 10),
        document=order, recommendation=recommendation,
    )  # fmt: skip
    body.appoint(uuid.uuid4(), command, entry)
    assert body.terms[next(iter(body.terms))].rotation_due_on is None

    with pytest.raises(InvalidInput) as rotating:
        body.appoint(uuid.uuid4(), AppointToPost(**{**command.__dict__, "member_id": person()[0],
                     "rotation_period_months": 24}), person()[1])  # fmt: skip
    assert rotating.value.params["field"] == "rotation_period_months"
    with pytest.raises(RuleViolation) as unrecommended:
        body.appoint(
            uuid.uuid4(), AppointToPost(**{**command.__dict__, "recommendation": None}), entry
        )
    assert (unrecommended.value.rule, unrecommended.value.reason_code) == (
        "Reg2002 §7",
        "post_council_recommendation_required",
    )


def test_from_2011_the_ethnocultural_deputy_rotates_on_the_councils_recommendation() -> None:
    """Reg2011 §10 (from 7 Sep 2011), Reg2024 §16: appointed in rotation, for a period the
    President sets; the Head of the Secretariat is a Deputy Chairman ex officio (no document
    of the Council)."""
    for day, rule in [(date(2011, 9, 7), "Reg2011 §10"), (date(2025, 1, 10), "Reg2024 §16")]:
        body = Body("deputy_chairmen")
        with pytest.raises(RuleViolation) as refused:
            appoint(body, DC, day, rotation_period_months=None)
        assert (refused.value.rule, refused.value.reason_code) == (
            rule,
            "post_rotation_terms_required",
        )
        appoint(body, DC, day)
        with pytest.raises(InvalidInput):
            appoint(body, HOS, day, recommendation=DecisionRef(number="К", date=day))
        appoint(body, HOS, day)
    # the day before Reg2011: still Reg2002, no rotation
    assert not rules_of(DC, date(2011, 9, 6)).rule.rotation
    assert rules_of(DC, date(2011, 9, 6)).citation == "Reg2002 §7"


# -- seats: by the rulebook of every day --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "rulebook", "deputies", "ethnocultural", "mazhilis", "senate"),
    [
        (date(2005, 6, 1), "Reg2002", (2, "Reg2002 §7"), None, None, None),
        (date(2008, 6, 1), "Reg2002", (2, "Reg2002 §7"), None, 9, None),
        (date(2015, 6, 1), "Reg2011", (3, "Reg2011 §10"), 2, 9, None),
        (date(2023, 6, 1), "Reg2011", (3, "Reg2011 §10"), 2, None, 5),
        (date(2025, 6, 1), "Reg2024", (3, "Reg2024 §16"), 2, None, 5),
        (date(2026, 7, 1), "Reg2024", (3, "Reg2024 §16"), 2, None, None),
    ],
)
def test_seat_limits_on_a_date_come_from_the_rulebook_of_that_date(
    day: date,
    rulebook: str,
    deputies: tuple[int, str],
    ethnocultural: int | None,
    mazhilis: int | None,
    senate: int | None,
) -> None:
    bodies = {kind: (book, posts) for kind, book, posts in catalogue(day)}
    book, posts = bodies[POST_BODIES[DC]]
    assert book.id == rulebook
    assert (posts[0].body_seats, posts[0].body_citation) == deputies
    assert {rules.post: rules.rule.seats for rules in posts}[DC] == ethnocultural

    def seats(post: PostKind) -> int | None:
        found = bodies.get(POST_BODIES[post])
        return None if found is None else found[1][0].rule.seats

    assert (seats(PostKind.MAZHILIS_DEPUTY), seats(PostKind.SENATE_DEPUTY)) == (mazhilis, senate)


def test_two_deputy_chairmen_under_reg2002_three_from_reg2011() -> None:
    """Reg2002 §7: two Deputy Chairmen, whichever post; from 7 Sep 2011 three (Reg2011 §10).
    Two holding since 2009: a third from 2010 is refused, from 2012 accepted; and one from
    2010 that would still hold in 2012 beside three is refused on the day the third came."""
    body = Body("deputy_chairmen")
    appoint(body, HOS, date(2009, 1, 10))
    appoint(body, DC, date(2009, 2, 10))
    with pytest.raises(RuleViolation) as refused:
        appoint(body, DC, date(2010, 5, 1), date(2010, 12, 1))
    assert (refused.value.rule, refused.value.reason_code) == (
        "Reg2002 §7",
        "post_seat_limit_reached",
    )
    assert refused.value.params["limit"] == 2
    appoint(body, DC, date(2012, 1, 10))
    assert len(body.holders_on(date(2012, 1, 10))) == 3
    with pytest.raises(RuleViolation) as fourth:
        appoint(body, DC, date(2011, 9, 7))  # fits the new rulebook's first day, not 2012
    assert (fourth.value.rule, fourth.value.params["on"]) == ("Reg2011 §10", "2012-01-10")


def test_posts_outside_their_period_are_refused_citing_the_change() -> None:
    """Mazhilis deputies elected by the Session: 2007 to 2022 (Reg2011 §8; the amendments of
    8 Jun 2022); Senate deputies on the Council's proposal: from 2022 until the Constitution of
    2026 takes effect on 1 Jul 2026."""
    refusals = [
        (PostKind.MAZHILIS_DEPUTY, date(2006, 1, 10), "post_not_yet", "Law of 21 May 2007"),
        (PostKind.MAZHILIS_DEPUTY, date(2023, 1, 10), "post_ended", "as amended 8 Jun 2022"),
        (PostKind.MAZHILIS_DEPUTY, date(2025, 1, 10), "post_not_provided", "8 Jun 2022"),
        (PostKind.SENATE_DEPUTY, date(2020, 1, 10), "post_not_yet", "as amended 8 Jun 2022"),
        (PostKind.SENATE_DEPUTY, date(2010, 1, 10), "post_not_provided", "before 8 Jun 2022"),
        (PostKind.SENATE_DEPUTY, date(2026, 8, 3), "post_ended", "Constitution 2026"),
    ]
    for post, day, reason, citation in refusals:
        with pytest.raises(RuleViolation) as refused:
            appoint(Body(POST_BODIES[post].value), post, day)
        assert refused.value.reason_code == reason, (post, day)
        assert citation in refused.value.rule, (post, day, refused.value.rule)
    mazhilis = Body("mazhilis_deputies")
    for _ in range(9):
        appoint(mazhilis, PostKind.MAZHILIS_DEPUTY, date(2012, 1, 20))
    with pytest.raises(RuleViolation) as tenth:
        appoint(mazhilis, PostKind.MAZHILIS_DEPUTY, date(2012, 1, 20))
    assert tenth.value.rule == "Reg2011 §8, §23"
    senate = Body("senate_deputies")
    appoint(senate, PostKind.SENATE_DEPUTY, date(2023, 1, 20))
    assert rules_of(PostKind.SENATE_DEPUTY, date(2023, 1, 20)).citation == (
        "Constitution Art. 50 p. 2 (2022)"
    )


def test_the_scientific_expert_council_posts_of_2009_are_provisional() -> None:
    """Not named in Reg2002; established in 2009 (seeds/003): accepted from 2009, marked
    provisional; refused before, citing the source of the date."""
    assert rules_of(PostKind.SCIENTIFIC_EXPERT_COUNCIL_MEMBER, date(2010, 1, 1)).provisional
    assert not rules_of(PostKind.SCIENTIFIC_EXPERT_COUNCIL_MEMBER, date(2012, 1, 1)).provisional
    with pytest.raises(RuleViolation) as refused:
        rules_of(PostKind.SCIENTIFIC_EXPERT_COUNCIL_CHAIR, date(2008, 12, 31))
    assert refused.value.reason_code == "post_not_yet" and "seeds/003" in refused.value.rule


def test_every_post_of_every_rulebook_belongs_to_the_body_the_service_knows() -> None:
    for assembly in ("apk",):
        for book in RULEBOOKS.of(assembly):
            for key, rule in book.posts.items():
                assert key in {p.value for p in PostKind}, (book.id, key)
                if rule.value is not None:
                    assert rule.value.body == POST_BODIES[PostKind(key)].value, (book.id, key)


# -- history entered in any order -----------------------------------------------------------


def _history() -> list[
    tuple[uuid.UUID, PostKind, date, date | None, tuple[uuid.UUID, RosterEntry]]
]:
    """Twenty years of Deputy Chairmen: two seats until 7 Sep 2011, three after."""
    people = [person() for _ in range(8)]
    return [
        (uuid.uuid4(), HOS, date(2004, 1, 5), date(2009, 1, 10), people[0]),
        (uuid.uuid4(), DC, date(2004, 3, 1), date(2012, 2, 1), people[1]),
        (uuid.uuid4(), HOS, date(2009, 1, 10), date(2016, 6, 1), people[2]),
        (uuid.uuid4(), DC, date(2011, 10, 1), date(2014, 10, 1), people[3]),
        (uuid.uuid4(), DC, date(2012, 2, 1), date(2018, 1, 15), people[4]),
        (uuid.uuid4(), DC, date(2014, 10, 1), date(2025, 3, 1), people[5]),
        (uuid.uuid4(), HOS, date(2016, 6, 1), None, people[6]),
        (uuid.uuid4(), DC, date(2018, 1, 15), None, people[7]),
    ]


def _load(order: list[int]) -> Body:
    body = Body("deputy_chairmen")
    for index in order:
        term_id, post, start, end, holder = HISTORY[index]
        appoint(body, post, start, end, holder=holder, term_id=term_id)
    return body


HISTORY = _history()


def test_post_terms_loaded_newest_first_give_the_same_history_as_oldest_first() -> None:
    oldest_first = _load(list(range(len(HISTORY))))
    newest_first = _load(list(reversed(range(len(HISTORY)))))
    shuffled = _load(random.Random(7).sample(range(len(HISTORY)), len(HISTORY)))
    assert oldest_first.terms == newest_first.terms == shuffled.terms
    for day in [date(2004, 6, 1), date(2010, 1, 1), date(2012, 6, 1), date(2020, 1, 1)]:
        holders = {t.term_id for t in oldest_first.holders_on(day)}
        assert holders == {t.term_id for t in newest_first.holders_on(day)}
    assert len(oldest_first.holders_on(date(2010, 1, 1))) == 2
    assert len(oldest_first.holders_on(date(2012, 6, 1))) == 3


def test_a_term_loaded_out_of_order_is_still_refused_beyond_the_seats_of_its_days() -> None:
    body = _load(list(reversed(range(len(HISTORY)))))
    with pytest.raises(RuleViolation) as refused:  # a third one in 2006: two seats then
        appoint(body, DC, date(2006, 1, 10), date(2007, 1, 10))
    assert refused.value.rule == "Reg2002 §7"
    with pytest.raises(RuleViolation):  # open-ended from 2013: four from 2014
        appoint(body, DC, date(2013, 1, 10))
