"""Label codes: format, ISO 7064 MOD 37,36 check character, and normalising scans.

Format (one code per item, "一物一码", and one per storage location):

    item      T DDDDDD - NNNNNNN - C      e.g. S440305-0000123-N
    location  K T DDDDDD - NNNNN - C      e.g. KS440300-00012-4
    reprinted item label  T DDDDDD - NNNNNNN R n - C   e.g. S440305-0000123R2-X (revision n ≥ 2)

* ``T`` is the issuing agency's type letter (pinyin initial, see ``AGENCY_TYPE_LETTERS``);
  ``K`` (库位) is reserved for storage locations, so the first character tells the two apart. A
  location code carries its warehouse operator's type letter too: a police warehouse and a market
  regulation warehouse in the same city share a division code but never a code.
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

# A reprinted item label carries its revision after the serial ("R2", "R3", …); revision 1 (the
# first label) is the bare item code, so codes issued before reprints existed stay valid.
_CODE_RE = re.compile(r"^(K?)([A-Z])(\d{6})-(\d{5,12})(?:R(\d{1,4}))?-([0-9A-Z])$")
_TYPE_LETTERS = frozenset(AGENCY_TYPE_LETTERS.values())
MAX_REVISION = 9999


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
    revision: int = 1  # item labels: 1 for the first label, 2… for each replacement
    base_code: str = ""  # the item's own code (``code`` without the revision); set by parse_code

    def __post_init__(self):
        if not self.base_code:
            object.__setattr__(self, "base_code", self.code)


def make_item_code(*, type_letter: str, division_code: str, serial: int) -> str:
    return _make(type_letter, division_code, serial, ITEM_SERIAL_DIGITS)


def make_location_code(*, type_letter: str, division_code: str, serial: int) -> str:
    if type_letter not in _TYPE_LETTERS:
        raise ValueError(f"unknown agency type letter {type_letter!r}")
    return _make(LOCATION_LETTER + type_letter, division_code, serial, LOCATION_SERIAL_DIGITS)


def _make(letter: str, division_code: str, serial: int, digits: int) -> str:
    if not letter or any(ch not in ALPHABET[10:] for ch in letter):
        raise ValueError(f"type letter must be upper-case letters, got {letter!r}")
    if not (len(division_code) == 6 and division_code.isdigit()):
        raise ValueError(f"division code must be 6 digits, got {division_code!r}")
    if serial < 1:
        raise ValueError("serial must be positive")
    body = f"{letter}{division_code}-{serial:0{digits}d}"
    return f"{body}-{check_character(body)}"


def make_label_code(item_code: str, revision: int) -> str:
    """The code printed on revision ``revision`` of an item's label.

    Revision 1 is the item code itself. A replacement label (revision ≥ 2) adds ``R<revision>``
    to the serial and recomputes the check character over the whole, so the old and the new label
    scan differently and a superseded label is recognised: ``S440305-0000123-N`` →
    ``S440305-0000123R2-X``. Location codes have no revisions.
    """
    parsed = parse_code(item_code)
    if parsed.kind != "item" or parsed.revision != 1:
        raise ValueError(f"not an item code: {item_code!r}")
    if not 1 <= revision <= MAX_REVISION:
        raise ValueError(f"revision must be 1–{MAX_REVISION}, got {revision}")
    if revision == 1:
        return parsed.code
    body = f"{parsed.code[:-2]}R{revision}"
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
    location_mark, letter, division, serial, revision, check = match.groups()
    if letter not in _TYPE_LETTERS:
        raise LabelCodeError("malformed", raw)
    if check_character(code[:-2]) != check:
        raise LabelCodeError("bad_check", raw)
    kind = "location" if location_mark else "item"
    if revision is None:
        return ParsedCode(code=code, kind=kind, letter=letter, division_code=division, serial=int(serial))
    # Only item labels have revisions, and revision 1 is never written out ("R1", "R01" are not
    # codes this system prints): one label, one spelling.
    if kind != "item" or revision.startswith("0") or int(revision) < 2:
        raise LabelCodeError("malformed", raw)
    base_body = f"{letter}{division}-{serial}"
    return ParsedCode(code=code, kind=kind, letter=letter, division_code=division, serial=int(serial),
                      revision=int(revision), base_code=f"{base_body}-{check_character(base_body)}")
