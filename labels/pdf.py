"""Building blocks for the app's bilingual PDF documents (handover receipts, chain-of-custody
reports, release forms, destruction certificates, finance reports), on reportlab platypus with the
embedded CJK font.

    doc = BilingualDocument(title_zh="移交清单", title_en="Handover list", checkpoint=checkpoint,
                            generated_at=now)
    doc.facts([("案号 Case number", case.number), ...])
    doc.table(["编码 Code", "名称 Description"], rows)
    doc.signatures([SignatureParty("移交人", "Handed over by"), SignatureParty("接收人", "Received by")])
    pdf_bytes = doc.build()

Every page carries a footer: page x / y, the ledger checkpoint (sequence number, head hash,
signature fingerprint) and the generation time, so each printed sheet can be tied to the ledger.
Characters the font lacks are replaced by '□' and listed in ``missing_glyphs``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from labels.fonts import CjkFont, load_cjk_font

MARGIN = 15 * mm
FOOTER_SIZE = 7


@dataclass(frozen=True)
class LedgerCheckpoint:
    """The signed ledger checkpoint printed on every page, passed in as display strings."""

    sequence: str
    head_hash: str
    signature_fingerprint: str

    def footer_lines(self) -> list[str]:
        return [
            f"台账检查点 Ledger checkpoint：序号 seq {self.sequence}，头哈希 head hash {self.head_hash}",
            f"检查点签名指纹 Checkpoint signature fingerprint：{self.signature_fingerprint}",
        ]


@dataclass(frozen=True)
class SignatureParty:
    """One signing party: role in both languages and, if known, the person's name."""

    role_zh: str
    role_en: str
    name: str = ""


class BilingualDocument:
    """Collects the parts of a document in order, then builds it in one go."""

    def __init__(self, *, title_zh: str, title_en: str, generated_at: datetime,
                 checkpoint: LedgerCheckpoint | None = None, font: CjkFont | None = None,
                 pagesize: tuple[float, float] = A4):
        self.font = font or load_cjk_font()
        self.title_zh, self.title_en = title_zh, title_en
        self.generated_at = generated_at
        self.checkpoint = checkpoint
        self.pagesize = pagesize
        self.missing_glyphs: set[str] = set()
        self._story: list[Any] = []
        self._styles = self._make_styles()
        self._story += [
            Paragraph(self._markup(title_zh), self._styles["title"]),
            Paragraph(self._markup(title_en), self._styles["subtitle"]),
            Spacer(1, 4 * mm),
        ]

    @property
    def content_width(self) -> float:
        return self.pagesize[0] - 2 * MARGIN

    def heading(self, zh: str, en: str) -> None:
        self._story.append(Paragraph(self._markup(f"{zh} {en}"), self._styles["heading"]))

    def paragraph(self, text: str) -> None:
        self._story.append(Paragraph(self._markup(text), self._styles["body"]))

    def facts(self, rows: Sequence[tuple[str, str]]) -> None:
        """Key/value table; keys are usually bilingual ("案号 Case number")."""
        body = self._styles["body"]
        data = [[Paragraph(self._markup(key), self._styles["key"]), Paragraph(self._markup(value), body)]
                for key, value in rows]
        table = Table(data, colWidths=[0.3 * self.content_width, 0.7 * self.content_width])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
        ]))
        self._story += [table, Spacer(1, 4 * mm)]

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]],
              column_widths: Sequence[float] | None = None) -> None:
        """Data table: cells wrap (Chinese included), the header row repeats on every page.
        ``column_widths`` are fractions of the content width; equal columns by default."""
        fractions = column_widths or [1 / len(header)] * len(header)
        head_style, body = self._styles["table_head"], self._styles["table_body"]
        data = [[Paragraph(self._markup(cell), head_style) for cell in header]]
        data += [[Paragraph(self._markup(str(cell)), body) for cell in row] for row in rows]
        table = Table(data, colWidths=[f * self.content_width for f in fractions], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        self._story += [table, Spacer(1, 4 * mm)]

    def drawing(self, drawing: Any) -> None:
        """A reportlab graphics Drawing (a chart) or any other flowable, as wide as it was drawn.
        Its strings must use ``self.font.name`` to show Chinese."""
        self._story += [drawing, Spacer(1, 4 * mm)]

    def signatures(self, parties: Sequence[SignatureParty]) -> None:
        """A block per party (two per row): role, name, and lines to sign and date."""
        cells = []
        for party in parties:
            lines = [
                f"{party.role_zh} {party.role_en}",
                f"姓名 Name：{party.name or '_' * 18}",
                "签名 Signature：" + "_" * 16,
                "日期 Date：" + "_" * 20,
            ]
            cells.append([Paragraph(self._markup(line), self._styles["body"]) for line in lines])
        if len(cells) % 2:
            cells.append("")
        rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[self.content_width / 2] * 2)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 8 * mm)]))
        self._story += [Spacer(1, 6 * mm), KeepTogether([table])]

    def build(self, out: BinaryIO | None = None) -> bytes | None:
        """Write the PDF to ``out``, or return its bytes when ``out`` is None."""
        target = out if out is not None else BytesIO()
        document = SimpleDocTemplate(
            target, pagesize=self.pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN, bottomMargin=MARGIN + 8 * mm,
            title=f"{self.title_zh} {self.title_en}",
        )
        footer_lines = self._footer_lines()
        font_name = self.font.name
        pagesize = self.pagesize

        class FooterCanvas(Canvas):
            """Holds page states until the end, when the page count is known (page x / y)."""

            def __init__(self, *args: Any, **kwargs: Any):
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    page_line = f"第 {number} 页，共 {total} 页 Page {number} of {total}"
                    y = MARGIN
                    for line in [page_line, *footer_lines]:
                        # Hashes are never cut: a long line is set smaller instead.
                        natural = self.stringWidth(line, font_name, FOOTER_SIZE)
                        size = FOOTER_SIZE * min(1.0, (pagesize[0] - 2 * MARGIN) / natural)
                        self.setFont(font_name, size)
                        self.drawString(MARGIN, y, line)
                        y -= FOOTER_SIZE * 1.3
                    Canvas.showPage(self)
                Canvas.save(self)

        document.build(self._story, canvasmaker=FooterCanvas)
        return target.getvalue() if out is None else None

    def _footer_lines(self) -> list[str]:
        stamp = self.generated_at.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
        lines = [self._clean(f"生成时间 Generated {stamp}")]
        if self.checkpoint:
            lines += [self._clean(line) for line in self.checkpoint.footer_lines()]
        return lines

    def _clean(self, text: str) -> str:
        text, missing = self.font.substitute_missing(text)
        self.missing_glyphs |= missing
        return text

    def _markup(self, text: str) -> str:
        return escape(self._clean(text)).replace("\n", "<br/>")

    def _make_styles(self) -> dict[str, ParagraphStyle]:
        font = self.font.name

        def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.35,
                                  wordWrap="CJK", **extra)

        return {
            "title": style("title", 18, alignment=1),
            "subtitle": style("subtitle", 12, alignment=1, textColor=colors.Color(0.3, 0.3, 0.3)),
            "heading": style("heading", 12, spaceBefore=6, spaceAfter=4),
            "body": style("body", 9.5),
            "key": style("key", 9.5, textColor=colors.Color(0.25, 0.25, 0.25)),
            "table_head": style("table_head", 9),
            "table_body": style("table_body", 9),
        }
