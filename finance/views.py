"""Finance pages. Thin: parse a form, call one service or build one report, show the result."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import get_in_scope_or_404, scope, visible_agency_ids
from accounts.errors import DomainError, InvalidInput
from accounts.models import Agency
from custody.appraisals.models import Appraisal
from destruction import checkpoint

from . import exports, selectors, services
from .forms import AmendmentForm, BudgetForm, CostLineForm, RateForm, ReportFilterForm
from .models import Budget
from .reports import build_report
from .selectors import agency_lookup

REPORT_PERMISSION = "finance.view_finance_reports"


def _report(request):
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        raise InvalidInput("; ".join(m for ms in form.errors.values() for m in ms))
    code = form.cleaned_data["agency"]
    if code:
        root = get_in_scope_or_404(request, scope(Agency.objects.all(), request.user, "pk"), **agency_lookup(code))
    elif request.user.agency_id:
        root = request.user.agency
    else:
        raise Http404
    return form, build_report(root=root, filters=form.filters())


@permission_required(REPORT_PERMISSION, raise_exception=True)
def report(request):
    try:
        form, result = _report(request)
    except InvalidInput as error:
        messages.error(request, error.message)
        return redirect("finance:report")
    query = result.filters.query(result.root.code)
    return render(request, "finance/report.html", {
        "form": form, "report": result, "tables": exports.tables(result), "charts": exports.charts(result),
        "outlook": exports.forecast_text(result), "query": query,
        "parent": result.root.parent if result.root.parent_id in visible_agency_ids(request.user) else None,
    })


def _file(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(result, extension: str) -> str:
    period = result.filters.period
    whole_year = (period.month_from, period.month_to) == (1, 12)
    months = "" if whole_year else f"-{period.month_from:02d}-{period.month_to:02d}"
    return f"budget-report-{result.root.code}-{period.year}{months}.{extension}"


@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_csv(request):
    try:
        _form, result = _report(request)
    except InvalidInput as error:
        messages.error(request, error.message)
        return redirect("finance:report")
    return _file(exports.csv_bytes(result), "text/csv; charset=utf-8", _filename(result, "csv"))


@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_pdf(request):
    try:
        _form, result = _report(request)
    except InvalidInput as error:
        messages.error(request, error.message)
        return redirect("finance:report")
    return _file(exports.pdf_bytes(result, checkpoint=_checkpoint()), "application/pdf", _filename(result, "pdf"))


def _checkpoint():
    return checkpoint.for_pdf()


def _year(request) -> int:
    form = ReportFilterForm({"year": request.GET.get("year")} if request.GET.get("year") else None)
    return form.cleaned_data["year"] if form.is_valid() else ReportFilterForm().fields["year"].choices[1][0]


@permission_required("finance.view_budget", raise_exception=True)
def budget_list(request):
    year = _year(request)
    form = BudgetForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not request.user.has_perm("finance.add_budget"):
            raise_forbidden()
        if form.is_valid():
            data = form.cleaned_data
            try:
                budget = services.create_budget(actor=request.user, agency=data["agency"],
                                                fiscal_year=data["fiscal_year"], category=data["category"],
                                                amount=data["amount"], document_number=data["document_number"],
                                                note=data["note"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Budget of %(amount)s yuan recorded.") % {"amount": budget.amount})
                return redirect(f"{request.path}?year={budget.fiscal_year}")
    return render(request, "finance/budgets.html", {
        "year": year, "budgets": selectors.budgets(request.user, year), "form": form,
        "amend_form": AmendmentForm(), "agencies": selectors.nearby_agencies(request.user),
    })


def raise_forbidden():
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


@permission_required("finance.amend_budget", raise_exception=True)
def budget_amend(request, agency, year, category):
    if request.method != "POST":
        return redirect("finance:budget-list")
    lookup = {f"agency__{key}": value for key, value in agency_lookup(agency).items()}
    budget = get_in_scope_or_404(request, scope(Budget.objects.all(), request.user, "agency"),
                                 fiscal_year=year, category=category, **lookup)
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(m for ms in form.errors.values() for m in ms))
    else:
        data = form.cleaned_data
        try:
            amendment = services.amend_budget(actor=request.user, budget=budget, delta=data["delta"],
                                              reason=data["reason"], document_number=data["document_number"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Budget amended by %(delta)s yuan; it is now %(amount)s yuan.")
                             % {"delta": f"{amendment.delta:+,.2f}", "amount": f"{amendment.amount_after:,.2f}"})
    return redirect(f"{redirect('finance:budget-list').url}?year={year}")


@permission_required("finance.view_costline", raise_exception=True)
def cost_list(request):
    year = _year(request)
    form = CostLineForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not request.user.has_perm("finance.add_costline"):
            raise_forbidden()
        if form.is_valid():
            data = form.cleaned_data
            appraisal = None
            if data["appraisal"]:
                appraisal = Appraisal.objects.filter(code=data["appraisal"].strip()).first()
                if appraisal is None:
                    form.add_error("appraisal", _("No appraisal with this number."))
            if not form.errors:
                try:
                    line = services.add_cost_line(actor=request.user, entry=services.CostInput(
                        agency=data["agency"], category=data["category"], amount=data["amount"],
                        incurred_on=data["incurred_on"], payer=data["payer"], invoice_number=data["invoice_number"],
                        description=data["description"], appraisal=appraisal))
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("Cost line of %(amount)s yuan added.") % {"amount": line.amount})
                    return redirect(f"{request.path}?year={line.incurred_on.year}")
    return render(request, "finance/costs.html", {
        "year": year, "lines": selectors.cost_lines(request.user, year)[:300], "form": form,
        "agencies": selectors.nearby_agencies(request.user),
    })


@permission_required("finance.view_rateoverride", raise_exception=True)
def rate_list(request):
    form = RateForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not request.user.has_perm("finance.change_rateoverride"):
            raise_forbidden()
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_rate_override(actor=request.user, agency=data["agency"], waste_stream=data["waste_stream"],
                                           per_kg=data["per_kg"], per_item=data["per_item"], reason=data["reason"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Cost rate saved."))
                return redirect("finance:rate-list")
    return render(request, "finance/rates.html", {
        "rates": selectors.rate_overrides(request.user), "form": form,
        "agencies": selectors.nearby_agencies(request.user),
    })
