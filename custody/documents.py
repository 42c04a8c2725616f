"""The bilingual chain-of-custody report of one item: every event, then the current checkpoint."""

from django.utils import timezone, translation

from custody.checkpoints import document_checkpoint
from custody.models import EventKind
from labels.pdf import BilingualDocument


def _both(kind: int) -> str:
    """The event's name in Chinese and English, whatever the reader's language."""
    names = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.append(str(EventKind(kind).label))
    return " / ".join(dict.fromkeys(names))


def _place(event) -> str:
    if event.from_location_id and event.from_location_id != event.to_location_id:
        return f"{event.from_location.full_name} → {event.to_location.full_name if event.to_location else '—'}"
    return event.to_location.full_name if event.to_location else "—"


def _details(event) -> str:
    parts = [event.reason, event.condition and f"状况 condition: {event.condition}",
             event.seal_numbers and f"封条 seals: {event.seal_numbers}", event.legal_document_number,
             event.counterparty and f"对方 counterparty: {event.counterparty}", event.reference]
    return "；".join(part for part in parts if part)


def timeline_pdf(item, events) -> bytes:
    checkpoint = document_checkpoint()
    doc = BilingualDocument(title_zh="涉案物品监管链报告", title_en="Chain-of-custody report",
                            generated_at=timezone.localtime(), checkpoint=checkpoint)
    doc.facts([
        ("标签码 Label code", item.code),
        ("品名 Description", item.description),
        ("案号 Case number", item.case.case_number),
        ("当前状态 Current status", f"{_status(item)}"),
        ("当前库位 Current location", item.location.full_name if item.location else "—"),
        ("权属机构 Legal holder", item.legal_holder.name),
    ])
    doc.heading("监管记录", "Custody events")
    doc.table(
        ["台账序号 Seq", "时间 Time", "事件 Event", "经办人 Actor", "地点 Where", "权属 Holder", "详情 Details",
         "哈希 Hash"],
        [[str(event.seq), timezone.localtime(event.recorded_at).strftime("%Y-%m-%d %H:%M:%S"), _both(event.kind),
          event.actor.display_name, _place(event), event.to_holder.name, _details(event), event.hash[:16]]
         for event in events],
    )
    doc.heading("台账检查点", "Ledger checkpoint")
    doc.facts([("序号 Sequence", checkpoint.sequence), ("头哈希 Head hash", checkpoint.head_hash),
               ("签名密钥指纹 Signing key fingerprint", checkpoint.signature_fingerprint)])
    doc.paragraph("每条记录的哈希链接前一条记录；检查点由本系统的Ed25519密钥签名，"
                  "可用 verify_ledger 或导出文件的独立校验工具核验。"
                  " Each event's hash links to the one before; the checkpoint is signed with this system's "
                  "Ed25519 key and can be checked with verify_ledger or the standalone verifier of an export.")
    return doc.build()


def _status(item) -> str:
    names = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.append(str(item.get_status_display()))
    return " / ".join(names)
