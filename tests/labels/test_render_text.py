"""Text on labels: extractable, in an embedded CJK font, inside its label, nothing dropped."""

import io
import logging

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from labels.layouts import LAYOUTS
from labels.render import LabelData, _LabelGeometry, render_labels
from tests.labels.labels_testkit import RARE_NAME_DESCRIPTION, sample_labels


def render(labels, **kwargs) -> bytes:
    out = io.BytesIO()
    render_labels(labels, out, **kwargs)
    return out.getvalue()


def test_codes_and_chinese_descriptions_are_in_the_text():
    labels = sample_labels(21)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render(labels))).pages)
    compact = "".join(text.split())
    for label in labels:
        assert label.code in compact
        if label.kind == "item":
            assert "".join(label.description.split()) in compact
            assert label.case_number in compact
    assert "".join(RARE_NAME_DESCRIPTION.split()) in compact
    assert all(ch in compact for ch in "喆堃镕")
    assert "危险HAZARD" in compact and "库位Location" in compact


def test_cjk_font_is_embedded_as_truetype_subset(cjk_font):
    reader = PdfReader(io.BytesIO(render(sample_labels(5))))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [font.get_object().get("/FontDescriptor") for font in fonts.values()]
    embedded = [d.get_object() for d in descriptors if d is not None and "/FontFile2" in d.get_object()]
    assert embedded, "no TrueType font program embedded"
    assert any("WenQuanYi" in str(d["/FontName"]) or cjk_font.name in str(d["/FontName"]) for d in embedded)


@pytest.mark.parametrize("layout_name", sorted(LAYOUTS))
def test_every_character_stays_inside_its_label(layout_name):
    layout = LAYOUTS[layout_name]
    long_text = "假冒“某某牌”农药（含毒死蜱）共计一百二十箱，每箱二十瓶，外包装破损，" * 6
    labels = [
        LabelData(code=label.code, qr_payload=label.qr_payload, kind=label.kind,
                  case_number=label.case_number + "（补充卷宗第十二册）" * 3,
                  description=long_text, hazardous=True, hazard_text="有毒有害 toxic and harmful" * 3,
                  agency_name="深圳市市场监督管理局南山监管局稽查支队第三大队" * 2,
                  location_path=long_text, flags=("危险品库 hazardous store",) * 6)
        for label in sample_labels(layout.slots)
    ]
    document = pdfium.PdfDocument(render(labels, layout=layout_name))
    label_width, label_height = layout.label_size
    origins = [layout.slot_origin(slot) for slot in range(1, layout.slots + 1)]
    qr = _LabelGeometry.for_layout(layout).qr
    qr_squares = [(x + qr.x, y + qr.y, x + qr.x + qr.width, y + qr.y + qr.height) for x, y in origins]
    page = document[0]
    text_page = page.get_textpage()
    assert text_page.count_chars() > 100 * layout.slots
    for index in range(text_page.count_chars()):
        left, bottom, right, top = text_page.get_charbox(index, loose=False)
        if right - left <= 0:  # spaces and other invisible characters
            continue
        assert any(
            x - 0.5 <= left and right <= x + label_width + 0.5
            and y - 0.5 <= bottom and top <= y + label_height + 0.5
            for x, y in origins
        ), f"character {text_page.get_text_range(index, 1)!r} outside every label"
        assert not any(
            left < qr_right and right > qr_left and bottom < qr_top and top > qr_bottom
            for qr_left, qr_bottom, qr_right, qr_top in qr_squares
        ), f"character {text_page.get_text_range(index, 1)!r} on a QR code or its quiet zone"


def test_missing_glyph_is_replaced_visibly_and_reported(caplog):
    label = LabelData(code="S440305-0000123-N", qr_payload="S440305-0000123-N",
                      description="当事人张𠀀的手机", agency_name="深圳市市场监督管理局")
    out = io.BytesIO()
    with caplog.at_level(logging.WARNING, logger="labels.render"):
        report = render_labels([label], out)
    assert report.missing_glyphs == {"S440305-0000123-N": {"𠀀"}}
    assert "𠀀" in caplog.text and "S440305-0000123-N" in caplog.text
    text = PdfReader(out).pages[0].extract_text()
    assert "张□的手机" in "".join(text.split())
