"""Seals and condition: what a custodian or supervisor observes about an item."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.errors import InvalidInput
from custody.models import CustodyEvent, EventKind
from custody.services.core import Change, already_recorded, commit_changes, event_id_for, lock_items, require_permission


@transaction.atomic
def record_observation(*, actor, item, kind: EventKind, note: str = "", seal_number: str = "",
                       client_event_id: uuid.UUID | None = None) -> CustodyEvent:
    """Seal broken (with the reason), resealed (with the new seal number), or condition noted."""
    if kind not in (EventKind.SEAL_BROKEN, EventKind.RESEALED, EventKind.CONDITION_NOTED):
        raise ValueError(f"not an observation: {kind}")
    require_permission(actor, "custody.note_condition")
    if kind == EventKind.RESEALED and not seal_number.strip():
        raise InvalidInput(_("Enter the number of the new seal."), code="seal_number_required")
    if kind != EventKind.RESEALED and not note.strip():
        raise InvalidInput(_("Describe what you observed."), code="note_required")
    (locked,) = lock_items(actor, [item.pk])
    event_id = event_id_for(client_event_id, locked.code, str(int(kind)))
    if done := already_recorded([event_id]):
        return done[0]
    details = {"reason": note.strip()}
    if kind == EventKind.RESEALED:
        details["seal_numbers"] = f"{locked.seal_number}→{seal_number.strip()}" if locked.seal_number else seal_number
        locked.seal_number = seal_number.strip()
    elif kind == EventKind.SEAL_BROKEN:
        details["seal_numbers"] = locked.seal_number
    else:
        details["condition"] = note.strip()
        locked.condition = note.strip()[:200]
    (event,) = commit_changes(actor, [Change(item=locked, kind=kind, client_event_id=event_id, details=details)])
    return event
