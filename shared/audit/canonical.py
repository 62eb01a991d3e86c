"""The canonical leaf of an event: what each Merkle leaf commits to, byte for byte.

A leaf is the RFC 8785 (JSON Canonicalization Scheme) serialisation, in UTF-8, of this object::

    {
      "leaf_format": 1,
      "event_id": "<uuid, lowercase>",
      "global_position": <int>,            the event's position in the service's store
      "stream_id": "<str>", "stream_type": "<str>", "version": <int>,
      "event_type": "<str>",
      "schema_version": <int>,             as STORED (not upcast)
      "data": {...},                       as STORED, without the type's private fields
      "private_digest": null | "<hex>",    HMAC-SHA-256 of the private fields (below)
      "metadata": {...},                   as stored (actor, roles, correlation id, ...)
      "recorded_at": "YYYY-MM-DDTHH:MM:SS.ffffffZ"   UTC, microseconds
    }

Why these choices:

- **Stored, not upcast.** Reading upgrades old data through the registry's upcasters; a new
  upcaster must not change the hash of an event recorded years ago, so the leaf is over the row
  as stored (its stored ``schema_version``).
- **Private fields** (membership's IIN, sex, ethnicity) never leave the service, yet changing
  them must be detected. They are replaced by ``private_digest``: HMAC-SHA-256, under the
  service's *commitment key* (a secret, see ``shared.audit.keys``), of the RFC 8785 form of
  ``{field: value}`` for the private fields present in the stored data. A keyed digest, because
  an IIN has too little entropy for a plain hash to hide it. The private fields of an event type
  are part of its schema: a name is never added to or removed from ``private_fields`` of an
  existing type (that would change old leaves); a new schema version is the way.
- **The commit order is not in the leaf**: it is the leaf's index in the tree.
  ``global_position`` is, so that the index-to-row mapping is authenticated too.

Leaves are published as they are (the entries endpoint, the ``audit-leaf`` Kafka header, the
JSON Lines export): a verifier hashes the bytes it received and never has to re-canonicalise.

``canonical_json`` has a fast path: for JSON without floats whose object keys are all below
U+E000 (where UTF-16 and code-point order agree), ``json.dumps(sort_keys=True,
ensure_ascii=False)`` with compact separators produces exactly the RFC 8785 bytes (a property
test compares the two); anything else goes through the ``rfc8785`` package.

**Quarantined leaves** (``leaf_format`` 2). RFC 8785 works in the I-JSON domain (RFC 7493): a
number is an IEEE 754 double. A stored event can hold what it cannot express: an integer beyond
±(2^53 − 1), a number whose stored digits no double holds exactly (two different stored values
would share one leaf), ``recorded_at`` out of range, data nested deeper than a parser takes.
Such an event must neither stop the log nor escape it, so the tree builder gives it a leaf that
commits to the row's *stored text* instead (``quarantine_leaf``)::

    {
      "leaf_format": 2,
      "event_id", "global_position", "stream_id", "stream_type", "version", "event_type",
      "schema_version", "recorded_at"        as in format 1 (recorded_at null when out of range)
      "stored_data": "<text>",                PostgreSQL's text of the stored jsonb data,
                                              without the type's private fields
      "private_digest": null | "<hex>",       HMAC-SHA-256 (commitment key) of PostgreSQL's
                                              text of {field: value} of the private fields
      "stored_metadata": "<text>"             PostgreSQL's text of the stored metadata
    }

serialised with sorted keys and no spaces (RFC 8785 for every value a row can hold; an integer
column beyond 2^53 is written with all its digits). ``jsonb`` keeps numbers as exact decimals
and prints one text for one value, so any change of the stored data changes the leaf. The leaf
table records each leaf's format (``audit_leaves.leaf_format``), so the service derives the
same bytes again whenever it serves a leaf; a verifier just hashes the bytes it received, and
tells a quarantined leaf by its first key (format 1 always begins ``{"data":``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import rfc8785

LEAF_FORMAT = 1
"""An event's canonical leaf (RFC 8785 of the stored row)."""
QUARANTINED = 2
"""A quarantined leaf: the stored text of a row RFC 8785 cannot express (module docstring)."""
_FORMAT_1_PREFIX = b'{"data":'

_dumps = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
).encode
_MAX_SAFE = 2**53 - 1


def _fast_ok(value: Any) -> bool:
    """True if the fast serialisation of ``value`` is its RFC 8785 form."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            for key, child in item.items():
                if type(key) is not str or (not key.isascii() and max(key) >= "\ue000"):
                    return False
                stack.append(child)
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind is int:
            if not -_MAX_SAFE <= item <= _MAX_SAFE:
                return False
        elif item is None or kind is bool or kind is str:
            continue
        else:
            return False  # floats and anything else: the reference serialiser decides
    return True


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical JSON of ``value`` (UTF-8)."""
    if _fast_ok(value):
        try:
            return _dumps(value).encode()
        except UnicodeEncodeError:
            pass  # a lone surrogate: the reference serialiser refuses it
    return rfc8785.dumps(value)


def utc_timestamp(moment: datetime) -> str:
    """``recorded_at`` as it appears in a leaf: UTC, microseconds, ``Z``."""
    if moment.tzinfo is None:
        raise ValueError("recorded_at must carry its time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def private_digest(commitment_key: bytes, private: Mapping[str, Any]) -> str | None:
    """The keyed digest standing for an event's private fields (None when it has none)."""
    if not private:
        return None
    return hmac.new(commitment_key, canonical_json(dict(private)), hashlib.sha256).hexdigest()


class InexactNumber(ValueError):
    """A stored number whose digits no IEEE 754 double holds exactly."""


def _exact_float(text: str) -> float:
    """A stored non-integer number as a double, refused unless the double prints back as the
    same number (``0.1`` passes; ``0.1000000000000000055511`` and ``1e400`` do not)."""
    value = float(text)
    if not math.isfinite(value) or Decimal(repr(value)) != Decimal(text):
        raise InexactNumber(f"{text} is not exactly a double")
    return value


_strict_decoder = json.JSONDecoder(parse_float=_exact_float)


def parse_stored(text: str | Any, *, strict: bool = False) -> Any:
    """Stored JSON text as Python values; ``strict`` refuses numbers a double cannot hold."""
    if not isinstance(text, str):
        return text  # already decoded by a JSON codec
    return _strict_decoder.decode(text) if strict else json.loads(text)


@dataclass(frozen=True)
class StoredEvent:
    """An event row exactly as stored (no upcasting), with its place in the commit order."""

    global_position: int
    transaction_id: int
    stream_id: str
    stream_type: str
    version: int
    event_id: uuid.UUID
    event_type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: str
    """As in the leaf: UTC, microseconds, ``Z`` (``utc_timestamp``)."""

    @classmethod
    def from_row(cls, row: Mapping[str, Any], *, strict: bool = False) -> StoredEvent:
        """A row of the audit log's event queries (``data`` and ``metadata`` as text,
        ``recorded_at`` formatted by the database); ``strict``: see ``parse_stored``."""
        recorded_at = row["recorded_at"]
        if isinstance(recorded_at, datetime):
            recorded_at = utc_timestamp(recorded_at)
        if recorded_at is None:
            raise ValueError("recorded_at is out of range")
        return cls(
            global_position=int(row["global_position"]),
            transaction_id=int(row["xid"]),
            stream_id=row["stream_id"],
            stream_type=row["stream_type"],
            version=int(row["version"]),
            event_id=uuid.UUID(str(row["event_id"])),
            event_type=row["event_type"],
            schema_version=int(row["schema_version"]),
            data=parse_stored(row["data"], strict=strict),
            metadata=parse_stored(row["metadata"], strict=strict),
            recorded_at=recorded_at,
        )


def leaf_object(
    event: StoredEvent, private_fields: frozenset[str], commitment_key: bytes
) -> dict[str, Any]:
    """The object a leaf serialises (see the module docstring)."""
    data = event.data
    private = {k: data[k] for k in private_fields if k in data}
    if private:
        data = {k: v for k, v in data.items() if k not in private}
    return {
        "leaf_format": LEAF_FORMAT,
        "event_id": str(event.event_id),
        "global_position": event.global_position,
        "stream_id": event.stream_id,
        "stream_type": event.stream_type,
        "version": event.version,
        "event_type": event.event_type,
        "schema_version": event.schema_version,
        "data": data,
        "private_digest": private_digest(commitment_key, private),
        "metadata": event.metadata,
        "recorded_at": event.recorded_at,
    }


def canonical_leaf(
    event: StoredEvent, private_fields: frozenset[str], commitment_key: bytes
) -> bytes:
    """The leaf's bytes: RFC 8785 JSON of ``leaf_object``."""
    return canonical_json(leaf_object(event, private_fields, commitment_key))


def quarantine_leaf(
    row: Mapping[str, Any],
    stored_data: str,
    private_text: str | None,
    stored_metadata: str,
    commitment_key: bytes,
) -> bytes:
    """A quarantined leaf (format 2, module docstring): ``row`` gives the event's columns (as
    in ``StoredEvent.from_row``, ``recorded_at`` already as text or None), the texts are
    PostgreSQL's of the stored data without its private fields, of the private fields (None:
    none) and of the metadata."""
    digest = (
        hmac.new(commitment_key, private_text.encode(), hashlib.sha256).hexdigest()
        if private_text is not None
        else None
    )
    value = {
        "leaf_format": QUARANTINED,
        "event_id": str(uuid.UUID(str(row["event_id"]))),
        "global_position": int(row["global_position"]),
        "stream_id": str(row["stream_id"]),
        "stream_type": str(row["stream_type"]),
        "version": int(row["version"]),
        "event_type": str(row["event_type"]),
        "schema_version": int(row["schema_version"]),
        "recorded_at": row["recorded_at"],
        "stored_data": stored_data,
        "private_digest": digest,
        "stored_metadata": stored_metadata,
    }
    return _dumps(value).encode()


def is_quarantined(leaf: bytes) -> bool:
    """Whether a leaf is a quarantined one (format 2); any other leaf is read as format 1."""
    if leaf.startswith(_FORMAT_1_PREFIX):
        return False
    try:
        value = json.loads(leaf)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(value, dict) and value.get("leaf_format") == QUARANTINED


def describe_leaf(leaf: bytes) -> dict[str, Any]:
    """What a report says about a leaf: its event's id, type, stream and version (best effort:
    a leaf that is not even JSON is described as such)."""
    try:
        value = json.loads(leaf)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return {"unreadable": True}
    if not isinstance(value, dict):
        return {"unreadable": True}
    keys = ("event_id", "event_type", "stream_id", "version", "global_position", "recorded_at")
    described = {k: value.get(k) for k in keys}
    if value.get("leaf_format") == QUARANTINED:
        described["quarantined"] = True
    return described
