from .models import User
from .navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": menu_for(user), "demo_mode": demo_mode()}


def demo_mode() -> bool:
    """Pages show a banner while the demo users exist, so nobody mistakes demo data for real cases."""
    return User.objects.filter(username="custodian", email__endswith="@demo.invalid").exists()
