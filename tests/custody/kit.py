"""Helpers shared by the release, transfer and appraisal tests."""

import datetime
import io

from django.utils import timezone
from pypdf import PdfReader

from accounts.services import create_user
from custody.ledger import GENESIS_HASH, chain_hash
from custody.models import CustodyEvent, LedgerHead
from custody.releases.models import ReleaseRequest
from custody.releases.services import approve_release, request_release
from custody.services.storage import store_at

from ..world import PASSWORD


def stored_items(world, count=1, case=None, **fields):
    case = case or world.case()
    items = world.items(case, count=count, **fields)
    store_at(actor=world.custodian, items=items, location=world.general_bin)
    for item in items:
        item.refresh_from_db()
    return case, items


def user(world, name, agency, role):
    return create_user(username=name, password=PASSWORD, agency=agency, roles=[role], full_name=name)


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def release_for(world, items, case, purpose=ReleaseRequest.Purpose.EXAMINATION, approve=True, **kwargs):
    kwargs.setdefault("recipient_name", "张检验")
    kwargs.setdefault("recipient_organisation", "深圳市检验检测中心")
    release = request_release(actor=world.officer, case=case, items=items, purpose=purpose, reason="送检",
                              due_back=kwargs.pop("due_back", in_days(7)), **kwargs)
    if approve:
        approve_release(actor=world.supervisor, release=release)
        release.refresh_from_db()
    return release


def check_ledger():
    """The whole chain re-hashes and links up to the head: verify_ledger once the ledger work is
    merged (custody.verify or custody.verification), else the hash chain checked here."""
    verify_ledger = None
    for module in ("custody.verify", "custody.verification"):
        try:
            verify_ledger = __import__(module, fromlist=["verify_ledger"]).verify_ledger
            break
        except (ImportError, AttributeError):
            continue
    if verify_ledger is not None:
        result = verify_ledger()
        problems = getattr(result, "problems", None)
        if problems is not None:
            assert not problems, problems
        return
    prev, expected_seq = GENESIS_HASH, 1
    for seq, payload, prev_hash, hash_ in CustodyEvent.objects.order_by("seq").values_list(
            "seq", "payload", "prev_hash", "hash").iterator():
        assert seq == expected_seq and prev_hash == prev and chain_hash(prev, payload) == hash_, seq
        prev, expected_seq = hash_, expected_seq + 1
    head = LedgerHead.objects.filter(pk=1).first()
    if head is not None:
        assert (head.last_seq, head.last_hash) == (expected_seq - 1, prev)


def client_for(client, person):
    client.login(username=person.username, password=PASSWORD)
    return client


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Table cells wrap long codes: compare without whitespace.
    return "".join("".join(page.extract_text() for page in reader.pages).split())
