"""CJK font discovery and coverage; measured fitting keeps every string inside its box."""

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from labels import fonts
from labels.fonts import FontError, load_cjk_font
from labels.textfit import ELLIPSIS, ellipsize, fit, wrap

LONG_CHINESE = "深圳市市场监督管理局南山监管局查获假冒“某某牌”农药（含毒死蜱）一百二十箱，当事人王喆、李堃、刘镕" * 3


def test_found_font_is_truetype_and_covers_rare_name_characters(cjk_font):
    assert cjk_font.embedded and cjk_font.path.endswith((".ttf", ".ttc"))
    assert cjk_font.missing_glyphs("王喆李堃刘镕危险HAZARD□…") == set()
    assert cjk_font.missing_glyphs("张𠀀") == {"𠀀"}  # CJK extension B is not in wqy-microhei


def test_substitution_makes_missing_characters_visible(cjk_font):
    assert cjk_font.substitute_missing("张𠀀三") == ("张□三", {"𠀀"})
    assert cjk_font.substitute_missing("张三") == ("张三", set())


def test_configured_path_that_does_not_exist_is_an_error():
    with pytest.raises(FontError) as caught:
        load_cjk_font("/nonexistent/font.ttf")
    assert caught.value.reason == "font_not_found"


def test_configured_file_that_is_no_truetype_font_is_an_error(tmp_path):
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font")
    with pytest.raises(FontError) as caught:
        load_cjk_font(str(bogus))
    assert caught.value.reason == "font_unusable"


def test_without_any_truetype_font_falls_back_to_the_builtin_cid_font(monkeypatch, caplog):
    monkeypatch.setattr(fonts, "CANDIDATE_FONT_PATHS", ("/nonexistent/a.ttc",))
    fonts._register_builtin_cid_font.cache_clear()
    with caplog.at_level(logging.WARNING, logger="labels.fonts"):
        font = load_cjk_font()
    assert (font.name, font.embedded) == ("STSong-Light", False)
    assert "not embedded" in caplog.text
    assert font.missing_glyphs("王喆") == set() and font.missing_glyphs("𠀀") == {"𠀀"}


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=LONG_CHINESE + " abcXYZ0123-，。（）", min_size=1, max_size=120),
    width=st.floats(min_value=8, max_value=300),
    size=st.floats(min_value=4, max_value=14),
)
def test_ellipsize_never_exceeds_the_width(cjk_font, text, width, size):
    shortened = ellipsize(text, cjk_font.name, size, width)
    assert pdfmetrics.stringWidth(shortened, cjk_font.name, size) <= width
    assert shortened == text or shortened.endswith(ELLIPSIS) or shortened == ""
    assert text.startswith(shortened.removesuffix(ELLIPSIS))


@settings(max_examples=60, deadline=None)
@given(width=st.floats(min_value=10, max_value=300), height=st.floats(min_value=5, max_value=120))
def test_fit_keeps_long_chinese_inside_its_box(cjk_font, width, height):
    fitted = fit(LONG_CHINESE, cjk_font.name, width=width, height=height, max_size=10, min_size=5)
    assert len(fitted.lines) * fitted.size * 1.2 <= height + 1e-9
    for line in fitted.lines:
        assert pdfmetrics.stringWidth(line, cjk_font.name, fitted.size) <= width
    assert fitted.truncated == ("".join(fitted.lines) != LONG_CHINESE)


def test_fit_shrinks_before_it_truncates(cjk_font):
    text = "假冒“某某牌”运动鞋"
    full = pdfmetrics.stringWidth(text, cjk_font.name, 10)
    fitted = fit(text, cjk_font.name, width=full * 0.8, height=12, max_size=10, min_size=6)
    assert fitted.lines == (text,) and fitted.size < 10 and not fitted.truncated


def test_wrap_keeps_numbers_whole_and_punctuation_off_line_starts(cjk_font):
    lines, truncated = wrap("深市监稽罚〔2024〕123号，外包装破损", cjk_font.name, 10, 75, 5)
    assert not truncated
    assert all(line[0] not in "，。）〕" for line in lines)
    assert any("2024" in line for line in lines) and any("123" in line for line in lines)
