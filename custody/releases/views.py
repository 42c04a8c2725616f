"""Release pages: request, approve or reject, scan out, return with a condition check, the PDF form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope_or_404, visible_agency_ids
from accounts.errors import Conflict, DomainError, InvalidInput
from accounts.forms import posted
from accounts.models import User
from accounts.reauth import requires_password
from custody import selectors
from custody.forms import DecisionForm
from custody.releases import selectors as release_selectors
from custody.releases import services as service
from custody.releases.documents import release_form_pdf
from custody.releases.forms import ExtensionForm, ReleaseRequestForm, ReturnForm, ScanOutForm
from custody.releases.models import ReleaseExtension, ReleaseRequest
from labels.codes import normalise_scan
from warehouse.access import cases_visible_to, items_visible_to
from warehouse.models import Item
from warehouse.pagination import paginate, querystring_without_page


@permission_required("releases.view_releaserequest", raise_exception=True)
def release_list(request):
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    page = paginate(request, release_selectors.release_list(request.user, status=status, overdue=overdue), 25)
    return render(request, "custody/releases/list.html", {
        "page": page, "status": status, "overdue": overdue, "statuses": ReleaseRequest.Status.choices,
        "querystring_without_page": querystring_without_page(request),
    })


@permission_required("releases.request_release", raise_exception=True)
def release_create(request):
    case = get_in_scope_or_404(request, cases_visible_to(request.user), case_number=request.GET.get("case", ""))
    items = items_visible_to(request.user).filter(case=case, status=Item.Status.IN_STORAGE,
                                                  legal_holder__in=visible_agency_ids(request.user)).order_by("pk")
    recipients = User.objects.filter(is_active=True).exclude(pk=request.user.pk).order_by("username")
    form = ReleaseRequestForm(**posted(request), items=items, recipients=recipients)
    if request.method == "POST" and form.is_valid():
        try:
            release = service.request_release(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Release request %(code)s submitted for approval.") % {"code": release.code})
            return redirect("custody:release-detail", code=release.code)
    return render(request, "custody/releases/form.html", {"case": case, "form": form, "items": items})


def _release(request, code):
    return get_in_scope_or_404(request, release_selectors.release_detail(request.user, code))


@permission_required("releases.view_releaserequest", raise_exception=True)
def release_detail(request, code):
    release = _release(request, code)
    return render(request, "custody/releases/detail.html", {
        "release": release, "lines": list(release_selectors.release_lines(release)),
        "decision_form": DecisionForm(), "scan_form": ScanOutForm(),
        "return_form": ReturnForm(locations=selectors.storable_locations(request.user)),
        "extension_form": ExtensionForm(),
        "pending_extension": release.extensions.filter(status=ReleaseExtension.Status.PENDING)
        .select_related("requested_by").first(),
        "alerts": release.alerts.select_related("item", "raised_by", "acknowledged_by"),
        "extensions": release.extensions.select_related("requested_by", "decided_by"),
    })


def _act(request, code, action, success):
    release = _release(request, code)
    try:
        action(release)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("custody:release-detail", code=release.code)


@require_POST
@permission_required("releases.approve_release", raise_exception=True)
@requires_password("custody:release-detail")
def release_decide(request, code):
    approve = request.POST.get("decision") == "approve"
    note = request.POST.get("note", "")
    return _act(request, code,
                lambda r: service.decide_release(actor=request.user, release=r, approve=approve, note=note),
                _("Approved.") if approve else _("Rejected."))


@require_POST
@permission_required("releases.view_releaserequest", raise_exception=True)
def release_cancel(request, code):
    return _act(request, code,
                lambda r: service.cancel_release(actor=request.user, release=r, reason=request.POST.get("note", "")),
                _("Request cancelled."))


def _scanned_item(request, code):
    return items_visible_to(request.user).filter(code=normalise_scan(code)).first()


@require_POST
@permission_required("releases.execute_release", raise_exception=True)
def release_check_out(request, code):
    def run(release):
        item = _scanned_item(request, request.POST.get("code", ""))
        if item is None:
            raise InvalidInput(_("No item with this code in your scope."), code="unknown_item")
        service.check_out(actor=request.user, release=release, items=[item],
                          client_event_id=request.POST.get("client_event_id") or None)
    return _act(request, code, run, _("Item checked out to the recipient."))


@require_POST
@permission_required("releases.execute_release", raise_exception=True)
def release_return(request, code):
    form = ReturnForm(request.POST, locations=selectors.storable_locations(request.user))

    def run(release):
        if not form.is_valid():
            raise InvalidInput(_("Check the return form."), code="invalid_form")
        item = _scanned_item(request, form.cleaned_data["code"])
        if item is None:
            raise InvalidInput(_("No item with this code in your scope."), code="unknown_item")
        service.return_item(actor=request.user, item=item, condition=form.cleaned_data["condition"],
                            note=form.cleaned_data["note"], location=form.cleaned_data["location"])
    return _act(request, code, run, _("Item returned and checked."))


@require_POST
@permission_required("releases.view_releaserequest", raise_exception=True)
def release_confirm(request, code):
    printout = request.POST.get("printout") == "1"
    return _act(request, code,
                lambda r: service.confirm_recipient(actor=request.user, release=r, signed_printout=printout),
                _("Receipt confirmed."))


@require_POST
@permission_required("releases.request_release", raise_exception=True)
def release_extend(request, code):
    form = ExtensionForm(request.POST)

    def run(release):
        if not form.is_valid():
            raise InvalidInput(_("Enter the new due date and the reason."), code="invalid_form")
        service.request_extension(actor=request.user, release=release, **form.cleaned_data)
    return _act(request, code, run, _("Extension requested."))


@require_POST
@permission_required("releases.approve_release", raise_exception=True)
@requires_password("custody:release-detail")
def release_extension_decide(request, code):
    approve = request.POST.get("decision") == "approve"

    def run(release):
        extension = release.extensions.filter(status=ReleaseExtension.Status.PENDING).first()
        if extension is None:
            raise Conflict(_("This extension was already decided."), code="already_decided")
        service.decide_extension(actor=request.user, extension=extension, approve=approve,
                                 note=request.POST.get("note", ""))
    return _act(request, code, run, _("Extension approved.") if approve else _("Extension rejected."))


@require_POST
@permission_required("releases.approve_release", raise_exception=True)
def release_alerts_ack(request, code):
    def run(release):
        for alert in release.alerts.filter(acknowledged_at__isnull=True):
            service.acknowledge_alert(actor=request.user, alert=alert)
    return _act(request, code, run, _("Alerts acknowledged."))


@permission_required("releases.view_releaserequest", raise_exception=True)
def release_pdf(request, code):
    release = _release(request, code)
    response = HttpResponse(release_form_pdf(release, list(release_selectors.release_lines(release))),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="release-{release.code}.pdf"'
    return response
