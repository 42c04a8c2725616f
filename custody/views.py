"""An item's chain of custody."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.access import get_in_scope_or_404
from custody import selectors
from custody.documents import timeline_pdf
from warehouse.access import items_visible_to


@permission_required("custody.view_custodyevent", raise_exception=True)
def item_timeline(request, code):
    item = get_in_scope_or_404(request, items_visible_to(request.user).select_related("case"), code=code)
    return render(request, "custody/timeline.html", {"item": item, "events": selectors.item_timeline(item)})


@permission_required("custody.view_custodyevent", raise_exception=True)
def item_timeline_pdf(request, code):
    item = get_in_scope_or_404(request, items_visible_to(request.user).select_related(
        "case", "location", "legal_holder"), code=code)
    response = HttpResponse(timeline_pdf(item, selectors.item_timeline(item)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chain-of-custody-{item.code}.pdf"'
    return response
