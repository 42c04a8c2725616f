"""Tokens (hash only, expiry, revocation, the page), and every read endpoint's permissions and scoping."""

import datetime
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import SecurityEvent
from api.models import ApiToken
from api.services import create_token, revoke_token
from tests.world import PASSWORD


def test_token_is_stored_only_as_its_hash(world):
    token, secret = create_token(actor=world.officer, name="案件系统", expires_on=timezone.localdate()
                                 + datetime.timedelta(days=10))
    assert secret.startswith("cst_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().first())


def test_without_token_or_with_a_session_the_api_answers_401_json(world, client):
    client.login(username="officer", password=PASSWORD)  # a browser session is not enough
    response = client.get("/api/items")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert Client().get("/api/items", headers={"Authorization": "Bearer cst_wrong"}).status_code == 401


def test_revoked_and_expired_tokens_are_refused(world, api_as):
    api = api_as(world.officer)
    assert api.get("/api/me").status_code == 200
    revoke_token(actor=world.officer, token=api.token)
    assert api.get("/api/me").status_code == 401
    other = api_as(world.officer)
    ApiToken.objects.filter(pk=other.token.pk).update(created_at=timezone.now() - datetime.timedelta(days=2),
                                                    expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert other.get("/api/me").status_code == 401


def test_token_page_creates_shows_secret_once_and_revokes(world, client):
    client.login(username="custodian", password=PASSWORD)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    page = client.post("/api-tokens/", {"name": "手持终端 PDA-1", "expires_on": expires}).content.decode()
    token = ApiToken.objects.get(user=world.custodian)
    secret = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.token_hash
    assert secret not in client.get("/api-tokens/").content.decode()
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).json()["username"] == "custodian"
    client.post(f"/api-tokens/{token.prefix}/revoke/")
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_expiry_must_be_in_the_future_and_bounded(world, settings):
    from accounts.errors import InvalidInput

    with pytest.raises(InvalidInput):
        create_token(actor=world.officer, name="x", expires_on=timezone.localdate())
    with pytest.raises(InvalidInput):
        create_token(actor=world.officer, name="x", expires_on=timezone.localdate()
                     + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS + 1))


def test_a_user_cannot_revoke_someone_elses_token(world, client):
    token, _secret = create_token(actor=world.officer, name="x", expires_on=timezone.localdate()
                                  + datetime.timedelta(days=3))
    client.login(username="officer2", password=PASSWORD)
    client.post(f"/api-tokens/{token.prefix}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.fixture
def scene(world):
    case = world.case()
    items = world.items(case, 2)
    other_case = world.case("浙杭市监〔2026〕9号", officer=world.outsider)
    other_items = world.items(other_case, 1)
    return case, items, other_case, other_items


READS = ["/api/cases/{case}", "/api/cases/{case}/items", "/api/items/{item}", "/api/items/{item}/events",
         "/api/cases/{case}/bundle"]


@pytest.mark.parametrize("path", READS)
def test_out_of_scope_reads_are_404_and_logged(world, api_as, scene, path):
    _case, _items, other_case, other_items = scene
    response = api_as(world.officer).get(path.format(case=other_case.case_number, item=other_items[0].code))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OUT_OF_SCOPE).exists()


@pytest.mark.parametrize("path", READS)
def test_in_scope_reads_answer(world, api_as, scene, path):
    case, items, _other_case, _other_items = scene
    assert api_as(world.officer).get(path.format(case=case.case_number, item=items[0].code)).status_code == 200


def test_lists_hold_only_what_is_in_scope(world, api_as, scene):
    case, items, other_case, other_items = scene
    officer, outsider = api_as(world.officer), api_as(world.outsider)
    assert {i["code"] for i in officer.get("/api/items").json()["items"]} == {i.code for i in items}
    assert {i["code"] for i in outsider.get("/api/items").json()["items"]} == {other_items[0].code}
    assert [c["case_number"] for c in officer.get("/api/cases").json()["items"]] == [case.case_number]
    assert {e["item"] for e in officer.get("/api/events").json()["items"]} == {i.code for i in items}
    assert {a["code"] for a in officer.get("/api/agencies").json()["items"]} == {world.county.code}
    assert officer.get(f"/api/agencies/{world.city.code}").status_code == 404
    # The custodian's warehouse serves the county: it sees the county's items too.
    assert api_as(world.custodian).get("/api/items").json()["count"] == 2


@pytest.mark.parametrize("path,permission_holder,refused", [
    ("/api/events", "officer", "finance"),
    ("/api/releases", "officer", "finance"),
    ("/api/transfers", "officer", "finance"),
    ("/api/destruction-batches", "finance", "outsider_none"),
    ("/api/scan/actions", "custodian", "officer"),
    ("/api/checkpoints/current", "auditor", "finance"),
    ("/api/bundles", "supervisor", "finance"),
])
def test_permissions_match_the_pages(world, api_as, scene, path, permission_holder, refused):
    assert api_as(getattr(world, permission_holder)).get(path).status_code == 200
    if refused != "outsider_none":
        response = api_as(getattr(world, refused)).get(path)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"


def test_filters_and_pagination(world, api_as, scene):
    case, items, _other_case, _other_items = scene
    api = api_as(world.officer)
    page = api.get("/api/items", page_size=1).json()
    assert page["count"] == 2 and len(page["items"]) == 1 and page["next_page"] == 2
    assert api.get("/api/items", page=2, page_size=1).json()["next_page"] is None
    assert api.get("/api/items", status="in_storage").json()["count"] == 0
    assert api.get("/api/items", q=items[0].code).json()["items"][0]["code"] == items[0].code
    assert api.get("/api/items", case=case.case_number).json()["count"] == 2
    bad = api.get("/api/items", page_size=1000)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["loc"] == ["query", "page_size"]
