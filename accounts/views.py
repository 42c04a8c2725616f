from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext_lazy as _

from .access import log_denial
from .models import SecurityEvent


@login_not_required
def healthz(request):
    """For the load balancer and `make serve-prod`: the process answers and the database too."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    # The work page (custody) decides: what waits for the user, else their usual start page.
    return redirect("custody:work-landing")


@login_not_required
def error_403(request, exception=None):
    # Every refusal by role (permission_required, PermissionDenied) is a security event too.
    if not getattr(request, "_denial_logged", False):
        log_denial(request, SecurityEvent.Kind.FORBIDDEN, f"403 {exception or ''}".strip())
    message = _("You are not allowed to see this page.")
    return render(request, "error.html", {"status": 403, "message": message}, status=403)


@login_not_required
def error_404(request, exception=None):
    message = _("This page does not exist or is not within your agency's scope.")
    return render(request, "error.html", {"status": 404, "message": message}, status=404)


@login_not_required
def error_500(request):
    # A plain template with no context processors: the database may be the reason we are here.
    return HttpResponseServerError(loader.get_template("500.html").render())
