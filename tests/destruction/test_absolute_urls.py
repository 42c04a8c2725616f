"""Every model of warehouse and destruction that has a page says where it is (get_absolute_url): the
templates link through it and the admin's "view on site" uses it."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import get_resolver, resolve, reverse

from accounts.roles import Role
from accounts.services import create_user
from destruction.models import DestructionBatch
from tests.world import PASSWORD
from warehouse.models import Case, Item, Location, Warehouse

from .kit import propose, stored_items

# The detail page of each model: URL name → model. A new "*-detail" page in these apps must be added here.
DETAIL_PAGES = {
    "warehouse:item-detail": Item,
    "warehouse:case-detail": Case,
    "warehouse:warehouse-detail": Warehouse,
    "warehouse:location-detail": Location,
    "destruction:batch-detail": DestructionBatch,
}
APPS = ("warehouse", "destruction")
# Models of custody's feature apps with a page (app label, model name).
CUSTODY_PAGES = {
    "custody:release-detail": ("releases", "ReleaseRequest"),
    "custody:transfer-detail": ("transfers", "Transfer"),
    "custody:stocktake-detail": ("stocktake", "Stocktake"),
}


def detail_url_names():
    names = set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        if namespace in APPS:
            names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)
                      and name.endswith("-detail")}
    return names


def test_every_detail_page_of_these_apps_is_listed():
    assert detail_url_names() == set(DETAIL_PAGES)


@pytest.fixture
def objects(kit):
    world = kit.world
    items = stored_items(world, 2)
    batch = propose(kit, items[:1])
    return {Item: items[1], Case: items[1].case, Warehouse: world.warehouse, Location: world.general_bin,
            DestructionBatch: batch}


@pytest.mark.parametrize("url_name", sorted(DETAIL_PAGES))
def test_get_absolute_url_is_the_detail_page_and_answers_in_scope(client, objects, url_name):
    obj = objects[DETAIL_PAGES[url_name]]
    url = obj.get_absolute_url()
    match = resolve(unquote(url))  # as the handler sees the path
    assert f"{match.namespace}:{match.url_name}" == url_name
    client.login(username="auditor", password=PASSWORD)  # province: every object of the world is below it
    assert client.get(url).status_code == 200, url
    client.login(username="outsider", password=PASSWORD)  # another province: the page is not theirs
    assert client.get(url).status_code in (403, 404), url


def test_case_numbers_with_slashes_and_chinese_round_trip(kit, client):
    case = kit.world.case(number="深南市监罚/2026/〔7〕号")
    assert resolve(unquote(case.get_absolute_url())).kwargs == {"case_number": case.case_number}
    client.login(username="officer", password=PASSWORD)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_admin_view_on_site_takes_staff_to_the_page(client, kit, objects):
    create_user(username="staff", password=PASSWORD, agency=kit.world.central, roles=[Role.ADMINISTRATOR],
                full_name="staff", is_staff=True)
    client.login(username="staff", password=PASSWORD)
    for model, obj in objects.items():
        change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        link = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(model).pk, obj.pk])
        assert f'href="{link}"' in client.get(change).content.decode(), model
        redirect = client.get(link)
        target = urlsplit(redirect["Location"])
        assert redirect.status_code == 302 and target.path == obj.get_absolute_url(), model
        assert client.get(target.path).status_code == 200, model


@pytest.mark.parametrize("url_name", sorted(CUSTODY_PAGES))
def test_custody_models_the_templates_link_through_have_get_absolute_url(url_name):
    from django.apps import apps

    model = apps.get_model(*CUSTODY_PAGES[url_name])
    assert callable(getattr(model, "get_absolute_url", None)), f"{model.__name__} has no get_absolute_url"
    obj = model(code="X-1")
    assert obj.get_absolute_url() == reverse(url_name, args=["X-1"])


def test_templates_link_to_these_objects_through_get_absolute_url():
    names = "|".join(map(re.escape, [*DETAIL_PAGES, *CUSTODY_PAGES]))
    old_style = re.compile(r"\{%\s*url\s+['\"](" + names + r")['\"]\s+[\w.]+\s*%\}")
    problems = [f"{path.name}: {match.group(0)}" for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
                for match in old_style.finditer(path.read_text(encoding="utf-8"))]
    assert problems == []
