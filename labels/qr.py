"""QR matrices computed once, stored as bytes, drawn as one vector path.

``qrcode``'s ``make(fit=True)`` builds the symbol nine times (eight trial masks plus the final one)
and scores each trial in pure Python; that is most of the cost of a label. Here the symbol is built
once with mask 0 by ``qrcode`` (which does the data encoding and Reed-Solomon coding), the mask is
taken off again, and the eight candidate masks are applied and scored on whole rows held as Python
integers and strings. The result is module-for-module what ``qrcode`` produces for the chosen mask
(the tests check this for every mask), at a fraction of the cost.

A ``QrMatrix`` also carries a digest of the payload and error correction level it was made for, so a
stored matrix that no longer matches its label's payload is noticed instead of printed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

import qrcode
from qrcode import constants
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, MODE_NUMBER, QRData, mask_func

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

ERROR_CORRECTION_LEVELS = {
    "L": constants.ERROR_CORRECT_L,
    "M": constants.ERROR_CORRECT_M,
    "Q": constants.ERROR_CORRECT_Q,
    "H": constants.ERROR_CORRECT_H,
}
QUIET_ZONE_MODULES = 4
_SERIAL_FORMAT = 1
_DIGEST_BYTES = 8
_HEADER_BYTES = 3 + _DIGEST_BYTES

_MODE_NAMES = {MODE_NUMBER: "numeric", MODE_ALPHA_NUM: "alphanumeric", MODE_8BIT_BYTE: "byte"}

# ISO/IEC 18004 mask penalty rules 1 and 3, applied to all lines of a symbol joined by ','.
# Neither finder-like pattern can overlap itself, so str.count finds every occurrence.
_SAME_COLOUR_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = ("00001011101", "10111010000")


class QrError(ValueError):
    """A QR request that cannot be met. ``reason``: ``bad_ec_level``, ``bad_matrix_bytes``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class QrMatrix:
    """A finished QR symbol without quiet zone: ``size``×``size`` modules, True = dark.

    ``rows`` holds one integer per row, the leftmost module in the highest bit.
    """

    size: int
    ec_level: str
    payload_digest: bytes
    rows: tuple[int, ...]

    @property
    def version(self) -> int:
        return (self.size - 17) // 4

    def is_dark(self, row: int, col: int) -> bool:
        return bool(self.rows[row] >> (self.size - 1 - col) & 1)

    def matches(self, payload: str, ec_level: str = "Q") -> bool:
        """True when this matrix was computed for exactly this payload and level."""
        return self.ec_level == ec_level and self.payload_digest == _digest(payload, ec_level)

    def to_bytes(self) -> bytes:
        """Compact form for a BinaryField: a 3-byte header, the digest, then each row big-endian."""
        stride = _row_stride(self.size)
        header = bytes([_SERIAL_FORMAT, self.size, ord(self.ec_level)]) + self.payload_digest
        return header + b"".join(row.to_bytes(stride, "big") for row in self.rows)

    @classmethod
    def from_bytes(cls, data: bytes) -> QrMatrix:
        if len(data) < _HEADER_BYTES or data[0] != _SERIAL_FORMAT:
            raise QrError("bad_matrix_bytes", "unknown header")
        size, ec_level = data[1], chr(data[2])
        stride = _row_stride(size)
        if (size - 17) % 4 or not 21 <= size <= 177 or ec_level not in ERROR_CORRECTION_LEVELS:
            raise QrError("bad_matrix_bytes", f"size {size}, level {ec_level!r}")
        body = data[_HEADER_BYTES:]
        if len(body) != stride * size:
            raise QrError("bad_matrix_bytes", f"{len(body)} bytes of rows for size {size}")
        rows = tuple(int.from_bytes(body[i : i + stride], "big") for i in range(0, len(body), stride))
        if any(row >> size for row in rows):
            raise QrError("bad_matrix_bytes", "row wider than the symbol")
        return cls(size, ec_level, data[3:_HEADER_BYTES], rows)

    def dark_runs(self) -> list[tuple[int, int, int]]:
        """(row, first column, length) of every horizontal run of dark modules."""
        runs = []
        for row_index, row in enumerate(self.rows):
            line = format(row, f"0{self.size}b")
            runs.extend((row_index, m.start(), m.end() - m.start()) for m in re.finditer("1+", line))
        return runs

    @cached_property
    def pdf_path_operators(self) -> str:
        """The dark runs as PDF ``re`` operators in module units, y up, origin bottom-left.

        Integer coordinates keep the operator string short; ``draw_qr`` scales it into place.
        Cached because a matrix is drawn once per copy of its label.
        """
        top = self.size - 1
        return " ".join(f"{col} {top - row} {length} 1 re" for row, col, length in self.dark_runs())


def encoding_mode(payload: str) -> str:
    """QR data mode ``qrcode`` picks for ``payload``: numeric, alphanumeric or byte."""
    return _MODE_NAMES[QRData(payload).mode]


def make_qr_matrix(payload: str, ec_level: str = "Q", *, mask: int | None = None) -> QrMatrix:
    """Encode ``payload`` as one segment in its most compact mode (upper-case codes and URLs stay
    alphanumeric). ``mask`` forces a mask pattern; by default the lowest-penalty one is chosen."""
    if ec_level not in ERROR_CORRECTION_LEVELS:
        raise QrError("bad_ec_level", repr(ec_level))
    symbol = qrcode.QRCode(
        error_correction=ERROR_CORRECTION_LEVELS[ec_level], border=0, mask_pattern=0
    )
    symbol.add_data(QRData(payload))
    symbol.make(fit=True)
    size = symbol.modules_count
    masked_with_zero = [int("".join("1" if dark else "0" for dark in row), 2) for row in symbol.modules]
    tables = _version_tables(symbol.version)
    unmasked = [row ^ zero for row, zero in zip(masked_with_zero, tables.data_mask_rows[0], strict=True)]
    candidates = range(8) if mask is None else (mask,)
    best_rows: list[int] = []
    best_penalty = -1
    for candidate in candidates:
        format_rows = _format_rows(symbol.version, ec_level, candidate)
        rows = [
            (row ^ masked) & ~region | fmt
            for row, masked, region, fmt in zip(
                unmasked, tables.data_mask_rows[candidate], tables.format_region_rows, format_rows, strict=True
            )
        ]
        penalty = mask_penalty(rows, size) if mask is None else 0
        if best_penalty < 0 or penalty < best_penalty:
            best_rows, best_penalty = rows, penalty
    return QrMatrix(size, ec_level, _digest(payload, ec_level), tuple(best_rows))


def mask_penalty(rows: list[int], size: int) -> int:
    """ISO/IEC 18004 penalty score (rules N1–N4) of a masked symbol given as row integers."""
    lines = [format(row, f"0{size}b") for row in rows]
    columns = ["".join(column) for column in zip(*lines, strict=True)]
    every_line = ",".join(lines + columns)
    # N1: 3 points for a run of 5 same-colour modules, +1 for each module beyond 5.
    penalty = sum(len(run) - 2 for run in _SAME_COLOUR_RUN.findall(every_line))
    # N3: 40 points per 1:1:3:1:1 finder-like pattern with 4 light modules on one side; the
    # area outside the symbol counts as light, hence the padding.
    padded = ",".join(f"0000{line}0000" for line in lines + columns)
    penalty += 40 * sum(padded.count(pattern) for pattern in _FINDER_LIKE)
    # N2: 3 points per 2×2 block of one colour (blocks may overlap).
    inner = (1 << (size - 1)) - 1
    full = (1 << size) - 1
    for upper, lower in zip(rows, rows[1:], strict=False):
        dark = upper & lower
        light = ~(upper | lower) & full
        penalty += 3 * ((dark & dark >> 1 & inner).bit_count() + (light & light >> 1 & inner).bit_count())
    # N4: 10 points per 5 % the dark proportion strays from 50 %.
    dark_modules = sum(row.bit_count() for row in rows)
    total = size * size
    penalty += 10 * (abs(dark_modules * 20 - total * 10) // total)
    return penalty


def draw_qr(
    canvas: Canvas, matrix: QrMatrix, x: float, y: float, side: float,
    quiet_zone: int = QUIET_ZONE_MODULES,
) -> None:
    """Draw ``matrix`` as one filled path in the square at (x, y) (bottom-left) of ``side`` points.

    The square includes ``quiet_zone`` light modules on every side, so nothing else may be drawn
    inside it. The operators go in through ``addLiteral`` inside their own q/Q, which leaves
    reportlab's tracked graphics state untouched.
    """
    module = side / (matrix.size + 2 * quiet_zone)
    origin_x = x + quiet_zone * module
    origin_y = y + quiet_zone * module
    canvas.addLiteral(
        f"q {module:.5f} 0 0 {module:.5f} {origin_x:.3f} {origin_y:.3f} cm 0 g "
        f"{matrix.pdf_path_operators} f Q"
    )


def _digest(payload: str, ec_level: str) -> bytes:
    return hashlib.sha256(f"{ec_level}\0{payload}".encode()).digest()[:_DIGEST_BYTES]


def _row_stride(size: int) -> int:
    return (size + 7) // 8


@dataclass(frozen=True)
class _VersionTables:
    data_mask_rows: tuple[tuple[int, ...], ...]  # [mask][row]: data modules that mask flips
    format_region_rows: tuple[int, ...]  # [row]: format-information modules (and the dark module)


def _blank_symbol(version: int) -> qrcode.QRCode:
    symbol = qrcode.QRCode(version=version, border=0)
    symbol.modules_count = size = version * 4 + 17
    symbol.modules = [[None] * size for _ in range(size)]
    return symbol


def _row_bits(cells: list[bool]) -> int:
    return int("".join("1" if cell else "0" for cell in cells), 2)


@cache
def _version_tables(version: int) -> _VersionTables:
    """Which modules hold data, and which hold format information, for one version.

    Uses ``qrcode``'s own placement routines on a blank symbol, so the function patterns are
    exactly those ``qrcode`` draws.
    """
    symbol = _blank_symbol(version)
    size = symbol.modules_count
    for row, col in ((0, 0), (size - 7, 0), (0, size - 7)):
        symbol.setup_position_probe_pattern(row, col)
    symbol.setup_position_adjust_pattern()
    symbol.setup_timing_pattern()
    symbol.setup_type_info(False, 0)
    if version >= 7:
        symbol.setup_type_number(False)
    data_cells = [[cell is None for cell in row] for row in symbol.modules]
    format_only = _blank_symbol(version)
    format_only.setup_type_info(False, 0)
    format_region = [_row_bits([cell is not None for cell in row]) for row in format_only.modules]
    data_mask_rows = tuple(
        tuple(
            _row_bits([data and flips(r, c) for c, data in enumerate(data_row)])
            for r, data_row in enumerate(data_cells)
        )
        for flips in (mask_func(pattern) for pattern in range(8))
    )
    return _VersionTables(data_mask_rows, tuple(format_region))


@cache
def _format_rows(version: int, ec_level: str, mask: int) -> tuple[int, ...]:
    """Dark format-information modules for one level and mask (plus the always-dark module)."""
    symbol = _blank_symbol(version)
    symbol.error_correction = ERROR_CORRECTION_LEVELS[ec_level]
    symbol.setup_type_info(False, mask)
    return tuple(_row_bits([cell is True for cell in row]) for row in symbol.modules)
