"""labels.qr: the fast mask choice builds exactly qrcode's symbol; matrices round-trip as bytes."""

import io

import pytest
import qrcode
from qrcode.util import QRData
from reportlab.pdfgen.canvas import Canvas

from labels.qr import (
    ERROR_CORRECTION_LEVELS,
    QrError,
    QrMatrix,
    draw_qr,
    encoding_mode,
    make_qr_matrix,
    mask_penalty,
)
from tests.labels.labels_testkit import URL_PREFIX, decode_qr_codes, rasterise

PAYLOADS = [
    "S440305-0000123-N",
    "K440300-00012-X",
    URL_PREFIX + "S440305-0000123-N",
    "https://lower.case/url?x=1",  # byte mode
    "物品 " * 60,  # byte mode, version ≥ 7 (version information blocks)
]


def qrcode_rows(payload: str, ec_level: str, mask: int) -> tuple[int, ...]:
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECTION_LEVELS[ec_level], border=0,
                           mask_pattern=mask)
    symbol.add_data(QRData(payload))
    symbol.make(fit=True)
    return tuple(int("".join("1" if dark else "0" for dark in row), 2) for row in symbol.modules)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("ec_level", "LMQH")
def test_every_mask_matches_qrcode_module_for_module(payload, ec_level):
    for mask in range(8):
        assert make_qr_matrix(payload, ec_level, mask=mask).rows == qrcode_rows(payload, ec_level, mask)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_chosen_mask_has_the_lowest_penalty(payload):
    chosen = make_qr_matrix(payload)
    penalties = [mask_penalty(list(make_qr_matrix(payload, mask=m).rows), chosen.size) for m in range(8)]
    assert mask_penalty(list(chosen.rows), chosen.size) == min(penalties)


@pytest.mark.parametrize("code", ["S440305-0000123-N", "K440300-00012-X", "G110105-1234567-0"])
def test_bare_codes_are_alphanumeric_and_small_at_q(code):
    matrix = make_qr_matrix(code, "Q")
    assert encoding_mode(code) == "alphanumeric"
    assert matrix.version <= 2
    assert matrix.size in (21, 25)


def test_upper_case_urls_stay_alphanumeric():
    assert encoding_mode(URL_PREFIX + "S440305-0000123-N") == "alphanumeric"
    assert encoding_mode("https://custody.example.gov.cn/l/s440305-0000123-n") == "byte"


def test_matrix_round_trips_through_bytes_and_knows_its_payload():
    matrix = make_qr_matrix(URL_PREFIX + "S440305-0000123-N", "Q")
    stored = matrix.to_bytes()
    assert len(stored) < 200
    restored = QrMatrix.from_bytes(stored)
    assert restored == matrix
    assert restored.matches(URL_PREFIX + "S440305-0000123-N", "Q")
    assert not restored.matches("S440305-0000123-N", "Q")
    assert not restored.matches(URL_PREFIX + "S440305-0000123-N", "H")


@pytest.mark.parametrize(
    "data",
    [b"", b"\x02" + bytes(20), bytes([1, 22, ord("Q")]) + bytes(8 + 22 * 3),
     make_qr_matrix("S440305-0000123-N").to_bytes()[:-1]],
)
def test_corrupt_matrix_bytes_are_refused(data):
    with pytest.raises(QrError) as caught:
        QrMatrix.from_bytes(data)
    assert caught.value.reason == "bad_matrix_bytes"


def test_unknown_error_correction_level_is_refused():
    with pytest.raises(QrError) as caught:
        make_qr_matrix("S440305-0000123-N", "X")
    assert caught.value.reason == "bad_ec_level"


def test_drawn_symbol_is_one_path_of_runs_and_decodes():
    matrix = make_qr_matrix("S440305-0000123-N")
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 200), pageCompression=0)
    draw_qr(canvas, matrix, 20, 20, 160)
    canvas.save()
    content = out.getvalue()
    assert content.count(b" re") == len(matrix.dark_runs())
    assert content.count(b" f Q") == 1
    assert sum(length for _, _, length in matrix.dark_runs()) == sum(r.bit_count() for r in matrix.rows)
    [image] = rasterise(content, dpi=150)
    assert decode_qr_codes(image) == ["S440305-0000123-N"]
