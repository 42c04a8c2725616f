"""Custody's core services: the one write path and the verbs every feature shares (put-away and
moves, condition notes, disposal). Features (custody/intake, releases, transfers, ...) call them."""

from custody.services.condition import record_observation
from custody.services.core import Change, commit_changes, lock_items, require_permission
from custody.services.disposal import confirm_destroyed, hand_to_contractor, stage_items, unstage_items
from custody.services.storage import receive_items, store_at

__all__ = [
    "Change", "commit_changes", "confirm_destroyed", "hand_to_contractor", "lock_items", "receive_items",
    "record_observation", "require_permission", "stage_items", "store_at", "unstage_items",
]
