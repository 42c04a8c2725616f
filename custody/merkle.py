"""Merkle trees over the custody ledger, as in RFC 9162 §2.1 (the same hashing as RFC 6962).

Standard library only, no Django: this file is meant to be copied verbatim next to an offline
verifier (or loaded by path), so it must not import anything from the project.

Hashing (RFC 9162 §2.1.1)
    leaf hash  = SHA-256(0x00 || leaf bytes)   -- for a ledger event, the 32 raw bytes of its chain hash:
                 ``leaf_hash(bytes.fromhex(event.hash))``; event seq s is leaf index s - 1.
    node hash  = SHA-256(0x01 || left || right)
    MTH({})    = SHA-256("")                   -- the empty tree
    MTH(D[n])  = node hash of MTH(D[0:k]) and MTH(D[k:n]), k the largest power of two < n.
The prefixes keep a leaf from ever passing for an interior node (second-preimage attacks).

Node store interface
    Proofs and the builder read and write hashes of PERFECT subtrees only. The node at (level, index)
    covers leaves [index * 2**level, (index + 1) * 2**level); level 0 holds the leaf hashes. A store is
    any object with two methods:

        get(level: int, index: int) -> bytes       # the 32-byte hash; raise KeyError if not stored
        put(level: int, index: int, hash: bytes)   # called by TreeBuilder, in index order per level

    Nodes never change once written (the ledger is append-only), so a store may refuse to overwrite
    a node with a different value. Subtrees on the right edge of a tree whose size is not a power of
    two are never stored: ``range_hash`` composes them from perfect ones (O(log n) reads).
    ``MemoryNodes`` implements this in memory; ``SkipLowLevels`` wraps a store so that only levels 0
    and >= 8 (tiles of 256 leaves) are kept and the levels in between are recomputed from leaves.

Public API
    leaf_hash, node_hash, EMPTY_ROOT, root (reference MTH over a list of leaf hashes)
    MemoryNodes, SkipLowLevels, TreeBuilder (append(leaf_hash), root(), size)
    range_hash, inclusion_proof, consistency_proof             -- from a node store
    verify_inclusion, verify_consistency                       -- RFC 9162 §2.1.3.2 / §2.1.4.2, return bool
    Proof, encode_proof, decode_proof                          -- short ASCII text for a QR code

Proof text (``encode_proof``): ``<TAG>1:<first>:<second>:<BASE32>`` where TAG is INC (first = leaf index,
second = tree size) or CON (first = old size, second = new size), the numbers are decimal without
leading zeros and BASE32 is RFC 4648 base32 of the concatenated 32-byte hashes, upper case, without
padding. Every character is in the QR code alphanumeric set (5.5 bits a character instead of 8),
and the text is canonical: one proof has exactly one encoding, anything else is rejected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from typing import NamedTuple, Protocol

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256


class NodeStore(Protocol):
    def get(self, level: int, index: int) -> bytes: ...

    def put(self, level: int, index: int, hash: bytes) -> None: ...


def leaf_hash(data: bytes) -> bytes:
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2): where RFC 9162 splits D[n]."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over a list of leaf hashes, straight from the RFC's recursive definition (a reference)."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return bytes(leaf_hashes[0])
    k = _split(n)
    return node_hash(root(leaf_hashes[:k]), root(leaf_hashes[k:]))


# --- node stores --------------------------------------------------------------------------------


class MemoryNodes:
    """All perfect-subtree hashes in memory, one bytearray per level (32 bytes a node, no per-node objects).

    A tree of n leaves holds n + n/2 + n/4 + ... < 2n nodes: about 320 MB for 5,000,000 leaves.
    """

    def __init__(self) -> None:
        self._levels: list[bytearray] = []

    def get(self, level: int, index: int) -> bytes:
        if 0 <= level < len(self._levels) and index >= 0:
            row = self._levels[level]
            start = index * HASH_SIZE
            if start + HASH_SIZE <= len(row):
                return bytes(row[start:start + HASH_SIZE])
        raise KeyError((level, index))

    def put(self, level: int, index: int, hash: bytes) -> None:
        if len(hash) != HASH_SIZE:
            raise ValueError(f"a node hash is {HASH_SIZE} bytes, not {len(hash)}")
        while len(self._levels) <= level:
            self._levels.append(bytearray())
        row = self._levels[level]
        start = index * HASH_SIZE
        if start == len(row):
            row += hash
        elif 0 <= start < len(row):
            # Writing a node twice is harmless; changing one means a rewritten ledger or a bug.
            if row[start:start + HASH_SIZE] != hash:
                raise ValueError(f"node ({level}, {index}) is already stored with another hash")
        else:
            raise ValueError(f"node ({level}, {index}) put out of order: level {level} has {len(row) // HASH_SIZE}")

    def __len__(self) -> int:
        return sum(len(row) for row in self._levels) // HASH_SIZE


class SkipLowLevels:
    """Keeps levels 0 and >= tile_height of another store; levels in between are recomputed from leaves.

    With tile_height 8 a database holds n leaves plus n/256 + n/512 + ... nodes (~1.008 n instead of 2n);
    a proof then recomputes at most one subtree per skipped level: < 2**tile_height leaf reads and hashes.
    """

    def __init__(self, store: NodeStore, tile_height: int = 8) -> None:
        if tile_height < 1:
            raise ValueError("tile_height must be at least 1")
        self.store = store
        self.tile_height = tile_height

    def get(self, level: int, index: int) -> bytes:
        if level == 0 or level >= self.tile_height:
            return self.store.get(level, index)
        if level < 0 or index < 0:
            raise KeyError((level, index))
        first = index << level
        row = [self.store.get(0, first + offset) for offset in range(1 << level)]
        while len(row) > 1:
            row = [node_hash(row[i], row[i + 1]) for i in range(0, len(row), 2)]
        return row[0]

    def put(self, level: int, index: int, hash: bytes) -> None:
        if level == 0 or level >= self.tile_height:
            self.store.put(level, index, hash)


class TreeBuilder:
    """Appends leaf hashes to a store, writing every perfect subtree as soon as it is complete.

    The builder keeps the "frontier" -- for each set bit of the size, the perfect subtree waiting for a
    right sibling -- so appending reads nothing from the store and does amortised O(1) hashing (one
    node a leaf on average); ``root()`` folds the frontier without any store reads.
    Resuming on a store that already holds ``size`` leaves reads the frontier back (O(log n) gets).
    """

    def __init__(self, nodes: NodeStore, size: int = 0) -> None:
        if size < 0:
            raise ValueError("size must not be negative")
        self.nodes = nodes
        self.size = size
        self._frontier: list[bytes | None] = [
            nodes.get(level, (size >> level) - 1) if size >> level & 1 else None for level in range(size.bit_length())
        ]

    def append(self, leaf_hash: bytes) -> int:
        """Adds one leaf hash; returns its index (= the event's seq - 1)."""
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError(f"a leaf hash is {HASH_SIZE} bytes, not {len(leaf_hash)}")
        index = self.size
        self.nodes.put(0, index, leaf_hash)
        node, level, position = leaf_hash, 0, index
        frontier = self._frontier
        while position & 1:  # a right child: its left sibling is waiting on the frontier
            node = _sha256(b"\x01" + frontier[level] + node).digest()
            frontier[level] = None
            level += 1
            position >>= 1
            self.nodes.put(level, position, node)
        if level == len(frontier):
            frontier.append(node)
        else:
            frontier[level] = node
        self.size = index + 1
        return index

    def root(self) -> bytes:
        """MTH of all leaves so far: the frontier's subtrees, joined from the smallest (rightmost) up."""
        result: bytes | None = None
        for node in self._frontier:
            if node is not None:
                result = node if result is None else node_hash(node, result)
        return EMPTY_ROOT if result is None else result


# --- proofs -------------------------------------------------------------------------------------


def range_hash(start: int, end: int, nodes: NodeStore) -> bytes:
    """MTH(D[start:end]).

    Every subtree an RFC proof needs starts at a multiple of a power of two >= its length; such a range
    costs O(log n) store reads. Any other range is still computed correctly, by recursing to smaller
    aligned pieces (up to one read per leaf).
    """
    if not 0 <= start <= end:
        raise ValueError(f"bad range [{start}, {end})")
    n = end - start
    if n == 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0 and start % n == 0:
        return nodes.get(n.bit_length() - 1, start // n)
    k = _split(n)
    return node_hash(range_hash(start, start + k, nodes), range_hash(start + k, end, nodes))


def inclusion_proof(index: int, size: int, nodes: NodeStore) -> list[bytes]:
    """PATH(index, D[size]) (RFC 9162 §2.1.3.1), ordered from the leaf's sibling up to the root's child."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    siblings = []  # collected from the root down, then reversed
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            siblings.append(range_hash(start + k, end, nodes))
            end = start + k
        else:
            siblings.append(range_hash(start, start + k, nodes))
            start += k
    siblings.reverse()
    return siblings


def consistency_proof(old_size: int, new_size: int, nodes: NodeStore) -> list[bytes]:
    """PROOF(old_size, D[new_size]) (RFC 9162 §2.1.4.1); empty when the sizes are equal."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    collected = []  # SUBPROOF appends after recursing, so collecting root-down and reversing gives its order
    start, end, m, complete = 0, new_size, old_size, True
    while True:
        n = end - start
        if m == n:
            if not complete:  # the old tree's root is not known to the verifier's walk: include it
                collected.append(range_hash(start, end, nodes))
            break
        k = _split(n)
        if m <= k:
            collected.append(range_hash(start + k, end, nodes))
            end = start + k
        else:
            collected.append(range_hash(start, start + k, nodes))
            start += k
            m -= k
            complete = False
    collected.reverse()
    return collected


# --- verification (never raises: anything malformed is simply not a valid proof) ---------------------


def _as_hash(value: object) -> bytes | None:
    """32 bytes from bytes or 64 hex digits; None for anything else."""
    if isinstance(value, bytes | bytearray | memoryview):
        value = bytes(value)
        return value if len(value) == HASH_SIZE else None
    if isinstance(value, str) and len(value) == 2 * HASH_SIZE and all(c in "0123456789abcdefABCDEF" for c in value):
        return bytes.fromhex(value)
    return None


def _as_path(proof: object) -> list[bytes] | None:
    if not isinstance(proof, list | tuple):
        return None
    path = [_as_hash(p) for p in proof]
    return None if any(p is None for p in path) else path  # type: ignore[return-value]


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def verify_inclusion(leaf_hash: object, index: object, size: object, proof: object, root: object) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` show the leaf hash at ``index`` in the tree ``(size, root)``?

    Hashes may be bytes or hex strings. Note that the proof binds the size only through the root: the
    (size, root) pair must come from one signed checkpoint.
    """
    leaf, tree_root, path = _as_hash(leaf_hash), _as_hash(root), _as_path(proof)
    if leaf is None or tree_root is None or path is None or not _is_count(index) or not _is_count(size):
        return False
    if index >= size:  # step 1 (also rejects size 0)
        return False
    fn, sn, r = index, size - 1, leaf  # steps 2, 3
    for p in path:  # step 4
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == tree_root  # step 5


def verify_consistency(old_size: object, new_size: object, old_root: object, new_root: object, proof: object) -> bool:
    """RFC 9162 §2.1.4.2: is the tree ``(new_size, new_root)`` an append-only extension of ``(old_size, old_root)``?

    The RFC defines the check for 0 < old_size < new_size. Equal sizes are accepted with an empty proof
    and equal roots (what ``consistency_proof`` gives); old_size 0 is refused -- a witness's first
    checkpoint has nothing to be consistent with.
    """
    first_hash, second_hash, path = _as_hash(old_root), _as_hash(new_root), _as_path(proof)
    if first_hash is None or second_hash is None or path is None or not _is_count(old_size) or not _is_count(new_size):
        return False
    first, second = old_size, new_size
    if not 0 < first <= second:
        return False
    if first == second:
        return not path and first_hash == second_hash
    if not path:  # step 1
        return False
    if first & (first - 1) == 0:  # step 2: the old root is itself a node of the new tree
        path = [first_hash, *path]
    fn, sn = first - 1, second - 1  # step 3
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0  # step 7


# --- proof text for QR codes ---------------------------------------------------------------------------


class Proof(NamedTuple):
    """A decoded proof: for "inclusion" first/second are leaf index/tree size, for "consistency" old/new size."""

    kind: str
    first: int
    second: int
    hashes: tuple[bytes, ...]


_TAGS = {"inclusion": "INC", "consistency": "CON"}
_KINDS = {tag: kind for kind, tag in _TAGS.items()}
_VERSION = "1"
_NUMBER = r"(0|[1-9][0-9]{0,19})"  # up to 20 digits: a 64-bit size, no leading zeros
_TEXT = re.compile(rf"(INC|CON){_VERSION}:{_NUMBER}:{_NUMBER}:([A-Z2-7]*)")


def encode_proof(kind: str, first: int, second: int, hashes: Sequence[bytes]) -> str:
    """``encode_proof("inclusion", index, size, proof)`` or ``encode_proof("consistency", old, new, proof)``."""
    if kind not in _TAGS:
        raise ValueError(f"kind is 'inclusion' or 'consistency', not {kind!r}")
    if not (_is_count(first) and _is_count(second)) or max(first, second) >= 10**20:
        raise ValueError("first and second are non-negative integers below 10**20")
    if any(len(h) != HASH_SIZE for h in hashes):
        raise ValueError(f"every hash is {HASH_SIZE} bytes")
    body = base64.b32encode(b"".join(hashes)).decode("ascii").rstrip("=")
    return f"{_TAGS[kind]}{_VERSION}:{first}:{second}:{body}"


def decode_proof(text: str) -> Proof:
    """The inverse of ``encode_proof``; raises ValueError for anything it would not have produced."""
    match = _TEXT.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError("not a proof text")
    tag, first, second, body = match.groups()
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except binascii.Error as error:
        raise ValueError(f"bad base32: {error}") from None
    # Re-encoding catches impossible lengths and non-zero spare bits: one proof, one text.
    if len(raw) % HASH_SIZE or base64.b32encode(raw).decode("ascii").rstrip("=") != body:
        raise ValueError("the base32 body is not a whole number of hashes in canonical form")
    hashes = tuple(raw[i:i + HASH_SIZE] for i in range(0, len(raw), HASH_SIZE))
    return Proof(_KINDS[tag], int(first), int(second), hashes)
