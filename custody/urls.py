from django.urls import path

from .views import appraisals, intake, registration, releases, scan, timeline, transfers, work

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
    path("work/", work.my_work, name="work"),
    path("work/start/", work.landing, name="work-landing"),
    path("releases/", releases.release_list, name="release-list"),
    path("releases/new/", releases.release_create, name="release-create"),
    path("releases/<str:code>/", releases.release_detail, name="release-detail"),
    path("releases/<str:code>/decide/", releases.release_decide, name="release-decide"),
    path("releases/<str:code>/cancel/", releases.release_cancel, name="release-cancel"),
    path("releases/<str:code>/check-out/", releases.release_check_out, name="release-check-out"),
    path("releases/<str:code>/return/", releases.release_return, name="release-return"),
    path("releases/<str:code>/confirm/", releases.release_confirm, name="release-confirm"),
    path("releases/<str:code>/extend/", releases.release_extend, name="release-extend"),
    path("releases/<str:code>/extension/", releases.release_extension_decide, name="release-extension-decide"),
    path("releases/<str:code>/alerts/", releases.release_alerts_ack, name="release-alerts-ack"),
    path("releases/<str:code>/form.pdf", releases.release_pdf, name="release-pdf"),
    path("transfers/", transfers.transfer_list, name="transfer-list"),
    path("transfers/new/", transfers.transfer_create, name="transfer-create"),
    path("transfers/<str:code>/", transfers.transfer_detail, name="transfer-detail"),
    path("transfers/<str:code>/decide/", transfers.transfer_decide, name="transfer-decide"),
    path("transfers/<str:code>/send/", transfers.transfer_send, name="transfer-send"),
    path("transfers/<str:code>/cancel/", transfers.transfer_cancel, name="transfer-cancel"),
    path("transfers/<str:code>/receive/", transfers.transfer_receive, name="transfer-receive"),
    path("transfers/<str:code>/handover.pdf", transfers.transfer_pdf, name="transfer-pdf"),
    path("decisions/", transfers.case_decision, name="case-decision"),
    path("items/<str:code>/sample/", appraisals.take_sample, name="take-sample"),
    path("items/<str:code>/appraisal/", appraisals.record_appraisal, name="record-appraisal"),
    path("appraisals/<str:code>/recognise/", appraisals.recognise, name="recognise-appraisal"),
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
