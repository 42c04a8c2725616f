"""Published checkpoints: a signed checkpoint exported to a file kept OUTSIDE the database backups
(another server, the auditor's mailbox, a printout). A restored backup is then checked against it:

    restored head seq  < published seq                 → the backup is behind (events are missing)
    hash of the restored event at the published seq
                       ≠ the published head hash       → the ledger was rewritten (tampered)
    otherwise                                          → the restore holds everything published

The file carries the signature and the signer's public key fingerprint; the restoring side checks
the signature with the keys it trusts (its own key file, or --public-key PEMs), so an attacker
cannot simply write a matching file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from custody.checkpoints import make_checkpoint, signature_problem, trusted_keys
from custody.ledger import format_time
from custody.models import Checkpoint, CustodyEvent, LedgerHead

FORMAT = "custody-published-checkpoint/1"

OK, BEHIND, TAMPERED, INVALID = "ok", "behind", "tampered", "invalid"


def export_checkpoint() -> dict | None:
    """Sign the current head (if it moved) and return the publishable document."""
    checkpoint = make_checkpoint(reason=Checkpoint.Reason.MANUAL)
    if checkpoint is None:
        return None
    return {
        "format": FORMAT,
        "seq": checkpoint.seq,
        "head_hash": checkpoint.head_hash,
        "signed_at": format_time(checkpoint.signed_at),
        "key_fingerprint": checkpoint.key_fingerprint,
        "signature": checkpoint.signature,
    }


@dataclass
class Comparison:
    verdict: str
    message: str
    restored_seq: int
    published_seq: int


def compare(document: dict, *, public_key_files=()) -> Comparison:
    """Compare the restored database (the current connection) with a published checkpoint."""
    head = LedgerHead.objects.filter(pk=1).first()
    restored_seq = head.last_seq if head else 0
    try:
        seq, head_hash = int(document["seq"]), str(document["head_hash"])
        problem = signature_problem(seq=seq, head_hash=head_hash, signed_at=document["signed_at"],
                                    key_fingerprint=document["key_fingerprint"], signature=document["signature"],
                                    keys=trusted_keys(public_key_files))
    except (KeyError, TypeError, ValueError) as error:
        return Comparison(INVALID, f"not a published checkpoint: {error}", restored_seq, 0)
    if problem:
        return Comparison(INVALID, f"the published checkpoint's signature does not hold: {problem}", restored_seq, seq)
    if restored_seq < seq:
        return Comparison(BEHIND, f"the backup is behind: restored ledger ends at #{restored_seq}, the published "
                                  f"checkpoint vouches for #{seq} ({seq - restored_seq} event(s) missing)",
                          restored_seq, seq)
    restored_hash = CustodyEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    if restored_hash != head_hash:
        return Comparison(TAMPERED, f"event #{seq} has hash {restored_hash} but the published checkpoint says "
                                    f"{head_hash}: the ledger was rewritten", restored_seq, seq)
    return Comparison(OK, f"restored ledger (#{restored_seq}) contains the published checkpoint #{seq}",
                      restored_seq, seq)


def load(path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
