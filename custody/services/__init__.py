"""Custody services: the only code that changes an item's status, location or legal holder."""

from .condition import record_observation
from .core import Change, commit_changes, lock_items, require_permission
from .registration import ItemInput, RowErrors, register_items, validate_item_input
from .storage import receive_items, store_at

__all__ = [
    "Change", "ItemInput", "RowErrors", "commit_changes", "lock_items", "receive_items", "record_observation",
    "register_items", "require_permission", "store_at", "validate_item_input",
]
