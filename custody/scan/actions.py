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
from custody.models import EventKind
from custody.printing.models import Label
from custody.releases.services import check_out, open_release_line, return_item
from custody.services.condition import record_observation
from custody.services.storage import receive_items, store_at
from labels.codes import LabelCodeError, ParsedCode, parse_code
from warehouse.models import Item, Location

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
class LabelCheck:
    """What the scanned label itself says: current, or superseded by ``replacement``."""

    superseded: bool = False
    replacement: str = ""
    message: str = ""


def check_label(parsed: ParsedCode, item: Item, *, user, ip_address=None) -> LabelCheck:
    """A scanned item label is its item's current label, a superseded one (warn, name the
    replacement), or a revision never issued (refused and logged as a suspicious label).

    Revision 1 is the item code itself, so an item never printed (or a code typed by hand) is fine.
    """
    newest = Label.objects.filter(item=item).order_by("-revision").values_list("revision", "code").first()
    newest_revision, newest_code = newest or (1, item.code)
    if parsed.revision == newest_revision:
        return LabelCheck()
    if parsed.revision < newest_revision:
        return LabelCheck(superseded=True, replacement=newest_code, message=gettext_lazy(
            "Label %(old)s was replaced by label %(new)s: this label is superseded. Take it off and "
            "stick on the current one (print it again if it is lost).") % {"old": parsed.code, "new": newest_code})
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.BAD_LABEL, user=user, path="/scan/",
                                 detail=f"unknown revision: {parsed.code}", ip_address=ip_address)
    security_log.warning("refused label code user=%s reason=unknown_revision code=%s", user, parsed.code)
    raise InvalidInput(gettext_lazy("Label %(code)s was never issued by this system: do not use it, and "
                                    "report it.") % {"code": parsed.code}, code="label_unknown_revision")


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
    applies: Callable | None = None  # applies(item) -> bool: e.g. only items on an approved release


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
        and (action.applies is None or action.applies(item))
    ]


def find_action(name: str) -> ScanAction | None:
    return next((action for action in ACTIONS if action.name == name), None)


def new_client_event_id() -> str:
    return str(uuid.uuid4())


# Releases (issue 5): scanning an item of an approved release hands it out; scanning it back returns it.
def _release_out(*, actor, item, client_event_id, **kwargs):
    line = open_release_line(item)
    if line is None:
        raise InvalidInput(gettext_lazy("Item %(code)s is not on an approved release.") % {"code": item.code},
                           code="not_on_request")
    return check_out(actor=actor, release=line.request, items=[item], client_event_id=client_event_id)


def _release_return(condition):
    def run(*, actor, item, client_event_id, note="", location=None, **kwargs):
        return return_item(actor=actor, item=item, condition=condition, note=note, location=location,
                           client_event_id=client_event_id)
    return run


def _on_approved_release(item) -> bool:
    return open_release_line(item) is not None


ACTIONS += [
    ScanAction("release-out", gettext_lazy("Hand out on the approved release"), "releases.execute_release",
               (S.IN_STORAGE,), _release_out, applies=_on_approved_release),
    ScanAction("release-return", gettext_lazy("Take back: intact"), "releases.execute_release", (S.CHECKED_OUT,),
               _release_return("intact")),
    ScanAction("release-return-damaged", gettext_lazy("Take back: damaged or incomplete"), "releases.execute_release",
               (S.CHECKED_OUT,), _release_return("damaged"), needs_note=True),
]
