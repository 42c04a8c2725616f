"""Model rows → plain dicts in the shapes of api.schemas (related rows must be loaded by the caller)."""

from __future__ import annotations

from custody.models import EventKind


def _str(value):
    return None if value is None else str(value)


def agency_ref(agency):
    return None if agency is None else {"code": agency.code, "name": agency.name}


def agency(agency):
    return {**agency_ref(agency), "name_en": agency.name_en, "agency_type": agency.agency_type,
            "level": agency.level, "division_code": agency.division_code,
            "parent": agency.parent.code if agency.parent_id else None}


def location_ref(location):
    if location is None:
        return None
    return {"code": location.code, "full_name": location.full_name, "warehouse": location.warehouse.code}


def item(item):
    return {
        "code": item.code, "case_number": item.case.case_number, "description": item.description,
        "category": item.category, "brand": item.brand, "quantity": str(item.quantity), "unit": item.unit,
        "weight_kg": _str(item.weight_kg), "estimated_value": _str(item.estimated_value),
        "waste_stream": item.waste_stream, "hazard_class": item.hazard_class, "seal_number": item.seal_number,
        "condition": item.condition, "status": item.status, "status_display": str(item.get_status_display()),
        "location": location_ref(item.location), "legal_holder": agency_ref(item.legal_holder),
        "owner_agency": agency_ref(item.owner_agency), "parent": item.parent.code if item.parent_id else None,
        "registered_at": item.registered_at,
    }


ITEM_RELATED = ("case", "location", "location__warehouse", "legal_holder", "owner_agency", "parent")


def case(case, *, item_count=None):
    return {
        "case_number": case.case_number, "title": case.title, "kind": case.kind, "status": case.status,
        "agency": agency_ref(case.agency), "seized_on": case.seized_on, "seized_at_place": case.seized_at_place,
        "item_count": item_count if item_count is not None else getattr(case, "item_count", None),
        "created_at": case.created_at,
    }


def appraisal(appraisal):
    return {
        "code": appraisal.code, "item": appraisal.item.code, "kind": appraisal.kind,
        "appraiser": appraisal.appraiser,
        "rights_holder": appraisal.rights_holder.name if appraisal.rights_holder_id else None,
        "method": appraisal.method, "result": appraisal.result, "appraised_on": appraisal.appraised_on,
        "report_sha256": appraisal.report_sha256,
        "recognised_by": [r.agency.code for r in appraisal.recognitions.all()],
    }


def document(doc):
    return {"kind": doc.kind, "number": doc.number, "issued_on": doc.issued_on, "allows_disposal": doc.allows_disposal}


def attachment(att, item_codes):
    return {"kind": att.kind, "item": item_codes.get(att.item_id), "original_name": att.original_name,
            "content_type": att.content_type, "size": att.size, "sha256": att.sha256}


EVENT_RELATED = ("item", "actor", "from_location", "to_location", "from_holder", "to_holder")


def event(event):
    return {
        "seq": event.seq, "item": event.item.code, "item_seq": event.item_seq, "kind": event.kind,
        "kind_display": str(EventKind(event.kind).label), "actor": event.actor.username,
        "counterparty": event.counterparty, "from_status": event.from_status, "to_status": event.to_status,
        "from_location": event.from_location.code if event.from_location_id else None,
        "to_location": event.to_location.code if event.to_location_id else None,
        "from_holder": event.from_holder.code if event.from_holder_id else None,
        "to_holder": event.to_holder.code, "reference": event.reference, "reason": event.reason,
        "legal_document_number": event.legal_document_number, "seal_numbers": event.seal_numbers,
        "condition": event.condition, "recorded_at": event.recorded_at, "client_event_id": event.client_event_id,
        "payload": event.payload, "prev_hash": event.prev_hash, "hash": event.hash,
    }


def release(release, lines=None):
    data = {
        "code": release.code, "case_number": release.case.case_number, "purpose": release.purpose,
        "reason": release.reason, "recipient_name": release.recipient_name,
        "recipient_organisation": release.recipient_organisation, "due_back": release.due_back,
        "status": release.status, "requesting_agency": agency_ref(release.requesting_agency),
        "requested_by": release.requested_by.username, "requested_at": release.requested_at,
        "decided_by": release.decided_by.username if release.decided_by_id else None,
        "decided_at": release.decided_at, "item_count": getattr(release, "item_count", None),
    }
    if lines is not None:
        data["lines"] = [{"item": line.item.code, "status": line.status, "checked_out_at": line.checked_out_at,
                          "returned_at": line.returned_at, "return_condition": line.return_condition}
                         for line in lines]
    return data


def transfer(transfer, lines=None):
    data = {
        "code": transfer.code, "case_number": transfer.case.case_number,
        "from_agency": agency_ref(transfer.from_agency), "to_agency": agency_ref(transfer.to_agency),
        "mode": transfer.mode, "document_number": transfer.document_number, "status": transfer.status,
        "reported_at": transfer.reported_at, "decision_due": transfer.decision_due, "sent_at": transfer.sent_at,
        "received_at": transfer.received_at, "item_count": getattr(transfer, "item_count", None),
    }
    if lines is not None:
        data["reason"] = transfer.reason
        data["lines"] = [{"item": line.item.code, "status": line.status, "refusal_reason": line.refusal_reason}
                         for line in lines]
    return data


def batch(batch, items=None):
    data = {
        "code": batch.code, "status": batch.status, "warehouse": batch.warehouse.code,
        "agency": agency_ref(batch.agency), "planned_date": batch.planned_date,
        "estimated_weight_kg": str(batch.estimated_weight_kg), "destroyed_at": batch.destroyed_at,
        "certificate_number": batch.certificate_number, "checkpoint_seq": batch.checkpoint_seq,
        "checkpoint_hash": batch.checkpoint_hash, "item_count": getattr(batch, "item_count", None),
    }
    if items is not None:
        data["items"] = [{"item": entry.item.code, "waste_category": entry.waste_category,
                          "weight_kg": _str(entry.weight_kg)} for entry in items]
    return data


def imported_bundle(bundle, *, with_content=False):
    data = {
        "id": bundle.pk, "case_number": bundle.case_number, "case_title": bundle.case_title,
        "source_agency": bundle.source_agency, "peer": bundle.peer.name, "peer_fingerprint": bundle.peer.fingerprint,
        "sha256": bundle.sha256, "item_count": bundle.item_count, "event_count": bundle.event_count,
        "checkpoint_seq": bundle.checkpoint_seq, "checkpoint_hash": bundle.checkpoint_hash,
        "exported_at": bundle.exported_at, "imported_at": bundle.imported_at,
        "imported_by": bundle.imported_by.username,
    }
    if with_content:
        import json

        data["bundle"] = json.loads(bundle.raw)["bundle"]
    return data
