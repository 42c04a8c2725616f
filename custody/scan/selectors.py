"""Reads for the scan station."""

from warehouse.access import items_visible_to


def scan_card_item(user, code: str):
    return (
        items_visible_to(user)
        .select_related("case", "location", "warehouse", "legal_holder")
        .prefetch_related("attachments")
        .filter(code=code)
        .first()
    )
