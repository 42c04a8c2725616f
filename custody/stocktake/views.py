"""Stocktake pages: list and start, the phone count page, reconciliation, sign-off, report, due list."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope_or_404
from accounts.errors import DomainError
from accounts.forms import posted
from custody.scan import actions as scanning
from custody.stocktake import selectors, services
from custody.stocktake.documents import build_pdf, write_csv
from custody.stocktake.forms import PasswordForm, ResolveForm, StartStocktakeForm
from custody.stocktake.models import Stocktake, StocktakeLine, StocktakeSignoff
from custody.stocktake.services.sampling import sample_size
from warehouse.access import items_visible_to, warehouses_visible_to
from warehouse.models import Item, Location

VIEW = "stocktake.view_stocktake"


def _get(request, code) -> Stocktake:
    return get_in_scope_or_404(request, selectors.stocktakes_visible_to(request.user), code=code)


@permission_required(VIEW, raise_exception=True)
def stocktake_list(request):
    stocktakes = selectors.stocktakes_visible_to(request.user)[:200]
    return render(request, "custody/stocktake/list.html", {"stocktakes": stocktakes})


@permission_required("stocktake.start_stocktake", raise_exception=True)
def stocktake_start(request):
    warehouses = warehouses_visible_to(request.user).order_by("code")
    form = StartStocktakeForm(**posted(request), warehouses=warehouses,
                              initial={"purpose": request.GET.get("purpose"), "method": request.GET.get("method"),
                                       "warehouse": request.GET.get("warehouse")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stocktake = services.start_stocktake(
                actor=request.user, warehouse=data["warehouse"], locations=list(data["locations"]),
                method=data["method"], purpose=data["purpose"], risk_weighted=data["risk_weighted"],
                note=data["note"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Stocktake %(code)s started: %(count)s item(s) to count.")
                             % {"code": stocktake.code, "count": stocktake.sample_size})
            return redirect("custody:stocktake-detail", stocktake.code)
    return render(request, "custody/stocktake/start.html", {"form": form, "example": sample_size(5000)})


@permission_required(VIEW, raise_exception=True)
def stocktake_detail(request, code):
    stocktake = _get(request, code)
    counting = stocktake.status == Stocktake.Status.COUNTING
    user = request.user
    context = {
        "stocktake": stocktake, "size": sample_size(stocktake.population_size, confidence=stocktake.confidence,
                                                    margin=stocktake.margin),
        "can_count": counting and services.can_count(user, stocktake),
        "can_close_counting": counting and (services.can_count(user, stocktake)
                                            or user.has_perm("stocktake.resolve_stocktake")),
        "can_resolve": (stocktake.status == Stocktake.Status.RECONCILING
                        and user.has_perm("stocktake.resolve_stocktake")),
        "progress": selectors.progress(stocktake),
        "signoffs": selectors.signoffs(stocktake),
        "password_form": PasswordForm(),
    }
    if stocktake.method == Stocktake.Method.SAMPLE:
        context["visit"] = selectors.locations_to_visit(stocktake)
    if not counting:  # blind count: the expected set is shown only once counting is over
        lines = list(selectors.lines(stocktake))
        for line in lines:
            line.options = [(value, StocktakeLine.Resolution(value).label)
                            for value in services.allowed_resolutions(line)]
        counts = selectors.category_counts(stocktake)
        counter_ids = {row.pk for row in selectors.counters(stocktake)}
        signed = {s.user_id for s in context["signoffs"] if s.role == StocktakeSignoff.Role.COUNTER}
        context.update(
            discrepancies=[line for line in lines if line.is_discrepancy],
            others=[line for line in lines if not line.is_discrepancy],
            category_rows=[(value, label, counts.get(value, 0)) for value, label in StocktakeLine.Category.choices],
            can_sign=stocktake.status != Stocktake.Status.COUNTING and user.pk in counter_ids and user.pk not in signed,
            unsigned=[c for c in selectors.counters(stocktake) if c.pk not in signed],
        )
    return render(request, "custody/stocktake/detail.html", context)


def _session_key(stocktake) -> str:
    return f"stocktake_location:{stocktake.code}"


def _count_render(request, stocktake, *, message="", level="ok", status=200, scan=None):
    location_code = request.session.get(_session_key(stocktake))
    location = Location.objects.filter(code=location_code, warehouse=stocktake.warehouse).first() \
        if location_code else None
    template = "custody/stocktake/count_result.html" if request.htmx else "custody/stocktake/count.html"
    return render(request, template, {
        "stocktake": stocktake, "location": location, "message": message, "level": level, "scan": scan,
        "recent": selectors.recent_scans(stocktake, request.user),
        "client_scan_id": scanning.new_client_event_id(),
        "visit": selectors.locations_to_visit(stocktake) if stocktake.method == Stocktake.Method.SAMPLE else None,
    }, status=status)


@permission_required(VIEW, raise_exception=True)
def stocktake_count(request, code):
    """The phone count page: scan a location label, then every item label on it. Blind: nothing
    here says which items were expected."""
    stocktake = _get(request, code)
    if request.method != "POST":
        return _count_render(request, stocktake)
    location_code = request.session.get(_session_key(stocktake))
    location = Location.objects.filter(code=location_code, warehouse=stocktake.warehouse).first() \
        if location_code else None
    try:
        outcome = services.record_scan(
            actor=request.user, stocktake=stocktake, raw=request.POST.get("code", ""),
            client_scan_id=request.POST.get("client_scan_id"), location=location,
            ip_address=request.META.get("REMOTE_ADDR"))
    except DomainError as error:
        return _count_render(request, stocktake, message=error.message, level="bad", status=error.status)
    scan = outcome.scan
    if scan.kind == scan.Kind.LOCATION:
        request.session[_session_key(stocktake)] = scan.location.code
        message = _("Counting %(location)s: scan every item label on it.") % {"location": scan.location.full_name}
    elif not outcome.created:
        message = _("Already recorded: %(code)s.") % {"code": scan.code}
    else:
        message = _("Recorded: %(code)s.") % {"code": scan.code}
    return _count_render(request, stocktake, message=message, scan=scan)


def _redirect_back(stocktake):
    return redirect("custody:stocktake-detail", stocktake.code)


@require_POST
@permission_required(VIEW, raise_exception=True)
def stocktake_close_counting(request, code):
    stocktake = _get(request, code)
    try:
        lines = services.close_counting(actor=request.user, stocktake=stocktake)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        found = sum(1 for line in lines if line.is_discrepancy)
        messages.success(request, _("Counting closed: %(count)s discrepancy(ies) to resolve.") % {"count": found})
    return _redirect_back(stocktake)


@require_POST
@permission_required("stocktake.resolve_stocktake", raise_exception=True)
def stocktake_resolve(request, code, line_code):
    stocktake = _get(request, code)
    line = get_in_scope_or_404(request, StocktakeLine.objects.filter(stocktake=stocktake), code=line_code)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a resolution and give the reason."))
        return _redirect_back(stocktake)
    try:
        services.resolve_line(actor=request.user, line=line, resolution=form.cleaned_data["resolution"],
                              reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(code)s resolved.") % {"code": line.code})
    return _redirect_back(stocktake)


@require_POST
@permission_required(VIEW, raise_exception=True)
def stocktake_sign(request, code):
    stocktake = _get(request, code)
    form = PasswordForm(request.POST)
    try:
        services.sign_off_count(actor=request.user, stocktake=stocktake,
                                password=form.data.get("password", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your sign-off is recorded."))
    return _redirect_back(stocktake)


@require_POST
@permission_required("stocktake.resolve_stocktake", raise_exception=True)
def stocktake_close(request, code):
    stocktake = _get(request, code)
    form = PasswordForm(request.POST)
    try:
        services.close_stocktake(actor=request.user, stocktake=stocktake, password=form.data.get("password", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Stocktake %(code)s closed and recorded in the ledger.") % {"code": code})
    return _redirect_back(stocktake)


@permission_required(VIEW, raise_exception=True)
def stocktake_report_pdf(request, code):
    stocktake = _get(request, code)
    if stocktake.status == Stocktake.Status.COUNTING:
        messages.error(request, _("The report is available once counting is closed."))
        return _redirect_back(stocktake)
    response = HttpResponse(build_pdf(stocktake), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="stocktake-{stocktake.code}.pdf"'
    return response


@permission_required(VIEW, raise_exception=True)
def stocktake_report_csv(request, code):
    stocktake = _get(request, code)
    if stocktake.status == Stocktake.Status.COUNTING:
        messages.error(request, _("The report is available once counting is closed."))
        return _redirect_back(stocktake)
    response = HttpResponse(write_csv(stocktake), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stocktake-{stocktake.code}.csv"'
    return response


@permission_required(VIEW, raise_exception=True)
def stocktake_due(request):
    rows = services.due_audits(request.user)
    missing = (items_visible_to(request.user).filter(status=Item.Status.MISSING)
               .select_related("case").order_by("-pk")[:100])
    return render(request, "custody/stocktake/due.html", {"rows": rows, "missing": missing})
