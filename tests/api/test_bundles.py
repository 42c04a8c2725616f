"""Signed case bundles: export, verify, import; tampering refused with the reason; a second deployment."""

import copy
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from accounts.errors import Conflict
from api.bundles import Refused, export_case, import_bundle
from api.models import ImportedBundle
from api.services import add_trusted_peer
from api.signing import public_key_pem
from custody.services.storage import receive_items, store_at


@pytest.fixture
def exported(world):
    case = world.case()
    items = world.items(case, 2)
    world.items(world.case("其他案〔2026〕2号"), 1)  # events of another case interleave in the ledger
    receive_items(actor=world.custodian, items=items[:1], client_event_id=uuid.uuid4())
    store_at(actor=world.custodian, items=items[:1], location=world.general_bin, client_event_id=uuid.uuid4())
    return case, export_case(actor=world.officer, case=case)


def _import(world, envelope):
    return import_bundle(actor=world.supervisor, raw=json.dumps(envelope, ensure_ascii=False))


def test_exported_bundle_holds_the_case_and_its_chain(exported):
    case, envelope = exported
    bundle = envelope["bundle"]
    assert bundle["case"]["case_number"] == case.case_number
    assert len(bundle["items"]) == 2
    assert [e["seq"] for e in bundle["events"]] == [1, 2, 4, 5]  # 3 belongs to the other case
    assert bundle["checkpoint"]["seq"] == 5 and envelope["signature"]["algorithm"] == "Ed25519"


def test_import_from_a_trusted_peer_keeps_the_bundle(world, exported):
    case, envelope = exported
    add_trusted_peer(name="广东省 Guangdong", public_key_pem=public_key_pem())
    imported = _import(world, envelope)
    assert (imported.case_number, imported.item_count, imported.event_count, imported.checkpoint_seq) == (
        case.case_number, 2, 4, 5)
    with pytest.raises(Conflict):
        _import(world, envelope)


def _tamper_payload(b):
    b["events"][1]["payload"] = b["events"][1]["payload"].replace('"kind":101', '"kind":102')


def _drop_event(b):
    del b["events"][2]


def _tamper_status(b):
    b["items"][0]["status"] = "destroyed"


@pytest.mark.parametrize("tamper,reason,resign", [
    (lambda b: b["items"][0].update(description="改过 altered"), "bad_signature", False),
    (_tamper_payload, "bad_event_hash", True),
    (_drop_event, "missing_events", True),
    (_tamper_status, "state_mismatch", True),
    (lambda b: b["checkpoint"].update(seq=b["checkpoint"]["seq"] + 1), "bad_checkpoint", True),
])
def test_a_tampered_bundle_is_refused_with_the_reason(world, exported, tamper, reason, resign):
    _case, envelope = exported
    add_trusted_peer(name="peer", public_key_pem=public_key_pem())
    altered = copy.deepcopy(envelope)
    tamper(altered["bundle"])
    if resign:  # even re-signed by the sender's own key (a dishonest sender), the chain gives it away
        from api.signing import signing_key
        from custody.ledger import canonical_json

        altered["signature"]["value"] = signing_key().sign(canonical_json(altered["bundle"]).encode()).hex()
    with pytest.raises(Refused) as refused:
        _import(world, altered)
    assert refused.value.code == reason
    assert not ImportedBundle.objects.exists()


def test_an_untrusted_key_is_refused(world, exported):
    with pytest.raises(Refused) as refused:
        _import(world, exported[1])
    assert refused.value.code == "untrusted_key"


def test_api_export_and_import_with_permissions(world, api_as, exported):
    case, _envelope = exported
    add_trusted_peer(name="peer", public_key_pem=public_key_pem())
    envelope = api_as(world.officer).get(f"/api/cases/{case.case_number}/bundle").json()
    assert api_as(world.officer).post("/api/bundles", envelope).status_code == 403
    supervisor = api_as(world.supervisor)
    created = supervisor.post("/api/bundles", envelope)
    assert created.status_code == 201, created.json()
    sha = created.json()["sha256"]
    assert supervisor.get(f"/api/bundles/{sha}").json()["bundle"]["case"]["case_number"] == case.case_number
    assert api_as(world.outsider).get(f"/api/bundles/{sha}").status_code == 404  # another agency tree
    tampered = copy.deepcopy(envelope)
    tampered["bundle"]["items"][0]["quantity"] = "1"
    refused = supervisor.post("/api/bundles", tampered)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_signature"


def test_round_trip_into_a_second_deployment(world, exported, tmp_path):
    """Export here; import in another deployment (own SQLite database and key) through its commands."""
    _case, envelope = exported
    bundle_file = tmp_path / "bundle.json"
    bundle_file.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    peer_key = tmp_path / "peer.pem"
    peer_key.write_text(public_key_pem(), encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'second.sqlite3'}", "VAR_DIR": str(tmp_path / "var2"),
           "LEDGER_SIGNING_KEY_PATH": str(tmp_path / "var2" / "key.pem"), "LEDGER_SIGNING_KEY_AUTOCREATE": "true"}
    manage = [sys.executable, str(Path(settings.BASE_DIR, "manage.py"))]

    def run(*args):
        return subprocess.run([*manage, *args], env=env, capture_output=True, text=True, timeout=300)

    assert run("migrate", "-v", "0").returncode == 0
    assert run("trust_peer", "广东省 Guangdong", str(peer_key)).returncode == 0
    tampered_file = tmp_path / "tampered.json"
    tampered = copy.deepcopy(envelope)
    tampered["bundle"]["events"][0]["hash"] = "0" * 64
    tampered_file.write_text(json.dumps(tampered), encoding="utf-8")
    refused = run("import_bundle", str(tampered_file))
    assert refused.returncode != 0 and "bad_signature" in refused.stderr
    accepted = run("import_bundle", str(bundle_file))
    assert accepted.returncode == 0, accepted.stderr
    assert "测试案〔2026〕1号" in accepted.stdout and "4" in accepted.stdout
