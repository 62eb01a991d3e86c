"""RFC 9162 Merkle trees: hand-computed small trees, proofs of every size up to 70 (hypothesis),
tampered proofs refused, the store's incremental blocks equal to a whole tree's."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.audit.merkle import (
    EMPTY_ROOT,
    MemoryTree,
    blocks_of,
    consistency_ranges,
    frontier_blocks,
    inclusion_ranges,
    leaf_hash,
    new_blocks,
    node_hash,
    range_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


# Seven leaves d0..d6, as in the figures of RFC 9162 §2.1.5.
D = [f"d{i}".encode() for i in range(7)]
L = [sha(b"\x00" + d) for d in D]
A = sha(b"\x01" + L[0] + L[1])
B = sha(b"\x01" + L[2] + L[3])
C = sha(b"\x01" + L[4] + L[5])
G = sha(b"\x01" + A + B)
H7 = sha(b"\x01" + C + L[6])
ROOT7 = sha(b"\x01" + G + H7)


def test_hashes_are_domain_separated_as_rfc_9162_says() -> None:
    assert sha(b"") == EMPTY_ROOT
    assert leaf_hash(b"d0") == L[0]
    assert node_hash(L[0], L[1]) == A
    assert leaf_hash(b"") != EMPTY_ROOT


def test_the_seven_leaf_tree_by_hand() -> None:
    tree = MemoryTree(L)
    assert tree.root() == ROOT7 == root_of(L)[1]
    assert tree.root(1) == L[0]
    assert tree.root(4) == G
    assert tree.root(6) == sha(b"\x01" + G + C)


def test_the_figures_proofs_by_hand() -> None:
    tree = MemoryTree(L)
    # RFC 9162 §2.1.5: the inclusion proof of d0 is [b, h, l] (L1, B, H7 here).
    assert tree.inclusion_proof(0) == [L[1], B, H7]
    # of d3 [c, g, l]: L2, A, H7
    assert tree.inclusion_proof(3) == [L[2], A, H7]
    # of d4 [f, j, k]: L5, L6, G
    assert tree.inclusion_proof(4) == [L[5], L[6], G]
    # of d6 [i, k]: C, G
    assert tree.inclusion_proof(6) == [C, G]
    # consistency 3 -> 7: [c, d, g, l]
    assert tree.consistency_proof(3) == [L[2], L[3], A, H7]
    # 4 -> 7: [l]
    assert tree.consistency_proof(4) == [H7]
    # 6 -> 7: [i, j, k]: C, L6, G
    assert tree.consistency_proof(6) == [C, L[6], G]
    for m, proof in ((3, [L[2], L[3], A, H7]), (4, [H7]), (6, [C, L[6], G])):
        assert verify_consistency(m, 7, tree.root(m), ROOT7, proof)
    assert verify_inclusion(3, 7, L[3], [L[2], A, H7], ROOT7)


def test_ranges_decompose_into_aligned_blocks() -> None:
    assert blocks_of(0, 7) == [(2, 0), (1, 2), (0, 6)]
    assert blocks_of(4, 7) == [(1, 2), (0, 6)]
    assert frontier_blocks(6) == [(2, 0), (1, 2)]
    assert inclusion_ranges(4, 7) == [(5, 6), (6, 7), (0, 4)]
    assert consistency_ranges(3, 7) == [(2, 3), (3, 4), (0, 2), (4, 7)]


def _mth(leaves: list[bytes]) -> bytes:
    """MTH straight from the definition (RFC 9162 §2.1.1), recursive."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=70).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n - 1))
    )
)
def test_inclusion_proofs_of_every_size_verify(case: tuple[int, int]) -> None:
    n, m = case
    leaves = _leaves(n)
    tree = MemoryTree(leaves)
    root = _mth(leaves)
    assert tree.root() == root
    proof = tree.inclusion_proof(m)
    assert verify_inclusion(m, n, leaves[m], proof, root)
    assert not verify_inclusion(m, n, leaf_hash(b"other"), proof, root)
    if proof:
        bent = [*proof[:-1], leaf_hash(b"x")]
        assert not verify_inclusion(m, n, leaves[m], bent, root)
        assert not verify_inclusion(m, n, leaves[m], proof[:-1], root)
    assert not verify_inclusion(m, n, leaves[m], [*proof, root], root)
    if n > 1:
        other = (m + 1) % n
        assert not verify_inclusion(other, n, leaves[m], proof, root) or leaves[m] == leaves[other]
    assert not verify_inclusion(n, n, leaves[m], proof, root)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=70).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n))
    )
)
def test_consistency_proofs_of_every_size_verify(case: tuple[int, int]) -> None:
    m, n = case
    leaves = _leaves(n)
    tree = MemoryTree(leaves)
    old, new = _mth(leaves[:m]), _mth(leaves)
    proof = tree.consistency_proof(m)
    assert verify_consistency(m, n, old, new, proof)
    if 0 < m < n:
        assert not verify_consistency(m, n, leaf_hash(b"forged"), new, proof)
        assert not verify_consistency(m, n, old, leaf_hash(b"forged"), proof)
        bent = [*proof[:-1], leaf_hash(b"x")]
        assert not verify_consistency(m, n, old, new, bent)
        assert not verify_consistency(m, n, old, new, proof[:-1])
        # a log that rewrote one old leaf is not consistent with the old head
        rewritten = [leaf_hash(b"rewritten"), *leaves[1:]]
        forged = MemoryTree(rewritten)
        assert not verify_consistency(m, n, old, forged.root(), forged.consistency_proof(m))
    assert not verify_consistency(n + 1, n, old, new, proof)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=10))
def test_blocks_built_batch_by_batch_equal_a_whole_tree(batches: list[int]) -> None:
    """What the tree builder stores, batch by batch, is every block of the whole tree."""
    stored: dict[tuple[int, int], bytes] = {}
    size = 0
    for count in batches:
        leaves = _leaves(size + count)[size:]
        frontier = {b: stored[b] if b[0] else _leaves(size)[b[1]] for b in frontier_blocks(size)}
        for index, leaf in enumerate(leaves):
            stored[(0, size + index)] = leaf
        stored.update(dict(new_blocks(size, leaves, frontier)))
        size += count
    whole = MemoryTree(_leaves(size))
    for level, row in enumerate(whole.levels):
        for index in range(len(row) // 32):
            assert stored[(level, index)] == whole.block(level, index)
    assert len(stored) == sum(len(row) // 32 for row in whole.levels)
    assert range_hash(0, size, lambda level, index: stored[(level, index)]) == whole.root()
