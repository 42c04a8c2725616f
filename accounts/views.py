from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext_lazy as _


def home(request):
    # The work page (custody) decides: what waits for the user, else their usual start page.
    return redirect("custody:work-landing")


@login_not_required
def error_403(request, exception=None):
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
