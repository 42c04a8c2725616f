"""The scan station's logic: what a scanned code means and which actions the user may take now.

Actions are a registry so that later capabilities (releases, destruction, stocktake) add theirs
without touching the scan view: each says for which statuses, with which permission, and which
service call carries it out.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from accounts.errors import InvalidInput
from accounts.models import SecurityEvent
from labels.codes import LabelCodeError, ParsedCode, parse_code
from warehouse.models import Item, Location

from .models import EventKind
from .services import record_observation, store_at
from .services.storage import receive_items

security_log = logging.getLogger("custody.security")

BAD_CODE_MESSAGES = {
    "empty": gettext_lazy("Nothing was scanned."),
    "malformed": gettext_lazy("“%(raw)s” is not a label code of this system."),
    "bad_check": gettext_lazy("“%(raw)s” has a wrong check character: the label is damaged or the code was "
                              "mistyped."),
}


def parse_scan(raw: str, *, user, ip_address=None) -> ParsedCode:
    """Parse a scan; refuse (and log) anything that is not a well-formed, checked code."""
    try:
        return parse_code(raw)
    except LabelCodeError as error:
        SecurityEvent.objects.create(kind=SecurityEvent.Kind.BAD_LABEL, user=user, path="/scan/",
                                     detail=f"{error.reason}: {raw[:200]!r}", ip_address=ip_address)
        security_log.warning("refused label code user=%s reason=%s raw=%r", user, error.reason, raw[:200])
        raise InvalidInput(BAD_CODE_MESSAGES[error.reason] % {"raw": raw.strip()[:60]},
                           code=f"label_{error.reason}") from None


@dataclass(frozen=True)
class ScanAction:
    name: str
    label: str
    permission: str
    statuses: tuple[str, ...]
    run: Callable  # run(actor=, item=, location=, client_event_id=, note=, seal_number=)
    needs_location: bool = False
    needs_note: bool = False
    needs_seal_number: bool = False
    confirm: str = ""


def _receive(*, actor, item, client_event_id, note="", **kwargs):
    return receive_items(actor=actor, items=[item], client_event_id=client_event_id, condition=note)


def _store(*, actor, item, location, client_event_id, **kwargs):
    return store_at(actor=actor, items=[item], location=location, client_event_id=client_event_id)


def _observe(kind):
    def run(*, actor, item, client_event_id, note="", seal_number="", **kwargs):
        return [record_observation(actor=actor, item=item, kind=kind, note=note, seal_number=seal_number,
                                   client_event_id=client_event_id)]
    return run


S = Item.Status
ACTIONS: list[ScanAction] = [
    ScanAction("receive", gettext_lazy("Receive into the warehouse"), "custody.receive_item",
               (S.REGISTERED, S.IN_TRANSIT), _receive),
    ScanAction("store", gettext_lazy("Put on the scanned location"), "custody.receive_item",
               (S.REGISTERED, S.RECEIVED, S.IN_TRANSIT, S.IN_STORAGE, S.STAGED), _store, needs_location=True),
    ScanAction("condition", gettext_lazy("Note condition"), "custody.note_condition",
               (S.REGISTERED, S.RECEIVED, S.IN_STORAGE, S.CHECKED_OUT, S.STAGED),
               _observe(EventKind.CONDITION_NOTED), needs_note=True),
    ScanAction("seal-broken", gettext_lazy("Seal broken"), "custody.note_condition",
               (S.RECEIVED, S.IN_STORAGE, S.CHECKED_OUT, S.STAGED), _observe(EventKind.SEAL_BROKEN), needs_note=True),
    ScanAction("reseal", gettext_lazy("Reseal"), "custody.note_condition",
               (S.RECEIVED, S.IN_STORAGE, S.CHECKED_OUT, S.STAGED), _observe(EventKind.RESEALED),
               needs_seal_number=True),
]


def register_action(action: ScanAction) -> None:
    """Higher capabilities add their scan actions here (called from their AppConfig.ready)."""
    if any(existing.name == action.name for existing in ACTIONS):
        return
    ACTIONS.append(action)


def actions_for(user, item: Item, location: Location | None) -> list[ScanAction]:
    return [
        action for action in ACTIONS
        if item.status in action.statuses and user.has_perm(action.permission)
        and (not action.needs_location or (location is not None and location.pk != item.location_id))
    ]


def find_action(name: str) -> ScanAction | None:
    return next((action for action in ACTIONS if action.name == name), None)


def new_client_event_id() -> str:
    return str(uuid.uuid4())
