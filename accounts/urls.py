from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

# The second factor (accounts/otp.py): enrolment with a QR code, then a code after each login.
from . import otp  # noqa: E402

urlpatterns += [
    path("otp/setup/", otp.otp_setup, name="otp-setup"),
    path("otp/verify/", otp.otp_verify, name="otp-verify"),
]
