"""Fitting text into a box by measuring it: shrink to a minimum size, then wrap or truncate with '…'.

Widths come from ``pdfmetrics.stringWidth`` for the very font that will draw the text, so a string
these functions accept is never wider than the box. Chinese has no spaces between words, so wrapping
breaks between any two characters; that also keeps long Latin part numbers from overflowing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

ELLIPSIS = "…"
# Chinese line-breaking rules (禁则): closing marks never start a line, opening marks never end one.
NO_LINE_START = set("，。、；：？！）》」』】〕”’…,.;:?!)")
NO_LINE_END = set("（《「『【〔“‘(")


@dataclass(frozen=True)
class FittedText:
    lines: tuple[str, ...]
    size: float
    truncated: bool


def ellipsize(text: str, font_name: str, size: float, width: float) -> str:
    """``text`` if it fits in ``width`` points, else its longest prefix that fits with '…' added.

    Returns "" when not even the ellipsis fits.
    """
    if pdfmetrics.stringWidth(text, font_name, size) <= width:
        return text
    # Binary search for the longest prefix p with width(p + '…') <= width.
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle] + ELLIPSIS, font_name, size) <= width:
            low = middle
        else:
            high = middle - 1
    if low == 0 and pdfmetrics.stringWidth(ELLIPSIS, font_name, size) > width:
        return ""
    return text[:low].rstrip() + ELLIPSIS


def wrap(text: str, font_name: str, size: float, width: float, max_lines: int) -> tuple[list[str], bool]:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``width``.

    Returns the lines and whether anything was cut (the last line then ends in '…').
    Explicit line breaks in ``text`` are kept; blank lines are dropped.
    """
    pieces = [piece.strip() for piece in text.splitlines() if piece.strip()]
    lines: list[str] = []
    for index, piece in enumerate(pieces):
        rest = piece
        while rest:
            if len(lines) >= max_lines:
                return lines, True
            take = _longest_fitting_prefix(rest, font_name, size, width)
            if len(lines) == max_lines - 1 or take == 0:
                remaining = " ".join([rest, *pieces[index + 1 :]])
                last = ellipsize(remaining, font_name, size, width)
                if last:
                    lines.append(last)
                return lines, last != remaining
            take = _break_point(rest, take)
            lines.append(rest[:take].rstrip())
            rest = rest[take:].lstrip()
    return lines, False


@lru_cache(maxsize=4096)  # agency names, case numbers and hazard texts repeat across labels
def fit(
    text: str, font_name: str, *, width: float, height: float, max_size: float, min_size: float,
    max_lines: int | None = None, leading: float = 1.2,
) -> FittedText:
    """Largest size in [min_size, max_size] (0.5 pt steps) at which ``text`` fits in a box of
    ``width`` × ``height`` points (lines ``leading`` × size apart, at most ``max_lines``);
    at ``min_size`` what does not fit is cut and the last line ends in '…'."""
    size = max_size
    while True:
        lines_that_fit = int(height // (size * leading))
        if max_lines is not None:
            lines_that_fit = min(lines_that_fit, max_lines)
        lines, truncated = wrap(text, font_name, size, width, lines_that_fit)
        if not truncated or size <= min_size:
            return FittedText(tuple(lines), size, truncated)
        size = max(min_size, size - 0.5)


def _break_point(text: str, take: int) -> int:
    """Move a line break at ``take`` back so it splits no Latin word or number ("2024") and
    starts or ends no line with the wrong punctuation; keep ``take`` if moving would empty the line."""
    if take >= len(text):
        return take
    position = take
    while position > 0 and _is_word_character(text[position - 1]) and _is_word_character(text[position]):
        position -= 1
    if position > 1 and text[position] in NO_LINE_START:
        position -= 1  # carry the previous character over with the punctuation
    if position > 1 and text[position - 1] in NO_LINE_END:
        position -= 1
    return position if position > 0 else take


def _is_word_character(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _longest_fitting_prefix(text: str, font_name: str, size: float, width: float) -> int:
    """Length of the longest prefix no wider than ``width`` (0 if not even one character fits)."""
    if pdfmetrics.stringWidth(text, font_name, size) <= width:
        return len(text)
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle], font_name, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low
