from django.core.management import call_command

from accounts.models import User
from custody.models import CustodyEvent
from warehouse.models import Case, Item


def test_seed_demo_builds_a_realistic_set_once(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)
    counts = (User.objects.count(), Case.objects.count(), Item.objects.count(), CustodyEvent.objects.count())
    assert counts[1] >= 8 and 180 <= counts[2] <= 400
    assert {"custodian", "officer", "supervisor", "finance", "auditor", "admin", "outsider"} <= set(
        User.objects.values_list("username", flat=True))
    assert Item.objects.filter(status=Item.Status.IN_STORAGE).count() > 150
    assert Item.objects.filter(status=Item.Status.REGISTERED).exists()  # intake work waiting
    assert User.objects.get(username="officer").check_password(settings.DEMO_PASSWORD)
    call_command("seed_demo", verbosity=0)
    assert (User.objects.count(), Case.objects.count(), Item.objects.count(),
            CustodyEvent.objects.count()) == counts


def test_scale_adds_items_through_the_bulk_path(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)
    before = Item.objects.count()
    call_command("seed_demo", scale=2500, verbosity=0)
    assert Item.objects.count() == before + 2500
    assert CustodyEvent.objects.count() >= Item.objects.count()
