"""Bilingual papers: the release approval form (出库审批表) and the transfer handover list (移交清单)."""

from django.utils import timezone

from labels.pdf import BilingualDocument, LedgerCheckpoint, SignatureParty

from .checkpoints import document_checkpoint
from .models import ReleaseRequest, Transfer

PURPOSE_ZH = {"examination": "检验", "appraisal": "鉴定", "court": "庭审", "return_to_owner": "发还", "other": "其他"}
RELEASE_STATUS_ZH = {"pending": "待审批", "approved": "已批准待出库", "rejected": "已驳回", "cancelled": "已撤销",
                     "out": "已出库", "returned": "已归还", "completed": "已发还"}
LINE_STATUS_ZH = {"requested": "待出库", "out": "已出库", "returned": "已归还", "handed_to_owner": "已发还",
                  "dropped": "未出库", "pending": "待接收", "received": "已接收", "refused": "拒收"}
CONDITION_ZH = {"intact": "完好", "damaged": "损坏", "short": "短少", "substituted": "调换", "": ""}
MODE_ZH = {"legal_only": "权属移交、实物不动", "physical": "实物移交"}
TRANSFER_STATUS_ZH = {"pending": "待审批", "approved": "已批准待移送", "rejected": "已驳回", "cancelled": "已撤销",
                      "sent": "已移送待接收", "received": "已接收", "refused": "已拒收"}


def _both(zh: str, en) -> str:
    return f"{zh} {en}" if zh else str(en)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _person(user) -> str:
    return user.display_name if user else "—"


def _checkpoint() -> LedgerCheckpoint:
    return document_checkpoint()


def release_form_pdf(release: ReleaseRequest, lines) -> bytes:
    doc = BilingualDocument(title_zh="涉案物品出库审批表", title_en="Release approval form for seized items",
                            generated_at=timezone.localtime(), checkpoint=_checkpoint())
    doc.facts([
        ("编号 Number", release.code),
        ("案号 Case number", f"{release.case.case_number} {release.case.title}"),
        ("用途 Purpose", _both(PURPOSE_ZH.get(release.purpose, ""), release.get_purpose_display())),
        ("事由 Reason", release.reason),
        ("接收人 Recipient", " ".join(filter(None, [release.recipient_name, release.recipient_organisation]))),
        ("应归还日期 Due back", release.due_back.isoformat() if release.due_back else "— (发还 return to owner)"),
        ("申请人 Requested by", f"{_person(release.requested_by)} · {release.requesting_agency.name} · "
                              f"{_when(release.requested_at)}"),
        ("审批人 Approver", f"{_person(release.decided_by)} · {_when(release.decided_at)} {release.decision_note}"),
        ("状态 Status", _both(RELEASE_STATUS_ZH.get(release.status, ""), release.get_status_display())),
    ])
    doc.heading("物品清单", "Items")
    doc.table(
        ["标签编码 Code", "名称 Description", "数量 Quantity", "出库 Out", "归还 Returned", "状况 Condition"],
        [[line.item.code, line.item.description, f"{line.item.quantity.normalize()} {line.item.get_unit_display()}",
          f"{_when(line.checked_out_at)} {_person(line.checked_out_by) if line.checked_out_by else ''}",
          f"{_when(line.returned_at)} {_person(line.returned_by) if line.returned_by else ''}",
          f"{CONDITION_ZH.get(line.return_condition, '')} {line.return_note}".strip()]
         for line in lines],
        column_widths=[0.17, 0.25, 0.12, 0.16, 0.16, 0.14],
    )
    doc.signatures([
        SignatureParty("申请人", "Requested by", _person(release.requested_by)),
        SignatureParty("审批人", "Approved by", _person(release.decided_by)),
        SignatureParty("保管员（交付）", "Custodian (handed out)",
                       next((_person(line.checked_out_by) for line in lines if line.checked_out_by), "")),
        SignatureParty("接收人", "Recipient", release.recipient_name),
    ])
    return doc.build()


def handover_pdf(transfer: Transfer, lines, appraisals) -> bytes:
    doc = BilingualDocument(title_zh="涉案物品移交清单", title_en="Handover list of seized items",
                            generated_at=timezone.localtime(), checkpoint=_checkpoint())
    doc.facts([
        ("移送编号 Transfer number", transfer.code),
        ("移送文书 Transfer document", transfer.document_number),
        ("案号 Case number", f"{transfer.case.case_number} {transfer.case.title}"),
        ("移送单位 Transferring agency", transfer.from_agency.name),
        ("接收单位 Receiving agency", transfer.to_agency.name),
        ("交接方式 Handover", _both(MODE_ZH.get(transfer.mode, ""), transfer.get_mode_display())),
        ("移送理由 Grounds", transfer.reason),
        ("报告时间 Reported", _when(transfer.reported_at)),
        ("决定期限 Decision due (3日)", _when(transfer.decision_due)),
        ("批准 Approved", f"{_person(transfer.decided_by)} · {_when(transfer.decided_at)}"),
        ("移送期限 Transfer due (24小时)", _when(transfer.transfer_due)),
        ("移送时间 Sent", _when(transfer.sent_at)),
        ("接收时间 Received", _when(transfer.received_at)),
        ("状态 Status", _both(TRANSFER_STATUS_ZH.get(transfer.status, ""), transfer.get_status_display())),
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
        SignatureParty("移交人", "Handed over by", _person(transfer.sent_by)),
        SignatureParty("接收人", "Received by",
                       next((_person(line.decided_by) for line in lines if line.decided_by), "")),
    ])
    return doc.build()
