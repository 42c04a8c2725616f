"""Replay of the ledger against the items, in SQL, for verify_ledger.

Replaying 5 million events in Python would need a dictionary of every item; the database does
the same comparison with window functions (PostgreSQL, and SQLite since 3.25) and hands back
only the first few disagreements, ordered by sequence number.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection
from django.utils.translation import gettext_lazy as _

from custody.models import CustodyEvent
from warehouse.models import Item, Location

EVENTS, ITEMS, LOCATIONS = CustodyEvent._meta.db_table, Item._meta.db_table, Location._meta.db_table

# Per item, in seq order: item_seq must count 1, 2, 3…; the first event starts from nothing; every
# later one starts where the previous one ended. Ids are positive, so COALESCE(…, 0) stands for NULL.
_EVENT_CHAIN = f"""
SELECT seq, item_id, item_seq, rn, from_status, p_status, from_location_id, p_location, from_holder_id, p_holder
FROM (
    SELECT seq, item_id, item_seq, from_status, from_location_id, from_holder_id,
           ROW_NUMBER() OVER w AS rn,
           LAG(to_status) OVER w AS p_status,
           LAG(to_location_id) OVER w AS p_location,
           LAG(to_holder_id) OVER w AS p_holder
    FROM {EVENTS}
    WHERE seq <= %s
    WINDOW w AS (PARTITION BY item_id ORDER BY seq)
) e
WHERE item_seq <> rn
   OR (rn = 1 AND (from_status <> '' OR from_location_id IS NOT NULL OR from_holder_id IS NOT NULL))
   OR (rn > 1 AND (from_status <> p_status
                   OR COALESCE(from_location_id, 0) <> COALESCE(p_location, 0)
                   OR COALESCE(from_holder_id, 0) <> COALESCE(p_holder, 0)))
ORDER BY seq
LIMIT %s
"""

# Every item against the last event of its chain (one statement: an item and its events commit together).
_ITEM_STATE = f"""
SELECT i.id, i.code, i.status, i.location_id, i.legal_holder_id, i.warehouse_id, l.warehouse_id,
       e.seq, e.to_status, e.to_location_id, e.to_holder_id
FROM {ITEMS} i
LEFT JOIN (SELECT item_id, MAX(seq) AS last_seq FROM {EVENTS} GROUP BY item_id) last ON last.item_id = i.id
LEFT JOIN {EVENTS} e ON e.seq = last.last_seq
LEFT JOIN {LOCATIONS} l ON l.id = i.location_id
WHERE e.seq IS NULL
   OR e.to_status <> i.status
   OR COALESCE(e.to_location_id, 0) <> COALESCE(i.location_id, 0)
   OR e.to_holder_id <> i.legal_holder_id
   OR (i.location_id IS NOT NULL AND COALESCE(i.warehouse_id, 0) <> l.warehouse_id)
ORDER BY COALESCE(e.seq, 0), i.id
LIMIT %s
"""


def replay_problems(*, upto: int, limit: int) -> Iterator[tuple[int | None, str, str]]:
    """(seq, check, message) for the first ``limit`` disagreements of each kind."""
    with connection.cursor() as cursor:
        cursor.execute(_EVENT_CHAIN, [upto, limit])
        for seq, item_id, item_seq, rn, from_status, p_status, from_loc, p_loc, from_holder, p_holder in cursor:
            if item_seq != rn:
                message = _("Event %(seq)s is number %(n)s of item %(item)s but says it is number %(item_seq)s.") % {
                    "seq": seq, "n": rn, "item": item_id, "item_seq": item_seq}
            elif rn == 1:
                message = _("Event %(seq)s opens the chain of item %(item)s but starts from an earlier state.") % {
                    "seq": seq, "item": item_id}
            else:
                message = _("Event %(seq)s of item %(item)s starts from (%(status)s, %(location)s, %(holder)s), "
                            "not where the previous event ended (%(p_status)s, %(p_location)s, %(p_holder)s).") % {
                    "seq": seq, "item": item_id, "status": from_status, "location": from_loc,
                    "holder": from_holder, "p_status": p_status, "p_location": p_loc, "p_holder": p_holder}
            yield seq, "replay", str(message)

        cursor.execute(_ITEM_STATE, [limit])
        for (_item_id, code, status, location_id, holder_id, warehouse_id, location_warehouse_id,
             seq, to_status, to_location_id, to_holder_id) in cursor:
            if seq is None:
                message = _("Item %(code)s has no events in the ledger.") % {"code": code}
            elif (status, location_id, holder_id) != (to_status, to_location_id, to_holder_id):
                message = _("Item %(code)s is (%(status)s, %(location)s, %(holder)s) but its last event %(seq)s "
                            "says (%(to_status)s, %(to_location)s, %(to_holder)s).") % {
                    "code": code, "status": status, "location": location_id, "holder": holder_id, "seq": seq,
                    "to_status": to_status, "to_location": to_location_id, "to_holder": to_holder_id}
            else:
                message = _("Item %(code)s is in warehouse %(warehouse)s but its location belongs to warehouse "
                            "%(location_warehouse)s.") % {"code": code, "warehouse": warehouse_id,
                                                          "location_warehouse": location_warehouse_id}
            yield seq, "replay", str(message)
