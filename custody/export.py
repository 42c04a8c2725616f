"""Export of the ledger as JSON Lines, for auditors who verify it without our code base.

Line types, in this order (format described in docs/ledger.md):
  header      format, hash version tag, genesis hash, export time, chain head
  event       seq, prev_hash, hash and the payload string exactly as hashed
  checkpoint  right after the event it signs (so a verifier never has to look back)
  item        every item's current status, location and legal holder, for the replay check
  end         counts, so a cut-off file is noticed
tools/verify_ledger_export.py checks such a file with the standard library and cryptography.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import nullcontext

from django.db import connection, transaction
from django.utils import timezone

from custody.checkpoints import CHECKPOINT_VERSION
from custody.ledger import GENESIS_HASH, LEDGER_VERSION, format_time
from custody.models import Checkpoint, CustodyEvent, LedgerHead
from warehouse.models import Item

EXPORT_FORMAT = "custody-ledger-export/1"


def _line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_lines(*, chunk_size: int = 5000) -> Iterator[str]:
    # PostgreSQL: one transaction gives one snapshot and cheap server-side cursors. SQLite would take
    # the write lock for the whole export, so there the head read first bounds the events instead.
    with transaction.atomic() if connection.vendor == "postgresql" else nullcontext():
        # Checkpoints up to the newest one committed *before* the head is read: those all sign events the
        # export holds, unless events were removed. Every one is exported: a checkpoint past the last
        # event is the evidence of a cut-off ledger.
        last_checkpoint = Checkpoint.objects.order_by("-id").values_list("id", flat=True).first() or 0
        head = LedgerHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first() or (0, GENESIS_HASH)
        yield _line({"type": "header", "format": EXPORT_FORMAT, "ledger_version": LEDGER_VERSION,
                     "checkpoint_version": CHECKPOINT_VERSION, "genesis_hash": GENESIS_HASH,
                     "exported_at": format_time(timezone.now()), "head": {"seq": head[0], "hash": head[1]}})
        checkpoints = (
            Checkpoint.objects.filter(id__lte=last_checkpoint).order_by("seq", "id")
            .values_list("seq", "head_hash", "signed_at", "key_fingerprint", "signature").iterator(chunk_size)
        )
        pending = next(checkpoints, None)
        counts = {"events": 0, "checkpoints": 0, "items": 0}
        events = (CustodyEvent.objects.filter(seq__lte=head[0]).order_by("seq")
                  .values_list("seq", "prev_hash", "hash", "payload").iterator(chunk_size))
        for seq, prev_hash, event_hash, payload in events:
            while pending is not None and pending[0] < seq:  # signs an event that is not there
                yield _checkpoint_line(pending, counts)
                pending = next(checkpoints, None)
            counts["events"] += 1
            yield _line({"type": "event", "seq": seq, "prev_hash": prev_hash, "hash": event_hash, "payload": payload})
            while pending is not None and pending[0] == seq:
                yield _checkpoint_line(pending, counts)
                pending = next(checkpoints, None)
        while pending is not None:
            yield _checkpoint_line(pending, counts)
            pending = next(checkpoints, None)
        items = Item.objects.order_by("pk").values_list("pk", "code", "status", "location_id", "legal_holder_id")
        for pk, code, status, location_id, holder_id in items.iterator(chunk_size):
            counts["items"] += 1
            yield _line({"type": "item", "id": pk, "code": code, "status": status, "location_id": location_id,
                         "legal_holder_id": holder_id})
        yield _line({"type": "end", **counts})


def _checkpoint_line(row, counts) -> str:
    seq, head_hash, signed_at, key_fingerprint, signature = row
    counts["checkpoints"] += 1
    return _line({"type": "checkpoint", "seq": seq, "head_hash": head_hash, "signed_at": format_time(signed_at),
                  "key_fingerprint": key_fingerprint, "signature": signature})

