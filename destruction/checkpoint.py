"""The ledger checkpoint printed on destruction documents.

custody.checkpoints (signed Ed25519 checkpoints, made by the custody write path after every
DESTROYED event) is being built on the ledger branch. Until it is merged, documents print the
unsigned chain head (LedgerHead seq and hash) and say so; afterwards the signed checkpoint.
"""

from __future__ import annotations

from custody.models import LedgerHead
from labels.pdf import LedgerCheckpoint

try:  # pragma: no cover - depends on which branches are merged
    from custody import checkpoints as _checkpoints
except ImportError:  # pragma: no cover
    _checkpoints = None

UNSIGNED = "未签名（链头）unsigned chain head"


def current() -> tuple[int, str, str]:
    """(seq, head hash, signature fingerprint) of the newest checkpoint, or of the chain head."""
    if _checkpoints is not None:
        checkpoint = _checkpoints.current_checkpoint()
        if checkpoint is not None:
            return checkpoint.seq, checkpoint.head_hash, checkpoint.key_fingerprint
    head = LedgerHead.objects.filter(pk=1).first()
    if head is None:
        return 0, "0" * 64, UNSIGNED
    return head.last_seq, head.last_hash, UNSIGNED


def after_destruction() -> tuple[int, str, str]:
    """Called inside the destruction transaction, after the DESTROYED events: make sure a
    checkpoint covers them (the custody write path already signs one when it can)."""
    if _checkpoints is not None:
        make = getattr(_checkpoints, "make_checkpoint", None)
        if make is not None:
            checkpoint = make(reason="destruction")
            if checkpoint is not None:
                return checkpoint.seq, checkpoint.head_hash, checkpoint.key_fingerprint
    return current()


def for_pdf(values: tuple[int, str, str] | None = None) -> LedgerCheckpoint:
    seq, head_hash, fingerprint = values or current()
    return LedgerCheckpoint(sequence=str(seq), head_hash=head_hash, signature_fingerprint=fingerprint)
