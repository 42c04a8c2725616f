"""Writes of the destruction app. Every item status change goes through custody.services.disposal."""

from .batches import approve_batch, cancel_batch, check_eligible, propose_batch, reject_batch, remove_item
from .contractors import add_licence, check_facility_covers, create_contractor, create_facility
from .costs import add_cost_line
from .execution import EvidenceFile, WitnessInput, confirm_destruction, hand_over, weigh_in

__all__ = [
    "EvidenceFile", "WitnessInput", "add_cost_line", "add_licence", "approve_batch", "cancel_batch", "check_eligible",
    "check_facility_covers", "confirm_destruction", "create_contractor", "create_facility", "hand_over",
    "propose_batch", "reject_batch", "remove_item", "weigh_in",
]
