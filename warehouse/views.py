"""Pages that show the nouns. Thin: parse, call one selector or service, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope_or_404, visible_agency_ids
from accounts.errors import DomainError
from accounts.forms import posted
from accounts.models import Agency

from . import selectors
from .access import cases_visible_to, item_agency_ids
from .forms import AttachmentForm, CaseFilterForm, CaseForm, ItemFilterForm, LegalDocumentForm
from .models import Attachment
from .pagination import paginate, querystring_without_page
from .services import add_legal_document, create_case, get_or_create_rights_holder
from .uploads import attach_file


@permission_required("warehouse.view_item", raise_exception=True)
def item_list(request):
    agencies = Agency.objects.filter(pk__in=item_agency_ids(request.user)).order_by("path")
    form = ItemFilterForm(request.GET or None, agencies=agencies)
    page = paginate(request, selectors.item_list(request.user, **form.filters()), 25)
    return render(request, "warehouse/item_list.html", {
        "form": form, "page": page, "querystring_without_page": querystring_without_page(request),
    })


@permission_required("warehouse.view_item", raise_exception=True)
def item_detail(request, code):
    item = get_in_scope_or_404(request, selectors.item_detail(request.user, code))
    return render(request, "warehouse/item_detail.html", {
        "item": item, "changes": selectors.item_field_changes(item),
        "photos": [a for a in item.attachments.all() if a.kind == Attachment.Kind.PHOTO],
        "documents": [a for a in item.attachments.all() if a.kind == Attachment.Kind.DOCUMENT],
        "samples": item.samples.all(), "upload_form": AttachmentForm(),
    })


@permission_required("warehouse.view_case", raise_exception=True)
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.case_list(request.user, **filters), 25)
    return render(request, "warehouse/case_list.html", {
        "form": form, "page": page, "querystring_without_page": querystring_without_page(request),
    })


@permission_required("warehouse.view_case", raise_exception=True)
def case_detail(request, case_number):
    case = get_in_scope_or_404(request, selectors.case_detail(request.user, case_number))
    items = selectors.case_items(request.user, case)
    return render(request, "warehouse/case_detail.html", {
        "case": case, "items": items, "status_counts": items.order_by().values("status").annotate(n=Count("pk")),
        # Two forms on one page: each gets its own id prefix, so no two fields share an id.
        "document_form": LegalDocumentForm(auto_id="document-%s"), "upload_form": AttachmentForm(auto_id="upload-%s"),
    })


@permission_required("warehouse.add_case", raise_exception=True)
def case_create(request):
    agencies = Agency.objects.filter(pk__in=visible_agency_ids(request.user)).order_by("path")
    form = CaseForm(**posted(request), agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        holders = [get_or_create_rights_holder(name=name) for name in form.rights_holder_names()]
        data.pop("rights_holders")
        try:
            case = create_case(actor=request.user, rights_holders=holders, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Case %(number)s registered. Now register its seized items.")
                             % {"number": case.case_number})
            return redirect("custody:register-items", case_number=case.case_number)
    return render(request, "warehouse/case_form.html", {"form": form})


@require_POST
@permission_required("warehouse.change_case", raise_exception=True)
def legal_document_add(request, case_number):
    case = get_in_scope_or_404(request, cases_visible_to(request.user), case_number=case_number)
    form = LegalDocumentForm(request.POST)
    if form.is_valid():
        try:
            add_legal_document(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, _("Legal document recorded."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("The document was not recorded: %(errors)s")
                       % {"errors": "; ".join(m for ms in form.errors.values() for m in ms)})
    return redirect("warehouse:case-detail", case_number=case.case_number)


@require_POST
@permission_required("warehouse.add_attachment", raise_exception=True)
def attachment_upload(request, case_number, code=None):
    case = get_in_scope_or_404(request, cases_visible_to(request.user), case_number=case_number)
    item = get_in_scope_or_404(request, selectors.item_detail(request.user, code)) if code else None
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attach_file(actor=request.user, upload=form.cleaned_data["file"], case=case, item=item,
                        kind=form.cleaned_data["kind"], caption=form.cleaned_data["caption"])
            messages.success(request, _("File uploaded."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose a file to upload."))
    if item:
        return redirect("warehouse:item-detail", code=item.code)
    return redirect("warehouse:case-detail", case_number=case.case_number)


@permission_required("warehouse.view_case", raise_exception=True)
def attachment_download(request, sha256):
    visible_cases = cases_visible_to(request.user).values("pk")
    attachment = get_in_scope_or_404(request, Attachment.objects.filter(case__in=visible_cases), sha256=sha256)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                            filename=attachment.original_name,
                            as_attachment=attachment.kind == Attachment.Kind.DOCUMENT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@permission_required("warehouse.view_warehouse", raise_exception=True)
def warehouse_list(request):
    return render(request, "warehouse/warehouse_list.html", {"warehouses": selectors.warehouse_list(request.user)})


@permission_required("warehouse.view_warehouse", raise_exception=True)
def warehouse_detail(request, code):
    warehouse = get_in_scope_or_404(request, selectors.warehouse_list(request.user), code=code)
    return render(request, "warehouse/warehouse_detail.html", {
        "warehouse": warehouse, "locations": selectors.location_tree(request.user, code),
    })


@permission_required("warehouse.view_location", raise_exception=True)
def location_detail(request, code):
    location = get_in_scope_or_404(request, selectors.location_detail(request.user, code))
    return render(request, "warehouse/location_detail.html", {
        "location": location, "items": selectors.location_items(request.user, location),
    })
