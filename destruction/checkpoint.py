"""The ledger checkpoint printed on destruction documents.

custody's write path signs a checkpoint in the same transaction as the DESTROYED events, so the
newest checkpoint right after a destruction covers it; the batch keeps that one and its documents
print it.
"""

from __future__ import annotations

from custody.checkpoints import current_checkpoint, document_checkpoint
from labels.pdf import LedgerCheckpoint


def after_destruction() -> tuple[int, str, str]:
    """(seq, head hash, key fingerprint) of the checkpoint covering the destruction just recorded."""
    checkpoint = current_checkpoint()
    return checkpoint.seq, checkpoint.head_hash, checkpoint.key_fingerprint


def for_pdf(values: tuple[int, str, str] | None = None) -> LedgerCheckpoint:
    if values is None:
        return document_checkpoint()
    seq, head_hash, fingerprint = values
    return LedgerCheckpoint(sequence=str(seq), head_hash=head_hash, signature_fingerprint=fingerprint)
