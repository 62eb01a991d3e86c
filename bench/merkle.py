"""Benchmark of the audit log's Merkle tree: build, sign, verify, prove.

    python -m bench.merkle [--events 1000000] [--proofs 2000]

Builds the tree over ``--events`` synthetic events shaped like the services' (canonical RFC 8785
leaves with nested names, uuids, dates, metadata), signs a tree head, then verifies the log as
an auditor does: every export line (JSON) parsed, every leaf hashed, the root recomputed and
compared with the signed head. Also measures inclusion and consistency proofs (generation,
verification, sizes). Prints JSON; the target is verification at 100,000 events per second or
more. Pure Python with hashlib; every loop is bounded by ``--events`` or ``--proofs``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from typing import Any

from ops.audit.export import entry_line, parse_entry_line
from shared.audit.canonical import canonical_json
from shared.audit.heads import AuditKeys
from shared.audit.merkle import (
    MemoryTree,
    RootAccumulator,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)

TARGET = 100_000


def synthetic_leaf(n: int, rng: random.Random) -> dict[str, Any]:
    member = uuid.UUID(int=rng.getrandbits(128), version=4)
    return {
        "leaf_format": 1,
        "event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "global_position": n + 1,
        "stream_id": f"member-{member}",
        "stream_type": "member",
        "version": 1 + n % 7,
        "event_type": "MemberIncluded",
        "schema_version": 2,
        "data": {
            "member_id": str(member),
            "name": {"kk": f"Әлия Нұрланқызы {n}", "ru": f"Алия Нурлановна {n}"},
            "region": "almaty_city",
            "category": "public_figure",
            "decision": {"number": f"Р-{n}", "date": "2026-03-01"},
            "effective_on": "2026-03-02",
            "route": "chairman_discretion",
            "association_id": None,
        },
        "private_digest": f"{rng.getrandbits(256):064x}",
        "metadata": {
            "actor": "chairman-1",
            "roles": ["chairman"],
            "correlation_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "causation_id": None,
            "idempotency_key": None,
        },
        "recorded_at": f"2026-03-02T10:{n // 60 % 60:02d}:{n % 60:02d}.{n % 1_000_000:06d}Z",
    }


def run(events: int, proofs: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    results: dict[str, Any] = {"events": events}

    objects = [synthetic_leaf(n, rng) for n in range(events)]
    started = time.perf_counter()
    leaves = [canonical_json(value) for value in objects]
    canonical_seconds = time.perf_counter() - started
    del objects
    results["canonicalise_events_per_second"] = round(events / canonical_seconds)
    results["mean_leaf_bytes"] = round(sum(map(len, leaves)) / events)

    started = time.perf_counter()
    tree = MemoryTree(leaf_hash(leaf) for leaf in leaves)
    root = tree.root()
    build_seconds = time.perf_counter() - started
    results["build_tree_seconds"] = round(build_seconds, 3)
    results["build_tree_events_per_second"] = round(events / build_seconds)

    keys = AuditKeys.generate()
    head = keys.sign("bench", events, root)

    # The export (JSON Lines, each leaf with its inclusion proof), as `kelisim audit export`.
    started = time.perf_counter()
    lines = [
        entry_line(i, events, leaf, tree.leaf(i), tree.inclusion_proof(i))
        for i, leaf in enumerate(leaves)
    ]
    results["export_with_proofs_seconds"] = round(time.perf_counter() - started, 3)
    results["mean_export_line_bytes"] = round(sum(map(len, lines)) / events)
    del leaves
    # The auditor: every line's leaf taken, hashed, the root recomputed, the head checked.
    started = time.perf_counter()
    accumulator = RootAccumulator()
    for index, line in enumerate(lines):
        position, leaf = parse_entry_line(line)
        if position != index:
            raise AssertionError("out of order")
        accumulator.append(leaf_hash(leaf))
    verified = accumulator.root() == head.root_hash and head.verify(keys.public)
    verify_seconds = time.perf_counter() - started
    if not verified:
        raise AssertionError("the recomputed root does not match the signed head")
    results["verify_seconds"] = round(verify_seconds, 3)
    results["verify_events_per_second"] = round(events / verify_seconds)

    started = time.perf_counter()
    accumulator = RootAccumulator()
    for line in lines:
        accumulator.append(leaf_hash(line))
    results["hash_only_events_per_second"] = round(events / (time.perf_counter() - started))

    indices = [rng.randrange(events) for _ in range(proofs)]
    started = time.perf_counter()
    made = [(i, tree.inclusion_proof(i)) for i in indices]
    generate = (time.perf_counter() - started) / proofs
    started = time.perf_counter()
    ok = all(verify_inclusion(i, events, tree.leaf(i), p, root) for i, p in made)
    check = (time.perf_counter() - started) / proofs
    if not ok:
        raise AssertionError("an inclusion proof did not verify")
    sizes = [len(p) for _, p in made]
    results["inclusion_proof"] = {
        "hashes_median": statistics.median(sizes),
        "hashes_max": max(sizes),
        "bytes_max": 32 * max(sizes),
        "generate_microseconds": round(generate * 1e6, 1),
        "verify_microseconds": round(check * 1e6, 1),
    }
    olds = [rng.randrange(1, events) for _ in range(proofs)]
    started = time.perf_counter()
    made = [(m, tree.consistency_proof(m)) for m in olds]
    generate = (time.perf_counter() - started) / proofs
    started = time.perf_counter()
    ok = all(verify_consistency(m, events, tree.root(m), root, p) for m, p in made)
    check = (time.perf_counter() - started) / proofs
    if not ok:
        raise AssertionError("a consistency proof did not verify")
    sizes = [len(p) for _, p in made]
    results["consistency_proof"] = {
        "hashes_median": statistics.median(sizes),
        "hashes_max": max(sizes),
        "bytes_max": 32 * max(sizes),
        "generate_microseconds": round(generate * 1e6, 1),
        "verify_microseconds_including_old_root": round(check * 1e6, 1),
    }
    results["target"] = f"verification >= {TARGET} events/s"
    results["target_met"] = results["verify_events_per_second"] >= TARGET
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=2000)
    args = parser.parse_args()
    json.dump(run(args.events, args.proofs), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
