"""Event types, their registry (with JSON Schemas and upcasters) and stored-event records.

Events are immutable, versioned, past-tense facts. A service declares each event as a frozen
pydantic model with a ``event_type`` and ``schema_version``; the registry gives its JSON Schema,
serialises it, and upgrades ("upcasts") data stored under an older schema version when read.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass, field
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from shared.bounds import unstorable_values
from shared.errors import InvalidInput
from shared.jsoncodec import loads_json

JsonDict = dict[str, Any]
Upcaster = Callable[[JsonDict], JsonDict]

NO_STREAM = 0
"""Expected version of a stream that must not exist yet."""


class DomainEvent(BaseModel):
    """Base of every domain event: a frozen, validated, versioned fact."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    private_fields: ClassVar[frozenset[str]] = frozenset()
    """Top-level fields kept in the service's own store but never published (e.g. an IIN)."""


class EventMetadata(BaseModel):
    """Who did it and why: stored with every event, carried into Kafka headers."""

    model_config = ConfigDict(frozen=True, extra="allow")

    actor: str
    roles: tuple[str, ...] = ()
    correlation_id: str
    causation_id: str | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True)
class NewEvent:
    """An event ready to be appended: its type, schema version, data and id."""

    event_type: str
    schema_version: int
    data: JsonDict
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True, order=True)
class FeedPosition:
    """A cursor in the global feed: events are ordered by (transaction id, global position).

    The order is total and stable: no event ever becomes visible before a cursor that a reader
    has already passed (see docs/architecture.md, "The global feed").
    """

    transaction_id: int = 0
    global_position: int = 0

    def __str__(self) -> str:
        return f"{self.transaction_id}-{self.global_position}"

    @classmethod
    def parse(cls, value: str) -> FeedPosition:
        xid, _, pos = value.partition("-")
        result = cls(int(xid), int(pos))
        if result.transaction_id < 0 or result.global_position < 0:
            raise ValueError("feed positions are not negative")
        return result


START = FeedPosition()


_FIELDS = (
    "global_position",
    "transaction_id",
    "stream_id",
    "stream_type",
    "version",
    "event_id",
    "event_type",
    "schema_version",
    "data",
    "metadata",
    "recorded_at",
    "stored_schema_version",
)


class RecordedEvent:
    """An event as stored, upcast to the newest schema version of its type; immutable.

    Its fields are kept as one row: ``(global_position, transaction_id, stream_id, stream_type,
    version, event_id, event_type, stored_schema_version, data, metadata, recorded_at)``. An
    event read from the store keeps the driver's row as it came, its ``data`` and ``metadata``
    still JSON text, decoded when first asked for (``RecordedEvent.stored``): a reader that
    hands on thousands of events pays per event for one small object, and only a reader that
    looks at an event's data pays for decoding it.
    """

    __slots__ = ("_data", "_metadata", "_row", "_schema_version")

    _row: Sequence[Any]
    _schema_version: int
    _data: JsonDict
    _metadata: JsonDict

    def __init__(
        self,
        *,
        global_position: int,
        transaction_id: int,
        stream_id: str,
        stream_type: str,
        version: int,
        event_id: uuid.UUID,
        event_type: str,
        schema_version: int,
        data: JsonDict,
        metadata: JsonDict,
        recorded_at: datetime,
        stored_schema_version: int,
    ) -> None:
        row = (
            global_position,
            transaction_id,
            stream_id,
            stream_type,
            version,
            event_id,
            event_type,
            stored_schema_version,
            None,
            None,
            recorded_at,
        )
        _set(self, "_row", row)
        _set(self, "_schema_version", schema_version)
        _set(self, "_data", data)
        _set(self, "_metadata", metadata)

    @classmethod
    def stored(
        cls, row: Sequence[Any], schema_version: int, data: JsonDict | None = None
    ) -> RecordedEvent:
        """An event from a stored row in the order above (``data`` and ``metadata`` as JSON
        text, ``metadata`` without ``recorded_at``, which it gains when decoded), at
        ``schema_version``; ``data``: its data already decoded (and upcast)."""
        event = _new(cls)
        _set(event, "_row", row)
        _set(event, "_schema_version", schema_version)
        if data is not None:
            _set(event, "_data", data)
        return event

    @property
    def global_position(self) -> int:
        return self._row[0]  # type: ignore[no-any-return]

    @property
    def transaction_id(self) -> int:
        return self._row[1]  # type: ignore[no-any-return]

    @property
    def stream_id(self) -> str:
        return self._row[2]  # type: ignore[no-any-return]

    @property
    def stream_type(self) -> str:
        return self._row[3]  # type: ignore[no-any-return]

    @property
    def version(self) -> int:
        return self._row[4]  # type: ignore[no-any-return]

    @property
    def event_id(self) -> uuid.UUID:
        return self._row[5]  # type: ignore[no-any-return]

    @property
    def event_type(self) -> str:
        return self._row[6]  # type: ignore[no-any-return]

    @property
    def schema_version(self) -> int:
        return self._schema_version

    @property
    def stored_schema_version(self) -> int:
        return self._row[7]  # type: ignore[no-any-return]

    @property
    def recorded_at(self) -> datetime:
        return self._row[10]  # type: ignore[no-any-return]

    @property
    def data(self) -> JsonDict:
        try:
            return self._data
        except AttributeError:
            data: JsonDict = loads_json(self._row[8])
            _set(self, "_data", data)
            return data

    @property
    def metadata(self) -> JsonDict:
        try:
            return self._metadata
        except AttributeError:
            metadata = {**loads_json(self._row[9]), "recorded_at": self.recorded_at.isoformat()}
            _set(self, "_metadata", metadata)
            return metadata

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordedEvent):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())  # like the dataclass it was: TypeError (its data is a dict)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"RecordedEvent({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return _recorded_event, (dict(zip(_FIELDS, self._fields(), strict=True)),)

    @property
    def feed_position(self) -> FeedPosition:
        return FeedPosition(self.transaction_id, self.global_position)

    def envelope(self, data: JsonDict | None = None) -> JsonDict:
        """The JSON form published on Kafka (with ``data``: its public view) and to auditors."""
        return {
            "event_id": str(self.event_id),
            "event_type": self.event_type,
            "schema_version": self.schema_version,
            "stream_id": self.stream_id,
            "stream_type": self.stream_type,
            "version": self.version,
            "global_position": self.global_position,
            "transaction_id": self.transaction_id,
            "recorded_at": self.recorded_at.isoformat(),
            "data": self.data if data is None else data,
            "metadata": self.metadata,
        }


def _recorded_event(fields: dict[str, Any]) -> RecordedEvent:
    """Unpickling a ``RecordedEvent`` (its own ``__setattr__`` refuses)."""
    return RecordedEvent(**fields)


_new = object.__new__
_set = object.__setattr__


E = TypeVar("E", bound=DomainEvent)


class EventRegistry:
    """The event types a service knows: classes, JSON Schemas and upcasters."""

    def __init__(self) -> None:
        self._types: dict[str, type[DomainEvent]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}
        self._changes: dict[tuple[str, int], tuple[dict[str, str], frozenset[str]]] = {}
        self._versions: dict[str, int] = {}  # read for every event read: one lookup

    def register(self, cls: type[E]) -> type[E]:
        """Class decorator: register an event type under its ``event_type`` name."""
        name = cls.event_type
        if name in self._types and self._types[name] is not cls:
            raise ValueError(f"event type {name!r} is registered twice")
        self._types[name] = cls
        self._versions[name] = cls.schema_version
        return cls

    def upcaster(
        self,
        event_type: str,
        from_version: int,
        *,
        renamed: Mapping[str, str] | None = None,
        added: Iterable[str] = (),
    ) -> Callable[[Upcaster], Upcaster]:
        """Decorator: a function upgrading data of ``event_type`` from ``from_version`` to +1.

        ``renamed`` (new name: old name) and ``added`` (fields the new version added) say how
        the older version's data looked, so that its JSON Schema, still that of the messages
        published before, is documented (``json_schemas(all_versions=True)``)."""

        def decorate(fn: Upcaster) -> Upcaster:
            key = (event_type, from_version)
            if key in self._upcasters:
                raise ValueError(f"upcaster for {event_type} v{from_version} is registered twice")
            self._upcasters[key] = fn
            self._changes[key] = (dict(renamed or {}), frozenset(added))
            return fn

        return decorate

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._types

    def current_version(self, event_type: str) -> int | None:
        return self._versions.get(event_type)

    @property
    def current_versions(self) -> Mapping[str, int]:
        """Every registered type's newest schema version (read-only: ``register`` adds)."""
        return self._versions

    def upcast(self, event_type: str, schema_version: int, data: JsonDict) -> tuple[int, JsonDict]:
        """Upgrade stored data step by step to the newest schema version known for its type."""
        target = self.current_version(event_type)
        if target is None:
            return schema_version, data
        version = schema_version
        while version < target:
            step = self._upcasters.get((event_type, version))
            if step is None:
                raise LookupError(f"no upcaster for {event_type} from schema version {version}")
            data = step(dict(data))
            version += 1
        return version, data

    def to_new_event(self, event: DomainEvent, event_id: uuid.UUID | None = None) -> NewEvent:
        """The event as stored data; ``InvalidInput`` if a value in it could not be stored or
        canonicalised for its Merkle leaf (``shared.bounds``): the command is refused rather
        than leaving an event no audit log can take."""
        cls = type(event)
        if self._types.get(cls.event_type) is not cls:
            raise LookupError(f"event type {cls.event_type!r} is not registered")
        data = event.model_dump(mode="json")
        for _, location in unstorable_values(data):
            field_path = ".".join(str(part) for part in location)
            raise InvalidInput(None, reason="value_not_storable", field=field_path)
        return NewEvent(
            event_type=cls.event_type,
            schema_version=cls.schema_version,
            data=data,
            event_id=event_id or uuid.uuid4(),
        )

    def load(self, recorded: RecordedEvent) -> DomainEvent:
        """The typed domain event of a recorded (already upcast) event."""
        cls = self._types.get(recorded.event_type)
        if cls is None:
            raise LookupError(f"event type {recorded.event_type!r} is not registered")
        return cls.model_validate(recorded.data)

    def public_data(self, event_type: str, data: JsonDict) -> JsonDict:
        """What may leave the service: the event's data without its private fields."""
        cls = self._types.get(event_type)
        if cls is None or not cls.private_fields:
            return data
        return {k: v for k, v in data.items() if k not in cls.private_fields}

    def json_schemas(
        self, namespace: str | None = None, *, all_versions: bool = False
    ) -> Mapping[str, JsonDict]:
        """Every registered event's JSON Schema (of its published data), keyed by
        ``<type>.v<version>``; with ``all_versions``, the older versions an upcaster declares
        too. ``namespace`` (the service) makes the ``$id`` unique across services: two services
        may name an event alike."""
        base = f"https://kelisim.kz/schemas/events/{namespace + '/' if namespace else ''}"
        result: dict[str, JsonDict] = {}
        for name, cls in sorted(self._types.items()):
            full = cls.model_json_schema()
            versions = [(cls.schema_version, full, cls.private_fields)]
            if all_versions:
                versions += self._older(name, cls.schema_version, full, cls.private_fields)
            for version, source, private in versions:
                schema = copy.deepcopy(source)
                for name_ in private:  # published without them
                    schema.get("properties", {}).pop(name_, None)
                    if name_ in schema.get("required", []):
                        schema["required"].remove(name_)
                schema["$id"] = f"{base}{name}.v{version}.json"
                schema["title"] = name
                result[f"{name}.v{version}"] = schema
        return result

    def _older(
        self, name: str, version: int, schema: JsonDict, private: frozenset[str]
    ) -> list[tuple[int, JsonDict, frozenset[str]]]:
        """The schemas of the versions before ``version`` that upcasters describe: a field
        renamed is given its old name (and was public under it), a field added is removed."""
        older = []
        while (name, version - 1) in self._changes:
            renamed, added = self._changes[(name, version - 1)]
            schema = copy.deepcopy(schema)
            properties = schema.setdefault("properties", {})
            required = schema.get("required", [])
            for field_name in added:
                properties.pop(field_name, None)
                if field_name in required:
                    required.remove(field_name)
            for new, old in renamed.items():
                if new in properties:
                    properties[old] = properties.pop(new)
                if new in required:
                    required[required.index(new)] = old
            private = frozenset(f for f in private if f not in renamed and f not in added)
            version -= 1
            older.append((version, schema, private))
        return older
