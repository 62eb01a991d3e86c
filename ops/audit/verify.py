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

A reference must not come from the database being checked (``Reference``): an export or a head
archive is trusted as far as its own signed heads verify; a copy on the Kafka topic testifies to
a leaf as it was when that copy was published, so a copy published after the pinned head (in
particular one the relay published again, from the database, after the broker lost the topic:
header ``audit-republished-at``) cannot locate a change made before it. The report names the
reference and counts such copies.

Quarantined leaves (``shared.audit.canonical``, format 2) verify like any other; the report
lists them, and the CLI does not call such a log complete.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.audit.canonical import describe_leaf, is_quarantined
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
class Reference:
    """A copy of leaf hashes kept outside the database being checked, and what it is."""

    kind: str
    """export | archive | kafka | given"""
    name: str
    """The file, directory or topic."""
    hashes: Mapping[int, Hash]
    published_ms: Mapping[int, int] = field(default_factory=dict)
    """Kafka: when each leaf's (earliest) copy was published."""
    republished_ms: Mapping[int, int] = field(default_factory=dict)
    """Kafka: copies the relay published again after the broker lost the topic, with the time
    of that republish."""
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    """Kafka: indices the topic carries two different leaves for."""
    signed: SignedTreeHead | None = None
    """Export or archive: the newest signed head its leaves verified under."""

    def published_after(self, cutoff_ms: int, start: int, end: int) -> tuple[int, int]:
        """Copies of leaves in ``[start, end)`` published after ``cutoff_ms``, and of those the
        ones republished after a broker loss."""
        late = republished = 0
        for index in range(start, end):
            published = self.published_ms.get(index)
            if published is not None and published > cutoff_ms:
                late += 1
                if index in self.republished_ms:
                    republished += 1
        return late, republished

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "leaves": len(self.hashes),
            "signed_tree_size": self.signed.tree_size if self.signed else None,
            "signed_at_ms": self.signed.timestamp if self.signed else None,
            "republished": len(self.republished_ms),
            "conflicts": self.conflicts,
        }


@dataclass
class Failure:
    """The first position that does not verify, and what is known about it."""

    index: int
    kind: str
    """changed | deleted | inserted | reordered | missing | differs_from_reference |
    reference_conflict | root_mismatch"""
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
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    """The quarantined leaves among those verified (the first ``QUARANTINED_LISTED``)."""
    quarantined_count: int = 0
    reference: dict[str, Any] | None = None
    """The reference used (``Reference.to_json``, and how its copies relate to the heads)."""

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
            "quarantined": {"count": self.quarantined_count, "leaves": self.quarantined},
            "reference": self.reference,
        }


QUARANTINED_LISTED = 100


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
        reference: Reference | Mapping[int, Hash] | None = None,
        pinned_as: Sequence[str] | None = None,
    ) -> None:
        """``pinned_as[i]`` says where ``heads[i]`` came from (default: "pinned")."""
        self.started = time.perf_counter()
        self.log_name = log_name
        if reference is not None and not isinstance(reference, Reference):
            reference = Reference("given", "hashes", reference)
        self.reference = reference
        origins = list(pinned_as or ["pinned"] * len(heads))
        checks = [
            HeadCheck(h, h.verify(public_key) and h.log == log_name, pinned_as=origin)
            for h, origin in zip(heads, origins, strict=True)
        ]
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
        self.quarantined: list[dict[str, Any]] = []
        self.quarantined_count = 0
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
        if entry.leaf is not None and is_quarantined(entry.leaf):
            self.quarantined_count += 1
            if len(self.quarantined) < QUARANTINED_LISTED:
                self.quarantined.append({"leaf_index": count, **describe_leaf(entry.leaf)})
        if self.failure is None:
            self.failure = _classify(entry, computed)
        reference = self.reference
        if self.failure is None and reference is not None:
            expected = reference.hashes.get(count)
            if expected is not None and expected != computed:
                published = reference.published_ms.get(count)
                self.failure = Failure(
                    count,
                    "differs_from_reference",
                    f"leaf {count} differs from the reference copy ({reference.kind}"
                    f" {reference.name})",
                    describe_leaf(entry.leaf) if entry.leaf else {},
                    {
                        "reference_published_at_ms": published,
                        "reference_republished_at_ms": reference.republished_ms.get(count),
                    }
                    if published is not None
                    else {},
                )
        self.actual.append(computed)
        if entry.stored_hash is not None:
            self.stored.append(entry.stored_hash)
        else:
            self.stored_complete = False
        self.count += 1
        self._close_heads(self.count)

    def finish(self) -> Report:
        report = Report(
            log=self.log_name,
            entries=self.count,
            heads=self.checks,
            quarantined=self.quarantined,
            quarantined_count=self.quarantined_count,
        )
        failure, count, checks = self.failure, self.count, self.checks
        reference = self.reference
        if failure is None and reference is not None and reference.conflicts:
            first = reference.conflicts[0]
            failure = Failure(
                int(first["leaf_index"]),
                "reference_conflict",
                f"the {reference.kind} copy ({reference.name}) holds two different leaves for"
                f" leaf {first['leaf_index']}: the log changed between the two publications",
                expected=first,
            )
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
            detail = (
                f"the leaves differ from the signed head of size {first_bad} somewhere in"
                f" [{low}, {first_bad}): both the events and the leaf table were rewritten;"
            )
            late = (0, 0)
            if reference is None:
                detail += (
                    " give a reference copy (an earlier export, a head archive, or the Kafka"
                    " topic while it predates the change) for the exact position"
                )
            else:
                late = reference.published_after(bad[0].head.timestamp, low, first_bad)
                detail += (
                    f" the reference ({reference.kind} {reference.name}) shows no difference there"
                )
                if late[0]:
                    detail += (
                        f", but its copies of {late[0]} of these leaves were published after"
                        f" the head was signed ({late[1]} republished after a broker loss):"
                        " they came from the database being checked and cannot locate a change"
                        " made before"
                    )
            failure = Failure(
                low,
                "root_mismatch",
                detail,
                exact=False,
                upto=first_bad,
                expected={"reference_published_after_head": late[0]} if late[0] else {},
            )
        report.failure = failure
        if reference is not None:
            report.reference = self._reference_summary(reference)
        report.seconds = time.perf_counter() - self.started
        return report

    def _reference_summary(self, reference: Reference) -> dict[str, Any]:
        """The reference, and for a Kafka copy how many leaves were published after the head
        that matters: the first one the leaves do not match, else the newest pinned head."""
        summary = reference.to_json()
        if not reference.published_ms:
            summary["independent"] = True
            return summary
        pinned = [c for c in self.checks if c.pinned_as != "earlier"] or self.checks
        bad = [c for c in pinned if c.root_ok is False]
        against = bad[0] if bad else max(pinned, key=lambda c: c.head.timestamp, default=None)
        if against is None:
            summary["independent"] = None
            return summary
        late, republished = reference.published_after(against.head.timestamp, 0, self.count)
        summary.update(
            against_head={"tree_size": against.head.tree_size, "timestamp": against.head.timestamp},
            published_after_head=late,
            republished_after_head=republished,
            independent=late == 0,
        )
        return summary


def verify_entries(
    log_name: str,
    entries: Iterable[SourceEntry],
    *,
    public_key: Ed25519PublicKey,
    heads: Sequence[SignedTreeHead],
    earlier: SignedTreeHead | None = None,
    reference: Reference | Mapping[int, Hash] | None = None,
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
