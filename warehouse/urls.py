from django.urls import path

from . import views

app_name = "warehouse"
urlpatterns = [
    path("items/", views.item_list, name="item-list"),
    path("items/<str:code>/", views.item_detail, name="item-detail"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/<path:case_number>/documents/", views.legal_document_add, name="document-add"),
    # Case numbers may contain '/', so the longer patterns come first.
    path("cases/<path:case_number>/items/<str:code>/attachments/", views.attachment_upload,
         name="item-attachment-upload"),
    path("cases/<path:case_number>/attachments/", views.attachment_upload, name="case-attachment-upload"),
    path("cases/<path:case_number>/", views.case_detail, name="case-detail"),
    path("files/<str:sha256>/", views.attachment_download, name="attachment"),
    path("warehouses/", views.warehouse_list, name="warehouse-list"),
    path("warehouses/<slug:code>/", views.warehouse_detail, name="warehouse-detail"),
    path("locations/<str:code>/", views.location_detail, name="location-detail"),
]
