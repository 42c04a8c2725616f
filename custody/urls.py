from django.urls import path

from .views import intake, registration, scan, timeline

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
]
