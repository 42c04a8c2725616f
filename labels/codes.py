"""Label codes: format, ISO 7064 MOD 37,36 check character, and normalising scans.

Format (one code per item, "一物一码", and one per storage location):

    item      T DDDDDD - NNNNNNN - C      e.g. S440305-0000123-N
    location  K DDDDDD - NNNNN   - C      e.g. K440300-00012-7

* ``T`` is the issuing agency's type letter (pinyin initial, see ``AGENCY_TYPE_LETTERS``);
  ``K`` (库位) is reserved for storage locations, so one character tells the two apart.
* ``DDDDDD`` is the issuing agency's 6-digit administrative division code. Type letter and
  division together identify the agency nationwide, so serials only need to be unique per agency.
* ``NNNNNNN`` is the agency's serial (at least 7 digits for items, 5 for locations; it grows
  when the agency runs past them).
* ``C`` is the ISO 7064 MOD 37,36 hybrid check character over everything before it (hyphens
  ignored). It catches every single-character typo and about 99.5 % of swaps of two neighbouring
  characters (measured in tests/labels/test_codes.py); a swap it misses still has to land on an
  existing code of an item in the user's scope to do harm.

Only digits, upper-case letters and '-' are used, so the QR symbol stays in alphanumeric mode and
a keyboard-wedge scanner behind a Chinese input method does not produce pinyin candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
_MODULUS = 36

LOCATION_LETTER = "K"
AGENCY_TYPE_LETTERS = {
    "market": "S",  # 市场监管
    "customs": "H",  # 海关
    "culture": "W",  # 文化执法
    "police": "G",  # 公安
    "procuratorate": "J",  # 检察院
    "court": "F",  # 法院
    "finance": "C",  # 财政
}
assert LOCATION_LETTER not in AGENCY_TYPE_LETTERS.values()

ITEM_SERIAL_DIGITS = 7
LOCATION_SERIAL_DIGITS = 5

_CODE_RE = re.compile(r"^([A-Z])(\d{6})-(\d{5,12})-([0-9A-Z])$")


class LabelCodeError(ValueError):
    """A scanned or typed code that is not a valid label code.

    ``reason`` is a stable machine code: ``empty``, ``malformed`` or ``bad_check``.
    """

    def __init__(self, reason: str, raw: str):
        super().__init__(f"{reason}: {raw!r}")
        self.reason = reason
        self.raw = raw


def check_character(body: str) -> str:
    """ISO 7064 MOD 37,36 (hybrid) check character for ``body`` (hyphens ignored)."""
    product = _MODULUS
    for ch in body.replace("-", ""):
        try:
            value = _VALUES[ch]
        except KeyError:
            raise LabelCodeError("malformed", body) from None
        total = (product + value) % _MODULUS or _MODULUS
        product = (total * 2) % (_MODULUS + 1)
    return ALPHABET[(_MODULUS + 1 - product) % _MODULUS]


def is_valid_check(code: str) -> bool:
    body, _, check = code.rpartition("-")
    return bool(body) and len(check) == 1 and check_character(body) == check


@dataclass(frozen=True)
class ParsedCode:
    code: str
    kind: str  # "item" or "location"
    letter: str
    division_code: str
    serial: int


def make_item_code(*, type_letter: str, division_code: str, serial: int) -> str:
    return _make(type_letter, division_code, serial, ITEM_SERIAL_DIGITS)


def make_location_code(*, division_code: str, serial: int) -> str:
    return _make(LOCATION_LETTER, division_code, serial, LOCATION_SERIAL_DIGITS)


def _make(letter: str, division_code: str, serial: int, digits: int) -> str:
    if len(letter) != 1 or letter not in ALPHABET[10:]:
        raise ValueError(f"type letter must be one upper-case letter, got {letter!r}")
    if not (len(division_code) == 6 and division_code.isdigit()):
        raise ValueError(f"division code must be 6 digits, got {division_code!r}")
    if serial < 1:
        raise ValueError("serial must be positive")
    body = f"{letter}{division_code}-{serial:0{digits}d}"
    return f"{body}-{check_character(body)}"


def normalise_scan(raw: str) -> str:
    """What a scanner or a person typed, reduced to the candidate code.

    Full-width characters (typed with a Chinese input method) become ASCII (NFKC); surrounding
    blanks and letter case are ignored; a URL keeps only its last path segment, because the QR may
    hold ``HTTPS://HOST/L/<CODE>``.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if "/" in text:
        text = text.rsplit("/", 1)[1]
    return "".join(text.split()).upper()


def parse_code(raw: str) -> ParsedCode:
    """Parse a scan; raise ``LabelCodeError`` for anything that is not a well-formed, checked code."""
    code = normalise_scan(raw)
    if not code:
        raise LabelCodeError("empty", raw)
    match = _CODE_RE.match(code)
    if not match:
        raise LabelCodeError("malformed", raw)
    letter, division, serial, check = match.groups()
    if check_character(code[:-2]) != check:
        raise LabelCodeError("bad_check", raw)
    kind = "location" if letter == LOCATION_LETTER else "item"
    return ParsedCode(code=code, kind=kind, letter=letter, division_code=division, serial=int(serial))
