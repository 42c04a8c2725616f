import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from custody.checkpoints import (
    current_checkpoint,
    fingerprint,
    load_public_key,
    make_checkpoint,
    signature_problem,
)
from custody.ledger import format_time
from custody.models import Checkpoint, CustodyEvent, EventKind, LedgerHead
from custody.services.core import Change, commit_changes, lock_items
from custody.services.storage import store_at


def check(checkpoint, keys):
    return signature_problem(seq=checkpoint.seq, head_hash=checkpoint.head_hash,
                             signed_at=format_time(checkpoint.signed_at),
                             key_fingerprint=checkpoint.key_fingerprint, signature=checkpoint.signature, keys=keys)


def test_an_empty_ledger_has_nothing_to_sign(db):
    assert make_checkpoint() is None and current_checkpoint() is None


def test_checkpoint_signs_the_head_and_verifies_with_the_exported_public_key(world, capsys):
    world.items(world.case(), count=2)
    checkpoint = make_checkpoint(reason=Checkpoint.Reason.MANUAL)
    head = LedgerHead.objects.get()
    assert (checkpoint.seq, checkpoint.head_hash) == (2, head.last_hash)
    assert current_checkpoint() == checkpoint

    call_command("ledger_public_key")
    key = load_public_key(capsys.readouterr().out.encode())
    assert fingerprint(key) == checkpoint.key_fingerprint
    keys = {fingerprint(key): key}
    assert check(checkpoint, keys) is None
    checkpoint.head_hash = CustodyEvent.objects.get(seq=1).hash
    assert "does not match" in check(checkpoint, keys)
    assert "unknown key" in check(checkpoint, {})


def test_an_unmoved_head_keeps_its_checkpoint_unless_forced(world):
    world.items(world.case())
    first = make_checkpoint()
    assert make_checkpoint() == first
    assert make_checkpoint(force=True) != first
    assert Checkpoint.objects.count() == 2


def test_key_is_created_private_on_first_use_only_when_allowed(world, settings, tmp_path):
    world.items(world.case())
    settings.LEDGER_SIGNING_KEY_PATH = tmp_path / "new" / "key.pem"
    settings.LEDGER_SIGNING_KEY_AUTOCREATE = False
    with pytest.raises(ImproperlyConfigured):
        make_checkpoint()
    settings.LEDGER_SIGNING_KEY_AUTOCREATE = True
    make_checkpoint()
    assert stat.S_IMODE(settings.LEDGER_SIGNING_KEY_PATH.stat().st_mode) == 0o600


def test_handover_is_checkpointed_in_its_own_transaction(world):
    (item,) = world.items(world.case())
    store_at(actor=world.custodian, items=[item], location=world.general_bin)
    assert current_checkpoint() is None  # storage is not a handover
    with transaction.atomic():
        (locked,) = lock_items(world.custodian, [item.pk])
        (event,) = commit_changes(world.custodian, [Change(item=locked, kind=EventKind.HOLDER_CHANGED,
                                                           holder=world.police)])
    checkpoint = current_checkpoint()
    assert (checkpoint.seq, checkpoint.head_hash, checkpoint.reason) == (event.seq, event.hash, "handover")


def test_checkpoints_are_append_only(world):
    world.items(world.case())
    make_checkpoint()
    for statement in ("UPDATE custody_checkpoint SET seq = seq + 1", "DELETE FROM custody_checkpoint"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement)


def test_make_checkpoint_command(world, capsys):
    call_command("make_checkpoint")
    assert not Checkpoint.objects.exists()
    world.items(world.case())
    call_command("make_checkpoint", "--reason", "manual")
    assert f"#1 {LedgerHead.objects.get().last_hash}" in capsys.readouterr().out
