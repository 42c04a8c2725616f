"""Budgets and amendments, cost lines and rates: only finance writes, in scope; history kept."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from accounts.errors import Conflict, InvalidInput, NotAllowed
from finance.models import Budget, BudgetAmendment, Category, CostLine
from finance.services import (
    CostInput,
    add_cost_line,
    amend_budget,
    correct_cost_line,
    create_budget,
    import_cost_lines,
    set_rate_override,
)
from warehouse.models import Item


def test_amendments_keep_the_original_and_every_change(world):
    budget = create_budget(actor=world.finance, agency=world.city, fiscal_year=2026, category=Category.DISPOSAL,
                           amount="10000.00")
    amend_budget(actor=world.finance, budget=budget, delta="2500.50", reason="追加")
    amend_budget(actor=world.finance, budget=budget, delta=Decimal("-500.00"), reason="调减")
    budget.refresh_from_db()
    assert (budget.original_amount, budget.amount) == (Decimal("10000.00"), Decimal("12000.50"))
    assert list(BudgetAmendment.objects.filter(budget=budget).values_list("delta", "amount_after", "reason")) == [
        (Decimal("2500.50"), Decimal("12500.50"), "追加"), (Decimal("-500.00"), Decimal("12000.50"), "调减")]
    assert budget.history.count() == 3  # created + two amendments


def test_amendment_refusals(world):
    budget = create_budget(actor=world.finance, agency=world.city, fiscal_year=2026, category=Category.STORAGE,
                           amount="100.00")
    with pytest.raises(InvalidInput):
        amend_budget(actor=world.finance, budget=budget, delta="0", reason="x")
    with pytest.raises(InvalidInput):
        amend_budget(actor=world.finance, budget=budget, delta="10", reason="  ")
    with pytest.raises(InvalidInput):
        amend_budget(actor=world.finance, budget=budget, delta="-100.01", reason="too much")
    with pytest.raises(InvalidInput):
        amend_budget(actor=world.finance, budget=budget, delta=10.5, reason="float")
    with pytest.raises(Conflict):
        create_budget(actor=world.finance, agency=world.city, fiscal_year=2026, category=Category.STORAGE,
                      amount="1.00")


def test_only_finance_in_scope_writes(world):
    for actor in (world.custodian, world.auditor, world.supervisor):
        with pytest.raises(NotAllowed):
            create_budget(actor=actor, agency=world.city, fiscal_year=2026, category=Category.STORAGE, amount="1")
    with pytest.raises(NotAllowed):  # the province is above the city finance user
        create_budget(actor=world.finance, agency=world.province, fiscal_year=2026, category=Category.STORAGE,
                      amount="1")
    with pytest.raises(NotAllowed):
        add_cost_line(actor=world.finance, entry=CostInput(agency=world.other_city, category=Category.STORAGE,
                                                           amount=Decimal("1"), incurred_on=datetime.date(2026, 1, 1)))
    with pytest.raises(NotAllowed):
        set_rate_override(actor=world.auditor, agency=world.city, waste_stream=Item.WasteStream.GENERAL,
                          per_kg="1", per_item="1", reason="x")


def test_amendments_are_append_only(world):
    budget = create_budget(actor=world.finance, agency=world.city, fiscal_year=2026, category=Category.STORAGE,
                           amount="100.00")
    amendment = amend_budget(actor=world.finance, budget=budget, delta="50", reason="追加")
    with pytest.raises(DatabaseError), transaction.atomic():
        BudgetAmendment.objects.filter(pk=amendment.pk).update(delta=Decimal("5000"))
    with pytest.raises(DatabaseError), transaction.atomic():
        BudgetAmendment.objects.filter(pk=amendment.pk).delete()


def test_cost_lines_in_yuan_with_payer_invoice_and_correction_history(world):
    line = add_cost_line(actor=world.finance, entry=CostInput(
        agency=world.county, category=Category.TRANSPORT, amount=Decimal("120.456"),
        incurred_on=datetime.date(2026, 5, 1), payer="rights_holder", invoice_number=" 4403001 "))
    assert (line.amount, line.invoice_number, line.payer) == (Decimal("120.46"), "4403001", "rights_holder")
    correct_cost_line(actor=world.finance, line=line, amount="125.00", invoice_number="4403002", reason="发票更正")
    assert [h.amount for h in line.history.order_by("history_id")] == [Decimal("120.46"), Decimal("125.00")]
    with pytest.raises(InvalidInput):
        add_cost_line(actor=world.finance, entry=CostInput(agency=world.city, category="cleaning",
                                                           amount=Decimal("1"), incurred_on=datetime.date(2026, 1, 1)))


def test_bulk_import_validates_every_line(world):
    entries = [CostInput(agency=world.city, category=Category.STORAGE, amount=Decimal("10"),
                         incurred_on=datetime.date(2026, 1, day)) for day in range(1, 11)]
    assert import_cost_lines(actor=world.finance, entries=entries) == 10
    bad = [*entries, CostInput(agency=world.other_city, category=Category.STORAGE, amount=Decimal("1"),
                               incurred_on=datetime.date(2026, 1, 1))]
    with pytest.raises(NotAllowed):
        import_cost_lines(actor=world.finance, entries=bad)
    assert CostLine.objects.count() == 10


def test_budget_model_refuses_negative_amounts_in_the_database(world):
    with pytest.raises(DatabaseError), transaction.atomic():
        Budget.objects.create(agency=world.city, fiscal_year=2026, category=Category.STORAGE,
                              original_amount=Decimal("-1"), amount=Decimal("-1"), created_by=world.finance)
