"""Demo finance: 2026 budgets for Guangdong, Shenzhen and its two districts, an amendment, monthly
storage fees, transport and appraisal fees, and rate overrides, so 赵财务 (finance, Shenzhen city)
sees a meaningful destruction budget report. Through finance.services; idempotent."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import create_user
from custody.appraisals.models import Appraisal
from finance.models import Budget, Category
from finance.services import CostInput, add_cost_line, amend_budget, create_budget, set_rate_override
from warehouse.models import Item

C = Category
# agency key, category, amount, budget document
BUDGETS = [
    ("gd", C.DISPOSAL, "500000.00", "粤财行〔2026〕18号"),
    ("sz", C.DISPOSAL, "120000.00", "深财预〔2026〕35号"),
    ("sz", C.STORAGE, "36000.00", "深财预〔2026〕35号"),
    ("sz", C.TRANSPORT, "15000.00", "深财预〔2026〕35号"),
    ("sz", C.APPRAISAL, "20000.00", "深财预〔2026〕35号"),
    ("nanshan", C.DISPOSAL, "30000.00", "深南财〔2026〕7号"),
    ("nanshan", C.STORAGE, "8000.00", "深南财〔2026〕7号"),
    ("baoan", C.DISPOSAL, "25000.00", "深宝财〔2026〕9号"),
    ("baoan", C.TRANSPORT, "5000.00", "深宝财〔2026〕9号"),
]


def build_finance(agencies, users) -> None:
    year = timezone.localdate().year
    if Budget.objects.filter(agency=agencies["sz"], fiscal_year=year).exists():
        return
    with transaction.atomic():
        _build(agencies, users, year)


def _province_finance(agencies) -> User:
    return User.objects.filter(username="finance_gd").first() or create_user(
        username="finance_gd", password=settings.DEMO_PASSWORD, agency=agencies["gd"], roles=[Role.FINANCE],
        full_name="刘财务", email="finance_gd@demo.invalid")


def _build(agencies, users, year) -> None:
    finance = users["finance"]
    province = _province_finance(agencies)
    budgets = {}
    for key, category, amount, document in BUDGETS:
        actor = province if key == "gd" else finance
        budgets[key, category] = create_budget(actor=actor, agency=agencies[key], fiscal_year=year,
                                               category=category, amount=amount, document_number=document,
                                               note="涉案物品环境无害化处理经费")
    amend_budget(actor=finance, budget=budgets["sz", C.DISPOSAL], delta="20000.00",
                 reason="追加危险废物无害化处理经费：农药、药品类涉案物品增加", document_number="深财追〔2026〕12号")
    amend_budget(actor=finance, budget=budgets["baoan", C.TRANSPORT], delta="-1500.00",
                 reason="运输改由市公物仓统一安排，调减区级运输经费", document_number="深宝财〔2026〕21号")

    today = timezone.localdate()
    last_month = today.month if today.year == year else 12
    lines = []
    for month in range(1, last_month + 1):  # the warehouse's monthly storage fee (公物仓保管费)
        lines.append(CostInput(agency=agencies["sz"], category=C.STORAGE, amount=Decimal("2850.00"),
                               incurred_on=datetime.date(year, month, 28), invoice_number=f"4403{year}{month:02d}01",
                               description=f"{month}月公物仓保管费（含危险品库）"))
        lines.append(CostInput(agency=agencies["nanshan"], category=C.STORAGE, amount=Decimal("600.00"),
                               incurred_on=datetime.date(year, month, 28), invoice_number=f"4403{year}{month:02d}02",
                               description=f"{month}月南山暂存点租金"))
    for day, agency, amount, text, payer in [
        (datetime.date(year, 3, 12), "sz", "1860.00", "涉案物品转运至公物仓（3车次）", "budget"),
        (datetime.date(year, 5, 20), "baoan", "980.00", "宝安区涉案光盘转运", "budget"),
        (datetime.date(year, 7, 8), "nanshan", "1240.00", "危险品专车转运（农药）", "rights_holder"),
    ]:
        lines.append(CostInput(agency=agencies[agency], category=C.TRANSPORT, amount=Decimal(amount),
                               incurred_on=min(day, today), payer=payer, invoice_number=f"YS{day:%m%d}",
                               description=text))
    appraisal = Appraisal.objects.filter(recorded_agency__path__startswith=agencies["sz"].path).order_by("pk").first()
    lines.append(CostInput(agency=appraisal.recorded_agency if appraisal else agencies["sz"], category=C.APPRAISAL,
                           amount=Decimal("3200.00"), incurred_on=min(datetime.date(year, 4, 16), today),
                           invoice_number="JD20260416", appraisal=appraisal,
                           description="委托鉴定费 appraisal fee"))
    for entry in lines:
        add_cost_line(actor=finance, entry=entry)

    for stream, per_kg, per_item, reason in [
        (Item.WasteStream.HAZARDOUS, "12.00", "30.00", "危险废物处置框架协议单价（深环〔2026〕4号）"),
        (Item.WasteStream.EWASTE, "4.50", "15.00", "电子废物拆解新合同单价"),
    ]:
        set_rate_override(actor=finance, agency=agencies["sz"], waste_stream=stream, per_kg=per_kg,
                          per_item=per_item, reason=reason)
