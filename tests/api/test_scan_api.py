"""Scan station actions through the API: same services, idempotent, audited, throttled, bilingual errors."""

import uuid

import pytest

from api.models import ApiAuditLog
from custody.models import CustodyEvent
from warehouse.models import Item


@pytest.fixture
def registered(world):
    return world.items(world.case(), 2)


def test_custodian_receives_and_stores_like_at_the_scan_station(world, api_as, registered):
    api = api_as(world.custodian)
    item = registered[0]
    received = api.post("/api/scan", {"code": item.code, "action": "receive", "client_event_id": str(uuid.uuid4())})
    assert received.status_code == 200, received.json()
    assert received.json()["item"]["status"] == "received"
    stored = api.post("/api/scan", {"code": item.code, "action": "store", "location": world.general_bin.code,
                                    "client_event_id": str(uuid.uuid4())})
    assert stored.status_code == 200, stored.json()
    body = stored.json()
    assert body["item"]["status"] == "in_storage"
    assert body["item"]["location"]["code"] == world.general_bin.code
    assert [e["kind"] for e in body["events"]] == [103]
    assert Item.objects.get(pk=item.pk).location == world.general_bin


def test_a_retry_with_the_same_client_event_id_is_recorded_once(world, api_as, registered):
    api = api_as(world.custodian)
    request = {"code": registered[0].code, "action": "store", "location": world.general_bin.code,
               "client_event_id": str(uuid.uuid4())}
    first = api.post("/api/scan", request)
    count = CustodyEvent.objects.count()
    again = api.post("/api/scan", request)
    assert first.status_code == again.status_code == 200
    assert [e["seq"] for e in again.json()["events"]] == [e["seq"] for e in first.json()["events"]]
    assert CustodyEvent.objects.count() == count


def test_client_event_id_is_required(world, api_as, registered):
    response = api_as(world.custodian).post("/api/scan", {"code": registered[0].code, "action": "receive"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_refusals_have_stable_codes_and_both_languages(world, api_as, registered):
    code = registered[0].code
    officer = api_as(world.officer, language="zh-hans")
    refused = officer.post("/api/scan", {"code": code, "action": "receive", "client_event_id": str(uuid.uuid4())})
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "permission_denied"
    assert error["message"] == error["message_zh"] != error["message_en"]
    assert "does not allow" in error["message_en"]
    custodian = api_as(world.custodian)
    conflict = custodian.post("/api/scan", {"code": code, "action": "release-return",
                                            "client_event_id": str(uuid.uuid4())})
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "not_out"
    bad = custodian.post("/api/scan", {"code": "NOT-A-CODE", "action": "receive", "client_event_id": str(uuid.uuid4())})
    assert bad.status_code == 400 and bad.json()["error"]["code"].startswith("label_")
    unknown = custodian.post("/api/scan", {"code": code, "action": "fly", "client_event_id": str(uuid.uuid4())})
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "unknown_action"
    no_location = custodian.post("/api/scan", {"code": code, "action": "store", "client_event_id": str(uuid.uuid4())})
    assert no_location.json()["error"]["code"] == "location_required"


def test_out_of_scope_item_is_not_found(world, api_as):
    other = world.items(world.case("浙杭市监〔2026〕9号", officer=world.outsider), 1)[0]
    response = api_as(world.custodian).post("/api/scan", {"code": other.code, "action": "receive",
                                                          "client_event_id": str(uuid.uuid4())})
    assert response.status_code == 404


def test_every_write_is_in_the_audit_log(world, api_as, registered):
    api = api_as(world.custodian)
    event_id = str(uuid.uuid4())
    api.post("/api/scan", {"code": registered[0].code, "action": "receive", "client_event_id": event_id})
    api.post("/api/scan", {"code": registered[0].code, "action": "release-return", "client_event_id": "x"})
    api.get("/api/items")
    rows = list(ApiAuditLog.objects.order_by("pk"))
    assert [(r.method, r.path, r.status) for r in rows] == [("POST", "/api/scan", 200), ("POST", "/api/scan", 422)]
    assert rows[0].client_event_id == event_id and rows[0].token == api.token and rows[0].user == world.custodian


def test_throttled_per_token_with_retry_after(world, api_as, settings):
    settings.API_THROTTLE_RATE = "3/m"
    first, second = api_as(world.officer), api_as(world.officer)
    assert [first.get("/api/me").status_code for _ in range(3)] == [200, 200, 200]
    response = first.get("/api/me")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    assert second.get("/api/me").status_code == 200  # per token, not per user or address


def test_nul_characters_are_refused_not_a_server_error(world, api_as):
    api = api_as(world.officer)
    assert api.get("/api/items", q="a\x00b").status_code == 400
    response = api.post("/api/scan", {"code": "A\x00", "action": "receive", "client_event_id": str(uuid.uuid4())})
    assert response.status_code in (403, 422)
