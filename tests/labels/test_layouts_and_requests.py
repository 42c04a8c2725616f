"""Layouts' geometry and the clear errors for requests that cannot be met."""

import io

import pytest

from labels.layouts import LAYOUTS, Calibration, LayoutError, get_layout
from labels.render import LabelData, LabelError, render_labels
from tests.labels.labels_testkit import sample_labels

MM = 72 / 25.4


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda layout: layout.name)
def test_labels_fit_on_the_page_without_overlapping(layout):
    page_width, page_height = layout.page_size
    width, height = layout.label_size
    boxes = [layout.slot_origin(slot) for slot in range(1, layout.slots + 1)]
    for x, y in boxes:
        assert -0.01 <= x and x + width <= page_width + 0.01
        assert -0.01 <= y and y + height <= page_height + 0.01
    for i, (x1, y1) in enumerate(boxes):
        for x2, y2 in boxes[i + 1 :]:
            assert x1 + width <= x2 + 0.01 or x2 + width <= x1 + 0.01 or \
                y1 + height <= y2 + 0.01 or y2 + height <= y1 + 0.01


def test_l7160_geometry_matches_the_stock():
    layout = get_layout("a4-3x7")
    x, y = layout.slot_origin(1)
    assert x == pytest.approx(7.25 * MM)
    assert y == pytest.approx((297 - 15.15 - 38.1) * MM)
    x2, _ = layout.slot_origin(2)
    assert x2 - x == pytest.approx((63.5 + 2.5) * MM)
    _, y_last = layout.slot_origin(21)
    assert y_last == pytest.approx(15.15 * MM)


def test_calibration_moves_labels_right_and_down():
    layout = get_layout("a4-3x7")
    x, y = layout.slot_origin(5)
    moved_x, moved_y = layout.slot_origin(5, Calibration(x_mm=1.0, y_mm=2.0))
    assert moved_x - x == pytest.approx(1.0 * MM)
    assert y - moved_y == pytest.approx(2.0 * MM)


def test_unknown_layout_is_refused_with_a_stable_reason():
    with pytest.raises(LayoutError) as caught:
        render_labels(sample_labels(1), io.BytesIO(), layout="a4-9x9")
    assert caught.value.reason == "unknown_layout"


@pytest.mark.parametrize(("layout", "start"), [("a4-3x7", 22), ("a4-3x7", 0), ("thermal-50x30", 2)])
def test_start_off_the_sheet_is_refused_before_anything_is_written(layout, start):
    out = io.BytesIO()
    consumed = []

    def labels():
        consumed.append(True)
        yield from sample_labels(1)

    with pytest.raises(LayoutError) as caught:
        render_labels(labels(), out, layout=layout, start=start)
    assert caught.value.reason == "start_off_sheet"
    assert out.getvalue() == b"" and not consumed


def test_last_slot_is_a_valid_start():
    report = render_labels(sample_labels(2), io.BytesIO(), layout="a4-3x8", start=24)
    assert report.pages == 2


def test_empty_label_list_is_refused_and_writes_nothing():
    out = io.BytesIO()
    with pytest.raises(LabelError) as caught:
        render_labels(iter(()), out)
    assert caught.value.reason == "no_labels"
    assert out.getvalue() == b""


def test_unknown_label_kind_is_refused():
    with pytest.raises(LabelError) as caught:
        render_labels([LabelData(code="S440305-0000123-N", qr_payload="X", kind="box")], io.BytesIO())
    assert caught.value.reason == "bad_kind"
