"""A head archive: one service's signed tree heads and leaf hashes, kept outside its database.

``kelisim audit head SERVICE --archive DIR`` appends to ``DIR/<service>.jsonl`` the hashes of the
leaves added since the last archived head (from the service's entries) and then the new signed
head. It appends only what verifies: the head is signed by the archive's key, and the root of
every archived leaf hash with the new ones is the head's root, so the new head extends the tree
archived before (RFC 9162 §2.1: nothing archived earlier has changed since). A refusal names
what differs.

``kelisim audit verify --reference DIR`` reads it back, checking every archived head again, and
uses it as a reference that does not come from the database being checked: the archived heads
are pinned heads, the hashes name the exact leaf that changed.

The file is JSON Lines::

    {"type": "archive", "log": "<service>", "public_key": "<base64>"}        the first line
    {"type": "leaf_hashes", "start": n, "hashes": ["<hex>", ...]}             up to 1000 a line
    {"type": "tree_head", <signed tree head>, "archived_at": <ms>}            after its hashes

Lines after the last head (an append that was cut short) are ignored, and dropped by the next
append.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ops.audit.verify import Reference, SourceEntry
from shared.audit.heads import SignedTreeHead, public_key_from_base64
from shared.audit.merkle import Hash, RootAccumulator, leaf_hash

HASHES_PER_LINE = 1000


class ArchiveError(ValueError):
    """The archive is damaged, or the log no longer extends it."""


def archive_path(directory: Path, log: str) -> Path:
    return Path(directory) / f"{log}.jsonl"


@dataclass
class HeadArchive:
    """An archive as read and checked (``load``)."""

    path: Path
    log: str
    public_key: str
    heads: list[SignedTreeHead] = field(default_factory=list)
    hashes: list[Hash] = field(default_factory=list)
    """Every archived leaf hash (empty when loaded without them)."""
    accumulator: RootAccumulator = field(default_factory=RootAccumulator)
    end: int = 0
    """The byte offset just after the last head line."""

    @property
    def size(self) -> int:
        return self.accumulator.size

    @classmethod
    def load(cls, path: Path, log: str, *, keep_hashes: bool = True) -> HeadArchive:
        """Read and check an archive: every head signed by its key, at the size and root of the
        hashes before it."""
        archive: HeadArchive | None = None
        pending: list[Hash] = []
        offset = 0
        with path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                offset += len(line)
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except ValueError:
                    if line.endswith(b"\n"):
                        raise ArchiveError(f"{path}:{number} is not JSON") from None
                    break  # a last line cut short
                try:
                    kind = value.get("type")
                    if archive is None:
                        archive = cls._header(path, log, value, number)
                        archive.end = offset
                    elif kind == "leaf_hashes":
                        if int(value["start"]) != archive.size + len(pending):
                            raise ArchiveError(f"{path}:{number}: leaf hashes out of order")
                        pending += [bytes.fromhex(h) for h in value["hashes"]]
                    elif kind == "tree_head":
                        head = SignedTreeHead.from_json(value)
                        archive._close(head, pending, keep_hashes, number)
                        pending = []
                        archive.end = offset
                    else:
                        raise ArchiveError(f"{path}:{number}: unknown line type {kind!r}")
                except ArchiveError:
                    raise
                except (AttributeError, KeyError, TypeError, ValueError) as exc:
                    raise ArchiveError(f"{path}:{number}: {exc}") from exc
        if archive is None:
            raise ArchiveError(f"{path} is empty")
        return archive

    @classmethod
    def _header(cls, path: Path, log: str, value: dict[str, Any], number: int) -> HeadArchive:
        if value.get("type") != "archive" or value.get("log") != log:
            raise ArchiveError(f"{path}:{number} does not start a head archive of {log}")
        key = str(value["public_key"])
        public_key_from_base64(key)
        return cls(path, log, key)

    def _close(
        self, head: SignedTreeHead, pending: list[Hash], keep_hashes: bool, number: int
    ) -> None:
        for h in pending:
            self.accumulator.append(h)
        if keep_hashes:
            self.hashes += pending
        where = f"{self.path}:{number}"
        if head.log != self.log or not head.verify(public_key_from_base64(self.public_key)):
            raise ArchiveError(f"{where}: the head is not signed by the archive's key")
        if head.tree_size != self.size or head.root_hash != self.accumulator.root():
            raise ArchiveError(f"{where}: the head of {head.tree_size} does not match its leaves")
        self.heads.append(head)

    def reference(self) -> Reference:
        return Reference(
            "archive",
            str(self.path),
            dict(enumerate(self.hashes)),
            signed=self.heads[-1] if self.heads else None,
        )


def _line(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode() + b"\n"


async def append_head(
    directory: Path,
    head: SignedTreeHead,
    public_key: str,
    entries: Callable[[int, int], AsyncIterable[SourceEntry]],
) -> tuple[Path, int]:
    """Append ``head`` and the hashes of the leaves it adds (``entries(start, end)``) to the
    archive of ``head.log`` in ``directory``; returns the file and how many leaves were added.
    Raises ``ArchiveError`` when the head does not extend the archived tree."""
    path = archive_path(directory, head.log)
    new = not path.exists()
    if not new:
        archive = HeadArchive.load(path, head.log, keep_hashes=False)
        if archive.public_key != public_key:
            raise ArchiveError(f"{path} holds heads signed by another key")
    else:
        archive = HeadArchive(path, head.log, public_key)
    if not head.verify(public_key_from_base64(public_key)):
        raise ArchiveError("the head's signature does not verify with the archive's key")
    if head.tree_size < archive.size:
        raise ArchiveError(
            f"the log's head has {head.tree_size} leaves, the archive {archive.size}: leaves"
            " archived earlier are gone from the log"
        )
    accumulator = archive.accumulator.copy()
    added: list[str] = []
    async for entry in entries(archive.size, head.tree_size):
        if entry.index != accumulator.size or entry.leaf is None:
            raise ArchiveError(f"the service has no leaf {accumulator.size}")
        digest = leaf_hash(entry.leaf)
        accumulator.append(digest)
        added.append(digest.hex())
    lines = [
        _line(
            {
                "type": "leaf_hashes",
                "start": archive.size + offset,
                "hashes": added[offset : offset + HASHES_PER_LINE],
            }
        )
        for offset in range(0, len(added), HASHES_PER_LINE)
    ]
    if accumulator.size != head.tree_size or accumulator.root() != head.root_hash:
        raise ArchiveError(
            f"the log's leaves do not extend the archived tree of {archive.size} to the head of"
            f" {head.tree_size}: leaves archived earlier were changed, or the leaves served do"
            " not hash to the signed head"
        )
    archived_at = int(time.time() * 1000)
    lines.append(_line({"type": "tree_head", **head.to_json(), "archived_at": archived_at}))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        if new:
            handle.write(_line({"type": "archive", "log": head.log, "public_key": public_key}))
        else:
            handle.truncate(archive.end)  # drops an append cut short after the last head
        handle.write(b"".join(lines))
        handle.flush()
        os.fsync(handle.fileno())
    return path, head.tree_size - archive.size
