"""Transfer pages (移送): prepare, approve, send, receive item by item, the handover list PDF;
and the case decisions that follow (penalty decision, judgment, closing)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope_or_404, visible_agency_ids
from accounts.errors import DomainError, InvalidInput
from accounts.forms import posted
from accounts.models import Agency
from accounts.reauth import requires_password
from custody.appraisals import selectors as appraisal_selectors
from custody.forms import DecisionForm
from custody.transfers import selectors as transfer_selectors
from custody.transfers import services as service
from custody.transfers.documents import handover_pdf
from custody.transfers.forms import CaseDecisionForm, TransferForm
from custody.transfers.models import Transfer, TransferLine
from warehouse.access import cases_visible_to, items_visible_to
from warehouse.models import Item
from warehouse.pagination import paginate, querystring_without_page


@permission_required("transfers.view_transfer", raise_exception=True)
def transfer_list(request):
    status = request.GET.get("status", "")
    page = paginate(request, transfer_selectors.transfer_list(request.user, status=status), 25)
    return render(request, "custody/transfers/list.html", {
        "page": page, "status": status, "statuses": Transfer.Status.choices,
        "querystring_without_page": querystring_without_page(request),
    })


@permission_required("transfers.prepare_transfer", raise_exception=True)
def transfer_create(request):
    case = get_in_scope_or_404(request, cases_visible_to(request.user), case_number=request.GET.get("case", ""))
    items = items_visible_to(request.user).filter(case=case, legal_holder__in=visible_agency_ids(request.user)).exclude(
        status__in=[Item.Status.DESTROYED, Item.Status.RETURNED_TO_OWNER]).order_by("pk")
    agencies = Agency.objects.filter(is_active=True).exclude(pk__in=visible_agency_ids(request.user)).order_by("path")
    form = TransferForm(**posted(request), items=items, agencies=agencies,
                        initial={"items": list(items.values_list("code", flat=True))})
    if request.method == "POST" and form.is_valid():
        try:
            transfer = service.prepare_transfer(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Transfer %(code)s prepared; it waits for approval.") % {"code": transfer.code})
            return redirect("custody:transfer-detail", code=transfer.code)
    return render(request, "custody/transfers/form.html", {"case": case, "form": form, "items": items})


def _transfer(request, code):
    return get_in_scope_or_404(request, transfer_selectors.transfer_detail(request.user, code))


@permission_required("transfers.view_transfer", raise_exception=True)
def transfer_detail(request, code):
    transfer = _transfer(request, code)
    return render(request, "custody/transfers/detail.html", {
        "transfer": transfer, "lines": list(transfer_selectors.transfer_lines(transfer)),
        "appraisals": appraisal_selectors.case_appraisals(transfer.case), "decision_form": DecisionForm(),
        "now": timezone.now(),
        "can_receive": request.user.has_perm("transfers.receive_transfer")
        and transfer.to_agency_id in visible_agency_ids(request.user) and transfer.status == Transfer.Status.SENT,
    })


def _act(request, code, action, success):
    transfer = _transfer(request, code)
    try:
        action(transfer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("custody:transfer-detail", code=transfer.code)


@require_POST
@permission_required("transfers.approve_transfer", raise_exception=True)
@requires_password("custody:transfer-detail")
def transfer_decide(request, code):
    approve = request.POST.get("decision") == "approve"
    return _act(request, code, lambda t: service.decide_transfer(actor=request.user, transfer=t, approve=approve,
                                                                 note=request.POST.get("note", "")),
                _("Approved.") if approve else _("Rejected."))


@require_POST
@permission_required("transfers.view_transfer", raise_exception=True)
def transfer_send(request, code):
    return _act(request, code, lambda t: service.send_transfer(
        actor=request.user, transfer=t, client_event_id=request.POST.get("client_event_id") or None),
        _("Transfer sent to the receiving agency."))


@require_POST
@permission_required("transfers.view_transfer", raise_exception=True)
def transfer_cancel(request, code):
    return _act(request, code, lambda t: service.cancel_transfer(actor=request.user, transfer=t,
                                                                 reason=request.POST.get("note", "")),
                _("Transfer cancelled."))


@require_POST
@permission_required("transfers.receive_transfer", raise_exception=True)
def transfer_receive(request, code):
    def run(transfer):
        pending = {line.item.code: line.item for line in
                   transfer.lines.filter(status=TransferLine.Status.PENDING).select_related("item")}
        accept, refuse = [], {}
        for item_code, item in pending.items():
            choice = request.POST.get(f"line-{item_code}", "")
            if choice == "accept":
                accept.append(item)
            elif choice == "refuse":
                refuse[item.pk] = request.POST.get(f"reason-{item_code}", "")
        if not accept and not refuse:
            raise InvalidInput(_("Tick the items you receive, or refuse them with a reason."), code="empty")
        service.receive_transfer(actor=request.user, transfer=transfer, accept=accept, refuse=refuse,
                                 client_event_id=request.POST.get("client_event_id") or None)
    return _act(request, code, run, _("Receipt recorded: the legal custody has moved."))


@permission_required("transfers.view_transfer", raise_exception=True)
def transfer_pdf(request, code):
    transfer = _transfer(request, code)
    lines = list(transfer_selectors.transfer_lines(transfer))
    pdf = handover_pdf(transfer, lines, list(appraisal_selectors.case_appraisals(transfer.case)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handover-{transfer.code}.pdf"'
    return response


@permission_required("transfers.record_decision", raise_exception=True)
def case_decision(request):
    case = get_in_scope_or_404(request, cases_visible_to(request.user), case_number=request.GET.get("case", ""))
    form = CaseDecisionForm(**posted(request))
    if request.method == "POST":
        try:
            if request.POST.get("close") == "1":
                service.close_case(actor=request.user, case=case)
                messages.success(request, _("Case closed."))
                return redirect("warehouse:case-detail", case_number=case.case_number)
            if form.is_valid():
                service.record_decision(actor=request.user, case=case, **form.cleaned_data)
                messages.success(request, _("Decision recorded."))
                return redirect("warehouse:case-detail", case_number=case.case_number)
        except DomainError as error:
            messages.error(request, error.message)
    return render(request, "custody/transfers/decision.html", {"case": case, "form": form})
