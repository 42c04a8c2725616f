"""Building blocks shared by the bilingual papers of the custody features."""

from django.utils import timezone

from custody.checkpoints import document_checkpoint
from labels.pdf import LedgerCheckpoint

LINE_STATUS_ZH = {"requested": "待出库", "out": "已出库", "returned": "已归还", "handed_to_owner": "已发还",
                  "dropped": "未出库", "pending": "待接收", "received": "已接收", "refused": "拒收"}


CONDITION_ZH = {"intact": "完好", "damaged": "损坏", "short": "短少", "substituted": "调换", "": ""}


def both(zh: str, en) -> str:
    return f"{zh} {en}" if zh else str(en)


def when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def person(user) -> str:
    return user.display_name if user else "—"


def ledger_checkpoint() -> LedgerCheckpoint:
    return document_checkpoint()
