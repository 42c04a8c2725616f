"""Signed case bundles: one deployment exports a case, another verifies it and keeps it as evidence.

Format "custody-case-bundle/1" (docs/api.md): {"bundle": {...}, "signature": {...}} where the
signature is Ed25519 over canonical_json(bundle) (keys sorted, no blanks, UTF-8) with the
deployment's ledger key. The bundle holds the case, its documents and attachments' hashes, items,
appraisals, every ledger event of its items (payload, prev_hash, hash: each hash checkable on its
own, hash = SHA-256("custody-ledger/1\\n" + prev_hash + "\\n" + payload)) and a signed checkpoint
(seq, head hash) at or after the last of those events.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, InvalidInput, NotAllowed
from custody.appraisals.selectors import case_appraisals
from custody.ledger import canonical_json, chain_hash, format_time
from custody.models import CustodyEvent
from warehouse.models import Case

from . import convert
from .models import ImportedBundle, TrustedPeer
from .signing import checkpoint_message, current_checkpoint, fingerprint, load_public_key, signing_key, verify

FORMAT = "custody-case-bundle/1"


def _json_safe(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def export_case(*, actor, case: Case) -> dict:
    """The signed bundle of ``case`` (the caller has checked that ``actor`` sees the case)."""
    if not actor.is_active or not actor.has_perm("api.export_bundle"):
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")
    items = list(case.items.select_related(*convert.ITEM_RELATED).order_by("pk"))
    codes = {item.pk: item.code for item in items}
    events = list(CustodyEvent.objects.filter(item__case=case).order_by("seq")
                  .values_list("seq", "item_id", "payload", "prev_hash", "hash"))
    with transaction.atomic():
        checkpoint = current_checkpoint()
    checkpoint.pop("stored", None)
    bundle = _json_safe({
        "format": FORMAT,
        "exported_at": format_time(timezone.now()),
        "source": {"deployment": settings.DEPLOYMENT_NAME, "agency": convert.agency_ref(actor.agency),
                   "exported_by": actor.username},
        "case": {**convert.case(case, item_count=len(items)), "summary": case.summary,
                 "rights_holders": [holder.name for holder in case.rights_holders.all()],
                 "documents": [convert.document(doc) for doc in case.documents.all()],
                 "attachments": [convert.attachment(att, codes) for att in case.attachments.order_by("pk")]},
        "items": [convert.item(item) for item in items],
        "appraisals": [convert.appraisal(appraisal) for appraisal in case_appraisals(case)],
        "events": [{"seq": seq, "item": codes[item_id], "payload": payload, "prev_hash": prev, "hash": digest}
                   for seq, item_id, payload, prev, digest in events],
        "checkpoint": checkpoint,
    })
    key = signing_key()
    signature = key.sign(canonical_json(bundle).encode())
    return {"bundle": bundle, "signature": {"algorithm": "Ed25519", "key_fingerprint": fingerprint(key.public_key()),
                                            "value": signature.hex()}}


class Refused(InvalidInput):
    """A bundle that does not verify; ``code`` names the first reason found."""

    code = "bundle_refused"


REASONS = {
    "bundle_malformed": _("The bundle is not a case bundle of a known format."),
    "untrusted_key": _("The bundle is signed with a key that is not registered as a trusted peer."),
    "bad_signature": _("The bundle's signature does not match its content: it was altered after signing."),
    "bad_checkpoint": _("The ledger checkpoint in the bundle is not validly signed by the sending deployment."),
    "bad_event_hash": _("A ledger event's hash does not match its payload: the event was altered."),
    "broken_chain": _("Two consecutive ledger events are not linked by their hashes."),
    "event_mismatch": _("A ledger event's payload does not agree with the bundle (item or sequence)."),
    "event_after_checkpoint": _("A ledger event lies after the checkpoint that should cover it."),
    "missing_events": _("The ledger events of an item are incomplete (a gap in its sequence)."),
    "state_mismatch": _("An item's status does not match the status its ledger events lead to."),
}


def _refuse(code: str, detail: str = ""):
    message = REASONS[code]
    return Refused(message if not detail else _("%(reason)s (%(detail)s)") % {"reason": message, "detail": detail},
                   code=code)


def verify_bundle(envelope: dict) -> TrustedPeer:
    """Check signature, checkpoint and chain; return the peer who signed, or raise Refused."""
    try:
        bundle, signature = envelope["bundle"], envelope["signature"]
        if bundle["format"] != FORMAT or signature["algorithm"] != "Ed25519":
            raise _refuse("bundle_malformed")
        peer = TrustedPeer.objects.filter(fingerprint=str(signature["key_fingerprint"]), is_active=True).first()
        if peer is None:
            raise _refuse("untrusted_key", str(signature["key_fingerprint"])[:16])
        key = load_public_key(peer.public_key)
        if not verify(key, str(signature["value"]), canonical_json(bundle).encode()):
            raise _refuse("bad_signature")
        checkpoint = bundle["checkpoint"]
        if checkpoint["key_fingerprint"] != peer.fingerprint or not verify(
                key, checkpoint["signature"],
                checkpoint_message(int(checkpoint["seq"]), checkpoint["head_hash"], checkpoint["signed_at"])):
            raise _refuse("bad_checkpoint")
        _verify_events(bundle, int(checkpoint["seq"]), checkpoint["head_hash"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _refuse("bundle_malformed") from None
    return peer


def _verify_events(bundle: dict, checkpoint_seq: int, checkpoint_hash: str) -> None:
    statuses = {item["code"]: item["status"] for item in bundle["items"]}
    per_item = defaultdict(list)
    previous = None
    for event in bundle["events"]:
        seq = int(event["seq"])
        if chain_hash(event["prev_hash"], event["payload"]) != event["hash"]:
            raise _refuse("bad_event_hash", f"#{seq}")
        payload = json.loads(event["payload"])
        if payload["seq"] != seq or payload["item_code"] != event["item"] or event["item"] not in statuses:
            raise _refuse("event_mismatch", f"#{seq}")
        if seq > checkpoint_seq or (seq == checkpoint_seq and event["hash"] != checkpoint_hash):
            raise _refuse("event_after_checkpoint", f"#{seq}")
        if previous is not None:
            if seq <= previous["seq"]:
                raise _refuse("event_mismatch", f"#{seq}")
            if seq == previous["seq"] + 1 and event["prev_hash"] != previous["hash"]:
                raise _refuse("broken_chain", f"#{previous['seq']} → #{seq}")
        previous = {"seq": seq, "hash": event["hash"]}
        per_item[event["item"]].append(payload)
    for code, status in statuses.items():
        payloads = per_item.get(code, [])
        if [p["item_seq"] for p in payloads] != list(range(1, len(payloads) + 1)) or not payloads:
            raise _refuse("missing_events", code)
        if payloads[-1]["to_status"] != status:
            raise _refuse("state_mismatch", code)


def import_bundle(*, actor, raw: str | bytes) -> ImportedBundle:
    """Verify the bundle and keep it (exact bytes and checked facts) as received evidence."""
    if not actor.is_active or not actor.has_perm("api.import_bundle") or actor.agency_id is None:
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")
    raw = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    try:
        envelope = json.loads(raw)
    except ValueError:
        raise _refuse("bundle_malformed") from None
    if not isinstance(envelope, dict):
        raise _refuse("bundle_malformed")
    peer = verify_bundle(envelope)
    bundle = envelope["bundle"]
    digest = hashlib.sha256(raw.encode()).hexdigest()
    if ImportedBundle.objects.filter(sha256=digest).exists():
        raise Conflict(_("This bundle was already imported."), code="already_imported")
    try:
        with transaction.atomic():
            return ImportedBundle.objects.create(
                peer=peer, sha256=digest, raw=raw, case_number=str(bundle["case"]["case_number"])[:60],
                case_title=str(bundle["case"]["title"])[:200],
                source_agency=str((bundle["source"].get("agency") or {}).get("name", ""))[:200],
                item_count=len(bundle["items"]), event_count=len(bundle["events"]),
                checkpoint_seq=int(bundle["checkpoint"]["seq"]), checkpoint_hash=bundle["checkpoint"]["head_hash"],
                exported_at=datetime.fromisoformat(bundle["exported_at"].replace("Z", "+00:00")),
                agency=actor.agency, imported_by=actor,
            )
    except IntegrityError:
        raise Conflict(_("This bundle was already imported."), code="already_imported") from None
