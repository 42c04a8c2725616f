"""The custodian's intake queue: receive registered items and put them away."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.errors import DomainError
from accounts.forms import posted

from .. import selectors
from ..forms import StoreForm
from ..services import store_at


@permission_required("custody.receive_item", raise_exception=True)
def intake(request):
    queue = selectors.awaiting_intake(request.user)
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
