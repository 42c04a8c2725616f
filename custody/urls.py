from django.urls import path

from .views import intake, labels, registration, scan, timeline

app_name = "custody"
urlpatterns = [
    path("scan/", scan.scan_station, name="scan"),
    path("scan/act/", scan.scan_act, name="scan-act"),
    path("scan/clear-location/", scan.scan_clear_location, name="scan-clear-location"),
    path("intake/", intake.intake, name="intake"),
    path("register/template.csv", registration.csv_template, name="csv-template"),
    path("register/<path:case_number>/csv/", registration.register_items_csv, name="register-items-csv"),
    path("register/<path:case_number>/", registration.register_items_view, name="register-items"),
    path("items/<str:code>/custody/", timeline.item_timeline, name="item-timeline"),
    path("labels/", labels.job_list, name="labels-jobs"),
    path("labels/calibration/", labels.calibration, name="labels-calibration"),
    path("labels/items/<str:code>/", labels.print_item, name="labels-item"),
    path("labels/selection/", labels.print_selection, name="labels-selection"),
    path("labels/batches/<int:first_seq>/", labels.print_batch, name="labels-batch"),
    path("labels/warehouses/<slug:code>/locations/", labels.print_locations, name="labels-locations"),
    path("labels/jobs/<uuid:token>/", labels.job_detail, name="labels-job"),
    path("labels/jobs/<uuid:token>/status/", labels.job_status, name="labels-job-status"),
    path("labels/jobs/<uuid:token>/labels.pdf", labels.job_download, name="labels-job-download"),
    path("labels/cases/<path:case_number>/", labels.print_case, name="labels-case"),
]

from .views import stocktake  # noqa: E402 (stocktake pages, appended)

urlpatterns += [
    path("stocktakes/", stocktake.stocktake_list, name="stocktake-list"),
    path("stocktakes/new/", stocktake.stocktake_start, name="stocktake-start"),
    path("stocktakes/due/", stocktake.stocktake_due, name="stocktake-due"),
    path("stocktakes/<str:code>/", stocktake.stocktake_detail, name="stocktake-detail"),
    path("stocktakes/<str:code>/count/", stocktake.stocktake_count, name="stocktake-count"),
    path("stocktakes/<str:code>/close-counting/", stocktake.stocktake_close_counting, name="stocktake-close-counting"),
    path("stocktakes/<str:code>/lines/<str:line_code>/resolve/", stocktake.stocktake_resolve,
         name="stocktake-resolve"),
    path("stocktakes/<str:code>/sign/", stocktake.stocktake_sign, name="stocktake-sign"),
    path("stocktakes/<str:code>/close/", stocktake.stocktake_close, name="stocktake-close"),
    path("stocktakes/<str:code>/report.pdf", stocktake.stocktake_report_pdf, name="stocktake-report-pdf"),
    path("stocktakes/<str:code>/report.csv", stocktake.stocktake_report_csv, name="stocktake-report-csv"),
]
