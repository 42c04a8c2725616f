"""Proposing, approving, rejecting and cancelling destruction batches.

Items are staged (in_storage → staged, a STAGED ledger event each) when the batch is proposed:
from that moment they are reserved, so no second batch, release or check-out can take them
(the transition table allows those only from in_storage). A rejected or cancelled batch, or an
item taken out, unstages them again.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.services import next_serial
from custody.services.core import lock_items
from custody.services.disposal import stage_items, unstage_items
from warehouse.access import operated_warehouse_ids
from warehouse.models import Item, LegalDocument, Warehouse

from ..models import BatchItem, DestructionBatch, Facility
from ..waste import METHODS_BY_STREAM, Method, stream_of, waste_category
from .common import lock_batch, require_permission, require_status
from .contractors import check_facility_covers

S = DestructionBatch.Status
_METHOD_FIELDS = {Item.WasteStream.GENERAL: "method_general", Item.WasteStream.EWASTE: "method_ewaste",
                  Item.WasteStream.HAZARDOUS: "method_hazardous"}


def batch_code(agency, year: int) -> str:
    """XH-<division code>-<year>-<serial>: 销毁 (xiaohui), unique nationwide, serial per agency and year."""
    serial = next_serial(agency=agency, name=f"destruction-{year}")
    return f"XH-{agency.division_code}-{year}-{serial:04d}"


def check_eligible(items: Sequence[Item], warehouse: Warehouse) -> None:
    """Refuse, naming the first item, anything that may not be destroyed now. Call with the items locked."""
    allowed_cases = set(
        LegalDocument.objects.filter(case_id__in={item.case_id for item in items}, allows_disposal=True)
        .values_list("case_id", flat=True)
    )
    for item in items:
        if item.status == Item.Status.STAGED:
            entry = BatchItem.objects.filter(item=item, is_open=True).select_related("batch").first()
            raise Conflict(_("Item %(code)s is already in destruction batch %(batch)s.")
                           % {"code": item.code, "batch": entry.batch.code if entry else "?"}, code="already_staged")
        if item.status != Item.Status.IN_STORAGE:
            raise Conflict(_("Item %(code)s is “%(status)s”: only items in storage can be destroyed.")
                           % {"code": item.code, "status": item.get_status_display()}, code="not_in_storage")
        if item.warehouse_id != warehouse.pk:
            raise Conflict(_("Item %(code)s is not kept in %(warehouse)s.")
                           % {"code": item.code, "warehouse": warehouse.name}, code="other_warehouse")
        if item.case_id not in allowed_cases:
            raise Conflict(
                _("Item %(code)s cannot be destroyed: case %(case)s has no decision that allows disposal "
                  "(a penalty decision or judgment ordering confiscation and destruction).")
                % {"code": item.code, "case": item.case.case_number}, code="no_disposal_decision")


def _check_methods(streams: set[str], methods: dict[str, str]) -> dict[str, str]:
    chosen = {}
    for stream in sorted(streams):
        method = methods.get(stream) or ""
        label = Item.WasteStream(stream).label
        if not method:
            raise InvalidInput(_("Choose a destruction method for %(stream)s.") % {"stream": label},
                               code="method_required")
        if method not in METHODS_BY_STREAM[stream]:
            raise InvalidInput(
                _("%(method)s is not a harmless destruction method for %(stream)s; choose one of: %(allowed)s.")
                % {"method": Method(method).label if method in Method.values else method, "stream": label,
                   "allowed": ", ".join(str(Method(m).label) for m in METHODS_BY_STREAM[stream])},
                code="method_not_allowed")
        chosen[stream] = method
    return chosen


@transaction.atomic
def propose_batch(*, actor, warehouse: Warehouse, items: Sequence[Item], facility: Facility,
                  planned_date: datetime.date, methods: dict[str, str], estimated_cost: Decimal,
                  estimated_weight_kg: Decimal | None = None, note: str = "",
                  client_event_id=None) -> DestructionBatch:
    """A custodian proposes a batch: the items are checked, locked and staged; the facility's
    licences must cover every waste category on the planned date."""
    require_permission(actor, "destruction.propose_batch")
    if warehouse.pk not in operated_warehouse_ids(actor):
        raise NotAllowed(_("You can only propose destruction in a warehouse your agency operates."),
                         code="out_of_scope")
    if not items:
        raise InvalidInput(_("Choose at least one item."), code="empty")
    if planned_date < timezone.localdate():
        raise InvalidInput(_("The planned date cannot be in the past."), code="planned_date_past")
    if estimated_cost is None or estimated_cost < 0:
        raise InvalidInput(_("Enter the estimated cost (zero or more)."), code="estimated_cost")
    locked = lock_items(actor, [item.pk for item in items])
    check_eligible(locked, warehouse)
    categories = {item.pk: waste_category(item) for item in locked}
    streams = {stream_of(category) for category in categories.values()}
    chosen = _check_methods(streams, methods)
    check_facility_covers(facility, categories.values(), planned_date)
    weight = sum((item.weight_kg or Decimal(0) for item in locked), Decimal(0))
    agency = warehouse.operator
    batch = DestructionBatch(
        code=batch_code(agency, planned_date.year), warehouse=warehouse, agency=agency, facility=facility,
        planned_date=planned_date, estimated_weight_kg=estimated_weight_kg if estimated_weight_kg is not None
        else weight, estimated_cost=estimated_cost, note=note.strip(), prepared_by=actor,
        **{_METHOD_FIELDS[stream]: method for stream, method in chosen.items()},
    )
    batch._history_user = actor
    batch.save()
    bulk_create_with_history(
        [BatchItem(batch=batch, item=item, waste_category=categories[item.pk], weight_kg=item.weight_kg,
                   added_by=actor) for item in locked],
        BatchItem, default_user=actor,
    )
    stage_items(actor=actor, items=locked, reference=batch.reference, client_event_id=client_event_id,
                reason=str(_("Proposed for destruction")), extra={"batch": batch.code})
    return batch


def _open_items(batch: DestructionBatch) -> list[Item]:
    return [entry.item for entry in batch.batch_items.filter(is_open=True).select_related("item")]


def _close_entries(actor, batch: DestructionBatch, items: Sequence[Item], reason: str) -> None:
    if not items:
        return
    entries = list(batch.batch_items.filter(is_open=True, item__in=items))
    for entry in entries:
        entry.is_open = False
        entry._history_user = actor
        entry.save(update_fields=["is_open"])
    unstage_items(actor=actor, items=items, reference=batch.reference, reason=reason)


@transaction.atomic
def remove_item(*, actor, batch: DestructionBatch, item: Item, reason: str) -> None:
    """Take an item out of a batch that is not yet approved; it goes back to storage."""
    require_permission(actor, "destruction.propose_batch")
    batch = lock_batch(actor, batch)
    require_status(batch, S.PROPOSED)
    if not reason.strip():
        raise InvalidInput(_("Say why the item is taken out."), code="reason_required")
    if not batch.batch_items.filter(is_open=True, item=item).exists():
        raise Conflict(_("Item %(code)s is not in batch %(batch)s.") % {"code": item.code, "batch": batch.code},
                       code="not_in_batch")
    if batch.batch_items.filter(is_open=True).count() == 1:
        raise Conflict(_("This is the last item of the batch: cancel the batch instead."), code="last_item")
    _close_entries(actor, batch, [item], reason.strip())


def _decide(actor, batch: DestructionBatch) -> DestructionBatch:
    require_permission(actor, "destruction.approve_batch")
    batch = lock_batch(actor, batch)
    require_status(batch, S.PROPOSED)
    if batch.prepared_by_id == actor.pk:
        raise NotAllowed(_("You prepared batch %(code)s: another supervisor must approve or reject it.")
                         % {"code": batch.code}, code="own_batch")
    return batch


@transaction.atomic
def approve_batch(*, actor, batch: DestructionBatch, note: str = "") -> DestructionBatch:
    batch = _decide(actor, batch)
    categories = set(batch.batch_items.filter(is_open=True).values_list("waste_category", flat=True))
    check_facility_covers(batch.facility, categories, max(batch.planned_date, timezone.localdate()))
    batch.status, batch.decided_by, batch.decided_at = S.APPROVED, actor, timezone.now()
    batch.decision_note = note.strip()[:500]
    batch._history_user = actor
    batch.save()
    return batch


@transaction.atomic
def reject_batch(*, actor, batch: DestructionBatch, note: str) -> DestructionBatch:
    if not note.strip():
        raise InvalidInput(_("Give the reason for the rejection."), code="reason_required")
    batch = _decide(actor, batch)
    batch.status, batch.decided_by, batch.decided_at = S.REJECTED, actor, timezone.now()
    batch.decision_note = note.strip()[:500]
    batch._history_user = actor
    batch.save()
    _close_entries(actor, batch, _open_items(batch), str(_("Batch rejected: %(note)s") % {"note": note.strip()}))
    return batch


@transaction.atomic
def cancel_batch(*, actor, batch: DestructionBatch, note: str) -> DestructionBatch:
    """The preparer or a supervisor calls off a batch before any item has left the warehouse."""
    if not (actor.has_perm("destruction.propose_batch") or actor.has_perm("destruction.approve_batch")):
        require_permission(actor, "destruction.approve_batch")
    if not note.strip():
        raise InvalidInput(_("Give the reason for the cancellation."), code="reason_required")
    batch = lock_batch(actor, batch)
    require_status(batch, S.PROPOSED, S.APPROVED)
    batch.status, batch.decision_note = S.CANCELLED, note.strip()[:500]
    batch._history_user = actor
    batch.save()
    _close_entries(actor, batch, _open_items(batch), str(_("Batch cancelled: %(note)s") % {"note": note.strip()}))
    return batch
