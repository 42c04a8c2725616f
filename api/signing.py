"""The deployment's Ed25519 key and ledger checkpoints, as the case bundles use them.

The key is the ledger checkpoints' key (settings.LEDGER_SIGNING_KEY_PATH). custody.checkpoints
(signed, stored checkpoints) is built on the ledger branch; when it is there, bundles carry its
newest checkpoint. Until then this module signs the chain head (LedgerHead) itself, in the same
message format ("custody-checkpoint/1\\n<seq>\\n<head hash>\\n<signed_at>"), with the same key,
without storing it — so importers verify both kinds the same way.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from custody.ledger import GENESIS_HASH, format_time
from custody.models import LedgerHead

try:  # pragma: no cover - depends on which branches are merged
    from custody import checkpoints as ledger_checkpoints
except ImportError:  # pragma: no cover
    ledger_checkpoints = None

CHECKPOINT_VERSION = "custody-checkpoint/1"


def checkpoint_message(seq: int, head_hash: str, signed_at: str) -> bytes:
    return f"{CHECKPOINT_VERSION}\n{seq}\n{head_hash}\n{signed_at}".encode()


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex (the ledger checkpoints' fingerprint)."""
    return hashlib.sha256(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).hexdigest()


def signing_key() -> Ed25519PrivateKey:
    if ledger_checkpoints is not None:
        return ledger_checkpoints.signing_key()
    path = Path(settings.LEDGER_SIGNING_KEY_PATH)
    if not path.exists():
        if not getattr(settings, "LEDGER_SIGNING_KEY_AUTOCREATE", settings.DEBUG):
            raise ImproperlyConfigured(f"The signing key {path} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} does not hold an Ed25519 private key.")
    return key


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or signing_key().public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise ValueError("not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def verify(key: Ed25519PublicKey, signature_hex: str, message: bytes) -> bool:
    try:
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def current_checkpoint(*, make: bool = True) -> dict:
    """The checkpoint a bundle carries: the newest signed one (signing the head first when it moved
    and ``make``), else a fresh signature of the chain head (see the module docstring)."""
    if ledger_checkpoints is not None:
        checkpoint = (ledger_checkpoints.make_checkpoint(reason="manual") if make
                      else ledger_checkpoints.current_checkpoint())
        if checkpoint is not None:
            return {"seq": checkpoint.seq, "head_hash": checkpoint.head_hash,
                    "signed_at": format_time(checkpoint.signed_at), "key_fingerprint": checkpoint.key_fingerprint,
                    "signature": checkpoint.signature, "stored": True}
    head = LedgerHead.objects.filter(pk=1).first()
    seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    key = signing_key()
    signed_at = format_time(timezone.now())
    return {"seq": seq, "head_hash": head_hash, "signed_at": signed_at,
            "key_fingerprint": fingerprint(key.public_key()),
            "signature": key.sign(checkpoint_message(seq, head_hash, signed_at)).hex(), "stored": False}
