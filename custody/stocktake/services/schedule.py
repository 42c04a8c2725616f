"""When stocktakes are due: custodian changes, the annual audit, the quarterly high-risk sample.

Intervals come from settings (defaults in brackets):
STOCKTAKE_ANNUAL_AUDIT_DAYS (365), STOCKTAKE_HIGH_RISK_AUDIT_DAYS (92),
STOCKTAKE_CUSTODIAN_CHANGE_DAYS (14: a full count within this many days of the change),
STOCKTAKE_DUE_SOON_DAYS (30: how early "due soon" shows).

A custodian change is a WarehouseCustodian assignment that starts or ends. It is settled by a
closed full stocktake of the whole warehouse that started on or after the change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import InvalidInput
from custody.services.core import require_permission
from custody.stocktake.models import Stocktake, WarehouseCustodian
from warehouse.access import warehouses_visible_to
from warehouse.models import Warehouse


def _days(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass
class DueAudit:
    warehouse: Warehouse
    kind: str  # a Stocktake.Purpose value
    label: str
    last_done: datetime.date | None
    due_on: datetime.date
    state: str  # "overdue", "due" (within the due-soon window) or "ok"
    reason: str = ""

    @property
    def method(self) -> str:
        return Stocktake.Method.SAMPLE if self.kind == Stocktake.Purpose.HIGH_RISK_AUDIT else Stocktake.Method.FULL


def _state(due_on: datetime.date, today: datetime.date) -> str:
    if due_on < today:
        return "overdue"
    if due_on <= today + datetime.timedelta(days=_days("STOCKTAKE_DUE_SOON_DAYS", 30)):
        return "due"
    return "ok"


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def due_audits(user, today: datetime.date | None = None) -> list[DueAudit]:
    """Every warehouse the user sees, with its audits and when each is (over)due; worst first."""
    today = today or timezone.localdate()
    warehouses = list(warehouses_visible_to(user).order_by("code"))
    ids = [w.pk for w in warehouses]
    closed = Stocktake.objects.filter(warehouse__in=ids, status=Stocktake.Status.CLOSED)
    last_by_purpose = {
        (row["warehouse"], row["purpose"]): row["last"]
        for row in closed.values("warehouse", "purpose").annotate(last=Max("started_at"))
    }
    last_full = dict(closed.filter(method=Stocktake.Method.FULL, locations__isnull=True).values("warehouse")
                     .annotate(last=Max("started_at")).values_list("warehouse", "last"))
    changes = {}
    for row in WarehouseCustodian.objects.filter(warehouse__in=ids).values("warehouse", "starts_on", "ends_on"):
        latest = max(filter(None, [row["starts_on"], row["ends_on"]]))
        if latest <= today:
            changes[row["warehouse"]] = max(changes.get(row["warehouse"], latest), latest)
    rows = []
    for warehouse in warehouses:
        for purpose, setting, default in (
            (Stocktake.Purpose.ANNUAL_AUDIT, "STOCKTAKE_ANNUAL_AUDIT_DAYS", 365),
            (Stocktake.Purpose.HIGH_RISK_AUDIT, "STOCKTAKE_HIGH_RISK_AUDIT_DAYS", 92),
        ):
            last = _local_date(last_by_purpose.get((warehouse.pk, purpose)))
            # Never done: due now (the first audit is overdue from today on).
            due_on = last + datetime.timedelta(days=_days(setting, default)) if last else today
            rows.append(DueAudit(warehouse, purpose, Stocktake.Purpose(purpose).label, last, due_on,
                                 "overdue" if last is None else _state(due_on, today),
                                 "" if last else str(_("Never done."))))
        change = changes.get(warehouse.pk)
        full = _local_date(last_full.get(warehouse.pk))
        if change and (full is None or full < change):
            due_on = change + datetime.timedelta(days=_days("STOCKTAKE_CUSTODIAN_CHANGE_DAYS", 14))
            rows.append(DueAudit(warehouse, Stocktake.Purpose.CUSTODIAN_CHANGE,
                                 Stocktake.Purpose.CUSTODIAN_CHANGE.label, full, due_on,
                                 "overdue" if due_on < today else "due",
                                 str(_("Custodians changed on %(date)s.")) % {"date": change.isoformat()}))
    order = {"overdue": 0, "due": 1, "ok": 2}
    rows.sort(key=lambda row: (order[row.state], row.due_on, row.warehouse.code))
    return rows


@transaction.atomic
def assign_custodian(*, actor, warehouse: Warehouse, user, starts_on: datetime.date) -> WarehouseCustodian:
    """Make ``user`` a custodian of ``warehouse`` from ``starts_on``: a full stocktake becomes due."""
    require_permission(actor, "stocktake.add_warehousecustodian")
    if not user.has_perm("stocktake.count_stocktake"):
        raise InvalidInput(_("Only warehouse staff (custodians) can be assigned to a warehouse."),
                           code="not_a_custodian")
    if WarehouseCustodian.objects.filter(warehouse=warehouse, user=user, ends_on__isnull=True).exists():
        raise InvalidInput(_("This person is already a custodian of this warehouse."), code="already_assigned")
    assignment = WarehouseCustodian(warehouse=warehouse, user=user, starts_on=starts_on, assigned_by=actor)
    assignment._history_user = actor
    assignment.save()
    return assignment


@transaction.atomic
def end_custodian(*, actor, assignment: WarehouseCustodian, ends_on: datetime.date) -> WarehouseCustodian:
    require_permission(actor, "stocktake.change_warehousecustodian")
    assignment = WarehouseCustodian.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ends_on is not None:
        return assignment
    if ends_on < assignment.starts_on:
        raise InvalidInput(_("An assignment cannot end before it starts."), code="ends_before_start")
    assignment.ends_on = ends_on
    assignment._history_user = actor
    assignment.save()
    return assignment
