"""Demo destruction: three licensed contractors (one licence expired), decisions allowing
disposal, a completed batch with witnesses, manifests, weights, costs and a certificate, an
approved batch awaiting execution and a proposed batch awaiting approval. All through services."""

import datetime
import hashlib
import io
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from destruction.models import Contractor, DestructionBatch, Evidence, Licence
from destruction.services import (
    EvidenceFile,
    WitnessInput,
    add_cost_line,
    add_licence,
    approve_batch,
    confirm_destruction,
    create_contractor,
    create_facility,
    hand_over,
    propose_batch,
    weigh_in,
)
from destruction.waste import Method
from labels.pdf import BilingualDocument
from warehouse.models import Case, Item, LegalDocument
from warehouse.services import add_legal_document

K = Licence.Kind

# name, English, credit code, address, contact, phone, facility, facility address, licences
CONTRACTORS = [
    ("深圳市危险废物处理站有限公司", "Shenzhen Hazardous Waste Treatment Station Co., Ltd.", "91440300192180651X",
     "深圳市福田区深南大道3018号", "林工", "0755-83123456", "坪山危险废物焚烧处置中心",
     "深圳市坪山区龙田街道危废处置园",
     [(K.HAZARDOUS_WASTE, "4403001607", ["HW03", "HW04", "HW06", "HW49", "GENERAL"], "2024-03-01", "2029-02-28",
       "广东省生态环境厅")]),
    ("深圳市绿色电子废弃物拆解有限公司", "Shenzhen Green E-waste Dismantling Co., Ltd.", "91440300MA5F0K2X3B",
     "深圳市宝安区沙井街道环保路8号", "郑经理", "0755-27654321", "沙井拆解线", "深圳市宝安区沙井街道环保路8号",
     [(K.EWASTE, "粤废电拆〔2021〕03号", ["EWASTE"], "2021-01-01", "2025-12-31", "广东省生态环境厅")]),
    ("深圳市能源环保有限公司", "Shenzhen Energy Environmental Engineering Co., Ltd.", "91440300279386234K",
     "深圳市福田区福华三路88号", "何主任", "0755-82688888", "南山垃圾焚烧发电厂", "深圳市南山区南山大道1388号",
     [(K.GENERAL, "914403002793862340001P", ["GENERAL"], "2023-07-01", "2028-06-30", "深圳市生态环境局")]),
]

# case number, officer username, penalty decision number
DECISIONS = [
    ("深南市监罚〔2026〕101号", "officer", "深南市监罚决〔2026〕101号"),
    ("深宝市监罚〔2026〕215号", "officer2", "深宝市监罚决〔2026〕215号"),
]


def build_destruction(users) -> None:
    admin = users["admin"]
    for case_number, officer, number in DECISIONS:
        case = Case.objects.filter(case_number=case_number).first()
        if case and not LegalDocument.objects.filter(number=number).exists():
            add_legal_document(actor=users[officer], case=case, kind=LegalDocument.Kind.PENALTY_DECISION,
                               number=number, issued_on=datetime.date(2026, 4, 20), allows_disposal=True,
                               note="没收并销毁侵权商品 Confiscate and destroy the infringing goods")
    facilities = {}
    for name, name_en, credit, address, person, phone, plant, plant_address, licences in CONTRACTORS:
        contractor = Contractor.objects.filter(name=name).first()
        if contractor is None:
            contractor = create_contractor(actor=admin, name=name, name_en=name_en, credit_code=credit,
                                           address=address, contact_person=person, phone=phone)
            facility = create_facility(actor=admin, contractor=contractor, name=plant, address=plant_address)
            for kind, number, categories, start, end, issuer in licences:
                add_licence(actor=admin, facility=facility, kind=kind, number=number, categories=categories,
                            valid_from=datetime.date.fromisoformat(start), valid_until=datetime.date.fromisoformat(end),
                            issued_by=issuer)
        facilities[name] = contractor.facilities.first()
    if not DestructionBatch.objects.exists():
        with transaction.atomic():  # all three batches or none, so a second run can finish the job
            _build_batches(users, facilities["深圳市能源环保有限公司"])


def _build_batches(users, plant) -> None:
    custodian = users["custodian"]
    warehouse = custodian.agency.operated_warehouses.first()
    today = timezone.localdate()

    def eligible(case_number, count):
        return list(Item.objects.filter(case__case_number=case_number, status=Item.Status.IN_STORAGE,
                                        warehouse=warehouse).order_by("pk")[:count])

    def propose(items, method, cost, note):
        return propose_batch(actor=custodian, warehouse=warehouse, items=items, facility=plant, planned_date=today,
                             methods={Item.WasteStream.GENERAL: method}, estimated_cost=Decimal(cost), note=note)

    # 1. Completed: counterfeit LV bags burnt at the Nanshan waste-to-energy plant.
    lv_items = eligible(DECISIONS[0][0], 6)
    done = propose(lv_items, Method.INCINERATION, "2600.00", "假冒LV手提包集中销毁")
    approve_batch(actor=users["approver"], batch=done, note="同意按计划销毁")
    weight = sum((item.weight_kg or Decimal(0) for item in lv_items), Decimal(0)) + Decimal("1.200")  # pallets
    trip = hand_over(actor=custodian, batch=done, codes=[item.code for item in lv_items], vehicle_plate="粤B·D12345",
                     weight_out_kg=weight)
    trip = weigh_in(actor=custodian, shipment=trip, weight_in_kg=weight - Decimal("0.150"))
    password = settings.DEMO_PASSWORD
    confirm_destruction(
        actor=custodian, batch=done, certificate_number="NSFD-XH-2026-0412",
        witnesses=[WitnessInput(users["auditor"], password), WitnessInput(users["witness"], password)],
        evidence=[
            EvidenceFile(kind=Evidence.Kind.PHOTO, upload=_photo("投料口-1.jpg", (170, 60, 40))),
            EvidenceFile(kind=Evidence.Kind.PHOTO, upload=_photo("投料口-2.jpg", (90, 90, 90))),
            EvidenceFile(kind=Evidence.Kind.CERTIFICATE, upload=_certificate(done.code)),
            EvidenceFile(kind=Evidence.Kind.VIDEO, name="XH-现场录像-20260412.mp4",
                         sha256=hashlib.sha256(f"demo video {done.code}".encode()).hexdigest()),
        ],
    )
    for category, payer, amount, invoice, extra in [
        ("transport", "budget", Decimal("800.00"), "44031234", {}),
        ("disposal_fee", "infringer", None, "44035678",
         {"weight_kg": trip.weight_in_kg, "unit_price": Decimal("3.20")}),
        ("labour", "budget", Decimal("600.00"), "", {}),
    ]:
        add_cost_line(actor=custodian, batch=done, category=category, payer=payer, amount=amount,
                      invoice_number=invoice, incurred_on=today, **extra)
    # 2. Approved, awaiting execution: pirated discs.
    discs = propose(eligible(DECISIONS[1][0], 5), Method.INCINERATION, "900.00", "盗版光盘销毁")
    approve_batch(actor=users["approver"], batch=discs, note="同意")
    # 3. Proposed, awaiting approval: more LV goods.
    propose(eligible(DECISIONS[0][0], 4), Method.SHREDDING, "500.00", "假冒LV钱包粉碎处理")


def _photo(name, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def _certificate(code):
    doc = BilingualDocument(title_zh="销毁处置证明（处置单位出具）", title_en="Certificate of disposal (contractor)",
                            generated_at=timezone.localtime())
    doc.facts([("批次 Batch", code), ("处置单位 Contractor", "深圳市能源环保有限公司 南山垃圾焚烧发电厂")])
    return SimpleUploadedFile("处置证明.pdf", doc.build(), "application/pdf")
