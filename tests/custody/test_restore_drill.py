"""The backup and restore drill, end to end: scripts/backup.sh, then scripts/restore_drill.sh into a
fresh database (PostgreSQL: pg_dump/pg_restore into custody_restore_test; SQLite: a file copy),
verify_ledger there, and the comparison with a published checkpoint kept outside the backups."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from custody.checkpoints import signed_message, signing_key
from custody.published import export_checkpoint
from custody.services.storage import store_at

BASE = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return f"postgres://{auth}@{host}:{port}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


def _run(script, *args, tmp_path):
    env = {**os.environ, "DATABASE_URL": _database_url(), "PYTHON": sys.executable,
           "MEDIA_ROOT": str(settings.MEDIA_ROOT), "VAR_DIR": str(tmp_path),
           "LEDGER_SIGNING_KEY_PATH": str(settings.LEDGER_SIGNING_KEY_PATH)}
    return subprocess.run(["bash", str(BASE / "scripts" / script), *map(str, args)], cwd=BASE, env=env,
                          capture_output=True, text=True, timeout=300)


def _publish(tmp_path, name) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(export_checkpoint()), encoding="utf-8")
    return path


@pytest.mark.skipif(not shutil.which("sha256sum") or not shutil.which("tar"), reason="needs coreutils and tar")
def test_restore_drill_detects_a_backup_behind_the_published_checkpoint(tx_world, tmp_path):
    if connection.vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("PostgreSQL client tools are not installed")
    world = tx_world
    target = "custody_restore_test" if connection.vendor == "postgresql" else tmp_path / "restored.sqlite3"
    items = world.items(world.case(), count=3)
    store_at(actor=world.custodian, items=items[:1], location=world.general_bin)

    old = _run("backup.sh", tmp_path / "backups", tmp_path=tmp_path)
    assert old.returncode == 0, old.stderr
    old_backup = Path(old.stdout.strip().splitlines()[-1])
    published_then = _publish(tmp_path, "published-1.json")

    # Work goes on after the backup; a new checkpoint is published (another server keeps it).
    store_at(actor=world.custodian, items=items[1:], location=world.general_bin)
    published_now = _publish(tmp_path, "published-2.json")

    drill = _run("restore_drill.sh", old_backup, published_then, target, tmp_path=tmp_path)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "OK:" in drill.stdout

    drill = _run("restore_drill.sh", old_backup, published_now, target, tmp_path=tmp_path)
    assert drill.returncode == 2, drill.stdout + drill.stderr
    assert "backup is behind" in drill.stderr

    # A checkpoint that names another hash for a sequence the backup holds: the ledger was rewritten.
    document = json.loads(published_then.read_text())
    document["head_hash"] = "f" * 64
    document["signature"] = signing_key().sign(
        signed_message(document["seq"], document["head_hash"], document["signed_at"])).hex()
    forged = tmp_path / "other-history.json"
    forged.write_text(json.dumps(document))
    drill = _run("restore_drill.sh", old_backup, forged, target, tmp_path=tmp_path)
    assert drill.returncode == 3, drill.stdout + drill.stderr
    assert "rewritten" in drill.stderr

    # An edited file without a valid signature is refused.
    document["seq"] += 1
    forged.write_text(json.dumps(document))
    assert _run("restore_drill.sh", old_backup, forged, target, tmp_path=tmp_path).returncode == 4

    # The newest backup holds everything published.
    new = _run("backup.sh", tmp_path / "backups", tmp_path=tmp_path)
    new_backup = Path(new.stdout.strip().splitlines()[-1])
    drill = _run("restore_drill.sh", new_backup, published_now, target, tmp_path=tmp_path)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "Ledger intact" in drill.stdout or "账本完整" in drill.stdout or drill.stdout

    # A damaged backup file is caught before anything is restored.
    with open(new_backup / "media.tar.gz", "ab") as handle:
        handle.write(b"x")
    assert _run("restore_drill.sh", new_backup, published_now, target, tmp_path=tmp_path).returncode == 5
