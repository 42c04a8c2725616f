"""Pages of this feature; custody/urls.py mounts them in the "custody" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("labels/", views.job_list, name="labels-jobs"),
    path("labels/calibration/", views.calibration, name="labels-calibration"),
    path("labels/items/<str:code>/", views.print_item, name="labels-item"),
    path("labels/selection/", views.print_selection, name="labels-selection"),
    path("labels/batches/<int:first_seq>/", views.print_batch, name="labels-batch"),
    path("labels/warehouses/<slug:code>/locations/", views.print_locations, name="labels-locations"),
    path("labels/jobs/<uuid:token>/", views.job_detail, name="labels-job"),
    path("labels/jobs/<uuid:token>/status/", views.job_status, name="labels-job-status"),
    path("labels/jobs/<uuid:token>/labels.pdf", views.job_download, name="labels-job-download"),
    path("labels/cases/<path:case_number>/", views.print_case, name="labels-case"),
]
