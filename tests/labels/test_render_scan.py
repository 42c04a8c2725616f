"""Every QR on every layout decodes, at 150 dpi, to exactly its payload."""

import io
from collections import Counter
from dataclasses import replace

import pytest

from labels.layouts import LAYOUTS, Calibration
from labels.qr import make_qr_matrix
from labels.render import render_labels
from tests.labels.labels_testkit import decode_qr_codes, rasterise, sample_labels


@pytest.mark.parametrize("layout_name", sorted(LAYOUTS))
def test_every_label_on_a_page_scans_to_its_payload(layout_name):
    layout = LAYOUTS[layout_name]
    count = max(layout.slots, 3)  # single-label rolls: three pages
    labels = sample_labels(count)
    out = io.BytesIO()
    report = render_labels(labels, out, layout=layout_name, calibration=Calibration(0.5, -0.5))
    assert (report.labels, report.pages) == (count, -(-count // layout.slots))
    decoded = Counter()
    for image in rasterise(out.getvalue(), dpi=150):
        decoded.update(decode_qr_codes(image))
    assert decoded == Counter(label.qr_payload for label in labels)
    assert any(p.startswith("HTTPS://") for p in decoded) and any("/" not in p for p in decoded)


def test_stored_matrices_are_used_and_stale_ones_recomputed():
    labels = sample_labels(6)
    fresh = [replace(label, qr_matrix=make_qr_matrix(label.qr_payload)) for label in labels[:3]]
    stale = [replace(label, qr_matrix=make_qr_matrix("S440305-9999999-0")) for label in labels[3:]]
    out = io.BytesIO()
    report = render_labels(fresh + stale, out)
    assert report.recomputed_matrices == 3
    [page] = rasterise(out.getvalue())
    assert Counter(decode_qr_codes(page)) == Counter(label.qr_payload for label in labels)


def test_start_position_leaves_used_slots_empty():
    out = io.BytesIO()
    render_labels(sample_labels(3), out, layout="a4-3x7", start=20)
    pages = rasterise(out.getvalue())
    assert len(pages) == 2
    first, second = pages
    width, height = first.size
    # Slots 20 and 21 are the last two of row 7; nothing may be drawn above that row.
    assert first.crop((0, 0, width, int(height * 0.75))).getextrema() == (255, 255)
    assert len(decode_qr_codes(first)) == 2 and len(decode_qr_codes(second)) == 1


def test_progress_reports_labels_done_per_page():
    seen = []
    render_labels(sample_labels(50), io.BytesIO(), layout="a4-3x7", progress=seen.append)
    assert seen == [21, 42, 50]


def test_labels_are_read_lazily_from_an_iterator():
    consumed = []

    def from_database():
        for label in sample_labels(30):
            consumed.append(label.code)
            yield label

    report = render_labels(from_database(), io.BytesIO())
    assert report.labels == len(consumed) == 30
