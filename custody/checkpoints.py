"""Signed checkpoints of the ledger: Ed25519 signatures over (sequence, head hash, time).

The private key lives in a file outside the database (settings.LEDGER_SIGNING_KEY_PATH), so
someone who can rewrite the database still cannot sign a checkpoint for the rewritten chain.
The public key is handed to other agencies (``manage.py ledger_public_key``); with it they can
check the checkpoints printed on receipts and certificates, and verify_ledger checks them all.

Signed message, UTF-8:  "custody-checkpoint/1\\n<seq>\\n<head hash>\\n<signed_at>"
with ``signed_at`` formatted like the ledger's ``recorded_at`` (UTC, microseconds, "Z").
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from custody.ledger import format_time
from custody.models import Checkpoint, EventKind, LedgerHead
from labels.pdf import LedgerCheckpoint

CHECKPOINT_VERSION = "custody-checkpoint/1"

# Kinds after which the committing transaction also signs a checkpoint: the goods or the legal
# control leave the warehouse's hands, and the receipt or certificate prints the checkpoint.
HANDOVER_KINDS = {EventKind.CHECKED_OUT, EventKind.RETURNED_TO_OWNER, EventKind.HOLDER_CHANGED,
                  EventKind.SHIPPED, EventKind.HANDED_TO_CONTRACTOR}
DESTRUCTION_KINDS = {EventKind.DESTROYED}

_keys: dict[tuple[str, float], Ed25519PrivateKey] = {}


def signed_message(seq: int, head_hash: str, signed_at: str) -> bytes:
    return f"{CHECKPOINT_VERSION}\n{seq}\n{head_hash}\n{signed_at}".encode()


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex: short enough to print, long enough to trust."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def signing_key() -> Ed25519PrivateKey:
    """The configured private key, created first when settings allow it (development)."""
    path = Path(settings.LEDGER_SIGNING_KEY_PATH)
    if not path.exists():
        if not settings.LEDGER_SIGNING_KEY_AUTOCREATE:
            raise ImproperlyConfigured(
                f"The ledger signing key {path} does not exist. Install the agency's key there, or set "
                "LEDGER_SIGNING_KEY_AUTOCREATE=true on a development machine."
            )
        _create_key(path)
    cache_key = (str(path), path.stat().st_mtime)
    if cache_key not in _keys:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured(f"{path} does not hold an Ed25519 private key.")
        _keys[cache_key] = key
    return _keys[cache_key]


def _create_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        # O_EXCL: two processes starting at once must not each write (and sign with) their own key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def trusted_keys(extra_pem_files=()) -> dict[str, Ed25519PublicKey]:
    """Fingerprint → key: our own key plus keys given by the auditor (e.g. retired keys)."""
    keys = [load_public_key(Path(name).read_bytes()) for name in extra_pem_files]
    if Path(settings.LEDGER_SIGNING_KEY_PATH).exists() or settings.LEDGER_SIGNING_KEY_AUTOCREATE:
        keys.append(public_key())
    return {fingerprint(key): key for key in keys}


def signature_problem(*, seq: int, head_hash: str, signed_at: str, key_fingerprint: str, signature: str,
                      keys: dict[str, Ed25519PublicKey]) -> str | None:
    """Why the signature does not hold, or None when it does."""
    key = keys.get(key_fingerprint)
    if key is None:
        return f"signed with an unknown key {key_fingerprint[:16]}…"
    try:
        key.verify(bytes.fromhex(signature), signed_message(seq, head_hash, signed_at))
    except (InvalidSignature, ValueError):
        return "the signature does not match (seq, head hash, time)"
    return None


def make_checkpoint(*, reason: str = Checkpoint.Reason.SCHEDULED, force: bool = False) -> Checkpoint | None:
    """Sign the current head. Without ``force`` an unchanged head keeps its last checkpoint (cron).

    Inside a custody transaction it signs the head that transaction has just written, and commits
    or rolls back with it. Returns None for an empty ledger: there is nothing to vouch for yet.
    """
    with transaction.atomic():
        head = LedgerHead.objects.filter(pk=1).first()
        if head is None or head.last_seq == 0:
            return None
        last = Checkpoint.objects.order_by("-seq", "-id").first()
        if last is not None and last.seq == head.last_seq and not force:
            return last
        key = signing_key()
        signed_at = timezone.now()
        signature = key.sign(signed_message(head.last_seq, head.last_hash, format_time(signed_at)))
        return Checkpoint.objects.create(
            seq=head.last_seq, head_hash=head.last_hash, signed_at=signed_at, reason=reason,
            key_fingerprint=fingerprint(key.public_key()), signature=signature.hex(),
        )


def checkpoint_after(kinds) -> Checkpoint | None:
    """Called by the write path after appending: sign when the events include a handover or destruction."""
    kinds = set(kinds)
    if kinds & DESTRUCTION_KINDS:
        return make_checkpoint(reason=Checkpoint.Reason.DESTRUCTION, force=True)
    if kinds & HANDOVER_KINDS:
        return make_checkpoint(reason=Checkpoint.Reason.HANDOVER, force=True)
    return None


def current_checkpoint() -> Checkpoint | None:
    """The newest checkpoint, to print on handover receipts and destruction certificates."""
    return Checkpoint.objects.order_by("-seq", "-id").first()


def document_checkpoint(checkpoint: Checkpoint | None = None) -> LedgerCheckpoint:
    """The footer every receipt, certificate and report prints: the given checkpoint or the newest.

    The write path signs one after every handover and destruction, so a document printed for one
    carries a checkpoint that covers it; other agencies keep the paper as an independent copy."""
    checkpoint = checkpoint or current_checkpoint()
    if checkpoint is None:
        return LedgerCheckpoint(sequence="0", head_hash="—", signature_fingerprint="尚无检查点 no checkpoint yet")
    return LedgerCheckpoint(sequence=str(checkpoint.seq), head_hash=checkpoint.head_hash,
                            signature_fingerprint=checkpoint.key_fingerprint)
