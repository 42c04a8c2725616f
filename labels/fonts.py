"""A CJK font that reportlab can embed, and honest reporting of characters it cannot draw.

reportlab embeds TrueType outlines only (a subset of the glyphs used), so Noto Sans CJK's
CFF-based .otf/.ttc files are not candidates. Without any usable TrueType font we fall back to the
built-in ``STSong-Light`` CID font, which is *not* embedded: the reader's fonts decide how it looks,
so a warning is logged.

reportlab silently draws nothing for a character the font lacks. Every string that goes on a label
or document therefore passes through ``CjkFont.substitute_missing``: a missing character becomes
``REPLACEMENT_CHARACTER`` (□, a visible "tofu" box) and the caller gets the set of characters it
replaced, to report and log.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

logger = logging.getLogger(__name__)

REPLACEMENT_CHARACTER = "□"
FALLBACK_REPLACEMENT = "?"
BUILTIN_CID_FONT = "STSong-Light"

# Searched in order when no path is configured. All are TrueType-outlined.
CANDIDATE_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansCJKsc-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/STHeiti Medium.ttc",
)


class FontError(Exception):
    """A configured font that cannot be used. ``reason``: ``font_not_found``, ``font_unusable``."""

    def __init__(self, reason: str, path: str, detail: str = ""):
        super().__init__(f"{reason}: {path} {detail}".strip())
        self.reason = reason
        self.path = path


@dataclass(frozen=True)
class CjkFont:
    """A registered font: ``name`` is what reportlab's ``setFont`` takes."""

    name: str
    path: str | None  # None for the built-in CID font
    embedded: bool
    _codepoints: frozenset[int] | None = field(repr=False, compare=False)

    def missing_glyphs(self, text: str) -> set[str]:
        """Characters of ``text`` (other than line breaks) this font cannot draw."""
        return {ch for ch in set(text) if ch not in "\r\n" and not self._has_glyph(ch)}

    def substitute_missing(self, text: str) -> tuple[str, set[str]]:
        """``text`` with each undrawable character replaced visibly, and the set replaced."""
        missing = self.missing_glyphs(text)
        if not missing:
            return text, missing
        replacement = (
            REPLACEMENT_CHARACTER if self._has_glyph(REPLACEMENT_CHARACTER) else FALLBACK_REPLACEMENT
        )
        return "".join(replacement if ch in missing else ch for ch in text), missing

    def string_width(self, text: str, size: float) -> float:
        return pdfmetrics.stringWidth(text, self.name, size)

    def _has_glyph(self, ch: str) -> bool:
        if self._codepoints is not None:
            return ord(ch) in self._codepoints
        # STSong-Light covers Adobe-GB1, a superset of GBK: a character GBK cannot encode is
        # very likely missing. This is an approximation; embed a TrueType font to be exact.
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            return False
        return True


def load_cjk_font(path: str | None = None, *, subfont_index: int = 0) -> CjkFont:
    """Register and return the CJK font: ``path`` if given (the app passes
    ``settings.LABEL_CJK_FONT``), else the first usable candidate, else the built-in CID font.

    A path that is given but unusable raises ``FontError``: a configured font that silently gives
    way to another would hide a deployment mistake. Registration happens once per path.
    """
    if path:
        if not os.path.isfile(path):
            raise FontError("font_not_found", path)
        return _register_truetype(path, subfont_index)
    for candidate in CANDIDATE_FONT_PATHS:
        if os.path.isfile(candidate):
            try:
                return _register_truetype(candidate, 0)
            except FontError as error:
                logger.info("Skipping CJK font candidate %s: %s", candidate, error)
    return _register_builtin_cid_font()


@cache
def _register_truetype(path: str, subfont_index: int) -> CjkFont:
    stem = os.path.splitext(os.path.basename(path))[0]
    name = f"CJK-{stem}-{subfont_index}"
    try:
        font = TTFont(name, path, subfontIndex=subfont_index)
    except (TTFError, OSError) as error:
        raise FontError("font_unusable", path, str(error)) from error
    pdfmetrics.registerFont(font)
    # Glyph 0 is .notdef, which draws as an empty box or nothing: treat it as missing.
    codepoints = frozenset(cp for cp, glyph in font.face.charToGlyph.items() if glyph)
    return CjkFont(name=name, path=path, embedded=True, _codepoints=codepoints)


@cache
def _register_builtin_cid_font() -> CjkFont:
    logger.warning(
        "No embeddable CJK TrueType font found (looked in %s); using the built-in %s, which is "
        "not embedded, so printed Chinese depends on the reader's fonts. Install "
        "fonts-wqy-microhei or set LABEL_CJK_FONT.",
        ", ".join(CANDIDATE_FONT_PATHS), BUILTIN_CID_FONT,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(BUILTIN_CID_FONT))
    return CjkFont(name=BUILTIN_CID_FONT, path=None, embedded=False, _codepoints=None)
