"""Verification of a service's log against pinned signed tree heads, and where it breaks.

The auditor's inputs: the entries (from the service's API, its Kafka topic, or an export), the
service's public key and signed tree heads pinned earlier (files they keep, outside the
service's database). One streaming pass hashes every leaf and checks:

1. every pinned head's signature (the pinned key) — a head the key did not sign proves nothing;
2. the root over the leaves *as the log holds them now* at each pinned head's size;
3. per leaf, where the source has them: the event in the slot against the leaf table's row
   (same event id, same hash: a difference names the position exactly, and whether the event
   was changed, deleted, inserted or moved), and against a reference copy of the leaf hashes
   (an earlier export or the Kafka topic, which the database's owner cannot rewrite).

When both the events and the leaf table were rewritten consistently, (3) sees nothing, but the
root no longer matches the signed head: the signature key is not in the database. The position
is then exact when a reference copy is given, and otherwise the report narrows it to the
interval between the last pinned head that verifies and the first that does not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.audit.canonical import describe_leaf
from shared.audit.heads import SignedTreeHead
from shared.audit.merkle import Hash, RootAccumulator, leaf_hash


@dataclass(frozen=True)
class SourceEntry:
    """One leaf as a source gives it. Only ``index`` and ``leaf`` are always there."""

    index: int
    leaf: bytes | None
    stored_hash: Hash | None = None
    stored_event_id: str | None = None
    stored_global_position: int | None = None
    stored_event_present: bool | None = None
    slot_event_id: str | None = None
    slot_event_leafed: bool | None = None

    @classmethod
    def from_api(cls, value: Mapping[str, Any]) -> SourceEntry:
        stored = value.get("stored") or {}
        leaf = value.get("leaf")
        return cls(
            index=int(value["leaf_index"]),
            leaf=leaf.encode() if isinstance(leaf, str) else None,
            stored_hash=bytes.fromhex(stored["leaf_hash"]) if stored.get("leaf_hash") else None,
            stored_event_id=stored.get("event_id"),
            stored_global_position=stored.get("global_position"),
            stored_event_present=stored.get("event_present"),
            slot_event_id=value.get("slot_event_id"),
            slot_event_leafed=value.get("slot_event_leafed"),
        )


@dataclass
class Failure:
    """The first position that does not verify, and what is known about it."""

    index: int
    kind: str
    """changed | deleted | inserted | reordered | missing | differs_from_reference |
    root_mismatch"""
    detail: str
    found: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)
    exact: bool = True
    """False: only an interval is known (``index`` is its first leaf, ``upto`` its end)."""
    upto: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "leaf_index": self.index,
            "kind": self.kind,
            "detail": self.detail,
            "exact": self.exact,
            "upto": self.upto,
            "found": self.found,
            "expected": self.expected,
        }


@dataclass
class HeadCheck:
    head: SignedTreeHead
    signature_ok: bool
    root_ok: bool | None = None
    """None: the log has fewer leaves than the head."""
    stored_root_ok: bool | None = None
    pinned_as: str = "pinned"

    def to_json(self) -> dict[str, Any]:
        return {
            "tree_size": self.head.tree_size,
            "root_hash": self.head.root_hash.hex(),
            "timestamp": self.head.timestamp,
            "pinned_as": self.pinned_as,
            "signature_ok": self.signature_ok,
            "root_ok": self.root_ok,
            "leaf_table_root_ok": self.stored_root_ok,
        }


@dataclass
class Report:
    log: str
    entries: int = 0
    heads: list[HeadCheck] = field(default_factory=list)
    failure: Failure | None = None
    seconds: float = 0.0
    consistency: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        heads_ok = all(h.signature_ok and h.root_ok for h in self.heads)
        consistent = self.consistency is None or bool(self.consistency.get("ok"))
        return self.failure is None and heads_ok and consistent

    def to_json(self) -> dict[str, Any]:
        return {
            "log": self.log,
            "ok": self.ok,
            "entries_verified": self.entries,
            "seconds": round(self.seconds, 3),
            "entries_per_second": round(self.entries / self.seconds) if self.seconds else None,
            "heads": [h.to_json() for h in self.heads],
            "consistency": self.consistency,
            "first_failure": self.failure.to_json() if self.failure else None,
        }


def _classify(entry: SourceEntry, computed: Hash) -> Failure | None:
    """What the slot's event says against the leaf table's row (None: they agree)."""
    if entry.stored_hash is None and entry.stored_event_id is None:
        return None
    expected = {
        "event_id": entry.stored_event_id,
        "global_position": entry.stored_global_position,
    }
    found = describe_leaf(entry.leaf) if entry.leaf is not None else {}
    slot_id = entry.slot_event_id or found.get("event_id")
    if entry.stored_event_present is False:
        return Failure(
            entry.index,
            "deleted",
            f"leaf {entry.index}: event {entry.stored_event_id} was removed from the store",
            found,
            expected,
        )
    if entry.leaf is None:
        return Failure(
            entry.index, "missing", f"leaf {entry.index}: no event in this slot", {}, expected
        )
    if slot_id != entry.stored_event_id:
        if entry.slot_event_leafed is False:
            return Failure(
                entry.index,
                "inserted",
                f"leaf {entry.index}: event {slot_id} was inserted before event"
                f" {entry.stored_event_id}; it never went through the tree builder",
                found,
                expected,
            )
        return Failure(
            entry.index,
            "reordered",
            f"leaf {entry.index}: event {slot_id} now sorts where event {entry.stored_event_id}"
            " was committed",
            found,
            expected,
        )
    if entry.stored_hash is not None and computed != entry.stored_hash:
        return Failure(
            entry.index,
            "changed",
            f"leaf {entry.index}: event {slot_id} no longer hashes to its committed leaf",
            found,
            expected,
        )
    return None


class Verifier:
    """The streaming form of ``verify_entries``: ``feed`` entries in leaf order, then
    ``finish``."""

    def __init__(
        self,
        log_name: str,
        *,
        public_key: Ed25519PublicKey,
        heads: Sequence[SignedTreeHead],
        earlier: SignedTreeHead | None = None,
        reference: Mapping[int, Hash] | None = None,
    ) -> None:
        self.started = time.perf_counter()
        self.log_name = log_name
        self.reference = reference
        checks = [HeadCheck(h, h.verify(public_key) and h.log == log_name) for h in heads]
        if earlier is not None:
            signed = earlier.verify(public_key) and earlier.log == log_name
            checks.append(HeadCheck(earlier, signed, pinned_as="earlier"))
        checks.sort(key=lambda c: c.head.tree_size)
        self.checks = checks
        self.by_size: dict[int, list[HeadCheck]] = {}
        for check in checks:
            self.by_size.setdefault(check.head.tree_size, []).append(check)
        self.actual, self.stored = RootAccumulator(), RootAccumulator()
        self.stored_complete = True
        self.failure: Failure | None = None
        self.count = 0
        self.stopped = False
        self._close_heads(0)

    def _close_heads(self, size: int) -> None:
        for check in self.by_size.get(size, ()):
            check.root_ok = self.actual.root() == check.head.root_hash
            if self.stored_complete:
                check.stored_root_ok = self.stored.root() == check.head.root_hash

    def feed(self, entry: SourceEntry) -> None:
        if self.stopped:
            return
        count = self.count
        if entry.index != count:
            if self.failure is None:
                self.failure = Failure(
                    count, "missing", f"the source has no leaf {count} (next: {entry.index})"
                )
            self.stopped = True
            return
        computed = leaf_hash(entry.leaf if entry.leaf is not None else b"")
        if self.failure is None:
            self.failure = _classify(entry, computed)
        if self.failure is None and self.reference is not None:
            expected = self.reference.get(count)
            if expected is not None and expected != computed:
                self.failure = Failure(
                    count,
                    "differs_from_reference",
                    f"leaf {count} differs from the reference copy",
                    describe_leaf(entry.leaf) if entry.leaf else {},
                )
        self.actual.append(computed)
        if entry.stored_hash is not None:
            self.stored.append(entry.stored_hash)
        else:
            self.stored_complete = False
        self.count += 1
        self._close_heads(self.count)

    def finish(self) -> Report:
        report = Report(log=self.log_name, entries=self.count, heads=self.checks)
        failure, count, checks = self.failure, self.count, self.checks
        beyond = [c for c in checks if c.head.tree_size > count]
        if failure is None and beyond:
            failure = Failure(
                count,
                "missing",
                f"the log ends at {count} leaves; a pinned head has {beyond[0].head.tree_size}",
            )
        bad = [c for c in checks if c.root_ok is False]
        if failure is None and bad:
            first_bad = bad[0].head.tree_size
            good = [c.head.tree_size for c in checks if c.root_ok and c.head.tree_size < first_bad]
            low = max(good, default=0)
            failure = Failure(
                low,
                "root_mismatch",
                f"the leaves differ from the signed head of size {first_bad} somewhere in"
                f" [{low}, {first_bad}): both the events and the leaf table were rewritten;"
                " give a reference copy (an earlier export or the Kafka topic) for the exact"
                " position",
                exact=False,
                upto=first_bad,
            )
        report.failure = failure
        report.seconds = time.perf_counter() - self.started
        return report


def verify_entries(
    log_name: str,
    entries: Iterable[SourceEntry],
    *,
    public_key: Ed25519PublicKey,
    heads: Sequence[SignedTreeHead],
    earlier: SignedTreeHead | None = None,
    reference: Mapping[int, Hash] | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> Report:
    """One pass over ``entries`` (in leaf order, from 0); see the module docstring."""
    verifier = Verifier(
        log_name, public_key=public_key, heads=heads, earlier=earlier, reference=reference
    )
    for entry in entries:
        verifier.feed(entry)
        if progress is not None and verifier.count % progress_every == 0:
            progress(progress_every)
    if progress is not None and verifier.count % progress_every:
        progress(verifier.count % progress_every)
    return verifier.finish()
