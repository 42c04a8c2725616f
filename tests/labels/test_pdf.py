"""labels.pdf: bilingual documents with tables, signatures and the ledger checkpoint footer."""

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from labels.pdf import BilingualDocument, LedgerCheckpoint, SignatureParty

HEAD_HASH = "3f" * 32
FINGERPRINT = "ED25519:9a:4c:1e:77:02:bb:5d:c0"


def build_handover_list(rows: int) -> tuple[BilingualDocument, bytes]:
    document = BilingualDocument(
        title_zh="涉案物品移交清单", title_en="Handover list of seized items",
        generated_at=datetime(2026, 11, 28, 14, 0, tzinfo=UTC),
        checkpoint=LedgerCheckpoint(sequence="1024", head_hash=HEAD_HASH,
                                    signature_fingerprint=FINGERPRINT),
    )
    document.facts([("案号 Case number", "深市监稽罚〔2024〕123号"),
                     ("接收单位 Receiving agency", "深圳市公安局南山分局")])
    document.heading("物品清单", "Items")
    document.table(
        ["编码 Code", "名称 Description", "数量 Quantity"],
        [[f"S440305-{i:07d}-N", "假冒“某某牌”农药（含毒死蜱），当事人王喆、李堃、刘镕" * 2, f"{i} 箱"]
         for i in range(rows)],
        column_widths=[0.3, 0.55, 0.15],
    )
    document.signatures([SignatureParty("移交人", "Handed over by", "王喆"),
                         SignatureParty("接收人", "Received by"),
                         SignatureParty("监督人", "Witness")])
    return document, document.build()


def page_texts(pdf: bytes) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_document_text_has_both_languages_table_signatures_and_checkpoint():
    _, pdf = build_handover_list(rows=5)
    [text] = page_texts(pdf)
    for expected in ("涉案物品移交清单", "Handoverlistofseizeditems", "案号Casenumber",
                     "深市监稽罚〔2024〕123号", "S440305-0000004-N", "王喆、李堃、刘镕",
                     "移交人Handedoverby", "接收人Receivedby", "监督人Witness", "签名Signature",
                     "日期Date", "第1页，共1页Page1of1", "序号seq1024", HEAD_HASH,
                     FINGERPRINT.replace(" ", ""), "生成时间Generated2026-11-2814:00:00UTC"):
        assert expected in text, expected


def test_long_tables_repeat_their_header_and_every_page_has_the_footer():
    _, pdf = build_handover_list(rows=80)
    texts = page_texts(pdf)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页，共{len(texts)}页" in text
        assert HEAD_HASH in text and FINGERPRINT in text
    for text in texts[:-1]:
        assert "编码Code" in text and "名称Description" in text


def test_font_is_embedded_and_missing_characters_are_reported():
    document = BilingualDocument(title_zh="销毁证明", title_en="Certificate of destruction",
                                 generated_at=datetime(2026, 1, 1))
    document.paragraph("见证人张𠀀")
    out = io.BytesIO()
    assert document.build(out) is None
    assert document.missing_glyphs == {"𠀀"}
    assert b"/FontFile2" in out.getvalue()
    assert "见证人张□" in page_texts(out.getvalue())[0]
