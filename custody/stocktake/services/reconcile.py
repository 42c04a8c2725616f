"""Reconciliation: compare the scans with the frozen expected set, resolve, sign off, close.

Closing writes one SEEN_IN_STOCKTAKE ledger event for every item of the warehouse that was counted
and is still on its shelf after resolution, in one transaction with the close itself: the ledger
then says, item by item, "seen in stocktake PD… on <location>", and the stocktake's ledger head
(sequence and hash) is the checkpoint the report prints.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, InvalidInput, NotAllowed
from custody.checkpoints import make_checkpoint
from custody.models import Checkpoint, EventKind
from custody.services.core import UNCHANGED, Change, commit_changes, require_permission
from custody.services.storage import check_location_accepts
from custody.stocktake.models import Stocktake, StocktakeExpected, StocktakeLine, StocktakeScan, StocktakeSignoff
from custody.stocktake.services.counting import can_count
from custody.stocktake.services.start import require_visible
from custody.transitions import ON_LOCATION
from warehouse.models import Item, Location

alert_log = logging.getLogger("custody.alerts")

C = StocktakeLine.Category
R = StocktakeLine.Resolution

# What a supervisor may decide for each kind of discrepancy.
_RESOLUTIONS = {
    C.MISPLACED: [R.MOVE_RECORDED, R.PUT_BACK],
    C.MISSING: [R.MARKED_MISSING, R.FOUND_ON_RECOUNT],
    C.UNEXPECTED: [R.NOTED],
    C.OTHER_WAREHOUSE: [R.NOTED],
    C.UNKNOWN: [R.NOTED],
}
# Resolutions after which the item is on a shelf of this warehouse and gets SEEN_IN_STOCKTAKE at close.
_SEEN_AFTER = {R.NONE_NEEDED, R.MOVE_RECORDED, R.PUT_BACK, R.FOUND_ON_RECOUNT, R.FOUND_RECORDED, R.PUT_AWAY}


def allowed_resolutions(line: StocktakeLine) -> list[str]:
    options = list(_RESOLUTIONS.get(line.category, []))
    if line.category == C.UNEXPECTED and line.item is not None and line.found_location is not None:
        if line.item.status == Item.Status.MISSING:
            options.insert(0, R.FOUND_RECORDED)
        elif line.item.status == Item.Status.RECEIVED:
            options.insert(0, R.PUT_AWAY)
    return options


def classify(stocktake: Stocktake) -> list[StocktakeLine]:
    """The reconciliation lines (unsaved), one per item seen or expected, each with its category."""
    expected = {row.item_id: row for row in StocktakeExpected.objects.filter(stocktake=stocktake)}
    seen_at: dict[str, set[int]] = defaultdict(set)
    last: dict[str, StocktakeScan] = {}
    for scan in (StocktakeScan.objects.filter(stocktake=stocktake, kind=StocktakeScan.Kind.ITEM)
                 .select_related("item", "item__warehouse").order_by("scanned_at", "pk")):
        seen_at[scan.code].add(scan.location_id)
        last[scan.code] = scan
    lines = []
    for code, scan in last.items():
        item, where = scan.item, seen_at[code]
        line = StocktakeLine(stocktake=stocktake, code=code, item=item, found_location_id=scan.location_id)
        row = expected.get(item.pk) if item is not None else None
        if item is None:
            line.category = C.UNKNOWN
            line.detail = str(_("No item with this code is registered."))
        elif row is not None and row.status == Item.Status.CHECKED_OUT:
            line.category, line.expected_location_id = C.UNEXPECTED, row.location_id
            line.detail = str(_("Checked out when the count began, yet seen on a shelf."))
        elif row is not None or (item.warehouse_id == stocktake.warehouse_id and item.status in ON_LOCATION):
            expected_at = row.location_id if row is not None else item.location_id
            line.expected_location_id = expected_at
            # An item moved through the ledger after the count began is where the ledger now says.
            here = next((pk for pk in (expected_at, item.location_id) if pk in where), None)
            if here is not None:
                line.category, line.found_location_id = C.MATCHED, here
                if row is None or not row.in_sample:
                    line.detail = str(_("Outside the sample or scope, counted anyway."))
            else:
                line.category = C.MISPLACED
        elif item.warehouse_id != stocktake.warehouse_id:
            line.category = C.OTHER_WAREHOUSE
            line.detail = (str(_("Registered in %(warehouse)s.")) % {"warehouse": item.warehouse.name}
                           if item.warehouse else str(_("Not registered in any warehouse.")))
        else:
            line.category = C.UNEXPECTED
            line.detail = str(_("Status in the ledger: %(status)s.")) % {"status": item.get_status_display()}
        lines.append(line)
    seen_codes = set(last)
    for row in (StocktakeExpected.objects.filter(stocktake=stocktake).exclude(item__code__in=seen_codes)
                .select_related("item").order_by("item_id")):
        line = StocktakeLine(stocktake=stocktake, code=row.item.code, item=row.item,
                             expected_location_id=row.location_id)
        if row.status == Item.Status.CHECKED_OUT:
            line.category = C.EXCLUDED
        elif not row.in_sample:
            continue
        elif row.item.status not in ON_LOCATION and row.item.status != Item.Status.MISSING:
            line.category = C.EXCLUDED
            line.detail = str(_("Left the shelf through the ledger after the count began: %(status)s.")) % {
                "status": row.item.get_status_display()}
        else:
            line.category = C.MISSING
        lines.append(line)
    return lines


def _lock_stocktake(stocktake: Stocktake, status: str) -> Stocktake:
    locked = Stocktake.objects.select_for_update(of=("self",)).select_related("warehouse").get(pk=stocktake.pk)
    if locked.status != status:
        raise Conflict(_("Stocktake %(code)s is “%(status)s”: this step is not possible now.")
                       % {"code": locked.code, "status": locked.get_status_display()}, code="stocktake_state")
    return locked


@transaction.atomic
def close_counting(*, actor, stocktake: Stocktake) -> list[StocktakeLine]:
    """End the count and build the reconciliation; matched and excluded lines need no decision."""
    if not (can_count(actor, stocktake) or actor.has_perm("stocktake.resolve_stocktake")):
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")
    require_visible(actor, stocktake.warehouse)
    locked = _lock_stocktake(stocktake, Stocktake.Status.COUNTING)
    now = timezone.now()
    lines = classify(locked)
    for line in lines:
        if line.category in (C.MATCHED, C.EXCLUDED):
            line.resolution, line.resolved_at = R.NONE_NEEDED, now
    StocktakeLine.objects.bulk_create(lines, batch_size=2000)
    locked.status, locked.counting_closed_at = Stocktake.Status.RECONCILING, now
    locked._history_user, locked._change_reason = actor, "counting closed"
    locked.save()
    stocktake.status, stocktake.counting_closed_at = locked.status, now
    return lines


def _lock_item(item_id: int) -> Item:
    # Scope is the stocktake's: the supervisor resolves what was counted in a warehouse they oversee.
    return Item.objects.select_for_update().get(pk=item_id)


@transaction.atomic
def resolve_line(*, actor, line: StocktakeLine, resolution: str, reason: str) -> StocktakeLine:
    """A supervisor's decision on one discrepancy, carried out through the custody services."""
    require_permission(actor, "stocktake.resolve_stocktake")
    require_visible(actor, line.stocktake.warehouse)
    stocktake = _lock_stocktake(line.stocktake, Stocktake.Status.RECONCILING)
    line = StocktakeLine.objects.select_for_update(of=("self",)).select_related("item", "found_location",
                                                                    "expected_location").get(pk=line.pk)
    if line.resolution:
        if line.resolution == resolution:
            return line  # a resubmitted form
        raise Conflict(_("This discrepancy was already resolved: %(resolution)s.")
                       % {"resolution": line.get_resolution_display()}, code="already_resolved")
    if resolution not in allowed_resolutions(line):
        raise InvalidInput(_("This resolution does not fit this discrepancy."), code="bad_resolution")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason for this resolution."), code="reason_required")
    details = {"reference": stocktake.code, "reason": reason[:500]}
    changes = []
    if resolution in (R.MOVE_RECORDED, R.MARKED_MISSING, R.FOUND_RECORDED, R.PUT_AWAY):
        item = _lock_item(line.item_id)
        target = line.found_location
        if resolution == R.MOVE_RECORDED:
            if item.location_id == target.pk:
                raise Conflict(_("Item %(code)s is already recorded on %(location)s.")
                               % {"code": item.code, "location": target.full_name}, code="already_there")
            check_location_accepts(Location.objects.select_for_update().get(pk=target.pk), [item])
            changes.append(Change(item=item, kind=EventKind.MOVED, location=target, details=details))
        elif resolution == R.MARKED_MISSING:
            changes.append(Change(item=item, kind=EventKind.MARKED_MISSING, location=None, details=details))
        else:
            check_location_accepts(Location.objects.select_for_update().get(pk=target.pk), [item])
            if resolution == R.FOUND_RECORDED:
                changes.append(Change(item=item, kind=EventKind.FOUND, details=details))
            changes.append(Change(item=item, kind=EventKind.PUT_AWAY, location=target, details=details))
    events = commit_changes(actor, changes) if changes else []
    if resolution == R.MARKED_MISSING:
        alert_log.warning("ALERT item %s marked missing in stocktake %s by %s: %s", line.code, stocktake.code,
                          actor, reason)
    line.resolution, line.reason, line.resolved_by, line.resolved_at = resolution, reason[:300], actor, timezone.now()
    line.event_seqs = ",".join(str(event.seq) for event in events)
    line._history_user, line._change_reason = actor, resolution
    line.save()
    return line


def _check_password(actor, password: str) -> None:
    if not password or not actor.check_password(password):
        raise InvalidInput(_("The password is not correct: the sign-off was not recorded."), code="bad_password")


def counter_ids(stocktake: Stocktake) -> set[int]:
    return set(StocktakeScan.objects.filter(stocktake=stocktake).values_list("counter_id", flat=True))


@transaction.atomic
def sign_off_count(*, actor, stocktake: Stocktake, password: str) -> StocktakeSignoff:
    """A counter confirms, with their password, that their scans are complete and correct."""
    _check_password(actor, password)
    locked = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    if actor.pk not in counter_ids(locked):
        raise NotAllowed(_("Only the people who counted sign off the count."), code="not_a_counter")
    if locked.status == Stocktake.Status.COUNTING:
        raise Conflict(_("Close the count first, then sign it off."), code="stocktake_state")
    done = StocktakeSignoff.objects.filter(stocktake=locked, user=actor, role=StocktakeSignoff.Role.COUNTER).first()
    if done:
        return done
    return StocktakeSignoff.objects.create(
        stocktake=locked, user=actor, role=StocktakeSignoff.Role.COUNTER, signed_at=timezone.now(),
        statement=f"本人确认在盘点 {locked.code} 中的扫码记录完整、真实。I confirm my scans in stocktake "
                  f"{locked.code} are complete and true.",
    )


@transaction.atomic
def close_stocktake(*, actor, stocktake: Stocktake, password: str) -> Stocktake:
    """The supervisor signs off and closes: every item counted gets SEEN_IN_STOCKTAKE in the ledger."""
    require_permission(actor, "stocktake.resolve_stocktake")
    require_visible(actor, stocktake.warehouse)
    _check_password(actor, password)
    locked = _lock_stocktake(stocktake, Stocktake.Status.RECONCILING)
    counters = counter_ids(locked)
    if actor.pk in counters:
        raise NotAllowed(_("You counted in this stocktake: another supervisor must close it."),
                         code="separation_of_duties")
    if locked.lines.filter(resolution=R.PENDING).exists():
        raise Conflict(_("Resolve every discrepancy before closing."), code="unresolved_discrepancies")
    signed = set(locked.signoffs.filter(role=StocktakeSignoff.Role.COUNTER).values_list("user_id", flat=True))
    if counters - signed:
        raise Conflict(_("Every counter must sign off the count before it is closed."), code="unsigned_counters")
    seen_ids = sorted(locked.lines.filter(resolution__in=_SEEN_AFTER, item__isnull=False,
                                          item__warehouse=locked.warehouse).values_list("item_id", flat=True))
    items = list(Item.objects.select_for_update(of=("self",)).filter(pk__in=seen_ids, status__in=ON_LOCATION)
                 .order_by("pk"))
    commit_changes(actor, [
        Change(item=item, kind=EventKind.SEEN_IN_STOCKTAKE, location=UNCHANGED,
               details={"reference": locked.code, "reason": f"盘点 stocktake {locked.code}"})
        for item in items
    ])
    now = timezone.now()
    StocktakeSignoff.objects.create(
        stocktake=locked, user=actor, role=StocktakeSignoff.Role.SUPERVISOR, signed_at=now,
        statement=f"本人已审核盘点 {locked.code} 的差异处理并确认结果。I reviewed the resolution of the "
                  f"discrepancies of stocktake {locked.code} and confirm its result.",
    )
    # A signed checkpoint at close: the report prints it, so the count is tied to the ledger it proved.
    checkpoint = make_checkpoint(reason=Checkpoint.Reason.MANUAL, force=True)
    locked.status, locked.closed_at, locked.closed_by = Stocktake.Status.CLOSED, now, actor
    locked.ledger_seq, locked.ledger_hash = checkpoint.seq, checkpoint.head_hash
    locked._history_user, locked._change_reason = actor, "closed"
    locked.save()
    return locked
