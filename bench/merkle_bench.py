"""Merkle tree benchmark (custody/merkle.py): build rate, proof sizes, proof and verification times.

    python bench/merkle_bench.py                           # 5,000,000 leaves
    BENCH_MERKLE_LEAVES=100000 python bench/merkle_bench.py

No database: random 32-byte leaves stand in for the events' chain hashes. Each one is leaf-hashed and
appended to a MemoryNodes store (the build rate counts both). Then one event's inclusion proof and the
consistency proof from 4/5 of the size to the full size are made, encoded as QR text and verified;
times are medians of 1,000 runs. Peak memory is this process's maximum RSS (the store is ~64 bytes a leaf).
"""

import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custody import merkle  # noqa: E402

LEAVES = int(os.environ.get("BENCH_MERKLE_LEAVES", "5000000"))
OLD_SIZE = LEAVES * 4 // 5
EVENT_INDEX = min(1_234_567, LEAVES - 1)  # seq 1,234,568: in the left 2**22 half, so a longest proof
RUNS = 1000
CHUNK = 1 << 16  # leaves drawn from os.urandom at a time: bounded memory, few system calls


def figure(name: str, value, unit: str = "") -> None:
    """The line format of bench/_common.figure, without importing _common (which starts Django)."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, float):
        value = f"{value:,.1f}" if value >= 100 else f"{value:,.3g}"
    elif isinstance(value, int):
        value = f"{value:,}"
    print(f"  {name}: {value} {unit}".rstrip(), flush=True)


def median_us(function) -> float:
    function()  # warm-up
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def append_random(builder: merkle.TreeBuilder, count: int) -> None:
    leaf_hash, append = merkle.leaf_hash, builder.append
    while count > 0:
        n = min(CHUNK, count)
        block = os.urandom(32 * n)
        for offset in range(0, 32 * n, 32):
            append(leaf_hash(block[offset:offset + 32]))
        count -= n


def qr_version(text: str) -> int:
    import qrcode  # a project dependency (labels); only this figure needs it

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return code.version


def main() -> int:
    print(f"merkle_bench: {LEAVES:,} random leaves in MemoryNodes")
    nodes = merkle.MemoryNodes()
    builder = merkle.TreeBuilder(nodes)
    started = time.perf_counter()
    append_random(builder, OLD_SIZE)
    old_root = builder.root()
    append_random(builder, LEAVES - OLD_SIZE)
    new_root = builder.root()
    elapsed = time.perf_counter() - started
    figure("build time (leaf hash + append)", elapsed, "s")
    figure("build rate", LEAVES / elapsed, "leaves/s")
    figure("stored nodes (< 2n)", len(nodes))
    figure("peak memory (max RSS)", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "MiB")

    leaf = nodes.get(0, EVENT_INDEX)
    proof = merkle.inclusion_proof(EVENT_INDEX, LEAVES, nodes)
    text = merkle.encode_proof("inclusion", EVENT_INDEX, LEAVES, proof)
    ok = merkle.verify_inclusion(leaf, EVENT_INDEX, LEAVES, proof, new_root)
    figure(f"inclusion proof of leaf {EVENT_INDEX:,}: hashes", len(proof))
    figure("inclusion proof size, raw", 32 * len(proof), "bytes")
    figure("inclusion proof size, encoded (QR text)", len(text), "bytes")
    figure("inclusion proof QR code version (error correction M)", qr_version(text))
    figure("inclusion proof verifies", ok)
    figure("inclusion proof, make (median)", median_us(lambda: merkle.inclusion_proof(EVENT_INDEX, LEAVES, nodes)),
           "µs")
    figure("inclusion proof, verify (median)",
           median_us(lambda: merkle.verify_inclusion(leaf, EVENT_INDEX, LEAVES, proof, new_root)), "µs")
    figure("inclusion proof, decode + verify (median)",
           median_us(lambda: merkle.verify_inclusion(leaf, *merkle.decode_proof(text)[1:], new_root)), "µs")

    consistency = merkle.consistency_proof(OLD_SIZE, LEAVES, nodes)
    consistent = merkle.verify_consistency(OLD_SIZE, LEAVES, old_root, new_root, consistency)
    figure(f"consistency proof {OLD_SIZE:,} -> {LEAVES:,}: hashes", len(consistency))
    figure("consistency proof size, raw", 32 * len(consistency), "bytes")
    figure("consistency proof size, encoded",
           len(merkle.encode_proof("consistency", OLD_SIZE, LEAVES, consistency)), "bytes")
    figure("consistency proof verifies", consistent)
    figure("consistency proof, make (median)",
           median_us(lambda: merkle.consistency_proof(OLD_SIZE, LEAVES, nodes)), "µs")
    figure("consistency proof, verify (median)",
           median_us(lambda: merkle.verify_consistency(OLD_SIZE, LEAVES, old_root, new_root, consistency)), "µs")
    return 0 if ok and consistent else 1


if __name__ == "__main__":
    sys.exit(main())
