"""The stocktake report: a bilingual PDF and a CSV of every reconciliation line.

The ledger checkpoint printed is the ledger head (sequence and hash) recorded when the stocktake
closed, right after its SEEN_IN_STOCKTAKE events; before closing, the current head. When the
signed checkpoints of custody/checkpoints.py exist, their fingerprint is printed as well.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from custody.checkpoints import document_checkpoint
from custody.models import Checkpoint
from custody.stocktake import selectors
from custody.stocktake.models import Stocktake, StocktakeLine
from custody.stocktake.services.sampling import sample_size
from labels.pdf import BilingualDocument, LedgerCheckpoint, SignatureParty

C = StocktakeLine.Category

# Bilingual labels for the PDF and CSV (documents carry both languages, whatever the UI language).
CATEGORY_TEXT = {
    C.MATCHED: "账实相符 Found where expected",
    C.MISPLACED: "错放 Found elsewhere",
    C.MISSING: "盘亏（未找到）Expected but not found",
    C.UNEXPECTED: "盘盈（账外）Found but not expected",
    C.OTHER_WAREHOUSE: "属其他公物仓 Belongs to another warehouse",
    C.UNKNOWN: "未知编码 Unknown code",
    C.EXCLUDED: "已出库（不计）Checked out (excluded)",
}
R = StocktakeLine.Resolution
RESOLUTION_TEXT = {
    R.PENDING: "待处理 Not resolved",
    R.NONE_NEEDED: "无需处理 No action needed",
    R.MOVE_RECORDED: "登记移库至发现位置 Move recorded",
    R.PUT_BACK: "已放回原库位 Put back",
    R.MARKED_MISSING: "登记为丢失 Marked missing",
    R.FOUND_ON_RECOUNT: "复盘找到 Found on recount",
    R.FOUND_RECORDED: "登记找回并上架 Recorded as found and put away",
    R.PUT_AWAY: "在发现位置上架 Put away where found",
    R.NOTED: "已记录，台账不变 Noted, no ledger change",
}
METHOD_TEXT = {Stocktake.Method.FULL: "全面盘点 Full count", Stocktake.Method.SAMPLE: "随机抽盘 Random sample"}
PURPOSE_TEXT = {
    Stocktake.Purpose.ROUTINE: "日常盘点 Routine count",
    Stocktake.Purpose.CUSTODIAN_CHANGE: "保管员变更盘点 Change of custodian",
    Stocktake.Purpose.ANNUAL_AUDIT: "年度审计 Annual audit",
    Stocktake.Purpose.HIGH_RISK_AUDIT: "高风险物品抽查 High-risk sample audit",
}
STATUS_TEXT = {Stocktake.Status.COUNTING: "盘点中 Counting", Stocktake.Status.RECONCILING: "核对中 Reconciling",
               Stocktake.Status.CLOSED: "已完成 Closed"}
ROLE_TEXT = {"counter": "盘点人 Counter", "supervisor": "审核人 Supervisor"}


def _time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


def report_checkpoint(stocktake: Stocktake) -> LedgerCheckpoint:
    """The checkpoint signed when the stocktake closed (the newest one while it is still open)."""
    if stocktake.ledger_seq is None:
        return document_checkpoint()
    signed = Checkpoint.objects.filter(seq=stocktake.ledger_seq, head_hash=stocktake.ledger_hash).order_by("id").first()
    return document_checkpoint(signed)


def scope_text(stocktake: Stocktake) -> str:
    names = [location.full_name for location in stocktake.locations.all()]
    return "、".join(names) if names else "全库 Whole warehouse"


def sample_text(stocktake: Stocktake) -> str:
    size = sample_size(stocktake.population_size, confidence=stocktake.confidence, margin=stocktake.margin)
    text = (f"置信度 confidence {float(stocktake.confidence):.0%}，误差 margin ±{float(stocktake.margin):.0%}："
            f"{size.formula()}")
    if stocktake.risk_weighted:
        text += "；高风险物品权重 3 high-risk items weighted 3:1"
    return text


def build_pdf(stocktake: Stocktake) -> bytes:
    checkpoint = report_checkpoint(stocktake)
    doc = BilingualDocument(
        title_zh="涉案财物盘点报告", title_en="Stocktake report", generated_at=timezone.localtime(),
        checkpoint=checkpoint,
    )
    counts = selectors.category_counts(stocktake)
    facts = [
        ("盘点编号 Stocktake", stocktake.code),
        ("公物仓 Warehouse", f"{stocktake.warehouse.name} ({stocktake.warehouse.code})"),
        ("范围 Scope", scope_text(stocktake)),
        ("方式 Method", METHOD_TEXT[stocktake.method]),
        ("目的 Purpose", PURPOSE_TEXT[stocktake.purpose]),
        ("在范围内物品 Items in scope (N)", str(stocktake.population_size)),
        ("应盘物品 Items to count (n)", str(stocktake.sample_size)),
        ("状态 Status", STATUS_TEXT[stocktake.status]),
        ("开始 Started", f"{_time(stocktake.started_at)} · {stocktake.started_by.display_name}"),
        ("结束清点 Counting closed", _time(stocktake.counting_closed_at)),
        ("完成 Closed", f"{_time(stocktake.closed_at)} · "
                        f"{stocktake.closed_by.display_name if stocktake.closed_by else '—'}"),
        ("台账检查点 Ledger checkpoint", f"序号 seq {checkpoint.sequence} · 头哈希 head hash {checkpoint.head_hash}"),
    ]
    if stocktake.method == Stocktake.Method.SAMPLE:
        facts.insert(7, ("样本量 Sample size", sample_text(stocktake)))
    doc.facts(facts)
    doc.heading("结果汇总", "Summary")
    doc.table(["类别 Category", "件数 Items"], [(CATEGORY_TEXT[c], str(counts.get(c, 0))) for c in C.values],
              column_widths=[0.75, 0.25])
    rows = []
    for line in selectors.lines(stocktake):
        if line.category == C.MATCHED:
            continue
        rows.append((
            line.code, line.item.description if line.item else "—", CATEGORY_TEXT[line.category],
            line.expected_location.full_name if line.expected_location else "—",
            line.found_location.full_name if line.found_location else "—",
            RESOLUTION_TEXT[line.resolution] + (f"：{line.reason}" if line.reason else ""),
            f"{line.resolved_by.display_name if line.resolved_by else ''} {_time(line.resolved_at)}".strip(),
        ))
    doc.heading("差异及处理", "Discrepancies and their resolution")
    if rows:
        doc.table(["编码 Code", "物品 Item", "类别 Category", "账面库位 Expected at", "实盘库位 Found at",
                   "处理 Resolution", "处理人 By"], rows, column_widths=[0.19, 0.16, 0.13, 0.12, 0.12, 0.16, 0.12])
    else:
        doc.paragraph("无差异。No discrepancies.")
    doc.heading("签字确认", "Sign-off")
    signed = list(selectors.signoffs(stocktake))
    doc.table(["角色 Role", "姓名 Name", "确认时间 Signed at", "声明 Statement"],
              [(ROLE_TEXT[s.role], s.user.display_name, _time(s.signed_at), s.statement) for s in signed]
              or [("—", "尚无签字 Not signed yet", "—", "—")], column_widths=[0.14, 0.16, 0.2, 0.5])
    doc.paragraph("签字以本人密码再次确认方式记录于系统。Sign-offs were recorded in the system, each confirmed by "
                  "re-entering the person's password.")
    parties = [SignatureParty("盘点人", "Counter", u.display_name) for u in selectors.counters(stocktake)]
    parties.append(SignatureParty("审核人", "Supervisor", stocktake.closed_by.display_name
                                  if stocktake.closed_by else ""))
    doc.signatures(parties)
    return doc.build()


CSV_HEADER = ["盘点编号 stocktake", "编码 code", "物品 item", "类别 category", "账面库位 expected location",
              "实盘库位 found location", "说明 detail", "处理 resolution", "原因 reason", "处理人 resolved by",
              "处理时间 resolved at", "台账事件 ledger events"]


def _cell(value) -> str:
    """Text a spreadsheet would run as a formula is quoted (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(stocktake: Stocktake) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 Chinese text correctly with a BOM
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for line in selectors.lines(stocktake):
        writer.writerow([_cell(value) for value in [
            stocktake.code, line.code, line.item.description if line.item else "", CATEGORY_TEXT[line.category],
            line.expected_location.full_name if line.expected_location else "",
            line.found_location.full_name if line.found_location else "", line.detail,
            RESOLUTION_TEXT[line.resolution], line.reason,
            line.resolved_by.display_name if line.resolved_by else "", _time(line.resolved_at) if line.resolved_at
            else "", line.event_seqs,
        ]])
    return out.getvalue()
