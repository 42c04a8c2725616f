"""Stocktake services (盘点): start, count, reconcile, resolve, sign off, close.

Counting writes only ``StocktakeScan`` rows (no item locks, no ledger): many counters can scan at
once. Everything that changes custody (a move recorded, an item marked missing or found, and the
SEEN_IN_STOCKTAKE events at close) goes through ``commit_changes``, so the ledger holds it.
"""

from custody.stocktake.services.counting import ScanOutcome, can_count, record_scan
from custody.stocktake.services.reconcile import (
    allowed_resolutions,
    classify,
    close_counting,
    close_stocktake,
    resolve_line,
    sign_off_count,
)
from custody.stocktake.services.schedule import DueAudit, assign_custodian, due_audits, end_custodian
from custody.stocktake.services.start import high_risk, scope_location_ids, start_stocktake

__all__ = [
    "DueAudit", "ScanOutcome", "allowed_resolutions", "assign_custodian", "can_count", "classify",
    "close_counting", "close_stocktake", "due_audits", "end_custodian", "high_risk", "record_scan",
    "resolve_line", "scope_location_ids", "sign_off_count", "start_stocktake",
]
