"""The transfer handover list (移交清单)."""

from django.utils import timezone

from custody.paperwork import LINE_STATUS_ZH, both, ledger_checkpoint, person, when
from custody.transfers.models import Transfer
from labels.pdf import BilingualDocument, SignatureParty

MODE_ZH = {"legal_only": "权属移交、实物不动", "physical": "实物移交"}


TRANSFER_STATUS_ZH = {"pending": "待审批", "approved": "已批准待移送", "rejected": "已驳回", "cancelled": "已撤销",
                      "sent": "已移送待接收", "received": "已接收", "refused": "已拒收"}


def handover_pdf(transfer: Transfer, lines, appraisals) -> bytes:
    doc = BilingualDocument(title_zh="涉案物品移交清单", title_en="Handover list of seized items",
                            generated_at=timezone.localtime(), checkpoint=ledger_checkpoint())
    doc.facts([
        ("移送编号 Transfer number", transfer.code),
        ("移送文书 Transfer document", transfer.document_number),
        ("案号 Case number", f"{transfer.case.case_number} {transfer.case.title}"),
        ("移送单位 Transferring agency", transfer.from_agency.name),
        ("接收单位 Receiving agency", transfer.to_agency.name),
        ("交接方式 Handover", both(MODE_ZH.get(transfer.mode, ""), transfer.get_mode_display())),
        ("移送理由 Grounds", transfer.reason),
        ("报告时间 Reported", when(transfer.reported_at)),
        ("决定期限 Decision due (3日)", when(transfer.decision_due)),
        ("批准 Approved", f"{person(transfer.decided_by)} · {when(transfer.decided_at)}"),
        ("移送期限 Transfer due (24小时)", when(transfer.transfer_due)),
        ("移送时间 Sent", when(transfer.sent_at)),
        ("接收时间 Received", when(transfer.received_at)),
        ("状态 Status", both(TRANSFER_STATUS_ZH.get(transfer.status, ""), transfer.get_status_display())),
    ])
    doc.heading("涉案物品清单", "Item list")
    doc.table(
        ["标签编码 Code", "名称 Description", "数量 Quantity", "存放位置 Location", "接收 Receipt"],
        [[line.item.code, line.item.description, f"{line.item.quantity.normalize()} {line.item.get_unit_display()}",
          line.item.location.full_name if line.item.location else "—",
          f"{LINE_STATUS_ZH.get(line.status, '')} {line.get_status_display()} {line.refusal_reason}".strip()]
         for line in lines],
        column_widths=[0.2, 0.3, 0.13, 0.2, 0.17],
    )
    doc.heading("鉴定意见", "Appraisal reports")
    rows = [[a.code, a.item.code, f"{a.get_kind_display()} · {a.appraiser}", a.get_result_display(),
             a.report_sha256[:16] + "…" if a.report_sha256 else "—"] for a in appraisals]
    if rows:
        doc.table(["编号 Number", "物品 Item", "鉴定人 Appraiser", "结论 Result", "报告 SHA-256"], rows,
                  column_widths=[0.2, 0.2, 0.3, 0.12, 0.18])
    else:
        doc.paragraph("无 None")
    doc.signatures([
        SignatureParty("移交人", "Handed over by", person(transfer.sent_by)),
        SignatureParty("接收人", "Received by",
                       next((person(line.decided_by) for line in lines if line.decided_by), "")),
    ])
    return doc.build()
