"""A programme document's way, pure: each step judged by the procedure of its date (Reg2024
§31–32, Reg2011 §25–26, Reg2002 §8), on the current version, in order."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.programmes.domain.document import (
    DocumentStatus,
    OpinionBy,
    ProgrammeDocument,
    Superseded,
)
from services.programmes.domain.errors import NotCompetent, StepMissing, StepRefused
from services.programmes.domain.events import (
    Act,
    Authority,
    DiscussionOutcome,
    DocumentKind,
    DocumentText,
    OpinionConclusion,
    Summary,
    Title,
)
from shared.errors import InvalidInput

TEXT = DocumentText(kk="Мәтін", ru="Текст")
TITLE = Title(kk="Бағдарлама", ru="Программа")
SUMMARY = Summary(kk="Қолдайды", ru="Поддерживает")


def act(day: date) -> Act:
    return Act(number="1", date=day)


def drafted(on: date, kind: DocumentKind = DocumentKind.PROGRAMME) -> ProgrammeDocument:
    document = ProgrammeDocument.draft(uuid.uuid4(), kind, TITLE, TEXT, (), on)
    document.mark_saved()
    return document


def opinion(document: ProgrammeDocument, on: date, counts: bool = True) -> None:
    by = OpinionBy(uuid.uuid4(), "scientific_expert_council", None, counts)
    document.record_opinion(uuid.uuid4(), by, OpinionConclusion.SUPPORTED, SUMMARY, on)


def discussed(document: ProgrammeDocument, on: date, outcome: DiscussionOutcome) -> None:
    document.record_council_discussion(uuid.uuid4(), act(on), on, outcome)


def test_each_step_needs_the_ones_before_it_under_reg2024() -> None:
    document = drafted(date(2025, 1, 10))
    with pytest.raises(StepMissing) as missing:
        document.record_session_consideration(uuid.uuid4(), uuid.uuid4(), date(2025, 2, 1))
    assert (missing.value.rule, missing.value.params["missing"]) == (
        "Reg2024 §31", "expert_opinion",
    )  # fmt: skip
    # A commission's opinion is recorded but is not the one §31 asks for.
    opinion(document, date(2025, 1, 20), counts=False)
    with pytest.raises(StepMissing):
        discussed(document, date(2025, 2, 1), DiscussionOutcome.ENDORSED)
    opinion(document, date(2025, 1, 21))
    discussed(document, date(2025, 2, 1), DiscussionOutcome.RETURNED)
    with pytest.raises(StepMissing) as missing:
        document.record_session_consideration(uuid.uuid4(), uuid.uuid4(), date(2025, 3, 1))
    assert missing.value.params["missing"] == "council_discussion"
    discussed(document, date(2025, 2, 15), DiscussionOutcome.ENDORSED)
    # No going back: an opinion after the Council's discussion of the same version.
    with pytest.raises(StepRefused):
        opinion(document, date(2025, 2, 20))
    # Nor before the last step's day.
    with pytest.raises(InvalidInput):
        document.record_session_consideration(uuid.uuid4(), uuid.uuid4(), date(2025, 2, 14))
    document.record_session_consideration(uuid.uuid4(), uuid.uuid4(), date(2025, 3, 1))
    with pytest.raises(NotCompetent):
        document.submit(date(2025, 3, 2), Authority.SECRETARIAT, act(date(2025, 3, 2)))
    document.submit(date(2025, 3, 2), Authority.PRESIDENT, act(date(2025, 3, 2)))
    assert document.status is DocumentStatus.SUBMITTED
    document.approve(date(2025, 4, 1), Authority.PRESIDENT, act(date(2025, 4, 1)),
                     date(2025, 4, 1), None, None)  # fmt: skip
    assert document.in_force_on(date(2025, 4, 1), None)
    assert not document.in_force_on(date(2025, 6, 1), superseded_from=date(2025, 6, 1))


def test_a_new_version_needs_its_steps_again() -> None:
    document = drafted(date(2025, 1, 10))
    opinion(document, date(2025, 1, 20))
    document.add_version(TEXT, (), date(2025, 1, 25), "Ескертулер ескерілді")
    assert document.version_number == 2
    with pytest.raises(StepMissing) as missing:
        discussed(document, date(2025, 2, 1), DiscussionOutcome.ENDORSED)
    assert missing.value.params["version"] == 2


def test_under_reg2002_the_session_alone_precedes_the_president() -> None:
    document = drafted(date(2008, 1, 10))
    with pytest.raises(StepMissing) as missing:
        document.submit(date(2008, 2, 1), Authority.PRESIDENT, act(date(2008, 2, 1)))
    assert (missing.value.rule, missing.value.params["missing"]) == (
        "Reg2002 §8", "session_consideration",
    )  # fmt: skip
    document.record_session_consideration(uuid.uuid4(), uuid.uuid4(), date(2008, 3, 1))
    document.submit(date(2008, 3, 2), Authority.PRESIDENT, act(date(2008, 3, 2)))


def test_the_step_is_judged_by_the_rulebook_of_its_own_day() -> None:
    """Drafted under Reg2011, submitted under Reg2024: the Concept goes to the Chairman
    (Reg2024 §32) and the Chairman approves it; under Reg2011 §26 the President did."""
    concept = drafted(date(2024, 11, 1), DocumentKind.CONCEPT)
    concept.submit(date(2024, 12, 1), Authority.CHAIRMAN, act(date(2024, 12, 1)))
    with pytest.raises(NotCompetent) as refused:
        concept.approve(date(2024, 12, 20), Authority.CHAIRMAN, act(date(2024, 12, 20)),
                        date(2024, 12, 20), None, None)  # fmt: skip
    assert refused.value.rule == "Reg2011 §26"
    concept.approve(date(2025, 1, 15), Authority.CHAIRMAN, act(date(2025, 1, 15)),
                    date(2025, 1, 15), date(2030, 1, 1), None)  # fmt: skip
    assert concept.pending_events[-1].rule == "Reg2024 §32"  # type: ignore[attr-defined]
    assert not concept.in_force_on(date(2030, 1, 1), None)


def test_supersession_is_of_the_same_kind_and_later() -> None:
    concept = drafted(date(2025, 1, 10), DocumentKind.CONCEPT)
    concept.submit(date(2025, 1, 11), Authority.CHAIRMAN, act(date(2025, 1, 11)))
    older = Superseded(uuid.uuid4(), DocumentKind.PROGRAMME, date(2020, 1, 1))
    with pytest.raises(StepRefused):
        concept.approve(date(2025, 2, 1), Authority.CHAIRMAN, act(date(2025, 2, 1)),
                        date(2025, 2, 1), None, older)  # fmt: skip
    later = Superseded(uuid.uuid4(), DocumentKind.CONCEPT, date(2025, 3, 1))
    with pytest.raises(InvalidInput):
        concept.approve(date(2025, 2, 1), Authority.CHAIRMAN, act(date(2025, 2, 1)),
                        date(2025, 2, 1), None, later)  # fmt: skip
    with pytest.raises(StepRefused):
        concept.issue_order(uuid.uuid4(), act(date(2025, 2, 2)), SUMMARY, date(2025, 2, 2), None)
