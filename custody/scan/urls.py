"""Pages of this feature; custody/urls.py mounts them in the "custody" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("scan/", views.scan_station, name="scan"),
    path("scan/act/", views.scan_act, name="scan-act"),
    path("scan/clear-location/", views.scan_clear_location, name="scan-clear-location"),
]
