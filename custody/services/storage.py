"""Intake (入库), put-away and moves between storage locations."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, NotAllowed
from custody.models import CustodyEvent, EventKind
from custody.services.core import (
    UNCHANGED,
    Change,
    already_recorded,
    commit_changes,
    event_id_for,
    lock_items,
    require_permission,
)
from custody.transitions import ON_LOCATION
from warehouse.access import locations_operated_by
from warehouse.models import Case, Item, Location


def _refuse_own_case(actor, items: list[Item]) -> None:
    """Case handling is kept apart from custody: an officer of a case never takes its items in."""
    own = Case.objects.filter(pk__in={item.case_id for item in items}, officers=actor).values_list(
        "case_number", flat=True
    )
    if own:
        raise NotAllowed(
            _("You are a case officer of case %(case)s: another custodian must handle its items.")
            % {"case": own[0]},
            code="separation_of_duties",
        )


def lock_location(actor, location: Location) -> Location:
    # NO KEY UPDATE: serialises capacity checks on this bin without blocking the foreign-key checks
    # (FOR KEY SHARE) of concurrent moves; plain FOR UPDATE deadlocked moves in opposite directions.
    locked = locations_operated_by(actor).select_for_update(no_key=True).filter(pk=location.pk).first()
    if locked is None:
        raise NotAllowed(_("This location is not in a warehouse your agency operates."), code="out_of_scope")
    return locked


def check_location_accepts(location: Location, items: list[Item]) -> None:
    """Hazardous goods only in hazardous stores, cold and secure needs met, capacity respected."""
    for item in items:
        if item.is_hazardous and not location.is_hazardous:
            raise Conflict(
                _("Item %(code)s is hazardous: it can only go to a hazardous store, not %(location)s.")
                % {"code": item.code, "location": location.full_name},
                code="location_not_hazardous",
            )
        if item.needs_cold and not location.is_cold:
            raise Conflict(_("Item %(code)s needs cold storage; %(location)s is not a cold store.")
                           % {"code": item.code, "location": location.full_name}, code="location_not_cold")
        if item.needs_secure and not location.is_secure:
            raise Conflict(_("Item %(code)s needs secure storage; %(location)s is not a secure store.")
                           % {"code": item.code, "location": location.full_name}, code="location_not_secure")
    if location.capacity is not None:
        arriving = [item for item in items if item.location_id != location.pk]
        present = Item.objects.filter(location=location, status__in=ON_LOCATION).aggregate(n=Count("pk"))["n"]
        if present + len(arriving) > location.capacity:
            raise Conflict(
                _("%(location)s is full: it holds %(present)s of %(capacity)s items.")
                % {"location": location.full_name, "present": present, "capacity": location.capacity},
                code="location_full",
            )


@transaction.atomic
def receive_items(*, actor, items: list[Item], client_event_id: uuid.UUID | None = None,
                  condition: str = "") -> list[CustodyEvent]:
    """Take registered items (or items arriving from another warehouse) into the warehouse."""
    require_permission(actor, "custody.receive_item")
    locked = lock_items(actor, [item.pk for item in items])
    event_ids = [event_id_for(client_event_id, item.code, "receive") for item in locked]
    if done := already_recorded(event_ids):
        return done
    _refuse_own_case(actor, locked)
    return commit_changes(actor, [
        Change(item=item, kind=EventKind.RECEIVED, client_event_id=event_id, details={"condition": condition})
        for item, event_id in zip(locked, event_ids, strict=True)
    ])


@transaction.atomic
def store_at(*, actor, items: list[Item], location: Location,
             client_event_id: uuid.UUID | None = None, reason: str = "") -> list[CustodyEvent]:
    """Put items on ``location``: receive and put away new arrivals, put away received items,
    move stored ones. This is what scanning a location label and then item labels does."""
    require_permission(actor, "custody.receive_item")
    locked = lock_items(actor, [item.pk for item in items])
    # A retry finds the item already stored: look for any step the first attempt may have recorded.
    if done := already_recorded(event_id_for(client_event_id, item.code, str(int(kind)))
                                for item in locked for kind in _STORE_KINDS):
        return done
    steps = {item.pk: _steps_to_store(item, location) for item in locked}
    event_ids = {(item.pk, kind): event_id_for(client_event_id, item.code, str(int(kind)))
                 for item in locked for kind in steps[item.pk]}
    if any(EventKind.MOVED in kinds for kinds in steps.values()):
        require_permission(actor, "custody.move_item")
    _refuse_own_case(actor, locked)
    target = lock_location(actor, location)
    check_location_accepts(target, locked)
    changes = []
    for item in locked:
        for kind in steps[item.pk]:
            changes.append(Change(
                item=item, kind=kind, client_event_id=event_ids[(item.pk, kind)],
                location=target if kind in (EventKind.PUT_AWAY, EventKind.MOVED) else UNCHANGED,
                details={"reason": reason},
            ))
    return commit_changes(actor, changes)


_STORE_KINDS = (EventKind.RECEIVED, EventKind.PUT_AWAY, EventKind.MOVED)


def _steps_to_store(item: Item, location: Location) -> list[EventKind]:
    if item.status in (Item.Status.REGISTERED, Item.Status.IN_TRANSIT):
        return [EventKind.RECEIVED, EventKind.PUT_AWAY]
    if item.status == Item.Status.RECEIVED:
        return [EventKind.PUT_AWAY]
    if item.status in ON_LOCATION:
        if item.location_id == location.pk:
            raise Conflict(_("Item %(code)s is already on %(location)s.")
                           % {"code": item.code, "location": location.full_name}, code="already_there")
        return [EventKind.MOVED]
    # Let the transition table word the refusal for every other status.
    return [EventKind.PUT_AWAY]
