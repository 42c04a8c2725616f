"""Pages of this feature; custody/urls.py mounts them in the "custody" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("stocktakes/", views.stocktake_list, name="stocktake-list"),
    path("stocktakes/new/", views.stocktake_start, name="stocktake-start"),
    path("stocktakes/due/", views.stocktake_due, name="stocktake-due"),
    path("stocktakes/<str:code>/", views.stocktake_detail, name="stocktake-detail"),
    path("stocktakes/<str:code>/count/", views.stocktake_count, name="stocktake-count"),
    path("stocktakes/<str:code>/close-counting/", views.stocktake_close_counting, name="stocktake-close-counting"),
    path("stocktakes/<str:code>/lines/<str:line_code>/resolve/", views.stocktake_resolve, name="stocktake-resolve"),
    path("stocktakes/<str:code>/sign/", views.stocktake_sign, name="stocktake-sign"),
    path("stocktakes/<str:code>/close/", views.stocktake_close, name="stocktake-close"),
    path("stocktakes/<str:code>/report.pdf", views.stocktake_report_pdf, name="stocktake-report-pdf"),
    path("stocktakes/<str:code>/report.csv", views.stocktake_report_csv, name="stocktake-report-csv"),
]
