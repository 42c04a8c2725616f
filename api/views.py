"""Pages: the user's API tokens, and the case bundles received from other deployments."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_in_scope_or_404, scope
from accounts.errors import DomainError

from . import services
from .bundles import import_bundle
from .forms import BundleUploadForm, TokenForm
from .models import ApiToken, ImportedBundle


@permission_required("api.use_api", raise_exception=True)
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_token(actor=request.user, name=form.cleaned_data["name"],
                                                  expires_on=form.cleaned_data["expires_on"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Token “%(name)s” created. Copy it now: it is not shown again.")
                             % {"name": token.name})
            form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "secret": secret,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk"),
    })


@require_POST
@permission_required("api.use_api", raise_exception=True)
def revoke(request, prefix):
    token = ApiToken.objects.filter(user=request.user, prefix=prefix).first()
    if token is None:
        messages.error(request, _("No such token."))
        return redirect("apiui:tokens")
    try:
        services.revoke_token(actor=request.user, token=token)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("apiui:tokens")


@permission_required("api.view_importedbundle", raise_exception=True)
def bundles(request):
    form = BundleUploadForm()
    if request.method == "POST":
        form = BundleUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                imported = import_bundle(actor=request.user, raw=form.cleaned_data["file"].read())
            except DomainError as error:
                messages.error(request, error.message)
            except UnicodeDecodeError:
                messages.error(request, _("The file is not UTF-8 text."))
            else:
                messages.success(request, _("Bundle of case %(case)s verified and imported.")
                                 % {"case": imported.case_number})
                return redirect("apiui:bundle-detail", sha256=imported.sha256)
    rows = scope(ImportedBundle.objects.select_related("peer", "imported_by"), request.user, "agency")
    return render(request, "api/bundles.html", {"form": form, "bundles": rows.order_by("-imported_at")[:200],
                                                "can_import": request.user.has_perm("api.import_bundle")})


@permission_required("api.view_importedbundle", raise_exception=True)
def bundle_detail(request, sha256):
    rows = scope(ImportedBundle.objects.select_related("peer", "imported_by", "agency"), request.user, "agency")
    imported = get_in_scope_or_404(request, rows, sha256=sha256)
    content = json.loads(imported.raw)["bundle"]
    return render(request, "api/bundle_detail.html", {"imported": imported, "content": content})
