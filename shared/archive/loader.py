"""The bulk path: a JSON Lines file of acts of the past, loaded into one service, all or nothing.

Each line is one act (``{"act": "...", ...}``) of the service's archive vocabulary (its
``application/archive.py``: ``ACTS``), recorded with its own date and the document it comes
from, by the same command handlers and the same checks as the API: each is judged by the
rulebook in force on its date. The whole file is one transaction: every line runs in its own
savepoint, so a refused line is rolled back and the next ones still run, and at the end the
file is committed only if no line was refused. The report names every refused line with the
reason, in the chosen language, and the rule cited.

The transaction first takes the events table in SHARE ROW EXCLUSIVE mode
(``shared.eventstore.store.lock_for_bulk_load``): other writers wait until it ends, so its many
appends share one place in the global feed (the relay, the audit log and the other services
then see the file as one block of events, in file order).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError

from shared.application import UnitOfWork
from shared.clock import Clock
from shared.context import Actor
from shared.errors import KelisimError, RuleViolation
from shared.eventstore.store import EventStore, lock_for_bulk_load
from shared.i18n import MESSAGES, Language, translate
from shared.service import Platform

ARCHIVIST = Actor(subject="kelisim-archive", roles=frozenset({"chairman", "secretariat"}))
"""Who records an archive's acts: the Secretariat, with the Chairman's acts it transcribes."""


@dataclass(frozen=True)
class Act:
    """One kind of line: its pydantic model, and what records it (by the service's clock)."""

    line: type[BaseModel]
    record: Callable[[Any, UnitOfWork, Clock], Awaitable[object]]


@dataclass(frozen=True)
class Refusal:
    line: int
    act: str | None
    code: str
    reason: str
    rule: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class LoadReport:
    service: str
    lines: int = 0
    loaded: int = 0
    refused: list[Refusal] = field(default_factory=list)
    events: int = 0

    @property
    def committed(self) -> bool:
        return not self.refused and self.loaded > 0

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "lines": self.lines,
            "loaded": self.loaded if self.committed else 0,
            "events": self.events if self.committed else 0,
            "committed": self.committed,
            "refused": [r.to_json() for r in self.refused],
        }


def _reason(exc: KelisimError, lang: Language) -> tuple[str, str, str | None]:
    """The refusal's code, its message in ``lang`` and the rule cited (as the API says it)."""
    params = exc.params
    reason = params.get("reason")
    code = reason if isinstance(reason, str) else exc.code
    if code in MESSAGES:
        text = translate(code, lang, **params)
    elif exc.code in MESSAGES:
        text = translate(exc.code, lang, **params)
    else:
        text = exc.detail or code
    return code, text, exc.rule if isinstance(exc, RuleViolation) else None


async def load_archive(
    platform: Platform,
    acts: Mapping[str, Act],
    lines: Iterable[str],
    *,
    lang: Language = "en",
    actor: Actor = ARCHIVIST,
) -> LoadReport:
    """Load every line of an archive into ``platform``'s service in one transaction."""
    report = LoadReport(platform.settings.service)
    store = EventStore.for_bulk_load(platform.registry)
    uow = UnitOfWork(
        platform.sessions,
        store,
        platform.projector,
        actor,
        service=platform.settings.service,
        notifier=platform.runner.notifier,
        rulebooks=lambda: platform.rulebooks.registry,
    )
    async with uow:
        await lock_for_bulk_load(uow.db)
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            report.lines += 1
            refusal = await _load_line(uow, acts, number, text, platform.clock, lang)
            if refusal is None:
                report.loaded += 1
            else:
                report.refused.append(refusal)
        report.events = len(uow.recorded)
        if report.committed:
            await uow.commit()
    return report


async def _load_line(
    uow: UnitOfWork,
    acts: Mapping[str, Act],
    number: int,
    text: str,
    clock: Clock,
    lang: Language,
) -> Refusal | None:
    name: str | None = None
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("act"), str):
            raise ValueError("a line is an object with its act")
        name = data.pop("act")
        if name not in acts:
            return Refusal(number, name, "archive_act_unknown", f"unknown act {name!r}")
        act = acts[name]
        line = act.line.model_validate(data)
    except (ValueError, ValidationError) as exc:
        return Refusal(number, name, "archive_line_invalid", str(exc)[:1000])
    before = len(uow.recorded)
    try:
        async with uow.db.begin_nested():
            await act.record(line, uow, clock)
    except KelisimError as exc:
        del uow.recorded[before:]
        code, reason, rule = _reason(exc, lang)
        return Refusal(number, name, code, reason, rule)
    except IntegrityError as exc:
        del uow.recorded[before:]
        return Refusal(number, name, "archive_conflict", str(exc.orig)[:500])
    return None
