"""Pages of this feature; custody/urls.py mounts them in the "custody" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("work/", views.my_work, name="work"),
    path("work/start/", views.landing, name="work-landing"),
]
