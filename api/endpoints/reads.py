"""Reads: what a case officer sees on the pages, through the same selectors and scoping."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.http import Http404
from ninja import Query, Router

from accounts.access import log_denial, visible_agency_ids
from accounts.models import Agency, SecurityEvent
from custody.appraisals import selectors as appraisal_selectors
from custody.models import CustodyEvent, EventKind
from custody.releases import selectors as release_selectors
from custody.scan.actions import ACTIONS
from custody.transfers import selectors as transfer_selectors
from destruction import selectors as destruction_selectors
from destruction.models import BatchItem, DestructionBatch
from warehouse import selectors as warehouse_selectors
from warehouse.access import items_visible_to
from warehouse.models import Attachment, Case, Item

from .. import convert
from ..schemas import (
    ActionOut,
    AgencyOut,
    BatchDetailOut,
    BatchOut,
    CaseDetailOut,
    CaseOut,
    CheckpointOut,
    EventOut,
    ItemOut,
    MeOut,
    Page,
    ReleaseDetailOut,
    ReleaseOut,
    TransferDetailOut,
    TransferOut,
)
from ..signing import current_checkpoint, public_key_pem
from . import MAX_PAGE_SIZE, get_or_404, paginate, require, responses

router = Router()

PAGE = Query(1, ge=1, le=1_000_000)
PAGE_SIZE = Query(50, ge=1, le=MAX_PAGE_SIZE)
TEXT = Query("", max_length=100)


@router.get("/me", response=responses(MeOut), tags=["account"], summary="The token's user and permissions")
def me(request):
    user, token = request.user, request.api_token
    return {"username": user.username, "full_name": user.display_name, "agency": convert.agency_ref(user.agency),
            "permissions": sorted(user.get_all_permissions()), "token_name": token.name,
            "token_expires_at": token.expires_at}


@router.get("/agencies", response=responses(Page[AgencyOut]), tags=["reference"],
            summary="Agencies of your agency's subtree")
def agencies(request, page: int = PAGE, page_size: int = PAGE_SIZE):
    queryset = Agency.objects.filter(pk__in=visible_agency_ids(request.user)).select_related("parent").order_by("path")
    return paginate(queryset, page, page_size, convert.agency)


@router.get("/agencies/{code}", response=responses(AgencyOut), tags=["reference"])
def agency(request, code: str):
    for candidate in Agency.objects.filter(pk__in=visible_agency_ids(request.user)).select_related("parent"):
        if candidate.code == code:
            return convert.agency(candidate)
    # Another agency's code is a logged out-of-scope request (the access matrix checks it).
    if any(other.code == code for other in Agency.objects.filter(division_code=code[1:])):
        log_denial(request, SecurityEvent.Kind.OUT_OF_SCOPE, f"accounts.Agency code={code}")
    raise Http404


@router.get("/cases", response=responses(Page[CaseOut]), tags=["cases"], summary="Cases in scope")
def cases(request, q: str = TEXT, status: Case.Status | None = None, kind: Case.Kind | None = None,
          page: int = PAGE, page_size: int = PAGE_SIZE):
    require(request, "warehouse.view_case")
    queryset = warehouse_selectors.case_list(request.user, q=q, status=status or "", kind=kind or "")
    return paginate(queryset, page, page_size, convert.case)


def _case(request, case_number):
    require(request, "warehouse.view_case")
    return get_or_404(request, warehouse_selectors.case_detail(request.user, case_number), case_number=case_number)


@router.get("/cases/{case_number}", response=responses(CaseDetailOut), tags=["cases"],
            summary="A case with its documents, attachment hashes and appraisals")
def case_detail(request, case_number: str):
    case = _case(request, case_number)
    items = items_visible_to(request.user).filter(case=case)
    codes = dict(Item.objects.filter(case=case).values_list("pk", "code"))
    data = convert.case(case, item_count=items.count())
    data.update({
        "summary": case.summary, "rights_holders": [holder.name for holder in case.rights_holders.all()],
        "documents": [convert.document(doc) for doc in case.documents.all()],
        "attachments": [convert.attachment(att, codes) for att in
                        Attachment.objects.filter(case=case).order_by("pk")],
        "appraisals": [convert.appraisal(a) for a in appraisal_selectors.case_appraisals(case).filter(item__in=items)],
    })
    return data


@router.get("/cases/{case_number}/items", response=responses(Page[ItemOut]), tags=["cases"])
def case_items(request, case_number: str, page: int = PAGE, page_size: int = PAGE_SIZE):
    case = _case(request, case_number)
    require(request, "warehouse.view_item")
    queryset = items_visible_to(request.user).filter(case=case).select_related(*convert.ITEM_RELATED).order_by("pk")
    return paginate(queryset, page, page_size, convert.item)


@router.get("/items", response=responses(Page[ItemOut]), tags=["items"],
            summary="Items in scope, with status, location and legal holder")
def items(request, q: str = TEXT, case: str = TEXT, status: Item.Status | None = None,
          category: Item.Category | None = None, waste_stream: Item.WasteStream | None = None,
          location: str = TEXT, page: int = PAGE, page_size: int = PAGE_SIZE):
    require(request, "warehouse.view_item")
    queryset = items_visible_to(request.user).select_related(*convert.ITEM_RELATED)
    filtered = warehouse_selectors.item_list(request.user, q=q, case=case, status=status or "",
                                             category=category or "", waste_stream=waste_stream or "",
                                             location=location)
    queryset = queryset.filter(pk__in=filtered.values("pk")).order_by("-pk")
    return paginate(queryset, page, page_size, convert.item)


def _item(request, code):
    require(request, "warehouse.view_item")
    return get_or_404(request, items_visible_to(request.user).select_related(*convert.ITEM_RELATED), code=code)


@router.get("/items/{code}", response=responses(ItemOut), tags=["items"])
def item(request, code: str):
    return convert.item(_item(request, code))


@router.get("/items/{code}/events", response=responses(Page[EventOut]), tags=["custody"],
            summary="The item's chain of custody, oldest first")
def item_events(request, code: str, page: int = PAGE, page_size: int = PAGE_SIZE):
    found = _item(request, code)
    require(request, "custody.view_custodyevent")
    queryset = CustodyEvent.objects.filter(item=found).select_related(*convert.EVENT_RELATED).order_by("item_seq")
    return paginate(queryset, page, page_size, convert.event)


@router.get("/events", response=responses(Page[EventOut]), tags=["custody"],
            summary="Custody events of the items in scope, by ledger sequence")
def events(request, after_seq: int = Query(0, ge=0, le=2**62), kind: EventKind | None = None,
           page: int = PAGE, page_size: int = PAGE_SIZE):
    require(request, "custody.view_custodyevent")
    queryset = CustodyEvent.objects.filter(item__in=items_visible_to(request.user).values("pk"), seq__gt=after_seq)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    queryset = queryset.select_related(*convert.EVENT_RELATED).order_by("seq")
    return paginate(queryset, page, page_size, convert.event)


@router.get("/scan/actions", response=responses(list[ActionOut]), tags=["scanning"],
            summary="The scan station's actions (those your role may take)")
def scan_actions(request):
    require(request, "custody.use_scan_station")
    return [{"name": a.name, "label": str(a.label), "permission": a.permission, "statuses": list(a.statuses),
             "needs_location": a.needs_location, "needs_note": a.needs_note, "needs_seal_number": a.needs_seal_number}
            for a in ACTIONS if request.user.has_perm(a.permission)]


@router.get("/releases", response=responses(Page[ReleaseOut]), tags=["releases"])
def releases(request, status: str = TEXT, overdue: bool = False, page: int = PAGE, page_size: int = PAGE_SIZE):
    require(request, "releases.view_releaserequest")
    queryset = release_selectors.release_list(request.user, status=status, overdue=overdue)
    return paginate(queryset, page, page_size, convert.release)


@router.get("/releases/{code}", response=responses(ReleaseDetailOut), tags=["releases"])
def release(request, code: str):
    require(request, "releases.view_releaserequest")
    found = get_or_404(request, release_selectors.release_detail(request.user, code), code=code)
    return convert.release(found, release_selectors.release_lines(found))


@router.get("/transfers", response=responses(Page[TransferOut]), tags=["transfers"])
def transfers(request, status: str = TEXT, page: int = PAGE, page_size: int = PAGE_SIZE):
    require(request, "transfers.view_transfer")
    return paginate(transfer_selectors.transfer_list(request.user, status=status), page, page_size, convert.transfer)


@router.get("/transfers/{code}", response=responses(TransferDetailOut), tags=["transfers"])
def transfer(request, code: str):
    require(request, "transfers.view_transfer")
    found = get_or_404(request, transfer_selectors.transfer_detail(request.user, code), code=code)
    return convert.transfer(found, transfer_selectors.transfer_lines(found))


@router.get("/destruction-batches", response=responses(Page[BatchOut]), tags=["destruction"])
def batches(request, status: DestructionBatch.Status | None = None, page: int = PAGE, page_size: int = PAGE_SIZE):
    require(request, "destruction.view_destructionbatch")
    return paginate(destruction_selectors.batch_list(request.user, status or ""), page, page_size, convert.batch)


@router.get("/destruction-batches/{code}", response=responses(BatchDetailOut), tags=["destruction"])
def batch(request, code: str):
    require(request, "destruction.view_destructionbatch")
    queryset = destruction_selectors.batches_visible_to(request.user).select_related("warehouse", "agency")
    found = get_or_404(request, queryset.annotate(item_count=Count("pk")).prefetch_related(Prefetch(
        "batch_items", queryset=BatchItem.objects.filter(is_open=True).select_related("item").order_by("pk"))),
        code=code)
    found.item_count = len(found.batch_items.all())
    return convert.batch(found, found.batch_items.all())


@router.get("/checkpoints/current", response=responses(CheckpointOut), tags=["custody"],
            summary="A signed checkpoint of the ledger (seq, head hash) and the public key to check it")
def checkpoint(request):
    require(request, "custody.view_custodyevent")
    return {**current_checkpoint(make=False), "public_key": public_key_pem()}
