"""The release approval form (出库审批表)."""

from django.utils import timezone

from custody.paperwork import CONDITION_ZH, both, ledger_checkpoint, person, when
from custody.releases.models import ReleaseRequest
from labels.pdf import BilingualDocument, SignatureParty

PURPOSE_ZH = {"examination": "检验", "appraisal": "鉴定", "court": "庭审", "return_to_owner": "发还", "other": "其他"}


RELEASE_STATUS_ZH = {"pending": "待审批", "approved": "已批准待出库", "rejected": "已驳回", "cancelled": "已撤销",
                     "out": "已出库", "returned": "已归还", "completed": "已发还"}


def release_form_pdf(release: ReleaseRequest, lines) -> bytes:
    doc = BilingualDocument(title_zh="涉案物品出库审批表", title_en="Release approval form for seized items",
                            generated_at=timezone.localtime(), checkpoint=ledger_checkpoint())
    doc.facts([
        ("编号 Number", release.code),
        ("案号 Case number", f"{release.case.case_number} {release.case.title}"),
        ("用途 Purpose", both(PURPOSE_ZH.get(release.purpose, ""), release.get_purpose_display())),
        ("事由 Reason", release.reason),
        ("接收人 Recipient", " ".join(filter(None, [release.recipient_name, release.recipient_organisation]))),
        ("应归还日期 Due back", release.due_back.isoformat() if release.due_back else "— (发还 return to owner)"),
        ("申请人 Requested by", f"{person(release.requested_by)} · {release.requesting_agency.name} · "
                              f"{when(release.requested_at)}"),
        ("审批人 Approver", f"{person(release.decided_by)} · {when(release.decided_at)} {release.decision_note}"),
        ("状态 Status", both(RELEASE_STATUS_ZH.get(release.status, ""), release.get_status_display())),
    ])
    doc.heading("物品清单", "Items")
    doc.table(
        ["标签编码 Code", "名称 Description", "数量 Quantity", "出库 Out", "归还 Returned", "状况 Condition"],
        [[line.item.code, line.item.description, f"{line.item.quantity.normalize()} {line.item.get_unit_display()}",
          f"{when(line.checked_out_at)} {person(line.checked_out_by) if line.checked_out_by else ''}",
          f"{when(line.returned_at)} {person(line.returned_by) if line.returned_by else ''}",
          f"{CONDITION_ZH.get(line.return_condition, '')} {line.return_note}".strip()]
         for line in lines],
        column_widths=[0.17, 0.25, 0.12, 0.16, 0.16, 0.14],
    )
    doc.signatures([
        SignatureParty("申请人", "Requested by", person(release.requested_by)),
        SignatureParty("审批人", "Approved by", person(release.decided_by)),
        SignatureParty("保管员（交付）", "Custodian (handed out)",
                       next((person(line.checked_out_by) for line in lines if line.checked_out_by), "")),
        SignatureParty("接收人", "Recipient", release.recipient_name),
    ])
    return doc.build()
