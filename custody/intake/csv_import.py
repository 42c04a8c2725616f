"""Registering seized items from a spreadsheet (CSV): template, parsing, row-by-row validation.

All or nothing: the file is parsed and validated completely first; if any cell is wrong, every
error is listed with its row and column and nothing is saved.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from custody.intake.services import ItemInput, validate_item_input
from warehouse.models import Item, RightsHolder

MAX_ROWS = 20_000


@dataclass(frozen=True)
class Column:
    field: str
    zh: str
    en: str
    required: bool = False

    @property
    def header(self) -> str:
        return f"{self.zh} {self.en}"


COLUMNS = [
    Column("description", "品名描述", "description", required=True),
    Column("quantity", "数量", "quantity", required=True),
    Column("unit", "单位", "unit"),
    Column("category", "类别", "category"),
    Column("brand", "品牌", "brand"),
    Column("rights_holder", "权利人", "rights holder"),
    Column("weight_kg", "重量(千克)", "weight (kg)"),
    Column("estimated_value", "估值(元)", "estimated value (yuan)"),
    Column("waste_stream", "废物类别", "waste stream"),
    Column("hazard_class", "危险特性", "hazard class"),
    Column("needs_cold", "需冷藏", "needs cold"),
    Column("needs_secure", "需保险库", "needs secure"),
    Column("seal_number", "封条号", "seal number"),
    Column("condition", "状况", "condition"),
]
_CHOICES = {
    "unit": Item.Unit, "category": Item.Category, "waste_stream": Item.WasteStream, "hazard_class": Item.HazardClass,
}
_TRUE = {"1", "true", "yes", "y", "是", "√", "需要"}
_FALSE = {"", "0", "false", "no", "n", "否", "不需要"}
EXAMPLE_ROW = ["LV Neverfull 手提包（假冒）", "12", "件 piece", "服装鞋包 clothing", "LV", "路易威登马利蒂公司",
               "9.6", "5400", "一般固废 general", "", "否", "否", "FT20260001", "外包装完好"]


@dataclass
class CellError:
    row: int  # the line number a spreadsheet shows (header = 1)
    column: str
    message: str


class CsvImportError(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def template_csv() -> bytes:
    """A UTF-8 CSV with a BOM (so Excel shows Chinese correctly), bilingual headers and one example row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in COLUMNS])
    writer.writerow(EXAMPLE_ROW)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (what Chinese Excel saves)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw:
        raise CsvImportError([CellError(0, "", _("The file is not a text CSV file (it contains binary data)."))])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvImportError([CellError(0, "", _("The file's encoding is not UTF-8 or GB18030. "
                                             "Save it as “CSV UTF-8” and upload it again."))])


def parse(raw: bytes) -> list[ItemInput]:
    """Parse and validate every row; raise CsvImportError listing all problems."""
    reader = csv.reader(io.StringIO(decode(raw)))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise CsvImportError([CellError(0, "", _("The file is empty."))]) from None
    columns = _match_header(header)
    errors: list[CellError] = []
    inputs: list[ItemInput] = []
    seen: dict[tuple, int] = {}
    holders = {holder.name: holder for holder in RightsHolder.objects.all()}
    try:
        for line_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(inputs) + len(errors) >= MAX_ROWS:
                message = _("A file can hold at most %(max)s rows.") % {"max": MAX_ROWS}
                errors.append(CellError(line_number, "", message))
                break
            row = {column.field: cells[index].strip() if index < len(cells) else ""
                   for column, index in columns.items()}
            key = tuple(sorted(row.items()))
            if key in seen:
                errors.append(CellError(line_number, "", _("This row repeats row %(row)s.") % {"row": seen[key]}))
                continue
            seen[key] = line_number
            item_input, row_errors = _row_to_input(row, line_number, holders)
            errors.extend(row_errors)
            if item_input is not None and not row_errors:
                inputs.append(item_input)
    except csv.Error as exc:
        errors.append(CellError(reader.line_num, "", _("The CSV structure is broken: %(error)s") % {"error": exc}))
    if errors:
        raise CsvImportError(errors)
    if not inputs:
        raise CsvImportError([CellError(0, "", _("The file has no item rows."))])
    return inputs


def _normalise_header(text: str) -> str:
    return "".join(text.split()).lower()


def _match_header(header: list[str]) -> dict[Column, int]:
    """Each known column's position; a header may be Chinese, English or both."""
    positions: dict[Column, int] = {}
    for index, title in enumerate(header):
        normalised = _normalise_header(title.lstrip("\ufeff"))
        for column in COLUMNS:
            names = {_normalise_header(column.header), _normalise_header(column.zh), _normalise_header(column.en),
                     column.field}
            if normalised in names:
                positions[column] = index
    missing = [column for column in COLUMNS if column.required and column not in positions]
    if missing:
        raise CsvImportError([
            CellError(1, column.header, _("The required column “%(column)s” is missing.") % {"column": column.header})
            for column in missing
        ])
    return positions


def _row_to_input(row: dict[str, str], line: int, holders) -> tuple[ItemInput | None, list[CellError]]:
    errors: list[CellError] = []
    header_of = {column.field: column.header for column in COLUMNS}
    values: dict = {}

    def fail(field: str, message: str) -> None:
        errors.append(CellError(line, header_of.get(field, field), message))

    for field, text in row.items():
        if field in ("quantity", "weight_kg", "estimated_value"):
            values[field] = _decimal(text, field, fail)
        elif field in _CHOICES:
            values[field] = _choice(text, _CHOICES[field], field, fail)
        elif field in ("needs_cold", "needs_secure"):
            values[field] = _boolean(text, field, fail)
        elif field == "rights_holder":
            values[field] = holders.get(text) if text else None
            if text and values[field] is None:
                fail(field, _("Unknown rights holder “%(name)s”.") % {"name": text})
        else:
            values[field] = text
    if errors:
        return None, errors
    values = {key: value for key, value in values.items() if value is not None or key == "rights_holder"}
    if values.get("quantity") is None:
        fail("quantity", _("Enter a quantity."))
        return None, errors
    item_input = ItemInput(**values)
    for field, messages in validate_item_input(item_input).items():
        for message in messages:
            fail(field, message)
    return item_input, errors


def _decimal(text: str, field: str, fail) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        fail(field, _("“%(value)s” is not a number.") % {"value": text})
        return None
    if not value.is_finite():
        fail(field, _("“%(value)s” is not a number.") % {"value": text})
        return None
    return value


def _aliases(choices) -> dict[str, str]:
    """Every way a user may write a choice: its code, its Chinese and its English label."""
    aliases = {}
    for value, label in choices.choices:
        aliases[_normalise_header(str(value))] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                aliases[_normalise_header(str(label))] = value
    return aliases


def _choice(text: str, choices, field: str, fail):
    if not text:
        return None
    aliases = _aliases(choices)
    # "件 piece" (both languages, as the template shows) matches through either word.
    for candidate in [text, *text.split()]:
        value = aliases.get(_normalise_header(candidate))
        if value is not None:
            return value
    allowed = "、".join(str(label) for value, label in choices.choices if value)
    fail(field, _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
    return None


def _boolean(text: str, field: str, fail) -> bool | None:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    fail(field, _("Write 是/yes or 否/no, not “%(value)s”.") % {"value": text})
    return None

