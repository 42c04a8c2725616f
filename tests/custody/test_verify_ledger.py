"""verify_ledger on an intact ledger, and on tampered ones: it names the first bad event."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from custody.checkpoints import make_checkpoint
from custody.ledger import canonical_json, chain_hash
from custody.models import Checkpoint, CustodyEvent, EventKind, LedgerHead
from custody.services.condition import record_observation
from custody.services.core import Change, commit_changes, lock_items
from custody.services.storage import store_at
from custody.verify import verify_ledger
from warehouse.models import Item

from .tampering import guards_off


@pytest.fixture
def ledger(world):
    """Ten events with checkpoints after seq 5 and at the end; the last two events change no state."""
    items = world.items(world.case(), count=3)  # 1-3
    store_at(actor=world.custodian, items=items[:1], location=world.general_bin)  # 4, 5
    make_checkpoint()
    store_at(actor=world.custodian, items=items[1:2], location=world.general_bin2)  # 6, 7
    store_at(actor=world.custodian, items=items[:1], location=world.general_bin2)  # 8 moved
    for note in ("外箱受潮", "已晾干"):  # 9, 10
        record_observation(actor=world.custodian, item=items[2], kind=EventKind.CONDITION_NOTED, note=note)
    make_checkpoint()
    assert LedgerHead.objects.get().last_seq == 10 and verify_ledger().ok
    return world


def first_problem(**kwargs):
    report = verify_ledger(**kwargs)
    assert not report.ok
    return report.first.seq, report.first.check


def test_intact_ledger_passes_with_exit_code_zero(ledger, capsys):
    with transaction.atomic():
        (item,) = lock_items(ledger.custodian, [Item.objects.filter(status="in_storage").first().pk])
        commit_changes(ledger.custodian, [Change(item=item, kind=EventKind.HOLDER_CHANGED, holder=ledger.police)])
    call_command("verify_ledger", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["events"] == 11 and data["checkpoints"] == 3 and data["first_bad_seq"] is None
    call_command("verify_ledger")
    assert "11" in capsys.readouterr().out


def test_edited_payload(ledger):
    with guards_off() as cursor:
        cursor.execute("UPDATE custody_custodyevent SET payload = REPLACE(payload, '\"reason\":\"\"', "
                       "'\"reason\":\"forged\"') WHERE seq = 5")
    assert first_problem() == (5, "hash")


def test_edited_structured_column_only(ledger):
    with guards_off() as cursor:
        cursor.execute("UPDATE custody_custodyevent SET reason = 'forged' WHERE seq = 5")
    assert first_problem() == (5, "columns")


def test_deleted_middle_row(ledger):
    with guards_off() as cursor:
        cursor.execute("DELETE FROM custody_custodyevent WHERE seq = 5")
    assert first_problem() == (5, "sequence")


def test_inserted_forged_row_with_a_correct_hash(ledger):
    """The forger knows the hash format and links the row properly, but cannot move the item itself."""
    last = CustodyEvent.objects.get(seq=10)
    item = Item.objects.get(status="in_storage", location=ledger.general_bin2, events__kind=EventKind.MOVED)
    data = json.loads(CustodyEvent.objects.get(seq=8).payload)
    data.update(seq=11, item_seq=5, from_location_id=ledger.general_bin2.pk, to_location_id=ledger.general_bin.pk)
    payload = canonical_json(data)
    with guards_off() as cursor:
        cursor.execute(
            "INSERT INTO custody_custodyevent (seq, item_id, item_seq, kind, actor_id, counterparty, from_status, "
            "to_status, from_location_id, to_location_id, from_holder_id, to_holder_id, reference, reason, "
            "legal_document_number, seal_numbers, condition, recorded_at, client_event_id, payload, prev_hash, hash) "
            "SELECT 11, item_id, 5, kind, actor_id, counterparty, from_status, to_status, %s, %s, from_holder_id, "
            "to_holder_id, reference, reason, legal_document_number, seal_numbers, condition, recorded_at, NULL, "
            "%s, %s, %s FROM custody_custodyevent WHERE seq = 8",
            [ledger.general_bin2.pk, ledger.general_bin.pk, payload, last.hash, chain_hash(last.hash, payload)],
        )
    assert item.pk == CustodyEvent.objects.get(seq=11).item_id
    report = verify_ledger()
    assert (report.first.seq, report.first.check) == (11, "head")
    assert {p.check for p in report.problems} == {"head", "replay"}  # the item never moved back


def test_swapped_rows(ledger):
    with guards_off() as cursor:
        cursor.execute("UPDATE custody_custodyevent SET seq = 1000 WHERE seq = 4")
        cursor.execute("UPDATE custody_custodyevent SET seq = 4 WHERE seq = 6")
        cursor.execute("UPDATE custody_custodyevent SET seq = 6 WHERE seq = 1000")
    assert first_problem() == (4, "link")


def test_deleted_newest_rows_are_caught_by_the_checkpoint(ledger):
    ninth = CustodyEvent.objects.get(seq=8)
    with guards_off() as cursor:
        cursor.execute("DELETE FROM custody_custodyevent WHERE seq > 8")
        # A careful attacker rewinds the head too, so only a checkpoint still knows the real end.
        cursor.execute("UPDATE custody_ledgerhead SET last_seq = 8, last_hash = %s", [ninth.hash])
    report = verify_ledger()
    assert [(p.seq, p.check) for p in report.problems] == [(9, "checkpoint")]
    assert "10" in report.problems[0].message


def test_rewritten_history_with_recomputed_hashes_is_caught_by_the_checkpoint(ledger):
    with guards_off() as cursor:
        prev_hash = CustodyEvent.objects.get(seq=6).prev_hash
        for event in CustodyEvent.objects.filter(seq__gte=6).order_by("seq"):
            data = json.loads(event.payload)
            if event.seq == 6:
                data["reason"] = "forged"
                cursor.execute("UPDATE custody_custodyevent SET reason = 'forged' WHERE seq = 6")
            payload = canonical_json(data)
            event_hash = chain_hash(prev_hash, payload)
            cursor.execute("UPDATE custody_custodyevent SET payload = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                           [payload, prev_hash, event_hash, event.seq])
            prev_hash = event_hash
        cursor.execute("UPDATE custody_ledgerhead SET last_hash = %s", [prev_hash])
    with translation.override("en"):
        report = verify_ledger()
    assert [(p.seq, p.check) for p in report.problems] == [(10, "checkpoint")]
    assert "after event 5" in report.problems[0].message  # the checkpoint at 5 still matched: the edit is later


def test_forged_checkpoint_signature_and_unknown_key(ledger, tmp_path, settings):
    with guards_off() as cursor:
        cursor.execute("UPDATE custody_checkpoint SET signature = %s WHERE seq = 5", ["00" * 64])
    assert first_problem() == (5, "checkpoint")
    settings.LEDGER_SIGNING_KEY_PATH = tmp_path / "other-key.pem"  # now nobody trusts the old key
    report = verify_ledger()
    assert [p.check for p in report.problems] == ["checkpoint", "checkpoint"]
    assert "unknown key" in report.problems[1].message


def test_item_state_changed_outside_the_write_path(ledger):
    Item.objects.filter(status="in_storage").update(status="destroyed")  # the ledger itself is untouched
    assert first_problem() == (7, "replay")


def test_command_exits_non_zero_naming_the_first_bad_event(ledger, capsys):
    with guards_off() as cursor:
        cursor.execute("UPDATE custody_custodyevent SET reason = 'forged' WHERE seq = 7")
    with pytest.raises(CommandError, match="7") as caught:
        call_command("verify_ledger", "--json")
    assert caught.value.returncode == 1
    assert json.loads(capsys.readouterr().out)["first_bad_seq"] == 7
    assert Checkpoint.objects.count() == 2


def test_committed_tampering_is_found_by_the_parallel_replay(tx_world):
    """Outside any transaction, PostgreSQL runs the replay on a second connection while the chain is
    hashed: the tampering is committed (as it would be in a real database) and still reported."""
    (item,) = tx_world.items(tx_world.case())
    store_at(actor=tx_world.custodian, items=[item], location=tx_world.general_bin)
    assert verify_ledger().ok
    Item.objects.filter(pk=item.pk).update(status="destroyed")  # the ledger itself is untouched
    report = verify_ledger()
    assert not report.ok and {problem.check for problem in report.problems} == {"replay"}
