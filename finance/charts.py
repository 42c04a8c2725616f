"""A tiny chart helper: one layout, drawn as inline SVG for the page and as a reportlab Drawing for
the PDF, so both show the same chart. No JavaScript, no CDN, no style attributes: every colour and
size is an SVG presentation attribute, and every text is escaped.

    chart = Chart(title="…", categories=["1", "2"], series=[Series("Actual", [Decimal(3), Decimal(5)])])
    chart.svg()        # markup (a SafeString) for a template
    chart.drawing(font_name)  # reportlab.graphics Drawing for BilingualDocument.drawing()
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#2f6f9f", "#e08a2c", "#5a9e4b", "#b0413e", "#7d5ba6", "#8c8c8c"]
AXIS = "#555555"
GRID = "#dddddd"


@dataclass
class Series:
    label: str
    values: list  # numbers or None, one per category
    kind: str = "bar"  # "bar" or "line"
    colour: str = ""


@dataclass
class Chart:
    title: str
    categories: list[str]
    series: list[Series]
    horizontal: bool = False
    width: float = 640
    height: float = 260
    unit: str = ""
    shapes: list[tuple] = field(default_factory=list, init=False)

    def __post_init__(self):
        for index, series in enumerate(self.series):
            series.colour = series.colour or PALETTE[index % len(PALETTE)]
        if self.horizontal:
            self.height = max(self.height, 60 + 13 * len(self.categories) * max(1, len(self._bars())))
        self._layout()

    # --- layout: a list of primitive shapes in a top-down coordinate system ---
    def _bars(self) -> list[Series]:
        return [series for series in self.series if series.kind == "bar"]

    def _layout(self) -> None:
        values = [float(v) for series in self.series for v in series.values if v is not None]
        top = _nice_ceiling(max(values + [0.0]))
        add = self.shapes.append
        add(("text", 8, 16, self.title, 12, "start", "#222222"))
        x = self.width - 8
        for series in reversed(self.series):  # legend, right-aligned in the title row
            add(("text", x, 16, series.label, 10, "end", "#333333"))
            start = x - _text_width(series.label, 10)
            add(("rect", start - 14, 8, 10, 10, series.colour))
            x = start - 26
        if self.horizontal:
            self._layout_horizontal(top)
        else:
            self._layout_vertical(top)

    def _layout_vertical(self, top: float) -> None:
        add = self.shapes.append
        left, right, upper, lower = 78, self.width - 10, 32, self.height - 28
        plot_h, n = lower - upper, max(1, len(self.categories))
        slot = (right - left) / n
        for step in range(5):
            value = top * step / 4
            y = lower - plot_h * step / 4
            add(("line", left, y, right, y, GRID, 0.6))
            add(("text", left - 6, y + 4, _number(value), 9, "end", AXIS))
        add(("line", left, lower, right, lower, AXIS, 1))
        bars = self._bars()
        bar_w = slot * 0.8 / max(1, len(bars))
        for index, label in enumerate(self.categories):
            x0 = left + slot * index + slot * 0.1
            for b, series in enumerate(bars):
                value = series.values[index]
                if value:
                    h = plot_h * float(value) / top
                    add(("rect", x0 + b * bar_w, lower - h, bar_w * 0.92, h, series.colour))
            add(("text", left + slot * (index + 0.5), lower + 14, label, 9, "middle", AXIS))
        for series in self.series:
            if series.kind != "line":
                continue
            points = [(left + slot * (i + 0.5), lower - plot_h * float(v) / top)
                      for i, v in enumerate(series.values) if v is not None]
            if len(points) > 1:
                add(("polyline", points, series.colour, 2))

    def _layout_horizontal(self, top: float) -> None:
        add = self.shapes.append
        left, right, upper, lower = 170, self.width - 16, 30, self.height - 22
        n = max(1, len(self.categories))
        slot = (lower - upper) / n
        plot_w = right - left
        for step in range(5):
            x = left + plot_w * step / 4
            add(("line", x, upper, x, lower, GRID, 0.6))
            add(("text", x, lower + 14, _number(top * step / 4), 9, "middle", AXIS))
        add(("line", left, upper, left, lower, AXIS, 1))
        bars = self._bars()
        bar_h = slot * 0.8 / max(1, len(bars))
        for index, label in enumerate(self.categories):
            y0 = upper + slot * index + slot * 0.1
            for b, series in enumerate(bars):
                value = series.values[index]
                if value:
                    add(("rect", left, y0 + b * bar_h, plot_w * float(value) / top, bar_h * 0.92, series.colour))
            add(("text", left - 6, upper + slot * (index + 0.5) + 4, _shorten(label, 24), 9, "end", AXIS))

    # --- renderers ---
    def svg(self) -> str:
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {self.width:.0f} '
                 f'{self.height:.0f}" role="img" aria-label="{escape(self.title)}"><title>{escape(self.title)}</title>']
        for shape in self.shapes:
            kind = shape[0]
            if kind == "rect":
                _, x, y, w, h, colour = shape
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>')
            elif kind == "line":
                _, x1, y1, x2, y2, colour, width = shape
                parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                             f'stroke-width="{width}"/>')
            elif kind == "polyline":
                _, points, colour, width = shape
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
            elif kind == "text":
                _, x, y, text, size, anchor, colour = shape
                parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
                             f'fill="{colour}">{escape(text)}</text>')
        parts.append("</svg>")
        return mark_safe("".join(parts))  # every value above is a number, a fixed colour or escaped text

    def drawing(self, font_name: str, width: float | None = None):
        """The same chart as a reportlab Drawing, scaled to ``width`` points."""
        from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
        from reportlab.lib.colors import HexColor

        scale = (width or self.width) / self.width
        drawing = Drawing(self.width * scale, self.height * scale)
        group = Group()
        group.transform = (scale, 0, 0, scale, 0, 0)
        flip = self.height  # reportlab's y grows upwards
        for shape in self.shapes:
            kind = shape[0]
            if kind == "rect":
                _, x, y, w, h, colour = shape
                group.add(Rect(x, flip - y - h, w, h, fillColor=HexColor(colour), strokeColor=None))
            elif kind == "line":
                _, x1, y1, x2, y2, colour, width_ = shape
                group.add(Line(x1, flip - y1, x2, flip - y2, strokeColor=HexColor(colour), strokeWidth=width_))
            elif kind == "polyline":
                _, points, colour, width_ = shape
                flat = [c for x, y in points for c in (x, flip - y)]
                group.add(PolyLine(flat, strokeColor=HexColor(colour), strokeWidth=width_))
            elif kind == "text":
                _, x, y, text, size, anchor, colour = shape
                group.add(String(x, flip - y, text, fontName=font_name, fontSize=size, textAnchor=anchor,
                                 fillColor=HexColor(colour)))
        drawing.add(group)
        return drawing


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == 0 else f"{value:.1f}"


def _text_width(text: str, size: float) -> float:
    """Rough rendered width: a CJK character is one em wide, others about half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.56 for ch in text) * size


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

