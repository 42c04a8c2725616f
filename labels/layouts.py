"""Label sheets and rolls: page size, label size, grid, margins and gaps, in millimetres.

Slots are numbered 1… left to right, then top to bottom, as a person counts labels on a sheet, so
``start`` (the first free slot of a partly used sheet) is what the user reads off the paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm


class LayoutError(ValueError):
    """A layout request that cannot be met. ``reason``: ``unknown_layout``, ``start_off_sheet``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Calibration:
    """Per-printer correction, measured by printing a test sheet: positive ``x_mm`` moves every
    label right, positive ``y_mm`` moves it down."""

    x_mm: float = 0.0
    y_mm: float = 0.0


@dataclass(frozen=True)
class Layout:
    name: str
    title: str  # shown to users when choosing stock, Chinese and English
    page_width_mm: float
    page_height_mm: float
    label_width_mm: float
    label_height_mm: float
    columns: int = 1
    rows: int = 1
    margin_top_mm: float = 0.0
    margin_left_mm: float = 0.0
    column_gap_mm: float = 0.0
    row_gap_mm: float = 0.0

    @property
    def slots(self) -> int:
        return self.columns * self.rows

    @property
    def page_size(self) -> tuple[float, float]:
        """Page width and height in points."""
        return self.page_width_mm * mm, self.page_height_mm * mm

    @property
    def label_size(self) -> tuple[float, float]:
        """Label width and height in points."""
        return self.label_width_mm * mm, self.label_height_mm * mm

    def check_start(self, start: int) -> None:
        if not 1 <= start <= self.slots:
            raise LayoutError(
                "start_off_sheet", f"slot {start} on {self.name}, which has slots 1–{self.slots}"
            )

    def slot_origin(self, slot: int, calibration: Calibration = Calibration()) -> tuple[float, float]:
        """Bottom-left corner, in points from the page's bottom-left, of 1-based ``slot``."""
        self.check_start(slot)
        row, column = divmod(slot - 1, self.columns)
        left_mm = self.margin_left_mm + column * (self.label_width_mm + self.column_gap_mm)
        top_mm = self.margin_top_mm + row * (self.label_height_mm + self.row_gap_mm)
        bottom_mm = self.page_height_mm - top_mm - self.label_height_mm
        return (left_mm + calibration.x_mm) * mm, (bottom_mm - calibration.y_mm) * mm


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            name="a4-3x7",
            title="A4 每张21枚 63.5×38.1 mm（L7160）/ A4 sheet, 21 labels 63.5×38.1 mm (L7160)",
            page_width_mm=210, page_height_mm=297, label_width_mm=63.5, label_height_mm=38.1,
            columns=3, rows=7, margin_top_mm=15.15, margin_left_mm=7.25, column_gap_mm=2.5,
        ),
        # Avery L7159 / J8159: 8 rows of 33.9 mm leave 12.9 mm top and bottom.
        Layout(
            name="a4-3x8",
            title="A4 每张24枚 63.5×33.9 mm（L7159）/ A4 sheet, 24 labels 63.5×33.9 mm (L7159)",
            page_width_mm=210, page_height_mm=297, label_width_mm=63.5, label_height_mm=33.9,
            columns=3, rows=8, margin_top_mm=12.9, margin_left_mm=7.25, column_gap_mm=2.5,
        ),
        # The common Chinese 24-up sheet: labels edge to edge across; 8 × 37 mm = 296 mm, so the
        # 1 mm left over is split between top and bottom.
        Layout(
            name="a4-24-70x37",
            title="A4 每张24枚 70×37 mm 无边距 / A4 sheet, 24 labels 70×37 mm, no margins",
            page_width_mm=210, page_height_mm=297, label_width_mm=70, label_height_mm=37,
            columns=3, rows=8, margin_top_mm=0.5,
        ),
        Layout(
            name="thermal-50x30",
            title="热敏标签 50×30 mm / thermal label 50×30 mm",
            page_width_mm=50, page_height_mm=30, label_width_mm=50, label_height_mm=30,
        ),
        Layout(
            name="thermal-100x150",
            title="热敏标签 100×150 mm / thermal label 100×150 mm (4×6 in)",
            page_width_mm=100, page_height_mm=150, label_width_mm=100, label_height_mm=150,
        ),
    )
}


def get_layout(name: str) -> Layout:
    try:
        return LAYOUTS[name]
    except KeyError:
        raise LayoutError("unknown_layout", f"{name!r}; known: {', '.join(LAYOUTS)}") from None
