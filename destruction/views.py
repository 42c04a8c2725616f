"""Destruction pages. Thin: parse a form, call one service, show the result or the refusal."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope_or_404
from accounts.errors import DomainError, InvalidInput
from accounts.forms import posted
from accounts.reauth import requires_password
from warehouse.access import operated_warehouse_ids
from warehouse.models import Item, Warehouse

from . import documents, selectors, services
from .forms import ConfirmForm, CostLineForm, HandOverForm, NoteForm, ProposeForm, WeighInForm, split_codes
from .models import DestructionBatch, Evidence
from .waste import category_label, method_label


@permission_required("destruction.view_destructionbatch", raise_exception=True)
def batch_list(request):
    status = request.GET.get("status", "")
    return render(request, "destruction/batch_list.html", {
        "batches": selectors.batch_list(request.user, status)[:200], "status": status,
        "statuses": DestructionBatch.Status.choices,
    })


@permission_required("destruction.propose_batch", raise_exception=True)
def batch_propose(request):
    warehouses = Warehouse.objects.filter(pk__in=operated_warehouse_ids(request.user)).order_by("code")
    warehouse = warehouses.filter(code=request.GET.get("warehouse") or request.POST.get("warehouse")).first() \
        or warehouses.first()
    eligible = selectors.eligible_items(request.user, warehouse)
    form = ProposeForm(**posted(request), facilities=selectors.facilities(), items=eligible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.propose_batch(
                actor=request.user, warehouse=warehouse, items=data["chosen"], facility=data["facility"],
                planned_date=data["planned_date"], methods=data["methods"], estimated_cost=data["estimated_cost"],
                estimated_weight_kg=data["estimated_weight_kg"], note=data["note"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Batch %(code)s proposed with %(count)s item(s); they are reserved until a "
                                        "supervisor decides.") % {"code": batch.code, "count": len(data["chosen"])})
            return redirect("destruction:batch-detail", code=batch.code)
    return render(request, "destruction/batch_form.html", {
        "form": form, "warehouse": warehouse, "warehouses": warehouses, "eligible": eligible[:500],
    })


def _batch(request, code):
    return get_in_scope_or_404(request, selectors.batch_detail(request.user, code))


@permission_required("destruction.view_destructionbatch", raise_exception=True)
def batch_detail(request, code):
    batch = _batch(request, code)
    entries = list(batch.batch_items.all())
    waiting = [entry for entry in entries if entry.shipment_id is None]
    return render(request, "destruction/batch_detail.html", {
        "batch": batch, "entries": entries, "waiting": waiting,
        "categories": sorted({category_label(entry.waste_category) for entry in entries}),
        "methods": [(Item.WasteStream(stream).label, method_label(batch.method_for(stream)))
                    for stream in Item.WasteStream.values if batch.method_for(stream)],
        # Several forms on one page: each gets its own id prefix, so no two fields share an id.
        "note_form": NoteForm(auto_id="decide-%s"), "cancel_form": NoteForm(auto_id="cancel-%s"),
        "handover_form": HandOverForm(auto_id="handover-%s"), "weigh_form": WeighInForm(auto_id="weigh-%s"),
        "confirm_form": ConfirmForm(auto_id="confirm-%s"), "cost_form": CostLineForm(auto_id="cost-%s"),
        "can": {
            "decide": batch.status == DestructionBatch.Status.PROPOSED
            and request.user.has_perm("destruction.approve_batch") and batch.prepared_by_id != request.user.pk,
            "cancel": batch.status in (DestructionBatch.Status.PROPOSED, DestructionBatch.Status.APPROVED)
            and (request.user.has_perm("destruction.propose_batch")
                 or request.user.has_perm("destruction.approve_batch")),
            "remove": batch.status == DestructionBatch.Status.PROPOSED
            and request.user.has_perm("destruction.propose_batch"),
            "execute": batch.status in (DestructionBatch.Status.APPROVED, DestructionBatch.Status.IN_PROGRESS)
            and request.user.has_perm("destruction.execute_batch"),
            "confirm": batch.status == DestructionBatch.Status.IN_PROGRESS and not waiting
            and request.user.has_perm("destruction.execute_batch"),
            "cost": request.user.has_perm("destruction.add_costline"),
        },
    })


def _act(request, code, action):
    """Run ``action(batch)``; show its refusal as a message; back to the batch page."""
    batch = _batch(request, code)
    try:
        done = action(batch)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("destruction:batch-detail", code=batch.code)


def _note(request):
    form = NoteForm(request.POST)
    return form.cleaned_data["note"] if form.is_valid() else ""


@require_POST
@permission_required("destruction.approve_batch", raise_exception=True)
@requires_password("destruction:batch-detail")
def batch_approve(request, code):
    return _act(request, code, lambda batch: (
        services.approve_batch(actor=request.user, batch=batch, note=_note(request))
        and _("Batch %(code)s approved.") % {"code": batch.code}))


@require_POST
@permission_required("destruction.approve_batch", raise_exception=True)
@requires_password("destruction:batch-detail")
def batch_reject(request, code):
    return _act(request, code, lambda batch: (
        services.reject_batch(actor=request.user, batch=batch, note=_note(request))
        and _("Batch %(code)s rejected; its items are back in storage.") % {"code": batch.code}))


@require_POST
def batch_cancel(request, code):
    return _act(request, code, lambda batch: (
        services.cancel_batch(actor=request.user, batch=batch, note=_note(request))
        and _("Batch %(code)s cancelled; its items are back in storage.") % {"code": batch.code}))


@require_POST
@permission_required("destruction.propose_batch", raise_exception=True)
def batch_remove_item(request, code):
    def remove(batch):
        item = next((e.item for e in batch.batch_items.all() if e.item.code == request.POST.get("item")), None)
        if item is None:
            raise InvalidInput(_("That item is not in this batch."))
        services.remove_item(actor=request.user, batch=batch, item=item, reason=_note(request))
        return _("Item %(code)s taken out of the batch and back in storage.") % {"code": item.code}
    return _act(request, code, remove)


@require_POST
@permission_required("destruction.execute_batch", raise_exception=True)
def batch_hand_over(request, code):
    def hand_over(batch):
        form = HandOverForm(request.POST)
        if not form.is_valid():
            raise InvalidInput("; ".join(m for ms in form.errors.values() for m in ms))
        data = form.cleaned_data
        shipment = services.hand_over(
            actor=request.user, batch=batch, codes=split_codes(data["codes"]), vehicle_plate=data["vehicle_plate"],
            manifest_number=data["manifest_number"], weight_out_kg=data["weight_out_kg"],
            client_event_id=request.POST.get("client_event_id") or None)
        return _("Trip %(trip)s: %(count)s item(s) handed to the contractor.") % {
            "trip": shipment.number, "count": shipment.items.count()}
    return _act(request, code, hand_over)


@require_POST
@permission_required("destruction.execute_batch", raise_exception=True)
def batch_weigh_in(request, code):
    def weigh(batch):
        form = WeighInForm(request.POST)
        if not form.is_valid():
            raise InvalidInput(_("Enter the weight in at the facility (kg)."))
        shipment = next((s for s in batch.shipments.all() if s.number == form.cleaned_data["trip"]), None)
        if shipment is None:
            raise InvalidInput(_("No such trip."))
        shipment = services.weigh_in(actor=request.user, shipment=shipment,
                                     weight_in_kg=form.cleaned_data["weight_in_kg"])
        if shipment.weight_flagged:
            return _("Trip %(trip)s weighed in: %(in)s kg against %(out)s kg out — the difference is above the "
                     "tolerance and is flagged for review.") % {
                "trip": shipment.number, "in": shipment.weight_in_kg, "out": shipment.weight_out_kg}
        return _("Trip %(trip)s weighed in.") % {"trip": shipment.number}
    return _act(request, code, weigh)


@require_POST
@permission_required("destruction.execute_batch", raise_exception=True)
def batch_confirm(request, code):
    def confirm(batch):
        form = ConfirmForm(request.POST, request.FILES)
        if not form.is_valid():
            raise InvalidInput("; ".join(f"{form.fields[name].label if name in form.fields else ''} {m}".strip()
                                         for name, ms in form.errors.items() for m in ms))
        users = get_user_model().objects.filter(is_active=True)
        witnesses = []
        for username, password in form.witness_pairs():
            user = users.filter(username=username).first()
            if user is None:
                raise InvalidInput(_("There is no active user “%(name)s”.") % {"name": username})
            witnesses.append(services.WitnessInput(user=user, password=password))
        data = form.cleaned_data
        evidence = [services.EvidenceFile(kind=Evidence.Kind.PHOTO, upload=f) for f in data["photos"]]
        evidence.append(services.EvidenceFile(kind=Evidence.Kind.CERTIFICATE, upload=data["certificate"]))
        if data["video_name"] or data["video_sha256"]:
            evidence.append(services.EvidenceFile(kind=Evidence.Kind.VIDEO, name=data["video_name"],
                                                  sha256=data["video_sha256"]))
        services.confirm_destruction(actor=request.user, batch=batch, witnesses=witnesses,
                                     certificate_number=data["certificate_number"], evidence=evidence,
                                     ip_address=request.META.get("REMOTE_ADDR") or None)
        return _("Destruction of batch %(code)s confirmed: every item is recorded as destroyed.") % {
            "code": batch.code}
    return _act(request, code, confirm)


@require_POST
@permission_required("destruction.add_costline", raise_exception=True)
def batch_add_cost(request, code):
    def add(batch):
        form = CostLineForm(request.POST)
        if not form.is_valid():
            raise InvalidInput("; ".join(m for ms in form.errors.values() for m in ms))
        data = form.cleaned_data
        by_weight = data["weight_kg"] is not None or data["unit_price"] is not None
        line = services.add_cost_line(
            actor=request.user, batch=batch, category=data["category"], payer=data["payer"],
            incurred_on=data["incurred_on"], amount=None if by_weight else data["amount"],
            weight_kg=data["weight_kg"], unit_price=data["unit_price"], invoice_number=data["invoice_number"],
            note=data["note"])
        return _("Cost line of %(amount)s yuan added.") % {"amount": line.amount}
    return _act(request, code, add)


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required("destruction.view_destructionbatch", raise_exception=True)
def batch_record_pdf(request, code):
    batch = _batch(request, code)
    return _pdf(documents.record_pdf(batch), f"{batch.code}-record.pdf")


@permission_required("destruction.view_destructionbatch", raise_exception=True)
def batch_certificate_pdf(request, code):
    batch = _batch(request, code)
    if batch.status != DestructionBatch.Status.COMPLETED:
        raise InvalidInput(_("A certificate exists only once the destruction is confirmed."), code="not_completed")
    return _pdf(documents.certificate_pdf(batch), f"{batch.code}-certificate.pdf")


@permission_required("destruction.view_contractor", raise_exception=True)
def contractor_list(request):
    return render(request, "destruction/contractor_list.html", {"contractors": selectors.contractors(),
                                                                "today": timezone.localdate()})


@login_not_required
def public_disclosure(request):
    """Completed destructions for social supervision (社会监督): no personal data, no login."""
    batches = list(selectors.public_completed()[:200])
    categories = selectors.public_categories([batch.pk for batch in batches])
    rows = []
    for batch in batches:
        goods = [f"{Item.Category(row['item__category']).label} × {row['n']}"
                 for row in categories.get(batch.pk, [])]
        rows.append({"batch": batch, "goods": goods,
                     "methods": [method_label(batch.method_for(s)) for s in Item.WasteStream.values
                                 if batch.method_for(s)],
                     "licences": [lic.number for lic in batch.facility.licences.all()]})
    return render(request, "destruction/public_list.html", {"rows": rows})
