"""Exports for auditors and open-data users.

- **JSON Lines with proofs** (``export_lines``): the first line is the signed tree head (with the
  public key that signs it), then one line per leaf: its index, canonical leaf, leaf hash and its
  inclusion proof against that head (RFC 9162 §2.1.3). Anyone holding one line and the head can
  check that event on its own; the whole file is also a *reference copy* for later audits
  (``kelisim audit verify --reference``, ``export_reference``: used only if its leaves verify
  under its head, signed by the pinned key). Nothing is exported that does not verify against
  the head first. Quarantined leaves (``shared.audit.canonical``, format 2) are exported like
  any other.
- **Popolo** open data: ``ops.audit.popolo``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ops.audit.verify import Reference, SourceEntry
from shared.audit.heads import SignedTreeHead
from shared.audit.merkle import MemoryTree, leaf_hash, root_of, verify_inclusion


class ExportRefused(ValueError):
    """The leaves do not hash to the signed head: an export would vouch for a broken log."""


_LEAF_KEY = b',"leaf":'
_INDEX_KEY = b'{"type":"entry","leaf_index":'


def entry_line(
    index: int, tree_size: int, leaf: bytes, leaf_digest: bytes, path: list[bytes]
) -> bytes:
    """One export line. The canonical leaf is embedded as it is, last (it is JSON itself), so a
    verifier takes its exact bytes by slicing instead of parsing and re-serialising."""
    head = json.dumps(
        {
            "type": "entry",
            "leaf_index": index,
            "tree_size": tree_size,
            "leaf_hash": leaf_digest.hex(),
            "audit_path": [h.hex() for h in path],
        },
        separators=(",", ":"),
    ).encode()
    return head[:-1] + _LEAF_KEY + leaf + b"}"


def parse_entry_line(line: bytes) -> tuple[int, bytes]:
    """The leaf index and the exact canonical leaf bytes of an export line."""
    line = line.rstrip(b"\r\n")
    if not line.startswith(_INDEX_KEY) or not line.endswith(b"}"):
        raise ValueError("not an export entry line")
    comma = line.index(b",", len(_INDEX_KEY))
    start = line.index(_LEAF_KEY) + len(_LEAF_KEY)
    return int(line[len(_INDEX_KEY) : comma]), line[start:-1]


def export_lines(head: SignedTreeHead, public_key: str, leaves: Sequence[bytes]) -> Iterator[bytes]:
    """The JSON Lines of an export of ``leaves`` (the first ``head.tree_size`` of the log)."""
    if len(leaves) < head.tree_size:
        raise ExportRefused(f"{len(leaves)} leaves for a head of {head.tree_size}")
    leaves = leaves[: head.tree_size]
    tree = MemoryTree(leaf_hash(leaf) for leaf in leaves)
    if tree.root() != head.root_hash:
        raise ExportRefused("the leaves do not hash to the signed head's root")
    yield json.dumps({"type": "tree_head", **head.to_json(), "public_key": public_key}).encode()
    for index, leaf in enumerate(leaves):
        yield entry_line(index, head.tree_size, leaf, tree.leaf(index), tree.inclusion_proof(index))


def verify_line(line: bytes, head: SignedTreeHead) -> bool:
    """Does one exported entry prove its leaf under ``head`` (hash and inclusion proof)?"""
    index, leaf = parse_entry_line(line)
    path = [bytes.fromhex(h) for h in json.loads(line)["audit_path"]]
    return verify_inclusion(index, head.tree_size, leaf_hash(leaf), path, head.root_hash)


def read_export(path: Path) -> tuple[SignedTreeHead, str, list[SourceEntry]]:
    """The head, its public key (base64) and the entries of an export file."""
    head: SignedTreeHead | None = None
    public_key = ""
    entries: list[SourceEntry] = []
    with path.open("rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            if line.startswith(_INDEX_KEY):
                index, leaf = parse_entry_line(line)
                entries.append(SourceEntry(index, leaf))
                continue
            value = json.loads(line)
            if value.get("type") == "tree_head":
                head = SignedTreeHead.from_json(value)
                public_key = str(value.get("public_key", ""))
    if head is None:
        raise ValueError(f"{path} has no tree head line")
    return head, public_key, entries


def export_reference(path: Path, public_key: Ed25519PublicKey, log: str) -> Reference:
    """An export as a reference copy, once its head is the pinned key's and of ``log``, and its
    leaves hash to that head (ValueError otherwise)."""
    head, _, entries = read_export(path)
    if head.log != log or not head.verify(public_key):
        raise ValueError(f"the head of {path} is not signed by the pinned key of {log}")
    hashes = {entry.index: leaf_hash(entry.leaf or b"") for entry in entries}
    if sorted(hashes) != list(range(head.tree_size)):
        raise ValueError(f"{path} does not hold leaves 0 to {head.tree_size - 1} exactly")
    if root_of(hashes[i] for i in range(head.tree_size))[1] != head.root_hash:
        raise ValueError(f"the leaves of {path} do not hash to its signed head")
    return Reference("export", str(path), hashes, signed=head)
