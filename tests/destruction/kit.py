"""Destruction test kit: licensed facilities, an approver, eligible items, files for evidence."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from accounts.services import create_user
from custody.services.storage import store_at
from destruction.models import DestructionBatch, Evidence, Facility, Licence
from destruction.services import (
    EvidenceFile,
    WitnessInput,
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
from tests.world import PASSWORD
from warehouse.models import Item, LegalDocument
from warehouse.services import add_legal_document

TODAY = timezone.localdate()
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%fake certificate\n"


@dataclass
class Kit:
    world: object
    hazardous: Facility  # licensed for HW03, HW04, HW06, HW49 and general waste
    ewaste: Facility
    general: Facility
    expired: Facility  # general waste, licence expired yesterday
    approver: object  # a supervisor of the city that operates the warehouse


def build_kit(world) -> Kit:
    admin = world.admin

    def facility(name, kind, number, categories, until):
        contractor = create_contractor(actor=admin, name=name)
        place = create_facility(actor=admin, contractor=contractor, name=f"{name}处置中心", address="深圳市")
        add_licence(actor=admin, facility=place, kind=kind, number=number, categories=categories,
                    valid_from=TODAY - datetime.timedelta(days=700), valid_until=until)
        return place

    year = TODAY + datetime.timedelta(days=365)
    return Kit(
        world=world,
        hazardous=facility("深圳市危险废物处理站有限公司", Licence.Kind.HAZARDOUS_WASTE, "4403000001",
                           ["HW03", "HW04", "HW06", "HW49", "GENERAL"], year),
        ewaste=facility("深圳市绿色电子废弃物拆解有限公司", Licence.Kind.EWASTE, "EW-440300-01", ["EWASTE"], year),
        general=facility("深圳市能源环保有限公司", Licence.Kind.GENERAL, "GF-440300-01", ["GENERAL"], year),
        expired=facility("过期焚烧厂有限公司", Licence.Kind.GENERAL, "GF-440300-99", ["GENERAL"],
                         TODAY - datetime.timedelta(days=1)),
        approver=create_user(username="approver", password=PASSWORD, agency=world.city, roles=[Role.SUPERVISOR],
                             full_name="城市审批人"),
    )


_numbers = iter(range(1, 10_000))


def disposable_case(world, *, allowed=True, number=None):
    number = number or f"测试案〔2026〕{next(_numbers)}号"
    case = world.case(number=number)
    if allowed:
        add_legal_document(actor=world.officer, case=case, kind=LegalDocument.Kind.PENALTY_DECISION,
                           number=f"罚决{number}", issued_on=TODAY, allows_disposal=True)
    return case


def stored_items(world, count=2, *, case=None, **fields) -> list[Item]:
    case = case or disposable_case(world)
    items = world.items(case, count=count, weight_kg=Decimal("5.000"), **fields)
    hazardous = fields.get("waste_stream") == Item.WasteStream.HAZARDOUS
    store_at(actor=world.custodian, items=items, location=world.hazardous_bin if hazardous else world.general_bin)
    return [Item.objects.get(pk=item.pk) for item in items]


def propose(kit, items, facility=None, **overrides) -> DestructionBatch:
    arguments = dict(
        actor=kit.world.custodian, warehouse=kit.world.warehouse, items=items, facility=facility or kit.general,
        planned_date=TODAY, estimated_cost=Decimal("1200.00"),
        methods={"general": Method.INCINERATION, "ewaste": Method.DISMANTLING, "hazardous": Method.INCINERATION},
    )
    arguments.update(overrides)
    return propose_batch(**arguments)


def evidence():
    return [
        EvidenceFile(kind=Evidence.Kind.PHOTO, upload=SimpleUploadedFile("现场.jpg", JPEG, "image/jpeg")),
        EvidenceFile(kind=Evidence.Kind.CERTIFICATE, upload=SimpleUploadedFile("证明.pdf", PDF, "application/pdf")),
        EvidenceFile(kind=Evidence.Kind.VIDEO, name="现场录像.mp4", sha256="ab" * 32),
    ]


def witnesses(world, *users):
    users = users or (world.auditor, world.supervisor)
    return [WitnessInput(user=user, password=PASSWORD) for user in users]


def run_to_destroyed(kit, items, facility=None) -> DestructionBatch:
    world = kit.world
    batch = propose(kit, items, facility)
    approve_batch(actor=kit.approver, batch=batch)
    shipment = hand_over(actor=world.custodian, batch=batch, codes=[item.code for item in items],
                         vehicle_plate="粤B12345", weight_out_kg=Decimal("10.0"),
                         manifest_number="MF-2026-0001" if facility == kit.hazardous else "")
    weigh_in(actor=world.custodian, shipment=shipment, weight_in_kg=Decimal("10.1"))
    return confirm_destruction(actor=world.custodian, batch=batch, witnesses=witnesses(world),
                               certificate_number="ZM-2026-001", evidence=evidence())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
