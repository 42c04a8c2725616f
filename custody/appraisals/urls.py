"""Pages of this feature; custody/urls.py mounts them in the "custody" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("items/<str:code>/sample/", views.take_sample, name="take-sample"),
    path("items/<str:code>/appraisal/", views.record_appraisal, name="record-appraisal"),
    path("appraisals/<str:code>/recognise/", views.recognise, name="recognise-appraisal"),
]
