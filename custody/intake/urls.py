"""Pages of this feature; custody/urls.py mounts them in the "custody" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("register/template.csv", views.csv_template, name="csv-template"),
    path("register/<path:case_number>/csv/", views.register_items_csv, name="register-items-csv"),
    path("register/<path:case_number>/", views.register_items_view, name="register-items"),
    path("intake/", views.intake, name="intake"),
]
