"""Every custody page in one "custody" namespace: the item's timeline (custody's core) and the pages
of each feature app (custody/<feature>/urls.py), so URL names do not change when a feature moves."""

from django.urls import path

from custody import views
from custody.appraisals.urls import urlpatterns as appraisals
from custody.intake.urls import urlpatterns as intake
from custody.printing.urls import urlpatterns as printing
from custody.releases.urls import urlpatterns as releases
from custody.scan.urls import urlpatterns as scan
from custody.stocktake.urls import urlpatterns as stocktake
from custody.transfers.urls import urlpatterns as transfers
from custody.work.urls import urlpatterns as work

app_name = "custody"
urlpatterns = [
    path("items/<str:code>/custody/", views.item_timeline, name="item-timeline"),
    path("items/<str:code>/custody.pdf", views.item_timeline_pdf, name="item-timeline-pdf"),
    *scan, *intake, *work, *releases, *transfers, *appraisals, *printing, *stocktake,
]
