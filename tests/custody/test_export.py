"""export_ledger and the standalone verifier an outside auditor runs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from custody.checkpoints import make_checkpoint, public_key_pem
from custody.models import EventKind
from custody.services.condition import record_observation
from custody.services.storage import store_at

from .tampering import guards_off

VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_ledger_export.py"


@pytest.fixture
def exported(world, tmp_path):
    items = world.items(world.case(), count=2)
    store_at(actor=world.custodian, items=items, location=world.general_bin)  # 3-6
    make_checkpoint()
    record_observation(actor=world.custodian, item=items[0], kind=EventKind.CONDITION_NOTED, note="完好")  # 7
    make_checkpoint()
    key = tmp_path / "agency.pem"
    key.write_text(public_key_pem())

    def export():
        path = tmp_path / "ledger.jsonl"
        call_command("export_ledger", "--output", str(path))
        return path

    return export, key


def run_verifier(path, key):
    """In a fresh interpreter with no access to the project: only the standard library and cryptography."""
    result = subprocess.run([sys.executable, "-I", str(VERIFIER), str(path), "--public-key", str(key), "--json"],
                            capture_output=True, text=True, cwd=path.parent, timeout=60)
    return result.returncode, json.loads(result.stdout)


def test_export_verifies_standalone(exported):
    export, key = exported
    path = export()
    types = [json.loads(line)["type"] for line in path.read_text().splitlines()]
    assert types == ["header", *["event"] * 6, "checkpoint", "event", "checkpoint", "item", "item", "end"]
    code, report = run_verifier(path, key)
    assert (code, report["ok"], report["events"], report["checkpoints"], report["items"]) == (0, True, 7, 2, 2)


def test_standalone_verifier_finds_an_edited_payload(exported):
    export, key = exported
    with guards_off() as cursor:
        cursor.execute("UPDATE custody_custodyevent SET payload = REPLACE(payload, '完好', '破损') WHERE seq = 7")
    code, report = run_verifier(export(), key)
    assert code == 1 and report["first_bad_seq"] == 7


def test_standalone_verifier_finds_a_cut_file_and_a_truncated_ledger(exported):
    export, key = exported
    path = export()
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:5]))
    code, report = run_verifier(path, key)
    assert code == 1 and report["first_bad_seq"] == 5

    with guards_off() as cursor:
        cursor.execute("DELETE FROM custody_custodyevent WHERE seq = 7")
        cursor.execute("UPDATE custody_ledgerhead SET last_seq = 6, last_hash = "
                       "(SELECT hash FROM custody_custodyevent WHERE seq = 6)")
    code, report = run_verifier(export(), key)
    assert code == 1 and report["first_bad_seq"] == 7


def test_standalone_verifier_refuses_a_foreign_key(exported, tmp_path, settings):
    export, _key = exported
    settings.LEDGER_SIGNING_KEY_PATH = tmp_path / "someone-else.pem"
    other = tmp_path / "other.pem"
    other.write_text(public_key_pem())
    code, report = run_verifier(export(), other)
    assert code == 1 and "unknown key" in report["problems"][0]["message"]
