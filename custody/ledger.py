"""Appending to the hash-chained ledger. The only code that creates CustodyEvent rows.

hash(n) = SHA-256( b"custody-ledger/1\\n" + prev_hash(n) + b"\\n" + payload(n) )

where ``payload`` is the canonical JSON of the event (keys sorted, no blanks, UTF-8) stored byte
for byte in the row, and ``prev_hash`` of the first event is 64 zeros. The structured columns
repeat what the payload says so they can be queried; verify_ledger checks they agree.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.errors import Conflict
from custody.models import CustodyEvent, EventKind, LedgerHead

LEDGER_VERSION = "custody-ledger/1"
GENESIS_HASH = "0" * 64

# Columns mirrored in the payload, in the order the payload lists them (the JSON is key-sorted anyway).
PAYLOAD_FIELDS = (
    "seq", "item_id", "item_code", "item_seq", "kind", "actor_id", "counterparty",
    "from_status", "to_status", "from_location_id", "to_location_id", "from_holder_id", "to_holder_id",
    "reference", "reason", "legal_document_number", "seal_numbers", "condition", "recorded_at",
    "client_event_id",
)


@dataclass
class EventDraft:
    """One event to append; the service fills it from the item's state before and after."""

    item_id: int
    item_code: str
    kind: EventKind
    from_status: str
    to_status: str
    from_location_id: int | None
    to_location_id: int | None
    from_holder_id: int | None
    to_holder_id: int
    counterparty: str = ""
    reference: str = ""
    reason: str = ""
    legal_document_number: str = ""
    seal_numbers: str = ""
    condition: str = ""
    client_event_id: uuid.UUID | None = None
    extra: dict = field(default_factory=dict)


def canonical_json(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, payload: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{LEDGER_VERSION}\n{prev_hash}\n".encode())
    digest.update(payload.encode("utf-8"))
    return digest.hexdigest()


def format_time(moment: datetime) -> str:
    """UTC with microseconds and a Z: 2026-03-02T08:15:00.123456Z (isoformat: strftime is 4x slower)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def payload_for(values: dict) -> dict:
    """The payload dictionary of an event from its column values (ids, strings, an aware datetime)."""
    data = {name: values[name] for name in PAYLOAD_FIELDS}
    data["kind"] = int(data["kind"])
    data["recorded_at"] = format_time(values["recorded_at"])
    data["client_event_id"] = str(values["client_event_id"]) if values["client_event_id"] else None
    data["v"] = 1
    return data


def lock_head() -> LedgerHead:
    """Lock the chain head for this transaction (creates it for an empty ledger)."""
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    if CustodyEvent.objects.exists():
        # Someone removed the head row of a non-empty ledger: refuse to start a second chain.
        raise Conflict(code="ledger_head_missing")
    LedgerHead.objects.create(pk=1, last_seq=0, last_hash=GENESIS_HASH)
    return LedgerHead.objects.select_for_update().get(pk=1)


def append_events(drafts: Sequence[EventDraft], *, actor, new_items: bool = False) -> list[CustodyEvent]:
    """Append ``drafts`` in order, in the caller's transaction, and return the stored events.

    The caller must already hold row locks on the items (so their state cannot change under it);
    the head row is locked last and held only for the append itself. ``new_items`` skips the
    per-item sequence look-up for items created in this transaction.
    """
    if not drafts:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("append_events must run inside transaction.atomic()")
    item_seqs = {} if new_items else _last_item_seqs({draft.item_id for draft in drafts})
    head = lock_head()
    now = timezone.now()
    events = []
    seq, prev_hash = head.last_seq, head.last_hash
    for draft in drafts:
        seq += 1
        item_seqs[draft.item_id] = item_seqs.get(draft.item_id, 0) + 1
        values = {
            "seq": seq,
            "item_id": draft.item_id,
            "item_code": draft.item_code,
            "item_seq": item_seqs[draft.item_id],
            "kind": int(draft.kind),
            "actor_id": actor.pk,
            "counterparty": draft.counterparty,
            "from_status": draft.from_status,
            "to_status": draft.to_status,
            "from_location_id": draft.from_location_id,
            "to_location_id": draft.to_location_id,
            "from_holder_id": draft.from_holder_id,
            "to_holder_id": draft.to_holder_id,
            "reference": draft.reference,
            "reason": draft.reason,
            "legal_document_number": draft.legal_document_number,
            "seal_numbers": draft.seal_numbers,
            "condition": draft.condition,
            "recorded_at": now,
            "client_event_id": draft.client_event_id,
        }
        data = payload_for(values)
        data.update(draft.extra)
        payload = canonical_json(data)
        event_hash = chain_hash(prev_hash, payload)
        values.pop("item_code")
        events.append(CustodyEvent(**values, payload=payload, prev_hash=prev_hash, hash=event_hash))
        prev_hash = event_hash
    CustodyEvent.objects.bulk_create(events, batch_size=2000)
    head.last_seq, head.last_hash = seq, prev_hash
    head.save(update_fields=["last_seq", "last_hash"])
    return events


def _last_item_seqs(item_ids: set[int]) -> dict[int, int]:
    if len(item_ids) == 1:
        # The scan-station case: the top of the (item, item_seq) index, no aggregate.
        (item_id,) = item_ids
        last = (CustodyEvent.objects.filter(item_id=item_id).order_by("-item_seq")
                .values_list("item_seq", flat=True).first())
        return {item_id: last} if last else {}
    rows = (
        CustodyEvent.objects.filter(item_id__in=item_ids)
        .values("item_id")
        .annotate(last=Max("item_seq"))
        .values_list("item_id", "last")
    )
    return dict(rows)
