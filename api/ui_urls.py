from django.urls import path

from . import views

app_name = "apiui"
urlpatterns = [
    path("api-tokens/", views.tokens, name="tokens"),
    path("api-tokens/<str:prefix>/revoke/", views.revoke, name="token-revoke"),
    path("received-bundles/", views.bundles, name="bundles"),
    path("received-bundles/<str:sha256>/", views.bundle_detail, name="bundle-detail"),
]
