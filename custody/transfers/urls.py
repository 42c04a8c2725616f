"""Pages of this feature; custody/urls.py mounts them in the "custody" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("transfers/", views.transfer_list, name="transfer-list"),
    path("transfers/new/", views.transfer_create, name="transfer-create"),
    path("transfers/<str:code>/", views.transfer_detail, name="transfer-detail"),
    path("transfers/<str:code>/decide/", views.transfer_decide, name="transfer-decide"),
    path("transfers/<str:code>/send/", views.transfer_send, name="transfer-send"),
    path("transfers/<str:code>/cancel/", views.transfer_cancel, name="transfer-cancel"),
    path("transfers/<str:code>/receive/", views.transfer_receive, name="transfer-receive"),
    path("transfers/<str:code>/handover.pdf", views.transfer_pdf, name="transfer-pdf"),
    path("decisions/", views.case_decision, name="case-decision"),
]
