"""Bilingual PDFs: the destruction record (everything, at any stage) and the certificate of
destruction (once completed). Both carry the ledger checkpoint: the one taken right after the
DESTROYED events in the body, the current one in every page footer."""

from __future__ import annotations

from django.utils import timezone, translation

from labels.pdf import BilingualDocument, SignatureParty
from warehouse.models import Item

from . import checkpoint
from .models import DestructionBatch
from .waste import category_label, method_label

STATUS_ZH = {
    "proposed": "已提出，待审批", "approved": "已批准，待执行", "in_progress": "移交处置单位中",
    "completed": "已销毁", "rejected": "已驳回", "cancelled": "已取消",
}
STREAM_ZH = {"general": "一般固体废物 general waste", "ewaste": "电子废物 e-waste",
             "hazardous": "危险废物 hazardous waste"}
EVIDENCE_ZH = {"photo": "照片 photo", "video": "录像 video", "certificate": "处置证明 certificate"}
COST_ZH = {"transport": "运输 transport", "disposal_fee": "处置费 disposal fee",
           "hazardous_handling": "危险品处理 hazardous handling", "labour": "人工 labour", "testing": "检测 testing"}
LICENCE_ZH = {"hazardous_waste": "危险废物经营许可证", "ewaste": "废弃电器电子产品处理资格证书",
              "general": "一般固体废物处置许可"}
PAYER_ZH = {"budget": "财政预算 agency budget", "rights_holder": "权利人 rights holder",
            "infringer": "向侵权人追偿 recovered from the infringer"}


def _person(user) -> str:
    return f"{user.display_name}（{user.agency.name if user.agency_id else '—'}）" if user else "—"


def _time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _document(batch: DestructionBatch, title_zh: str, title_en: str) -> BilingualDocument:
    # A completed batch prints the checkpoint signed with its destruction; an open one the newest.
    signed = ((batch.checkpoint_seq, batch.checkpoint_hash, batch.checkpoint_fingerprint)
              if batch.checkpoint_seq is not None else None)
    return BilingualDocument(title_zh=title_zh, title_en=title_en, generated_at=timezone.localtime(),
                             checkpoint=checkpoint.for_pdf(signed))


def _facts(doc: BilingualDocument, batch: DestructionBatch) -> None:
    licences = "；".join(f"{LICENCE_ZH[lic.kind]} {lic.get_kind_display()} {lic.number}"
                        f"（{', '.join(lic.category_codes)}；"
                        f"有效期至 valid until {lic.valid_until.isoformat()}）"
                        for lic in batch.facility.licences.all())
    methods = "；".join(f"{STREAM_ZH[s]}：{method_label(batch.method_for(s))}" for s in Item.WasteStream.values
                       if batch.method_for(s))
    doc.facts([
        ("销毁批次 Batch", batch.code),
        ("状态 Status", f"{STATUS_ZH[batch.status]} {batch.get_status_display()}"),
        ("组织单位 Agency", f"{batch.agency.name} {batch.agency.name_en}".strip()),
        ("公物仓 Warehouse", batch.warehouse.name),
        ("处置单位及设施 Contractor and facility", f"{batch.facility.contractor.name}，{batch.facility.name}，"
                                                 f"{batch.facility.address}"),
        ("许可证 Licences", licences or "—"),
        ("销毁方式 Methods", methods),
        ("计划日期 Planned date", batch.planned_date.isoformat()),
        ("预计重量 / 费用 Estimated weight / cost", f"{batch.estimated_weight_kg} kg / ¥{batch.estimated_cost}"),
        ("提出人 Prepared by", f"{_person(batch.prepared_by)} {_time(batch.prepared_at)}"),
        ("审批人 Approved by", f"{_person(batch.decided_by)} {_time(batch.decided_at)} {batch.decision_note}"),
        ("执行人 Operator", _person(batch.executed_by)),
        ("销毁时间 Destroyed at", _time(batch.destroyed_at)),
        ("处置证明编号 Contractor's certificate", batch.certificate_number or "—"),
    ])


def _items(doc: BilingualDocument, batch: DestructionBatch) -> None:
    entries = list(batch.batch_items.all())
    doc.heading("物品清单", f"Items ({len(entries)})")
    doc.table(
        ["编码 Code", "物品 Description", "案号 Case", "数量 Quantity", "重量 kg", "类别 Category", "车次 Trip"],
        [[e.item.code, e.item.description, e.item.case.case_number, f"{e.item.quantity.normalize()} "
          f"{e.item.get_unit_display()}", str(e.weight_kg or "—"), e.waste_category,
          str(e.shipment.number) if e.shipment_id else "—"] for e in entries],
        column_widths=[0.17, 0.27, 0.17, 0.1, 0.08, 0.11, 0.1],
    )


def _shipments(doc: BilingualDocument, batch: DestructionBatch) -> None:
    shipments = list(batch.shipments.all())
    if not shipments:
        return
    doc.heading("运输与称重", "Trips, manifests and weights")
    rows = []
    for s in shipments:
        diff = s.weight_difference_kg
        flag = "超出允差 ABOVE TOLERANCE" if s.weight_flagged else (
            "正常 within tolerance" if diff is not None else "—")
        rows.append([str(s.number), category_label(s.waste_category), s.manifest_number or "—", s.vehicle_plate,
                     str(s.weight_out_kg), str(s.weight_in_kg or "—"), f"{diff if diff is not None else '—'} {flag}"])
    doc.table(["车次 Trip", "废物类别 Category", "转移联单 Manifest", "车牌 Vehicle", "出库 Out kg", "入厂 In kg",
               "差额 Difference"], rows, column_widths=[0.07, 0.2, 0.16, 0.12, 0.1, 0.1, 0.25])


def _witnesses_and_evidence(doc: BilingualDocument, batch: DestructionBatch) -> None:
    witnesses = list(batch.witnesses.all())
    if witnesses:
        doc.heading("监销人", "Witnesses (confirmed with their own password)")
        doc.table(["姓名 Name", "单位 Agency", "外部 External", "确认时间 Confirmed at"],
                  [[w.user.display_name, w.agency.name, "是 yes" if w.is_external else "否 no", _time(w.confirmed_at)]
                   for w in witnesses], column_widths=[0.2, 0.4, 0.15, 0.25])
    evidence = list(batch.evidence.all())
    if evidence:
        doc.heading("现场证据", "Photos, video and certificate (SHA-256, also in the ledger)")
        doc.table(["类型 Kind", "文件 File", "SHA-256"],
                  [[EVIDENCE_ZH[e.kind], e.original_name, e.sha256] for e in evidence],
                  column_widths=[0.15, 0.25, 0.6])


def _checkpoint_facts(doc: BilingualDocument, batch: DestructionBatch) -> None:
    if batch.checkpoint_seq is None:
        return
    doc.heading("销毁后台账检查点", "Ledger checkpoint after the destruction")
    doc.facts([("序号 Sequence", str(batch.checkpoint_seq)), ("头哈希 Head hash", batch.checkpoint_hash),
               ("签名指纹 Signature fingerprint", batch.checkpoint_fingerprint)])


def record_pdf(batch: DestructionBatch) -> bytes:
    with translation.override("en"):  # the Chinese is written out here; labels from choices in English
        return _record(batch)


def certificate_pdf(batch: DestructionBatch) -> bytes:
    with translation.override("en"):
        return _certificate(batch)


def _record(batch: DestructionBatch) -> bytes:
    doc = _document(batch, "涉案物品销毁记录", "Record of destruction of seized goods")
    _facts(doc, batch)
    _items(doc, batch)
    _shipments(doc, batch)
    _witnesses_and_evidence(doc, batch)
    lines = list(batch.cost_lines.all())
    if lines:
        doc.heading("费用", "Costs (yuan)")
        doc.table(["日期 Date", "类别 Category", "金额 Amount", "付款方 Payer", "发票号 Invoice"],
                  [[line.incurred_on.isoformat(), COST_ZH[line.category], f"¥{line.amount}", PAYER_ZH[line.payer],
                    line.invoice_number or "—"] for line in lines],
                  column_widths=[0.14, 0.24, 0.14, 0.3, 0.18])
        doc.paragraph(f"合计 Total：¥{sum(line.amount for line in lines)}")
    _checkpoint_facts(doc, batch)
    return doc.build()


def _certificate(batch: DestructionBatch) -> bytes:
    doc = _document(batch, "涉案物品销毁证明", "Certificate of destruction")
    entries = list(batch.batch_items.all())
    weight_in = sum((s.weight_in_kg or 0 for s in batch.shipments.all()), 0)
    doc.paragraph(
        f"兹证明：销毁批次 {batch.code} 所列 {len(entries)} 件涉案物品已于 {_time(batch.destroyed_at)} 在 "
        f"{batch.facility.contractor.name}（{batch.facility.name}）以无害化方式全部销毁，未流入市场。\n"
        f"This certifies that the {len(entries)} seized items of destruction batch {batch.code} were destroyed "
        f"in an environmentally harmless way at {batch.facility.contractor.name} ({batch.facility.name}) on "
        f"{_time(batch.destroyed_at)}, and none returned to commerce. Total weight in at the facility: {weight_in} kg."
    )
    _facts(doc, batch)
    _items(doc, batch)
    _shipments(doc, batch)
    _witnesses_and_evidence(doc, batch)
    _checkpoint_facts(doc, batch)
    parties = [SignatureParty("执行人", "Operator", batch.executed_by.display_name if batch.executed_by else "")]
    parties += [SignatureParty("监销人", "Witness", w.user.display_name) for w in batch.witnesses.all()]
    parties.append(SignatureParty("处置单位", "Contractor", batch.facility.contractor.name))
    doc.signatures(parties)
    return doc.build()

