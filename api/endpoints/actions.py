"""Writes: the scan station's actions, and case bundle export/import."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from accounts.access import scope
from accounts.errors import InvalidInput, NotAllowed
from custody.models import CustodyEvent
from custody.scan import actions as scanning
from custody.scan import selectors as scan_selectors
from warehouse.access import locations_operated_by

from .. import convert
from ..bundles import export_case, import_bundle
from ..models import ImportedBundle
from ..schemas import BundleIn, ImportedBundleDetailOut, ImportedBundleOut, Page, ScanIn, ScanOut
from . import MAX_PAGE_SIZE, get_or_404, paginate, require, responses
from .reads import _case

router = Router()


@router.post("/scan", response=responses(ScanOut), tags=["scanning"],
             summary="Carry out a scan station action on an item (idempotent by client_event_id)")
def scan(request, data: ScanIn):
    """The scan station's own action registry and services: the same permission, scope, state and
    separation-of-duty checks. Retrying with the same ``client_event_id`` records nothing new and
    answers the events of the first attempt."""
    require(request, "custody.use_scan_station")
    user, ip = request.user, request.META.get("REMOTE_ADDR")
    action = scanning.find_action(data.action)
    if action is None:
        raise InvalidInput(_("Unknown action “%(action)s”.") % {"action": data.action[:40]}, code="unknown_action")
    parsed = scanning.parse_scan(data.code, user=user, ip_address=ip)
    if parsed.kind != "item":
        raise InvalidInput(_("Scan an item label here, not a location label."), code="not_an_item")
    item = scan_selectors.scan_card_item(user, parsed.base_code)
    if item is None:
        get_or_404(request, CustodyEvent.objects.none(), pk=0)
    label = scanning.check_label(parsed, item, user=user, ip_address=ip)
    if not user.has_perm(action.permission):
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")
    location = None
    if data.location:
        location = locations_operated_by(user).select_related("warehouse").filter(code=data.location.strip()).first()
        if location is None:
            raise InvalidInput(_("Location %(code)s is not in a warehouse your agency operates.")
                               % {"code": data.location[:40]}, code="location_not_operated")
    if action.needs_location and location is None:
        raise InvalidInput(_("This action needs a location."), code="location_required")
    if action.needs_note and not data.note.strip():
        raise InvalidInput(_("This action needs a note."), code="note_required")
    if action.needs_seal_number and not data.seal_number.strip():
        raise InvalidInput(_("This action needs a seal number."), code="seal_number_required")
    events = action.run(actor=user, item=item, location=location, client_event_id=data.client_event_id,
                        note=data.note, seal_number=data.seal_number)
    item = scan_selectors.scan_card_item(user, item.code)
    stored = CustodyEvent.objects.filter(seq__in=[event.seq for event in events or []]).select_related(
        *convert.EVENT_RELATED).order_by("seq")
    return {"action": action.name, "item": convert.item(item), "events": [convert.event(e) for e in stored],
            "warning": str(label.message) if label.superseded else None}


@router.get("/cases/{case_number}/bundle", response=responses(dict), tags=["bundles"],
            summary="Export the case as a signed bundle (custody-case-bundle/1)")
def export_bundle(request, case_number: str):
    case = _case(request, case_number)
    return export_case(actor=request.user, case=case)


@router.post("/bundles", response=responses(ImportedBundleOut, 201), tags=["bundles"],
             summary="Import a case bundle from a trusted peer (verified before it is accepted)")
def import_(request, data: BundleIn):
    require(request, "api.import_bundle")
    imported = import_bundle(actor=request.user, raw=request.body)
    return Status(201, convert.imported_bundle(imported))


def _bundles(request):
    require(request, "api.view_importedbundle")
    return scope(ImportedBundle.objects.select_related("peer", "imported_by"), request.user, "agency")


@router.get("/bundles", response=responses(Page[ImportedBundleOut]), tags=["bundles"],
            summary="Case bundles imported by your agency's subtree")
def bundles(request, page: int = Query(1, ge=1, le=1_000_000), page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)):
    return paginate(_bundles(request).order_by("-imported_at", "-pk"), page, page_size, convert.imported_bundle)


@router.get("/bundles/{sha256}", response=responses(ImportedBundleDetailOut), tags=["bundles"],
            summary="An imported bundle, by the SHA-256 of the bytes received")
def bundle(request, sha256: str):
    found = get_or_404(request, _bundles(request), sha256=sha256.lower())
    return convert.imported_bundle(found, with_content=True)


