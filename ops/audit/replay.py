"""Replay: rebuild a service's read models from its events alone, and state at any instant.

``replay_and_diff`` copies the shape of every read-model table into a scratch schema, rebuilds
each projection there with ``Projector.rebuild`` (the same code as ``kelisim projections
rebuild``: only the connection's ``search_path`` differs, so the projections' unqualified table
names resolve to the scratch tables and the live ones are never written), then compares each
table with the live one as multisets of rows. Every difference is reported.

``state_at`` rebuilds one aggregate (a member, a Session, a poll, a Council meeting, a control
card, an appeal ...) from its stream as recorded by an instant, through the service's own
domain code (``Aggregate.rehydrate``), and returns its state as JSON, its private fields
masked as every read model shows them (``mask_private``): the value of an attribute named like
a private field of the stream's event types (``private_fields``: an IIN, an applicant, a text,
a voter roll ...) is withheld, an IIN or BIN in it shown with its last two digits only.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from shared.domain import Aggregate
from shared.identity import is_valid_bin, is_valid_iin, mask
from shared.service import Platform

SAMPLE_ROWS = 5
WITHHELD = "***"
"""What ``audit state`` shows of a private value that is not an identification number."""


@dataclass
class TableDiff:
    table: str
    live_rows: int
    replayed_rows: int
    only_live: list[str] = field(default_factory=list)
    """Rows (as PostgreSQL row text) in the live table and not in the replay (a sample)."""
    only_replayed: list[str] = field(default_factory=list)
    only_live_count: int = 0
    only_replayed_count: int = 0

    @property
    def equal(self) -> bool:
        return self.only_live_count == 0 and self.only_replayed_count == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "equal": self.equal,
            "live_rows": self.live_rows,
            "replayed_rows": self.replayed_rows,
            "only_live": self.only_live_count,
            "only_replayed": self.only_replayed_count,
            "only_live_sample": self.only_live,
            "only_replayed_sample": self.only_replayed,
        }


@dataclass
class ReplayReport:
    service: str
    events_applied: dict[str, int] = field(default_factory=dict)
    tables: list[TableDiff] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return all(t.equal for t in self.tables)

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "equal": self.equal,
            "events_applied": self.events_applied,
            "tables": [t.to_json() for t in self.tables],
        }


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected table name {name!r}")
    return f'"{name}"'


async def replay_and_diff(platform: Platform, *, keep: bool = False) -> ReplayReport:
    """Rebuild every read model of ``platform`` into a scratch schema and diff it."""
    report = ReplayReport(service=platform.settings.service)
    projections = list(platform.projector.projections.values())
    tables = [t for p in projections for t in p.tables]
    scratch = f"audit_replay_{uuid.uuid4().hex[:12]}"
    async with platform.engine.begin() as conn:
        await conn.execute(text(f"CREATE SCHEMA {scratch}"))
        for table in tables:
            await conn.execute(
                text(
                    f"CREATE TABLE {scratch}.{_quote(table)}"
                    f" (LIKE public.{_quote(table)} INCLUDING ALL)"
                )
            )
    url = make_url(platform.settings.resolved_database_url())
    engine = create_async_engine(
        url, connect_args={"server_settings": {"search_path": f"{scratch},public"}}
    )
    try:
        scratch_sessions = async_sessionmaker(engine, expire_on_commit=False)
        for projection in projections:
            report.events_applied[projection.name] = await platform.projector.rebuild(
                scratch_sessions, platform.store, projection.name
            )
        async with platform.engine.connect() as conn:
            for table in tables:
                report.tables.append(await _diff(conn, table, scratch))
    finally:
        await engine.dispose()
        if not keep:
            async with platform.engine.begin() as conn:
                await conn.execute(text(f"DROP SCHEMA {scratch} CASCADE"))
    return report


async def _diff(conn: Any, table: str, scratch: str) -> TableDiff:
    live = f"public.{_quote(table)}"
    replayed = f"{scratch}.{_quote(table)}"
    counts = (
        await conn.execute(
            text(f"SELECT (SELECT count(*) FROM {live}), (SELECT count(*) FROM {replayed})")
        )
    ).one()
    diff = TableDiff(table, int(counts[0]), int(counts[1]))
    for source, other, rows_attr, count_attr in (
        (live, replayed, "only_live", "only_live_count"),
        (replayed, live, "only_replayed", "only_replayed_count"),
    ):
        missing = (
            f"SELECT r FROM (SELECT t::text AS r FROM {source} t"
            f" EXCEPT ALL SELECT t::text FROM {other} t) d"
        )
        count = (await conn.execute(text(f"SELECT count(*) FROM ({missing}) m"))).scalar_one()
        sample = await conn.execute(text(f"{missing} ORDER BY r LIMIT {SAMPLE_ROWS}"))
        setattr(diff, count_attr, int(count))
        setattr(diff, rows_attr, [str(r[0]) for r in sample])
    return diff


# -- state at an instant ----------------------------------------------------------------------


def aggregate_types(service_module: str) -> dict[str, type[Aggregate]]:
    """The aggregates of a service's domain package, by stream type."""
    package = importlib.import_module(f"{service_module}.domain")
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    found: dict[str, type[Aggregate]] = {}
    pending: list[type[Aggregate]] = list(Aggregate.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith(f"{service_module}.") and "stream_type" in vars(cls):
            found[cls.stream_type] = cls
    return found


def aggregate_of(
    stream_id: str, types: Mapping[str, type[Aggregate]]
) -> tuple[type[Aggregate], str]:
    """The aggregate class and id of a stream id (``<stream type>-<id>``, longest type first)."""
    for stream_type in sorted(types, key=len, reverse=True):
        prefix = f"{stream_type}-"
        if stream_id.startswith(prefix):
            return types[stream_type], stream_id[len(prefix) :]
    raise LookupError(f"no aggregate of this service has streams like {stream_id!r}")


def to_json(value: Any) -> Any:
    """Plain JSON of a domain object's state (dataclasses, pydantic models, enums, dates ...)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return to_json(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, BaseModel):
        return to_json(value.model_dump())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(to_json(k)): to_json(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((to_json(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if hasattr(value, "__dict__"):
        return {k: to_json(v) for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


def _masked_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return mask(value) if is_valid_iin(value) or is_valid_bin(value) else WITHHELD
    if isinstance(value, Mapping):
        return {k: _masked_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked_value(v) for v in value]
    return WITHHELD


def mask_private(state: Any, private: frozenset[str], path: str = "") -> tuple[Any, list[str]]:
    """``state`` (plain JSON) with the value of every key in ``private``, at any depth,
    masked; and the paths masked (``person.iin``)."""
    masked: list[str] = []
    if isinstance(state, Mapping):
        out: dict[str, Any] = {}
        for key, value in state.items():
            where = f"{path}.{key}" if path else str(key)
            if key in private and value is not None:
                out[key] = _masked_value(value)
                masked.append(where)
            else:
                out[key], inner = mask_private(value, private, where)
                masked += inner
        return out, masked
    if isinstance(state, list):
        items = []
        for n, value in enumerate(state):
            item, inner = mask_private(value, private, f"{path}[{n}]")
            items.append(item)
            masked += inner
        return items, masked
    return state, masked


async def state_at(
    platform: Platform, service_module: str, stream_id: str, at: datetime | None
) -> dict[str, Any]:
    """The state of the aggregate of ``stream_id`` from its events recorded by ``at``, its
    private fields masked (``masked`` lists them)."""
    cls, aggregate_id = aggregate_of(stream_id, aggregate_types(service_module))
    async with platform.sessions() as db:
        history = await platform.store.read_stream(db, stream_id, as_of=at)
    events = [platform.registry.load(e) for e in history]
    aggregate = cls.rehydrate(aggregate_id, events)
    private = frozenset(name for event in events for name in type(event).private_fields)
    state, masked = mask_private(
        {k: to_json(v) for k, v in vars(aggregate).items() if not k.startswith("_")}, private
    )
    return {
        "stream_id": stream_id,
        "aggregate": cls.__name__,
        "as_of": at.isoformat() if at is not None else None,
        "events": len(history),
        "last_event": (
            {
                "event_id": str(history[-1].event_id),
                "event_type": history[-1].event_type,
                "recorded_at": history[-1].recorded_at.isoformat(),
            }
            if history
            else None
        ),
        "state": state,
        "masked": masked,
    }
