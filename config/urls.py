from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz/", account_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    # The language can be switched on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("warehouse.urls")),
    path("", include("custody.urls")),
    path("", include("destruction.urls")),
    path("", include("finance.urls")),
    path("api/", include(("api.urls", "api"), namespace="api")),
    path("", include("api.ui_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "accounts.views.error_403"
handler404 = "accounts.views.error_404"
handler500 = "accounts.views.error_500"
