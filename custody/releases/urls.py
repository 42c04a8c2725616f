"""Pages of this feature; custody/urls.py mounts them in the "custody" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("releases/", views.release_list, name="release-list"),
    path("releases/new/", views.release_create, name="release-create"),
    path("releases/<str:code>/", views.release_detail, name="release-detail"),
    path("releases/<str:code>/decide/", views.release_decide, name="release-decide"),
    path("releases/<str:code>/cancel/", views.release_cancel, name="release-cancel"),
    path("releases/<str:code>/check-out/", views.release_check_out, name="release-check-out"),
    path("releases/<str:code>/return/", views.release_return, name="release-return"),
    path("releases/<str:code>/confirm/", views.release_confirm, name="release-confirm"),
    path("releases/<str:code>/extend/", views.release_extend, name="release-extend"),
    path("releases/<str:code>/extension/", views.release_extension_decide, name="release-extension-decide"),
    path("releases/<str:code>/alerts/", views.release_alerts_ack, name="release-alerts-ack"),
    path("releases/<str:code>/form.pdf", views.release_pdf, name="release-pdf"),
]
