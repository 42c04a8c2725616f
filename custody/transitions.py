"""The item state machine: which event may happen in which status, and the status it leads to.

One table, read by every custody service and by verify_ledger's replay. An event kind missing
from a status' row is refused.
"""

from custody.models import EventKind
from warehouse.models import Item

S = Item.Status

# Events that record something about the item without changing its status.
_SAME_STATUS_KINDS = {
    EventKind.SEAL_BROKEN: [S.RECEIVED, S.IN_STORAGE, S.CHECKED_OUT, S.STAGED],
    EventKind.RESEALED: [S.RECEIVED, S.IN_STORAGE, S.CHECKED_OUT, S.STAGED],
    EventKind.CONDITION_NOTED: [S.REGISTERED, S.RECEIVED, S.IN_STORAGE, S.CHECKED_OUT, S.STAGED],
    EventKind.LABEL_ISSUED: [S.REGISTERED, S.RECEIVED, S.IN_STORAGE, S.CHECKED_OUT, S.STAGED],
    EventKind.LABEL_REPRINTED: [S.REGISTERED, S.RECEIVED, S.IN_STORAGE, S.CHECKED_OUT, S.STAGED],
    EventKind.MOVED: [S.IN_STORAGE, S.STAGED],
    EventKind.SAMPLE_TAKEN: [S.RECEIVED, S.IN_STORAGE],
    EventKind.SEEN_IN_STOCKTAKE: [S.IN_STORAGE, S.STAGED],
    EventKind.HOLDER_CHANGED: [S.REGISTERED, S.RECEIVED, S.IN_STORAGE, S.IN_TRANSIT],
}

_STATUS_CHANGES = {
    EventKind.REGISTERED: {"": S.REGISTERED},
    EventKind.RECEIVED: {S.REGISTERED: S.RECEIVED, S.IN_TRANSIT: S.RECEIVED},
    EventKind.PUT_AWAY: {S.RECEIVED: S.IN_STORAGE},
    EventKind.CHECKED_OUT: {S.IN_STORAGE: S.CHECKED_OUT},
    EventKind.RETURNED: {S.CHECKED_OUT: S.RECEIVED},
    EventKind.RETURNED_TO_OWNER: {S.IN_STORAGE: S.RETURNED_TO_OWNER, S.CHECKED_OUT: S.RETURNED_TO_OWNER},
    EventKind.SHIPPED: {S.IN_STORAGE: S.IN_TRANSIT},
    EventKind.STAGED: {S.IN_STORAGE: S.STAGED},
    EventKind.UNSTAGED: {S.STAGED: S.IN_STORAGE},
    EventKind.HANDED_TO_CONTRACTOR: {S.STAGED: S.WITH_CONTRACTOR},
    EventKind.DESTROYED: {S.WITH_CONTRACTOR: S.DESTROYED},
    EventKind.MARKED_MISSING: {S.IN_STORAGE: S.MISSING, S.STAGED: S.MISSING, S.RECEIVED: S.MISSING},
    EventKind.FOUND: {S.MISSING: S.RECEIVED},
}

TRANSITIONS: dict[int, dict[str, str]] = {
    **{kind: {status: status for status in statuses} for kind, statuses in _SAME_STATUS_KINDS.items()},
    **_STATUS_CHANGES,
}

# Statuses in which the item is physically on a location of a warehouse.
ON_LOCATION = set(Item.ON_LOCATION)
FINAL = {S.DESTROYED, S.RETURNED_TO_OWNER}


def next_status(kind: int, current: str) -> str | None:
    """The status after ``kind`` happens in ``current``, or None when the table forbids it."""
    return TRANSITIONS.get(kind, {}).get(current)


def allowed_kinds(current: str) -> list[int]:
    return [kind for kind, moves in TRANSITIONS.items() if current in moves]
