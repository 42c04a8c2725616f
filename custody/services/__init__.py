"""Custody services: the only code that changes an item's status, location or legal holder."""

from .condition import record_observation
from .core import Change, commit_changes, lock_items, require_permission
from .disposal import confirm_destroyed, hand_to_contractor, stage_items, unstage_items
from .registration import ItemInput, RowErrors, register_items, validate_item_input
from .storage import receive_items, store_at

__all__ = [
    "Change", "ItemInput", "RowErrors", "commit_changes", "confirm_destroyed", "hand_to_contractor", "lock_items",
    "receive_items", "record_observation", "register_items", "require_permission", "stage_items", "store_at",
    "unstage_items", "validate_item_input",
]
