"""Helpers shared by the labels toolkit tests (a uniquely named module: pytest puts this folder
on sys.path, and a generic name like helpers.py would clash with other apps' tests)."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp

from labels.codes import make_item_code, make_location_code
from labels.render import LOCATION, LabelData

RARE_NAME_DESCRIPTION = "当事人王喆、李堃、刘镕的手机"
DESCRIPTIONS = (
    "假冒“某某牌”农药（含毒死蜱）",
    "仿冒运动鞋 42码 黑色",
    RARE_NAME_DESCRIPTION,
    "假冒化妆品",
)
URL_PREFIX = "HTTPS://CUSTODY.EXAMPLE.GOV.CN/L/"


def sample_labels(count: int, *, first_serial: int = 1) -> list[LabelData]:
    """Items with bare-code and URL payloads, hazardous items, and a location every fifth label."""
    labels = []
    for index in range(count):
        serial = first_serial + index
        if index % 5 == 4:
            code = make_location_code(division_code="440300", serial=serial)
            labels.append(LabelData(
                code=code, qr_payload=code, kind=LOCATION,
                location_path="深圳市公物仓 / 一号库 / A区 / 03架 / 2层",
                flags=("危险品库 hazardous store", "冷藏 cold store"), hazardous=index % 2 == 0,
                hazard_text="易燃 flammable", agency_name="深圳市市场监督管理局",
            ))
            continue
        code = make_item_code(type_letter="S", division_code="440305", serial=serial)
        labels.append(LabelData(
            code=code, qr_payload=code if index % 2 else URL_PREFIX + code,
            case_number=f"深市监稽罚〔2024〕{serial}号", description=DESCRIPTIONS[index % 4],
            hazardous=index % 3 == 0, hazard_text="有毒 toxic",
            agency_name="深圳市市场监督管理局南山监管局",
        ))
    return labels


def rasterise(pdf: bytes, dpi: int = 150) -> list:
    document = pdfium.PdfDocument(pdf)
    return [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]


def decode_qr_codes(image) -> list[str]:
    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [result.text for result in results]

