from django.urls import reverse

from accounts.access import visible_agency_ids
from accounts.models import SecurityEvent
from tests.world import PASSWORD
from warehouse.access import cases_visible_to, items_visible_to


def test_a_user_sees_their_agency_and_those_below(world):
    assert set(visible_agency_ids(world.auditor)) >= {world.province.pk, world.city.pk, world.county.pk}
    assert world.other_province.pk not in visible_agency_ids(world.auditor)
    assert set(visible_agency_ids(world.officer)) == {world.county.pk}
    assert world.police.pk not in visible_agency_ids(world.admin)  # separate tree


def test_warehouse_staff_see_what_their_warehouse_keeps_for_served_agencies(world):
    police_case = world.case(number="公安案1")  # registered by the county officer
    (item,) = world.items(police_case)
    assert items_visible_to(world.custodian).filter(pk=item.pk).exists()
    assert items_visible_to(world.officer2).filter(pk=item.pk).count() == 0  # sibling county
    assert not items_visible_to(world.outsider).exists()
    assert list(cases_visible_to(world.outsider)) == []


def test_out_of_scope_detail_answers_404_and_is_logged(world, client):
    (item,) = world.items(world.case())
    client.login(username="outsider", password=PASSWORD)
    for url in [reverse("warehouse:item-detail", args=[item.code]),
                reverse("warehouse:case-detail", args=[item.case.case_number]),
                reverse("custody:item-timeline", args=[item.code])]:
        response = client.get(url)
        assert response.status_code == 404
        assert "不在您所在机构的权限范围内" in response.content.decode()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OUT_OF_SCOPE, user=world.outsider).count() == 3


def test_unknown_code_answers_404_without_a_denial_record(world, client):
    client.login(username="officer", password=PASSWORD)
    assert client.get(reverse("warehouse:item-detail", args=["S440305-9999999-X"])).status_code == 404
    assert not SecurityEvent.objects.exists()


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(reverse("warehouse:item-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
