"""Samples (抽样取证), appraisal reports (鉴定) and their recognition by other agencies (互认)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope_or_404
from accounts.errors import DomainError
from accounts.forms import posted
from custody.appraisals import services as service
from custody.appraisals.forms import AppraisalForm, SampleForm
from custody.appraisals.models import Appraisal
from warehouse.access import items_visible_to


def _item(request, code):
    return get_in_scope_or_404(request, items_visible_to(request.user).select_related("case"), code=code)


@permission_required("appraisals.take_sample", raise_exception=True)
def take_sample(request, code):
    lot = _item(request, code)
    form = SampleForm(**posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            sample = service.take_sample(actor=request.user, lot=lot, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Sample %(code)s taken; print its label and hand it in for intake.")
                             % {"code": sample.code})
            return redirect("warehouse:item-detail", code=sample.code)
    return render(request, "custody/appraisals/sample.html", {"item": lot, "form": form})


@permission_required("appraisals.record_appraisal", raise_exception=True)
def record_appraisal(request, code):
    item = _item(request, code)
    form = AppraisalForm(**posted(request, files=True),
                         initial={"rights_holder": item.rights_holder_id})
    if request.method == "POST" and form.is_valid():
        try:
            appraisal = service.record_appraisal(actor=request.user, item=item, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Appraisal %(code)s recorded.") % {"code": appraisal.code})
            return redirect("warehouse:item-detail", code=item.code)
    return render(request, "custody/appraisals/form.html", {"item": item, "form": form})


@require_POST
@permission_required("appraisals.recognise_appraisal", raise_exception=True)
def recognise(request, code):
    appraisal = get_in_scope_or_404(
        request, Appraisal.objects.filter(item__in=items_visible_to(request.user).values("pk")).select_related("item"),
        code=code)
    try:
        service.recognise_appraisal(actor=request.user, appraisal=appraisal, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your agency recognises appraisal %(code)s.") % {"code": appraisal.code})
    return redirect("warehouse:item-detail", code=appraisal.item.code)
