"""Custody verbs of harmless destruction: stage, unstage, hand to a contractor, confirm destroyed.

Generic on purpose: they take plain arguments (items, a reference such as "batch:XH-440300-2026-0001",
a counterparty, details and an ``extra`` dictionary hashed into each event's payload) and know
nothing of destruction batches, which live in the destruction app above and call down here.
Each locks the items, checks the permission and separation of duties, and lets the transition
table refuse what the item's status does not allow (a destroyed item can never move again).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import transaction

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
from custody.services.storage import _refuse_own_case
from warehouse.models import Item

# Staging only reserves items on their shelves (and unstaging releases them): a supervisor who
# rejects a batch may do it. Handing over and confirming destruction is custodians' work.
STAGE_PERMISSION = "custody.stage_item"
DISPOSE_PERMISSION = "custody.dispose_item"
# The key under which a caller's extra facts go into the hashed payload: a namespace, so they can
# never overwrite one of the ledger's own payload fields.
EXTRA_KEY = "disposal"


def _run(*, actor, items: Sequence[Item], kind: EventKind, reference: str, counterparty: str = "",
         reason: str = "", extra: dict | None = None, off_location: bool = False,
         client_event_id: uuid.UUID | str | None = None) -> list[CustodyEvent]:
    require_permission(actor, STAGE_PERMISSION if kind in (EventKind.STAGED, EventKind.UNSTAGED)
                       else DISPOSE_PERMISSION)
    locked = lock_items(actor, [item.pk for item in items])
    event_ids = [event_id_for(client_event_id, item.code, str(int(kind))) for item in locked]
    if done := already_recorded(event_ids):
        return done
    if kind != EventKind.UNSTAGED:  # putting goods back into safe storage needs no such guard
        _refuse_own_case(actor, locked)
    details = {"reference": reference[:60], "counterparty": counterparty[:200], "reason": reason[:500]}
    if extra:
        details["extra"] = {EXTRA_KEY: extra}
    return commit_changes(actor, [
        Change(item=item, kind=kind, client_event_id=event_id, details=dict(details),
               location=None if off_location else UNCHANGED)
        for item, event_id in zip(locked, event_ids, strict=True)
    ])


@transaction.atomic
def stage_items(*, actor, items: Sequence[Item], reference: str, reason: str = "", extra: dict | None = None,
                client_event_id=None) -> list[CustodyEvent]:
    """In storage → staged for destruction. The goods stay on their shelf, reserved."""
    return _run(actor=actor, items=items, kind=EventKind.STAGED, reference=reference, reason=reason, extra=extra,
                client_event_id=client_event_id)


@transaction.atomic
def unstage_items(*, actor, items: Sequence[Item], reference: str, reason: str = "", client_event_id=None
                  ) -> list[CustodyEvent]:
    """Staged → back in storage (taken out of a batch, or the batch was rejected or cancelled)."""
    return _run(actor=actor, items=items, kind=EventKind.UNSTAGED, reference=reference, reason=reason,
                client_event_id=client_event_id)


@transaction.atomic
def hand_to_contractor(*, actor, items: Sequence[Item], reference: str, counterparty: str, reason: str = "",
                       extra: dict | None = None, client_event_id=None) -> list[CustodyEvent]:
    """Staged → with the disposal contractor: the goods leave the shelf and the warehouse."""
    return _run(actor=actor, items=items, kind=EventKind.HANDED_TO_CONTRACTOR, reference=reference,
                counterparty=counterparty, reason=reason, extra=extra, off_location=True,
                client_event_id=client_event_id)


@transaction.atomic
def confirm_destroyed(*, actor, items: Sequence[Item], reference: str, counterparty: str, reason: str = "",
                      extra: dict | None = None, client_event_id=None) -> list[CustodyEvent]:
    """With the contractor → destroyed. Final: the transition table allows nothing after it."""
    return _run(actor=actor, items=items, kind=EventKind.DESTROYED, reference=reference, counterparty=counterparty,
                reason=reason, extra=extra, off_location=True, client_event_id=client_event_id)
