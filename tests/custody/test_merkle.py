"""custody.merkle: RFC 6962 / 9162 hashes and proofs; every honest proof verifies, every altered one fails."""

import ast
import base64
import hashlib
import importlib.util
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custody import merkle
from custody.merkle import (
    EMPTY_ROOT,
    MemoryNodes,
    SkipLowLevels,
    TreeBuilder,
    consistency_proof,
    decode_proof,
    encode_proof,
    inclusion_proof,
    leaf_hash,
    range_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# --- known answers ---------------------------------------------------------------------------------
# The RFC 6962 test vectors (Certificate Transparency; as published in transparency-dev/merkle's tests,
# used here as data only): eight leaves, then MTH of the first n of them for n = 0..8.
RFC_LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
)]
RFC_ROOTS = [bytes.fromhex(h) for h in (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
)]
# (leaf index, tree size, proof), indexes from 0.
RFC_INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]
# (old size, new size, proof).
RFC_CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (8, 8, []),
]


def build(leaf_hashes, nodes=None) -> MemoryNodes:
    nodes = MemoryNodes() if nodes is None else nodes
    builder = TreeBuilder(nodes)
    for h in leaf_hashes:
        builder.append(h)
    return nodes


def test_rfc_6962_roots():
    leaves = [leaf_hash(d) for d in RFC_LEAVES]
    builder = TreeBuilder(MemoryNodes())
    assert builder.root() == EMPTY_ROOT == RFC_ROOTS[0]
    for n in range(1, 9):
        builder.append(leaves[n - 1])
        assert root(leaves[:n]) == RFC_ROOTS[n]
        assert builder.root() == RFC_ROOTS[n]
        assert range_hash(0, n, builder.nodes) == RFC_ROOTS[n]


@pytest.mark.parametrize(("index", "size", "proof"), RFC_INCLUSION)
def test_rfc_6962_inclusion_proofs(index, size, proof):
    nodes = build(leaf_hash(d) for d in RFC_LEAVES)
    assert [h.hex() for h in inclusion_proof(index, size, nodes)] == proof
    assert verify_inclusion(leaf_hash(RFC_LEAVES[index]), index, size, proof, RFC_ROOTS[size])


@pytest.mark.parametrize(("old", "new", "proof"), RFC_CONSISTENCY)
def test_rfc_6962_consistency_proofs(old, new, proof):
    nodes = build(leaf_hash(d) for d in RFC_LEAVES)
    assert [h.hex() for h in consistency_proof(old, new, nodes)] == proof
    assert verify_consistency(old, new, RFC_ROOTS[old], RFC_ROOTS[new], proof)


def bottom_up_root(entries: list[bytes]) -> bytes:
    """MTH written the other way round (pair up each level, carry an odd last node up): an independent check."""
    if not entries:
        return hashlib.sha256(b"").digest()
    level = [hashlib.sha256(b"\0" + e).digest() for e in entries]
    while len(level) > 1:
        paired = [hashlib.sha256(b"\1" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        level = paired + level[len(level) - len(level) % 2:]
    return level[0]


def test_roots_match_an_independent_definition_for_every_size_to_70():
    entries = [i.to_bytes(32, "big") for i in range(70)]
    builder = TreeBuilder(MemoryNodes())
    for n, entry in enumerate(entries, start=1):
        builder.append(leaf_hash(entry))
        expected = bottom_up_root(entries[:n])
        assert builder.root() == expected
        assert root([leaf_hash(e) for e in entries[:n]]) == expected


# --- a shared tree with distinct leaves (equal leaves can stand in for each other in a proof) ------------

MAX_LEAVES = 300
LEAVES = [leaf_hash(hashlib.sha256(i.to_bytes(8, "big")).digest()) for i in range(MAX_LEAVES)]


@cache
def tree() -> tuple[MemoryNodes, list[bytes]]:
    """The nodes of all MAX_LEAVES leaves and the root at every size 0..MAX_LEAVES (a checkpoint per size)."""
    nodes = MemoryNodes()
    builder = TreeBuilder(nodes)
    roots = [builder.root()]
    for h in LEAVES:
        builder.append(h)
        roots.append(builder.root())
    return nodes, roots


def test_builder_stores_each_perfect_subtree_once_and_fewer_than_2n_nodes():
    for n in (1, 2, 3, 255, 256, 257, 1000):
        nodes = build(leaf_hash(i.to_bytes(4, "big")) for i in range(n))
        assert len(nodes) == sum(n >> level for level in range(n.bit_length())) < 2 * n


def test_builder_resumes_on_a_stored_tree():
    nodes = MemoryNodes()
    first = TreeBuilder(nodes)
    for h in LEAVES[:77]:
        first.append(h)
    resumed = TreeBuilder(nodes, size=77)
    assert resumed.root() == first.root()
    for h in LEAVES[77:150]:
        assert resumed.append(h) == resumed.size - 1
    assert resumed.root() == root(LEAVES[:150])


def test_a_stored_node_cannot_change():
    nodes = build(LEAVES[:4])
    nodes.put(1, 0, nodes.get(1, 0))  # the same value again is harmless
    with pytest.raises(ValueError):
        nodes.put(1, 0, bytes(32))
    with pytest.raises(ValueError):
        nodes.put(0, 9, bytes(32))  # out of order
    with pytest.raises(KeyError):
        nodes.get(0, 4)


def test_range_hash_is_mth_of_any_range():
    nodes, _ = tree()
    for start in range(0, 40):
        for end in range(start, 40):
            assert range_hash(start, end, nodes) == root(LEAVES[start:end])


def test_skipping_low_levels_gives_the_same_proofs_from_fewer_nodes():
    full, _ = tree()
    inner = MemoryNodes()
    tiled = SkipLowLevels(inner, tile_height=3)
    build(LEAVES[:100], tiled)
    assert len(inner) == 100 + sum(100 >> level for level in range(3, 7))
    for size in (1, 7, 8, 9, 64, 100):
        for index in range(size):
            assert inclusion_proof(index, size, tiled) == inclusion_proof(index, size, full)
        for old in range(1, size + 1):
            assert consistency_proof(old, size, tiled) == consistency_proof(old, size, full)


# --- properties -------------------------------------------------------------------------------------

sizes = st.integers(1, MAX_LEAVES)


@st.composite
def leaf_in_tree(draw):
    size = draw(sizes)
    return draw(st.integers(0, size - 1)), size


@st.composite
def two_sizes(draw):
    new = draw(st.integers(2, MAX_LEAVES))
    return draw(st.integers(1, new - 1)), new


def flip(proof: list[bytes], element: int, position: int, mask: int) -> list[bytes]:
    changed = bytearray(proof[element])
    changed[position] ^= mask
    return [*proof[:element], bytes(changed), *proof[element + 1:]]


tweaks = st.tuples(st.integers(0, 10**6), st.integers(0, 31), st.integers(1, 255))


@settings(deadline=None)
@given(leaf_in_tree(), tweaks, st.data())
def test_every_inclusion_proof_verifies_and_no_altered_one_does(case, tweak, data):
    index, size = case
    nodes, roots = tree()
    proof = inclusion_proof(index, size, nodes)
    assert verify_inclusion(LEAVES[index], index, size, proof, roots[size])
    assert verify_inclusion(LEAVES[index].hex(), index, size, [p.hex() for p in proof], roots[size].hex())

    if proof:
        element, position, mask = tweak
        assert not verify_inclusion(LEAVES[index], index, size, flip(proof, element % len(proof), position, mask),
                                    roots[size])
        assert not verify_inclusion(LEAVES[index], index, size, proof[:-1], roots[size])
    if len(proof) > 1:
        i, j = data.draw(st.lists(st.integers(0, len(proof) - 1), min_size=2, max_size=2, unique=True))
        swapped = list(proof)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        assert not verify_inclusion(LEAVES[index], index, size, swapped, roots[size])
    assert not verify_inclusion(LEAVES[index], index, size, [*proof, roots[size]], roots[size])
    assert not verify_inclusion(LEAVES[index], index, size, [roots[size], *proof], roots[size])

    other_index = data.draw(st.integers(0, size + 2).filter(lambda i: i != index))
    assert not verify_inclusion(LEAVES[index], other_index, size, proof, roots[size])
    other_leaf = data.draw(st.integers(0, MAX_LEAVES - 1).filter(lambda i: i != index))
    assert not verify_inclusion(LEAVES[other_leaf], index, size, proof, roots[size])
    # Another tree size comes with its own checkpoint root: the proof must not fit that one.
    other_size = data.draw(st.integers(index + 1, MAX_LEAVES).filter(lambda s: s != size))
    assert not verify_inclusion(LEAVES[index], index, other_size, proof, roots[other_size])
    assert not verify_inclusion(LEAVES[index], index, size, proof, roots[other_size])


def test_the_size_is_bound_by_the_signed_root_not_by_the_inclusion_proof():
    # RFC 9162's check only rebuilds the root; leaf 0's proof in a tree of 3 also fits "size 4" with the
    # root of 3. Receipts must therefore carry (size, root) from one signed checkpoint, never separately.
    nodes, roots = tree()
    proof = inclusion_proof(0, 3, nodes)
    assert verify_inclusion(LEAVES[0], 0, 4, proof, roots[3])
    assert not verify_inclusion(LEAVES[0], 0, 4, proof, roots[4])


@settings(deadline=None)
@given(two_sizes(), tweaks, st.data())
def test_every_consistency_proof_verifies_and_no_altered_one_does(case, tweak, data):
    old, new = case
    nodes, roots = tree()
    proof = consistency_proof(old, new, nodes)
    assert verify_consistency(old, new, roots[old], roots[new], proof)
    assert verify_consistency(old, new, roots[old].hex(), roots[new].hex(), [p.hex() for p in proof])

    element, position, mask = tweak
    assert not verify_consistency(old, new, roots[old], roots[new], flip(proof, element % len(proof), position, mask))
    assert not verify_consistency(old, new, roots[old], roots[new], proof[:-1])
    assert not verify_consistency(old, new, roots[old], roots[new], [*proof, roots[new]])
    assert not verify_consistency(old, new, roots[old], roots[new], [proof[0], *proof])
    assert not verify_consistency(old, new, roots[new], roots[old], proof)
    assert not verify_consistency(old, new, roots[old], roots[old], proof)
    assert not verify_consistency(new, old, roots[new], roots[old], proof)
    if len(proof) > 1:
        i, j = data.draw(st.lists(st.integers(0, len(proof) - 1), min_size=2, max_size=2, unique=True))
        swapped = list(proof)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        assert not verify_consistency(old, new, roots[old], roots[new], swapped)
    # Other sizes, each with the root its checkpoint would carry.
    other_old = data.draw(st.integers(1, MAX_LEAVES).filter(lambda s: s != old))
    other_new = data.draw(st.integers(1, MAX_LEAVES).filter(lambda s: s != new))
    assert not verify_consistency(other_old, new, roots[other_old], roots[new], proof)
    assert not verify_consistency(old, other_new, roots[old], roots[other_new], proof)
    assert not verify_consistency(other_old, other_new, roots[other_old], roots[other_new], proof)


def test_equal_sizes_need_an_empty_proof_and_equal_roots_and_size_zero_proves_nothing():
    nodes, roots = tree()
    assert consistency_proof(5, 5, nodes) == []
    assert verify_consistency(5, 5, roots[5], roots[5], [])
    assert not verify_consistency(5, 5, roots[5], roots[6], [])
    assert not verify_consistency(5, 5, roots[5], roots[5], [roots[5]])
    assert not verify_consistency(0, 5, EMPTY_ROOT, roots[5], [])
    assert not verify_consistency(1, 2, roots[1], roots[2], [])  # RFC 9162 §2.1.4.2 step 1
    assert not verify_consistency(3, 5, roots[3], roots[5], [])  # ... also when step 2 prepends nothing
    with pytest.raises(ValueError):
        consistency_proof(0, 5, nodes)
    with pytest.raises(ValueError):
        consistency_proof(6, 5, nodes)
    with pytest.raises(ValueError):
        inclusion_proof(5, 5, nodes)


GOOD_HASH = bytes(range(32))
MALFORMED_HASHES = [None, b"", bytes(31), bytes(33), "", "00" * 31, "zz" * 32, "00" * 32 + " ", " " + "0" * 63,
                    "０" * 64, 12, 1.5, [GOOD_HASH], object()]
MALFORMED_PROOFS = [None, GOOD_HASH, GOOD_HASH.hex(), 5, {GOOD_HASH}, [None], [GOOD_HASH, b"short"], ["zz" * 32],
                    [[GOOD_HASH]], iter([GOOD_HASH])]
MALFORMED_COUNTS = [-1, None, "3", 3.0, True, 2**64 * 1j]


def test_malformed_inclusion_inputs_are_false_never_an_exception():
    nodes, roots = tree()
    proof = inclusion_proof(5, 8, nodes)
    assert verify_inclusion(LEAVES[5], 5, 8, proof, roots[8])
    for bad in MALFORMED_HASHES:
        assert verify_inclusion(bad, 5, 8, proof, roots[8]) is False
        assert verify_inclusion(LEAVES[5], 5, 8, proof, bad) is False
        assert verify_inclusion(LEAVES[5], 5, 8, [*proof[:1], bad, *proof[2:]], roots[8]) is False
    for bad in MALFORMED_PROOFS:
        assert verify_inclusion(LEAVES[5], 5, 8, bad, roots[8]) is False
    for bad in MALFORMED_COUNTS:
        assert verify_inclusion(LEAVES[5], bad, 8, proof, roots[8]) is False
        assert verify_inclusion(LEAVES[5], 5, bad, proof, roots[8]) is False
    for index, size in [(0, 0), (8, 8), (9, 8), (2**70, 8), (5, 2**70)]:
        assert verify_inclusion(LEAVES[5], index, size, proof, roots[8]) is False
    # In a one-leaf tree the leaf hash is the root: equal values of the wrong length still prove nothing.
    for bad in (b"", bytes(31), bytes(33), "00" * 31):
        assert verify_inclusion(bad, 0, 1, [], bad) is False


def test_malformed_consistency_inputs_are_false_never_an_exception():
    nodes, roots = tree()
    proof = consistency_proof(3, 8, nodes)
    assert verify_consistency(3, 8, roots[3], roots[8], proof)
    for bad in MALFORMED_HASHES:
        assert verify_consistency(3, 8, bad, roots[8], proof) is False
        assert verify_consistency(3, 8, roots[3], bad, proof) is False
        assert verify_consistency(3, 8, roots[3], roots[8], [bad, *proof[1:]]) is False
    for bad in MALFORMED_PROOFS:
        assert verify_consistency(3, 8, roots[3], roots[8], bad) is False
    for bad in MALFORMED_COUNTS:
        assert verify_consistency(bad, 8, roots[3], roots[8], proof) is False
        assert verify_consistency(3, bad, roots[3], roots[8], proof) is False
    for old, new in [(0, 0), (0, 8), (8, 3), (3, 2**70)]:
        assert verify_consistency(old, new, roots[3], roots[8], proof) is False
    for bad in (b"", bytes(31), bytes(33), "00" * 31):
        assert verify_consistency(4, 4, bad, bad, []) is False


junk = st.one_of(st.none(), st.integers(-(2**70), 2**70), st.binary(max_size=40), st.text(max_size=70),
                 st.lists(st.one_of(st.binary(min_size=31, max_size=33), st.text(max_size=66)), max_size=30))


@settings(deadline=None)
@given(junk, junk, junk, junk, junk)
def test_verifiers_answer_a_bool_to_junk(a, b, c, d, e):
    # Not always False: junk can happen to be a true statement, e.g. a one-leaf tree whose root is the leaf.
    assert verify_inclusion(a, b, c, d, e) in (True, False)
    assert verify_consistency(a, b, c, d, e) in (True, False)


hashes = st.one_of(st.binary(min_size=32, max_size=32), st.sampled_from(LEAVES[:20]),
                   st.integers(0, 20).map(lambda n: tree()[1][n]))


@settings(deadline=None)
@given(hashes, st.integers(-2, 20), st.integers(-2, 20), st.lists(hashes, max_size=8), hashes)
def test_verifiers_answer_a_bool_to_plausible_forgeries(a, b, c, proof, e):
    # Well-formed but random: real roots, small sizes, proofs of any length (including empty).
    assert verify_inclusion(a, b, c, proof, e) in (True, False)
    assert verify_consistency(b, c, a, e, proof) in (True, False)


# --- proof text -----------------------------------------------------------------------------------------

QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@given(st.sampled_from(["inclusion", "consistency"]), st.integers(0, 10**20 - 1), st.integers(0, 10**20 - 1),
       st.lists(st.binary(min_size=32, max_size=32), max_size=64))
def test_proof_text_round_trips_and_stays_in_the_qr_alphanumeric_set(kind, first, second, hashes):
    text = encode_proof(kind, first, second, hashes)
    assert set(text) <= QR_ALPHANUMERIC
    assert decode_proof(text) == (kind, first, second, tuple(hashes))
    assert encode_proof(*decode_proof(text)) == text


def test_proof_text_layout():
    assert encode_proof("inclusion", 5, 8, [bytes(32)]) == "INC1:5:8:" + "A" * 52
    assert encode_proof("consistency", 1, 1, []) == "CON1:1:1:"


class AnyNode:
    """A store that has every node: the proof's length and shape do not depend on the hashes."""

    def get(self, level: int, index: int) -> bytes:
        return bytes([level]) * 32

    def put(self, level: int, index: int, hash: bytes) -> None:
        raise AssertionError("proofs only read")


def test_an_inclusion_proof_in_a_5_million_event_ledger_fits_in_2_kb():
    size = 5_000_000
    longest = max(len(inclusion_proof(index, size, AnyNode())) for index in (0, 1_234_567, 4_194_303, size - 1))
    assert longest == 23  # ceil(log2(5,000,000))
    text = encode_proof("inclusion", 4_194_303, size, inclusion_proof(4_194_303, size, AnyNode()))
    assert len(text) == len("INC1:4194303:5000000:") + -(-23 * 32 * 8 // 5) <= 2048


@pytest.mark.parametrize("text", [
    "",
    "INC1:5:8:" + "a" * 52,               # lower case
    "INC1:5:8:" + "A" * 52 + "====",      # padding
    "INC1:05:8:" + "A" * 52,              # leading zero
    "INC1:-5:8:" + "A" * 52,
    "INC2:5:8:" + "A" * 52,               # unknown version
    "XYZ1:5:8:" + "A" * 52,
    "INC1:5:8:" + "A" * 51 + "B",         # non-zero spare bits: a second spelling of another proof
    "INC1:5:8:" + "A" * 51,               # impossible base32 length
    "INC1:5:8:" + "A" * 50,               # 31 bytes
    "INC1:5:8:" + "A" * 52 + "\n",
    "INC1:5:8:" + "A" * 52 + "1",         # not base32
    "INC1:5:" + "A" * 52,
    "INC1:1" + "0" * 20 + ":8:",          # more than 20 digits
    None,
    b"INC1:5:8:",
])
def test_anything_but_a_canonical_proof_text_is_rejected(text):
    with pytest.raises(ValueError):
        decode_proof(text)


def test_decoded_text_feeds_the_verifier():
    nodes, roots = tree()
    text = encode_proof("inclusion", 41, 300, inclusion_proof(41, 300, nodes))
    kind, index, size, proof = decode_proof(text)
    assert kind == "inclusion" and verify_inclusion(LEAVES[41], index, size, proof, roots[300])
    body = text.rsplit(":", 1)[1]
    raw = bytearray(base64.b32decode(body + "=" * (-len(body) % 8)))
    raw[40] ^= 1
    tampered = text[: -len(body)] + base64.b32encode(raw).decode().rstrip("=")
    assert not verify_inclusion(LEAVES[41], index, size, decode_proof(tampered).hashes, roots[300])


# --- standalone -----------------------------------------------------------------------------------------

MODULE = Path(merkle.__file__)


def test_the_module_imports_only_the_standard_library():
    imported = set()
    for node in ast.walk(ast.parse(MODULE.read_text())):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


def test_the_module_loads_by_path_outside_the_project(tmp_path):
    copy = tmp_path / "merkle_copy.py"
    copy.write_bytes(MODULE.read_bytes())
    spec = importlib.util.spec_from_file_location("merkle_copy", copy)
    standalone = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(standalone)
    proof = [bytes.fromhex(h) for h in RFC_INCLUSION[1][2]]
    assert standalone.verify_inclusion(standalone.leaf_hash(RFC_LEAVES[5]), 5, 8, proof, RFC_ROOTS[8])
