"""Printing labels: one item, a case, a registration batch, a selection, a warehouse's locations.

Every page shows the same print dialog (label stock, first free position, the agency's printer
calibration). Small jobs answer with the PDF; big ones run in the background and the job page
shows their progress.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope_or_404, log_denial
from accounts.errors import DomainError, InvalidInput, NotAllowed
from accounts.forms import posted
from accounts.models import SecurityEvent
from custody.intake import selectors as intake_selectors
from custody.intake.models import RegistrationBatch
from custody.printing import selectors as printing_selectors
from custody.printing import services as label_service
from custody.printing.forms import CalibrationForm, PrintForm
from custody.printing.models import LabelCalibration, PrintJob
from labels.layouts import LAYOUTS
from warehouse.access import cases_visible_to, items_visible_to, locations_operated_by, warehouses_visible_to

MAX_SELECTION = 10_000


def _calibrations(user) -> dict:
    rows = {row.layout: row for row in LabelCalibration.objects.filter(agency_id=user.agency_id)}
    return [{"name": name, "title": layout.title, "slots": layout.slots, "row": rows.get(name)}
            for name, layout in LAYOUTS.items()]


def _dialog(request, *, kind, title, object_ids, back_url, extra=None, hidden=None):
    """Show the print dialog; on "print", check the choices and print (or start the job)."""
    printing = request.method == "POST" and "print" in request.POST
    form = PrintForm(request.POST if printing else None)
    status = 200
    if printing:
        if form.is_valid():
            try:
                job = label_service.create_print_job(
                    actor=request.user, kind=kind, title=title, object_ids=object_ids,
                    layout=form.cleaned_data["layout"], start=form.cleaned_data["start"])
                if job.label_count <= label_service.background_threshold():
                    return _pdf_response(label_service.print_now(job), job)
                label_service.start_in_background(job)
                return redirect("custody:labels-job", token=job.token)
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status
        else:
            status = 400
    context = {"form": form, "title": title, "count": len(object_ids), "back_url": back_url,
               "calibrations": _calibrations(request.user), "hidden": hidden or {},
               "threshold": label_service.background_threshold(), "kind": kind}
    context.update(extra or {})
    return render(request, "custody/labels/print.html", context, status=status)


def _pdf_response(pdf: bytes, job: PrintJob) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="labels-{job.token}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("custody.print_labels", raise_exception=True)
def print_item(request, code):
    item = get_in_scope_or_404(request, items_visible_to(request.user), code=code)
    return _dialog(request, kind=PrintJob.Kind.ITEMS, title=_("Label of item %(code)s") % {"code": item.code},
                   object_ids=[item.pk], back_url=reverse("warehouse:item-detail", args=[item.code]),
                   extra={"labels": printing_selectors.current_labels(item)[:10], "item": item})


@permission_required("custody.print_labels", raise_exception=True)
def print_case(request, case_number):
    case = get_in_scope_or_404(request, cases_visible_to(request.user), case_number=case_number)
    return _dialog(request, kind=PrintJob.Kind.ITEMS,
                   title=_("All labels of case %(case)s") % {"case": case.case_number},
                   object_ids=printing_selectors.case_label_item_ids(request.user, case),
                   back_url=reverse("warehouse:case-detail", args=[case.case_number]),
                   extra={"batches": intake_selectors.registration_batches(case), "case": case})


@permission_required("custody.print_labels", raise_exception=True)
def print_batch(request, first_seq):
    visible_cases = cases_visible_to(request.user).values("pk")
    batch = get_in_scope_or_404(request, RegistrationBatch.objects.filter(case__in=visible_cases)
                                .select_related("case"), first_seq=first_seq)
    return _dialog(request, kind=PrintJob.Kind.ITEMS,
                   title=_("Labels of the items registered together (batch %(batch)s, case %(case)s)")
                   % {"batch": batch.first_seq, "case": batch.case.case_number},
                   object_ids=printing_selectors.batch_item_ids(request.user, batch),
                   back_url=reverse("warehouse:case-detail", args=[batch.case.case_number]))


@require_POST
@permission_required("custody.print_labels", raise_exception=True)
def print_selection(request):
    """Items ticked on the item list (codes posted); every one must be in the user's scope."""
    codes = list(dict.fromkeys(code.strip() for code in request.POST.getlist("codes") if code.strip()))
    if not codes:
        raise InvalidInput(_("Tick at least one item to print its label."), code="no_labels")
    if len(codes) > MAX_SELECTION:
        raise InvalidInput(_("Select at most %(max)s items at once; print a whole case for more.")
                           % {"max": MAX_SELECTION}, code="too_many_labels")
    found = dict(items_visible_to(request.user).filter(code__in=codes).values_list("code", "pk"))
    missing = [code for code in codes if code not in found]
    if missing:
        log_denial(request, SecurityEvent.Kind.OUT_OF_SCOPE, f"print selection {missing[:5]}")
        raise Http404
    return _dialog(request, kind=PrintJob.Kind.ITEMS,
                   title=_("Labels of %(count)s selected items") % {"count": len(codes)},
                   object_ids=sorted(found[code] for code in codes), back_url=reverse("warehouse:item-list"),
                   hidden={"codes": codes})


@permission_required("custody.print_labels", raise_exception=True)
def print_locations(request, code):
    warehouse = get_in_scope_or_404(request, warehouses_visible_to(request.user), code=code)
    locations = list(locations_operated_by(request.user).filter(warehouse=warehouse).order_by("full_name"))
    if not locations:
        # Seen, but not operated by the user's agency: its location labels are not theirs to print.
        log_denial(request, SecurityEvent.Kind.OUT_OF_SCOPE, f"location labels of {warehouse.code}")
        raise Http404
    by_code = {location.code: location for location in locations}
    if request.method == "POST":
        chosen = request.POST.getlist("locations")
        if any(value not in by_code for value in chosen):
            log_denial(request, SecurityEvent.Kind.OUT_OF_SCOPE, f"location labels {chosen[:5]}")
            raise Http404
        selected = [location for location in locations if location.code in set(chosen)]
    else:
        selected = locations
    return _dialog(request, kind=PrintJob.Kind.LOCATIONS,
                   title=_("Location labels of %(warehouse)s") % {"warehouse": warehouse.name},
                   object_ids=[location.pk for location in selected],
                   back_url=reverse("warehouse:warehouse-detail", args=[warehouse.code]),
                   extra={"locations": locations, "selected": {location.code for location in selected},
                          "warehouse": warehouse})


@permission_required("custody.print_labels", raise_exception=True)
def job_list(request):
    return render(request, "custody/labels/jobs.html", {"jobs": printing_selectors.print_jobs(request.user)})


def _job(request, token):
    job = get_in_scope_or_404(request, printing_selectors.job_in_scope(request.user), token=token)
    job.stalled = label_service.is_stalled(job)
    return job


@permission_required("custody.print_labels", raise_exception=True)
def job_detail(request, token):
    return render(request, "custody/labels/job.html", {"job": _job(request, token)})


@permission_required("custody.print_labels", raise_exception=True)
def job_status(request, token):
    """The part of the job page that htmx polls while the job runs."""
    return render(request, "custody/labels/job_status.html", {"job": _job(request, token)})


@permission_required("custody.print_labels", raise_exception=True)
def job_download(request, token):
    job = _job(request, token)
    path = label_service.job_path(job) if job.file_name else None
    if job.status != PrintJob.Status.DONE or path is None or not path.is_file():
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="application/pdf", filename=f"labels-{job.token}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("custody.print_labels", raise_exception=True)
def calibration(request):
    form = CalibrationForm(**posted(request))
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("printing.change_labelcalibration"):
            raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")
        if form.is_valid():
            try:
                label_service.set_calibration(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Printer calibration saved."))
                return redirect("custody:labels-calibration")
        else:
            status = 400
    return render(request, "custody/labels/calibration.html",
                  {"form": form, "calibrations": _calibrations(request.user)}, status=status)
