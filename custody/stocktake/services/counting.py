"""Blind counting: counters scan location labels and item labels; nothing is compared yet.

A scan is stored at once (one INSERT, no item lock, no ledger append), so counters in different
zones never wait for each other. The scanning page sends a client scan id with every scan; a scan
resent after a lost connection finds its row and is reported as already recorded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, InvalidInput, NotAllowed
from custody.scan.actions import parse_scan
from custody.stocktake.models import Stocktake, StocktakeScan
from custody.stocktake.services.start import require_visible, scope_location_ids
from labels.codes import normalise_scan
from warehouse.models import Item, Location


def can_count(user, stocktake: Stocktake) -> bool:
    """Audits are counted by auditors (outside the property function); other counts by custodians."""
    if not user.is_active:
        return False
    if stocktake.is_audit:
        return user.has_perm("stocktake.audit_stocktake")
    return user.has_perm("stocktake.count_stocktake")


@dataclass
class ScanOutcome:
    scan: StocktakeScan
    created: bool
    location: Location | None  # the counter's current location after this scan


def _parse_uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise InvalidInput(_("The scan carried no valid scan id: reload the page."), code="bad_scan_id") from None


def record_scan(*, actor, stocktake: Stocktake, raw: str, client_scan_id, location: Location | None = None,
                ip_address: str | None = None) -> ScanOutcome:
    """Record one scan. ``location`` is where the counter is (the last location label scanned)."""
    if not can_count(actor, stocktake):
        raise NotAllowed(_("Your role does not allow you to count in this stocktake."), code="permission_denied")
    require_visible(actor, stocktake.warehouse)
    scan_id = _parse_uuid(client_scan_id)
    if (existing := _existing(scan_id, stocktake, raw)) is not None:
        return ScanOutcome(existing, False, existing.location if existing.kind == "location" else location)
    if stocktake.status != Stocktake.Status.COUNTING:
        raise Conflict(_("Counting in stocktake %(code)s is closed.") % {"code": stocktake.code},
                       code="counting_closed")
    parsed = parse_scan(raw, user=actor, ip_address=ip_address)
    values = {"stocktake": stocktake, "client_scan_id": scan_id, "code": parsed.code, "counter": actor}
    if parsed.kind == "location":
        found = Location.objects.filter(code=parsed.code, warehouse=stocktake.warehouse).first()
        if found is None:
            raise InvalidInput(_("Location %(code)s is not in this warehouse.") % {"code": parsed.code},
                               code="location_elsewhere")
        if found.pk not in _scope(stocktake):
            raise InvalidInput(_("%(location)s is not part of this stocktake.") % {"location": found.full_name},
                               code="location_out_of_scope")
        values.update(kind=StocktakeScan.Kind.LOCATION, location=found)
        location = found
    else:
        if location is None:
            raise InvalidInput(_("Scan the label of the location you are counting first."), code="no_location")
        item = Item.objects.filter(code=parsed.code).first()
        values.update(kind=StocktakeScan.Kind.ITEM, item=item, location=location)
    try:
        with transaction.atomic():
            scan = StocktakeScan.objects.create(**values, scanned_at=timezone.now())
    except IntegrityError:
        # The same scan arrived twice at once (a resend racing the original): keep the first.
        existing = _existing(scan_id, stocktake, raw)
        if existing is None:
            raise
        return ScanOutcome(existing, False, location)
    return ScanOutcome(scan, True, location)


def _existing(scan_id: uuid.UUID, stocktake: Stocktake, raw: str) -> StocktakeScan | None:
    """The scan already stored under this id; a different code under a used id is refused, never dropped."""
    existing = StocktakeScan.objects.filter(client_scan_id=scan_id).select_related("location", "item").first()
    if existing is not None and (existing.stocktake_id != stocktake.pk or existing.code != normalise_scan(raw)):
        raise Conflict(_("This scan was not recorded: scan it again."), code="scan_id_reused")
    return existing


def _scope(stocktake: Stocktake) -> set[int]:
    cached = getattr(stocktake, "_scope_ids", None)
    if cached is None:
        cached = scope_location_ids(stocktake.warehouse, stocktake.locations.all())
        stocktake._scope_ids = cached
    return cached
