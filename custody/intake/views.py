"""Registering seized items (rows typed on the page, or a CSV file) and the intake page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import get_in_scope_or_404
from accounts.errors import DomainError
from accounts.forms import posted
from custody import selectors
from custody.intake import csv_import
from custody.intake import selectors as intake_selectors
from custody.intake.forms import CsvUploadForm, ItemRowFormSet, StoreForm
from custody.intake.services import RowErrors, register_items
from custody.services import store_at
from warehouse.access import cases_visible_to


@permission_required("custody.register_item", raise_exception=True)
def register_items_view(request, case_number):
    case = get_in_scope_or_404(request, cases_visible_to(request.user), case_number=case_number)
    formset = ItemRowFormSet(**posted(request), prefix="items")
    if request.method == "POST" and formset.is_valid():
        rows = [form.to_input() for form in formset if form.has_changed()]
        try:
            items = register_items(actor=request.user, case=case, items=rows)
        except RowErrors as error:
            for number, fields in error.errors.items():
                for field, field_messages in fields.items():
                    formset.forms[number - 1].add_error(field if field in formset.forms[0].fields else None,
                                                        field_messages)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return _registered(request, case, items)
    return render(request, "custody/register_items.html", {
        "case": case, "formset": formset, "csv_form": CsvUploadForm(), "columns": csv_import.COLUMNS,
    })


@permission_required("custody.register_item", raise_exception=True)
def register_items_csv(request, case_number):
    case = get_in_scope_or_404(request, cases_visible_to(request.user), case_number=case_number)
    form = CsvUploadForm(**posted(request, files=True))
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = csv_import.parse(form.cleaned_data["file"].read())
            items = register_items(actor=request.user, case=case, items=rows)
        except csv_import.CsvImportError as error:
            errors = error.errors
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return _registered(request, case, items)
    status = 400 if errors else 200
    return render(request, "custody/register_items.html", {
        "case": case, "formset": ItemRowFormSet(prefix="items"), "csv_form": form,
        "csv_errors": errors, "columns": csv_import.COLUMNS,
    }, status=status)


@permission_required("custody.register_item", raise_exception=True)
def csv_template(request):
    response = HttpResponse(csv_import.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="item-register-template.csv"'
    return response


def _registered(request, case, items):
    messages.success(request, _("%(count)s item(s) registered for case %(case)s; they wait for intake.")
                     % {"count": len(items), "case": case.case_number})
    return redirect("warehouse:case-detail", case_number=case.case_number)


@permission_required("custody.receive_item", raise_exception=True)
def intake(request):
    queue = intake_selectors.awaiting_intake(request.user)
    form = StoreForm(**posted(request), locations=selectors.storable_locations(request.user), items=queue)
    if request.method == "POST" and form.is_valid():
        try:
            events = store_at(actor=request.user, items=list(form.cleaned_data["items"]),
                              location=form.cleaned_data["location"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s item(s) stored on %(location)s (%(events)s ledger events).")
                             % {"count": len(form.cleaned_data["items"]),
                                "location": form.cleaned_data["location"].full_name, "events": len(events)})
            return redirect("custody:intake")
    return render(request, "custody/intake.html", {"form": form, "queue": queue[:500]})
