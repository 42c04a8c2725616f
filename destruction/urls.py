from django.urls import path

from . import views

app_name = "destruction"
urlpatterns = [
    path("destruction/", views.batch_list, name="batch-list"),
    path("destruction/new/", views.batch_propose, name="batch-propose"),
    path("destruction/contractors/", views.contractor_list, name="contractor-list"),
    path("destruction/<str:code>/", views.batch_detail, name="batch-detail"),
    path("destruction/<str:code>/approve/", views.batch_approve, name="batch-approve"),
    path("destruction/<str:code>/reject/", views.batch_reject, name="batch-reject"),
    path("destruction/<str:code>/cancel/", views.batch_cancel, name="batch-cancel"),
    path("destruction/<str:code>/remove-item/", views.batch_remove_item, name="batch-remove-item"),
    path("destruction/<str:code>/hand-over/", views.batch_hand_over, name="batch-hand-over"),
    path("destruction/<str:code>/weigh-in/", views.batch_weigh_in, name="batch-weigh-in"),
    path("destruction/<str:code>/confirm/", views.batch_confirm, name="batch-confirm"),
    path("destruction/<str:code>/costs/", views.batch_add_cost, name="batch-add-cost"),
    path("destruction/<str:code>/record.pdf", views.batch_record_pdf, name="batch-record-pdf"),
    path("destruction/<str:code>/certificate.pdf", views.batch_certificate_pdf, name="batch-certificate-pdf"),
    path("disclosure/destructions/", views.public_disclosure, name="public-disclosure"),
]
