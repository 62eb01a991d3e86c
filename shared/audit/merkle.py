"""Merkle tree hashing, proofs and their verification, as in RFC 9162 §2.1.

- ``leaf_hash(d) = SHA-256(0x00 ‖ d)``, ``node_hash(l, r) = SHA-256(0x01 ‖ l ‖ r)``; the hash
  of the empty tree is ``SHA-256("")`` (RFC 9162 §2.1.1).
- A tree of ``n`` leaves splits at ``k``, the largest power of two smaller than ``n``. Every
  left subtree is then *complete and aligned*: the ``2^level`` leaves ``[i·2^level, (i+1)·2^level)``
  — a "block" ``(level, i)``. A right subtree ``[a, b)`` decomposes into the blocks of the binary
  digits of ``b - a`` (largest first), and its hash is their right fold. So a store that keeps
  the hash of every complete block can answer any proof with O(log² n) lookups
  (``shared.audit.log`` keeps them in ``audit_nodes``).
- Proofs are generated in two steps: the *ranges* whose subtree hashes make up the proof
  (``inclusion_ranges``, ``consistency_ranges``: RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF),
  then their hashes from a ``BlockSource``. Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2
  to the letter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence

Hash = bytes
Range = tuple[int, int]
"""Leaves ``[start, end)``."""
Block = tuple[int, int]
"""A complete aligned subtree: ``(level, index)`` covers ``[index·2^level, (index+1)·2^level)``."""
BlockSource = Callable[[int, int], Hash]
"""The hash of block ``(level, index)``; level 0 is a leaf hash."""

_sha256 = hashlib.sha256
EMPTY_ROOT: Hash = _sha256(b"").digest()


def leaf_hash(data: bytes) -> Hash:
    """RFC 9162 §2.1.1: the hash of a leaf, SHA-256(0x00 ‖ data)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: Hash, right: Hash) -> Hash:
    """RFC 9162 §2.1.1: the hash of an interior node, SHA-256(0x01 ‖ left ‖ right)."""
    return _sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n`` ≥ 2)."""
    if n < 2:
        raise ValueError("a tree of fewer than two leaves does not split")
    return 1 << ((n - 1).bit_length() - 1)


def blocks_of(start: int, end: int) -> list[Block]:
    """The complete aligned blocks that make up a subtree ``[start, end)`` of an RFC 9162 tree.

    Valid for every range the proofs use: ``start`` is a multiple of the power of two at or
    above ``end - start``. Largest block first.
    """
    size = end - start
    if size <= 0:
        raise ValueError(f"empty range [{start}, {end})")
    blocks: list[Block] = []
    position = start
    for level in range(size.bit_length() - 1, -1, -1):
        width = 1 << level
        if size & width:
            if position % width:
                raise ValueError(f"[{start}, {end}) is not a subtree of an RFC 9162 tree")
            blocks.append((level, position >> level))
            position += width
    return blocks


def range_hash(start: int, end: int, block: BlockSource) -> Hash:
    """MTH(D[start:end]) from block hashes: the right fold of the range's blocks."""
    parts = [block(level, index) for level, index in blocks_of(start, end)]
    result = parts[-1]
    for part in reversed(parts[:-1]):
        result = node_hash(part, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The ranges of an inclusion proof of leaf ``index`` in a tree of ``size`` (PATH, §2.1.3.1),
    from the leaf's sibling up to the root's other child."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[Range] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = split_point(end - start)
        if m < k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def consistency_ranges(old_size: int, new_size: int) -> list[Range]:
    """The ranges of a consistency proof between trees of ``old_size`` and ``new_size``
    (SUBPROOF, §2.1.4.1), deepest first."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from {old_size} to {new_size}")
    proof: list[Range] = []
    start, end, m, whole = 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append((start + k, end))
            end = start + k
        else:
            proof.append((start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        proof.append((start, end))
    proof.reverse()
    return proof


def verify_inclusion(index: int, size: int, leaf: Hash, proof: Sequence[Hash], root: Hash) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` show leaf ``index`` with hash ``leaf`` under ``root``?"""
    if index >= size or index < 0:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: Hash, new_root: Hash, proof: Sequence[Hash]
) -> bool:
    """RFC 9162 §2.1.4.2: does ``proof`` show the tree ``(old_size, old_root)`` to be a prefix of
    ``(new_size, new_root)``?"""
    if old_size < 0 or old_size > new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof  # the empty tree is a prefix of every tree (an empty proof)
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the proof's start
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


def root_of(leaves: Iterable[Hash]) -> tuple[int, Hash]:
    """Size and root of the tree over ``leaves`` (leaf hashes), in O(log n) memory."""
    stack = RootAccumulator()
    for leaf in leaves:
        stack.append(leaf)
    return stack.size, stack.root()


class RootAccumulator:
    """The tree's frontier: the hashes of its complete blocks, one per set bit of its size.

    ``append`` is amortised one node hash per leaf; ``root`` folds the frontier right to left.
    """

    __slots__ = ("_frontier", "size")

    def __init__(self) -> None:
        self._frontier: list[Hash] = []
        self.size = 0

    def append(self, leaf: Hash) -> None:
        frontier = self._frontier
        size = self.size
        h = leaf
        while size & 1:
            h = node_hash(frontier.pop(), h)
            size >>= 1
        frontier.append(h)
        self.size += 1

    def copy(self) -> RootAccumulator:
        other = RootAccumulator()
        other._frontier = list(self._frontier)
        other.size = self.size
        return other

    def root(self) -> Hash:
        if not self._frontier:
            return EMPTY_ROOT
        parts = self._frontier
        result = parts[-1]
        for part in reversed(parts[:-1]):
            result = node_hash(part, result)
        return result


def frontier_blocks(size: int) -> list[Block]:
    """The complete blocks of a tree of ``size`` that a tree growing from it still needs:
    one per set bit of ``size`` (the last complete block of that level)."""
    return [
        (level, (size >> level) - 1)
        for level in range(size.bit_length() - 1, -1, -1)
        if size >> level & 1
    ]


def new_blocks(
    old_size: int, leaves: Sequence[Hash], frontier: dict[Block, Hash]
) -> Iterator[tuple[Block, Hash]]:
    """The blocks of level ≥ 1 completed by appending ``leaves`` to a tree of ``old_size``.

    ``frontier`` holds the old tree's ``frontier_blocks`` (their hashes). Level by level, a new
    block's children are new themselves, or its left child is the old frontier's block.
    """
    known: dict[Block, Hash] = dict(frontier)
    for offset, leaf in enumerate(leaves):
        known[(0, old_size + offset)] = leaf
    new_size = old_size + len(leaves)
    level = 1
    while (1 << level) <= new_size:
        first = old_size >> level  # the first block of this level not complete before
        last = new_size >> level  # one past the last complete block now
        for index in range(first, last):
            left = known[(level - 1, 2 * index)]
            right = known[(level - 1, 2 * index + 1)]
            h = node_hash(left, right)
            known[(level, index)] = h
            yield (level, index), h
        level += 1


class MemoryTree:
    """A whole tree in memory: every complete block's hash, 32 bytes each in one bytearray per
    level (about 64 bytes a leaf). For the bench, the CLI and tests."""

    def __init__(self, leaves: Iterable[Hash] = ()) -> None:
        self.levels: list[bytearray] = [bytearray()]
        self.size = 0
        self.extend(leaves)

    def extend(self, leaves: Iterable[Hash]) -> None:
        levels = self.levels
        for leaf in leaves:
            levels[0] += leaf
            self.size += 1
            index, level = self.size - 1, 0
            while index & 1:  # a right child completes its parent
                row = levels[level]
                offset = (index - 1) * 32
                h = node_hash(
                    bytes(row[offset : offset + 32]), bytes(row[offset + 32 : offset + 64])
                )
                level += 1
                index >>= 1
                if len(levels) == level:
                    levels.append(bytearray())
                levels[level] += h

    def block(self, level: int, index: int) -> Hash:
        row = self.levels[level]
        if (index + 1) * 32 > len(row):
            raise IndexError(f"block ({level}, {index}) is not complete in a tree of {self.size}")
        return bytes(row[index * 32 : index * 32 + 32])

    def leaf(self, index: int) -> Hash:
        return self.block(0, index)

    def root(self, size: int | None = None) -> Hash:
        size = self.size if size is None else size
        if size == 0:
            return EMPTY_ROOT
        return range_hash(0, size, self.block)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[Hash]:
        size = self.size if size is None else size
        return [range_hash(a, b, self.block) for a, b in inclusion_ranges(index, size)]

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[Hash]:
        new_size = self.size if new_size is None else new_size
        if old_size in (0, new_size):
            return []
        return [range_hash(a, b, self.block) for a, b in consistency_ranges(old_size, new_size)]
