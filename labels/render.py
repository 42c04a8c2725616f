"""Label sheets as PDF: QR, code in large type, case, description, hazard marking, agency.

``render_labels`` takes any iterable of ``LabelData`` (a database iterator works) and writes one
PDF to a binary stream. Memory: reportlab's canvas keeps every finished page until ``save()``;
each page's content stream is compressed the moment the page is finished (see
``_compress_finished_page``), so what stays in memory is a few kilobytes per page rather than the
uncompressed drawing operators. Labels themselves are not kept.

Text never leaves its label: every string is measured with the font that draws it, shrunk down to
a minimum size, then wrapped and cut with '…' (``labels.textfit``). A character the CJK font lacks
is drawn as '□' and reported in ``RenderReport.missing_glyphs`` and the log.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from labels.fonts import CjkFont, load_cjk_font
from labels.layouts import Calibration, Layout, get_layout
from labels.qr import QrMatrix, draw_qr, make_qr_matrix
from labels.textfit import ellipsize, fit

logger = logging.getLogger(__name__)

CODE_FONT = "Helvetica-Bold"
HAZARD_MARK = "危险 HAZARD"
CASE_PREFIX = "案号 Case "
LOCATION_CAPTION = "库位 Location"
LINE_SPACING = 1.2
ITEM, LOCATION = "item", "location"


class LabelError(ValueError):
    """A label request that cannot be met. ``reason``: ``no_labels``, ``bad_kind``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class LabelData:
    """What one label shows. ``qr_matrix`` is the stored matrix for ``qr_payload``, if any."""

    code: str
    qr_payload: str
    kind: str = ITEM  # ITEM or LOCATION
    qr_matrix: QrMatrix | None = None
    case_number: str = ""
    description: str = ""
    hazardous: bool = False
    hazard_text: str = ""  # e.g. "易燃 flammable"; printed inside the hazard box
    agency_name: str = ""
    location_path: str = ""  # location labels: "一号仓 / A区 / 03架 / 2层"
    flags: tuple[str, ...] = ()  # location labels: "冷藏 cold store", …


@dataclass
class RenderReport:
    labels: int = 0
    pages: int = 0
    missing_glyphs: dict[str, set[str]] = field(default_factory=dict)  # code → characters replaced
    recomputed_matrices: int = 0  # stored matrices that did not match their payload


@dataclass(frozen=True)
class _Box:
    x: float
    y: float  # bottom
    width: float
    height: float


@dataclass(frozen=True)
class _LabelGeometry:
    """Where things go inside a label, relative to its bottom-left corner, in points."""

    qr: _Box
    code: _Box
    text: _Box
    body_size: float
    min_size: float

    @classmethod
    def for_layout(cls, layout: Layout) -> _LabelGeometry:
        width, height = layout.label_size
        pad = min(max(min(width, height) * 0.05, 1.2 * mm), 4 * mm)
        if width >= height:
            # QR on the left, text column on the right, the code across the bottom.
            code_band = height * 0.17
            qr_side = height - 2 * pad - code_band
            qr = _Box(pad, pad + code_band, qr_side, qr_side)
            code = _Box(pad, pad, width - 2 * pad, code_band)
            text_x = pad + qr_side + 0.8 * pad
            text = _Box(text_x, pad + code_band, width - pad - text_x, qr_side)
            body_size = min(max(layout.label_height_mm * 0.19, 5.0), 9.0)
        else:
            # QR centred at the top, the code under it, text column below across the width.
            qr_side = min(width - 2 * pad, height * 0.45)
            qr = _Box((width - qr_side) / 2, height - pad - qr_side, qr_side, qr_side)
            code_band = height * 0.08
            code = _Box(pad, qr.y - code_band, width - 2 * pad, code_band)
            text = _Box(pad, pad, width - 2 * pad, code.y - 2 * pad)
            body_size = 12.0
        return cls(qr, code, text, body_size, min_size=max(4.5, body_size * 0.75))


class _LabelPainter:
    """Draws one label at a time; holds the per-document state (fonts, geometry, report)."""

    def __init__(self, canvas: Canvas, geometry: _LabelGeometry, font: CjkFont, ec_level: str,
                 report: RenderReport):
        self.canvas = canvas
        self.geometry = geometry
        self.font = font
        self.ec_level = ec_level
        self.report = report
        self.ascent, self.descent = (
            value / 1000 for value in pdfmetrics.getAscentDescent(font.name, 1000)
        )

    def paint(self, label: LabelData, x: float, y: float) -> None:
        if label.kind not in (ITEM, LOCATION):
            raise LabelError("bad_kind", f"{label.code}: {label.kind!r}")
        geometry = self.geometry
        draw_qr(self.canvas, self._matrix_for(label), x + geometry.qr.x, y + geometry.qr.y,
                geometry.qr.width)
        self._draw_code(label.code, x, y)
        self._draw_text_column(label, x, y)

    def _matrix_for(self, label: LabelData) -> QrMatrix:
        if label.qr_matrix is not None and label.qr_matrix.matches(label.qr_payload, self.ec_level):
            return label.qr_matrix
        if label.qr_matrix is not None:
            logger.warning("Stored QR matrix of %s does not match its payload; recomputed.",
                           label.code)
            self.report.recomputed_matrices += 1
        return make_qr_matrix(label.qr_payload, self.ec_level)

    def _draw_code(self, code: str, x: float, y: float) -> None:
        box = self.geometry.code
        size = box.height * 0.78
        natural = pdfmetrics.stringWidth(code, CODE_FONT, size)
        if natural > box.width:
            size = max(self.geometry.min_size, size * box.width / natural)
        text = ellipsize(code, CODE_FONT, size, box.width)
        self.canvas.setFont(CODE_FONT, size)
        self.canvas.drawString(x + box.x, y + box.y + box.height * 0.22, text)

    def _draw_text_column(self, label: LabelData, x: float, y: float) -> None:
        box = self.geometry.text
        body = self.geometry.body_size
        line = body * LINE_SPACING
        top = y + box.y + box.height
        bottom = y + box.y
        left = x + box.x
        if label.kind == LOCATION:
            top = self._draw_lines(label, LOCATION_CAPTION, left, top, body, max_lines=1)
        if label.hazardous:
            top = self._draw_hazard_box(label, left, top, body)
        # The agency name sits at the bottom; the flexible block gets what is left between.
        if label.agency_name:
            self._draw_lines(label, label.agency_name, left, bottom + line * 0.85, body * 0.85,
                             max_lines=1)
            bottom += line * 0.85
        if label.kind == ITEM:
            if label.case_number:
                # A case number is looked up by hand: wrap it rather than cut it.
                top = self._draw_lines(label, CASE_PREFIX + label.case_number, left, top, body,
                                       max_lines=2)
            flexible = label.description
        else:
            if label.flags:
                flags_text = "，".join(label.flags)
                self._draw_lines(label, flags_text, left, bottom + line, body, max_lines=1)
                bottom += line
            flexible = label.location_path
        if flexible:
            self._draw_lines(label, flexible, left, top, body, height=top - bottom)

    def _draw_lines(self, label: LabelData, text: str, left: float, top: float, size: float, *,
                    max_lines: int | None = None, height: float | None = None,
                    width: float | None = None, colour_white: bool = False) -> float:
        """Fit ``text`` below ``top`` (column width unless ``width``); return the new top."""
        text = self._substituted(label, text)
        fitted = fit(text, self.font.name, width=width or self.geometry.text.width,
                     height=height if height is not None else size * LINE_SPACING * (max_lines or 1),
                     max_size=size, min_size=min(size, self.geometry.min_size),
                     max_lines=max_lines, leading=LINE_SPACING)
        leading = fitted.size * LINE_SPACING
        canvas = self.canvas
        canvas.setFont(self.font.name, fitted.size)
        if colour_white:
            canvas.setFillGray(1)
        # Centre the glyphs' ascent+descent within each line's slot.
        slack = (leading - fitted.size * (self.ascent - self.descent)) / 2
        baseline = top - slack - fitted.size * self.ascent
        for text_line in fitted.lines:
            canvas.drawString(left, baseline, text_line)
            baseline -= leading
        if colour_white:
            canvas.setFillGray(0)
        return top - leading * max(len(fitted.lines), 1)

    def _draw_hazard_box(self, label: LabelData, left: float, top: float, size: float) -> float:
        """A black bar with white '危险 HAZARD' and the hazard text: visible from a distance and
        unmistakable on a monochrome thermal printer."""
        size *= 1.15
        height = size * LINE_SPACING * 1.25
        canvas = self.canvas
        canvas.rect(left, top - height, self.geometry.text.width, height, stroke=0, fill=1)
        text = HAZARD_MARK + (" " + label.hazard_text if label.hazard_text else "")
        inset = (height - size * LINE_SPACING) / 2
        self._draw_lines(label, text, left + inset, top - inset, size, max_lines=1,
                         width=self.geometry.text.width - 2 * inset, colour_white=True)
        return top - height - size * 0.25

    def _substituted(self, label: LabelData, text: str) -> str:
        text, missing = self.font.substitute_missing(text)
        if missing:
            self.report.missing_glyphs.setdefault(label.code, set()).update(missing)
            logger.warning("Label %s: font %s lacks %s; printed as a replacement mark.",
                           label.code, self.font.name, "".join(sorted(missing)))
        return text


def render_labels(
    labels: Iterable[LabelData],
    out: BinaryIO,
    *,
    layout: str | Layout = "a4-3x7",
    start: int = 1,
    calibration: Calibration = Calibration(),
    font: CjkFont | None = None,
    ec_level: str = "Q",
    progress: Callable[[int], None] | None = None,
    title: str = "标签 Labels",
    outlines: bool = False,
) -> RenderReport:
    """Write a PDF of ``labels`` to ``out``, filling slots from ``start`` (1-based) on the first
    sheet. ``progress(labels_done)`` is called after every page. Raises ``LayoutError`` (unknown
    layout, start off the sheet) before reading any label, and ``LabelError("no_labels")`` when the
    iterable is empty, in which case nothing is written. ``outlines`` draws each label's edge in
    light grey, for checking calibration on plain paper."""
    sheet = get_layout(layout) if isinstance(layout, str) else layout
    sheet.check_start(start)
    font = font or load_cjk_font()
    report = RenderReport()
    canvas = Canvas(out, pagesize=sheet.page_size, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setPageCallBack(lambda _page_number: _compress_finished_page(canvas))
    painter = _LabelPainter(canvas, _LabelGeometry.for_layout(sheet), font, ec_level, report)
    slot = start
    for label in labels:
        if slot > sheet.slots:
            _finish_page(canvas, report, progress)
            slot = 1
        x, y = sheet.slot_origin(slot, calibration)
        if outlines:
            _draw_outline(canvas, x, y, *sheet.label_size)
        painter.paint(label, x, y)
        report.labels += 1
        slot += 1
    if not report.labels:
        raise LabelError("no_labels")
    _finish_page(canvas, report, progress)
    canvas.save()
    return report


def _finish_page(canvas: Canvas, report: RenderReport,
                 progress: Callable[[int], None] | None) -> None:
    canvas.showPage()
    report.pages += 1
    if progress:
        progress(report.labels)


def _draw_outline(canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setStrokeGray(0.7)
    canvas.setLineWidth(0.3)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    canvas.restoreState()


def _compress_finished_page(canvas: Canvas) -> None:
    """Replace the page just finished by its Flate-compressed content stream.

    reportlab would compress it only at ``save()``, keeping every page's operators as text until
    then; compressing now keeps roughly a tenth of that. Uses reportlab's document internals
    (``_doc.Pages``), pinned by the tests that parse and rasterise the output.
    """
    page = canvas._doc.Pages.pages[-1]
    stream = PDFStream(
        PDFDictionary({"Filter": PDFName("FlateDecode")}), zlib.compress(page.stream.encode("utf8"))
    )
    page.Contents = stream
    page.stream = None
