"""Samples, appraisal reports with SHA-256, and mutual recognition by other agencies."""

import hashlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.roles import Role
from custody.appraisals.models import Appraisal
from custody.appraisals.services import recognise_appraisal, record_appraisal, take_sample
from custody.models import EventKind
from custody.transfers.services import decide_transfer, prepare_transfer, receive_transfer, send_transfer
from tests.custody.kit import check_ledger, stored_items, user
from warehouse.models import Item
from warehouse.services import get_or_create_rights_holder

PDF = b"%PDF-1.4\n% appraisal report\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_sample_is_a_child_item_with_its_own_code_and_events(world):
    case, (lot,) = stored_items(world, quantity=Decimal("10"), weight_kg=Decimal("5"))
    sample = take_sample(actor=world.officer, lot=lot, quantity=Decimal("2"))
    lot.refresh_from_db()
    assert (lot.quantity, lot.weight_kg) == (Decimal("8"), Decimal("4"))
    assert sample.parent == lot and sample.code != lot.code and sample.quantity == Decimal("2")
    assert (sample.status, sample.case, sample.legal_holder) == (Item.Status.REGISTERED, case, world.county)
    assert list(sample.events.values_list("kind", flat=True)) == [EventKind.REGISTERED]
    taken = lot.events.get(kind=EventKind.SAMPLE_TAKEN)
    assert taken.reference == f"sample:{sample.code}" and taken.to_status == Item.Status.IN_STORAGE
    check_ledger()


def test_sample_refusals(world):
    case, (lot,) = stored_items(world, quantity=Decimal("2"))
    with pytest.raises(InvalidInput):
        take_sample(actor=world.officer, lot=lot, quantity=Decimal("2"))
    with pytest.raises(NotAllowed):
        take_sample(actor=world.custodian, lot=lot, quantity=Decimal("1"))
    with pytest.raises(NotAllowed):
        take_sample(actor=world.outsider, lot=lot, quantity=Decimal("1"))
    (registered,) = world.items(case)
    with pytest.raises(Conflict):
        take_sample(actor=world.officer, lot=registered, quantity=Decimal("1"))


def test_appraisal_with_report_hash_and_recognition_after_transfer(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case, (lot,) = stored_items(world, quantity=Decimal("10"))
    holder = get_or_create_rights_holder(name="路易威登马利蒂", name_en="Louis Vuitton Malletier")
    sample = take_sample(actor=world.officer, lot=lot, quantity=Decimal("1"))
    report = SimpleUploadedFile("鉴定报告.pdf", PDF, content_type="application/pdf")
    appraisal = record_appraisal(
        actor=world.officer, item=sample, kind=Appraisal.Kind.RIGHTS_HOLDER, rights_holder=holder,
        appraiser="路易威登马利蒂 授权代表 王某", method="比对防伪标识、缝线与五金",
        result=Appraisal.Result.COUNTERFEIT,
        appraised_on=timezone.localdate(), report=report,
    )
    assert appraisal.report_sha256 == hashlib.sha256(PDF).hexdigest() == appraisal.report.sha256
    assert appraisal.code.startswith("JD-S440305-")
    with pytest.raises(InvalidInput):
        record_appraisal(actor=world.officer, item=sample, kind=Appraisal.Kind.RIGHTS_HOLDER, appraiser="x",
                         method="y", result="counterfeit", appraised_on=timezone.localdate())
    with pytest.raises(InvalidInput):
        record_appraisal(actor=world.officer, item=sample, kind=Appraisal.Kind.ACCREDITED, appraiser="x",
                         method="y", result="counterfeit", appraised_on=timezone.localdate(),
                         report=SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf"))
    with pytest.raises(Conflict):
        recognise_appraisal(actor=world.supervisor, appraisal=appraisal)
    police = user(world, "police", world.police, Role.OFFICER)
    with pytest.raises(NotAllowed):
        recognise_appraisal(actor=police, appraisal=appraisal)
    transfer = prepare_transfer(actor=world.officer, case=case, to_agency=world.police, document_number="移1",
                                reason="涉嫌犯罪", items=[lot])
    decide_transfer(actor=world.supervisor, transfer=transfer, approve=True)
    send_transfer(actor=world.officer, transfer=transfer)
    receive_transfer(actor=police, transfer=transfer, accept=[lot])
    police = type(police).objects.get(pk=police.pk)
    recognition = recognise_appraisal(actor=police, appraisal=appraisal, note="认可，不再重复鉴定")
    assert recognition.agency == world.police
    with pytest.raises(Conflict):
        recognise_appraisal(actor=police, appraisal=appraisal)
