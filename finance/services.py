"""Writes of the finance app: budgets and their amendments, cost lines, rate overrides.

Keyword-only arguments, an ``actor``, one transaction each; refusals are domain errors.
Only users holding the finance permissions write, and only for agencies in their scope.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.access import visible_agency_ids
from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.models import Agency
from custody.appraisals.models import Appraisal
from custody.services.core import require_permission

from .models import Budget, BudgetAmendment, Category, CostLine, Payer, RateOverride

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")


def money(value, *, allow_negative: bool = False, field: str = "amount") -> Decimal:
    """Yuan as a Decimal rounded to the fen; floats are refused (they cannot hold money exactly)."""
    if isinstance(value, float):
        raise InvalidInput(_("Amounts must be given as exact decimals, not floating point numbers."), code=field)
    try:
        amount = Decimal(str(value).strip().replace(",", "")).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter an amount in yuan, for example 1200.50."), code=field) from None
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        raise InvalidInput(_("Enter an amount in yuan, for example 1200.50."), code=field)
    if amount < 0 and not allow_negative:
        raise InvalidInput(_("The amount cannot be negative."), code=field)
    return amount


def _require_scope(actor, agency: Agency) -> None:
    if agency.pk not in visible_agency_ids(actor):
        raise NotAllowed(_("This agency is not within your agency's scope."), code="out_of_scope")


def _check_category(category: str) -> None:
    if category not in Category.values:
        raise InvalidInput(_("Choose a cost category."), code="category")


@transaction.atomic
def create_budget(*, actor, agency: Agency, fiscal_year: int, category: str, amount, document_number: str = "",
                  note: str = "") -> Budget:
    require_permission(actor, "finance.add_budget")
    _require_scope(actor, agency)
    _check_category(category)
    if not 2000 <= int(fiscal_year) <= 2100:
        raise InvalidInput(_("Enter a fiscal year between 2000 and 2100."), code="fiscal_year")
    amount = money(amount)
    if Budget.objects.select_for_update().filter(agency=agency, fiscal_year=fiscal_year, category=category).exists():
        raise Conflict(_("This agency already has a budget for that year and category: amend it instead."),
                       code="budget_exists")
    budget = Budget(agency=agency, fiscal_year=fiscal_year, category=category, original_amount=amount,
                    amount=amount, document_number=document_number.strip(), note=note.strip(), created_by=actor)
    budget._history_user = actor
    budget._change_reason = "created"
    budget.save()
    return budget


@transaction.atomic
def amend_budget(*, actor, budget: Budget, delta, reason: str, document_number: str = "") -> BudgetAmendment:
    """Add (or, with a negative delta, cut) money: the amendment row keeps the change and its reason,
    the budget's current amount follows; the original amount stays as it was."""
    require_permission(actor, "finance.amend_budget")
    budget = Budget.objects.select_for_update().select_related("agency").get(pk=budget.pk)
    _require_scope(actor, budget.agency)
    delta = money(delta, allow_negative=True, field="delta")
    if delta == 0:
        raise InvalidInput(_("An amendment changes the amount: enter a change other than zero."), code="delta")
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Give the reason for the amendment."), code="reason")
    after = budget.amount + delta
    if after < 0:
        raise InvalidInput(_("The budget cannot go below zero (it is %(amount)s yuan now).")
                           % {"amount": budget.amount}, code="delta")
    amendment = BudgetAmendment.objects.create(budget=budget, delta=delta, amount_after=after, reason=reason[:300],
                                               document_number=document_number.strip(), created_by=actor)
    budget.amount = after
    budget._history_user = actor
    budget._change_reason = f"amendment {amendment.pk}"
    budget.save(update_fields=["amount"])
    return amendment


@dataclass(frozen=True)
class CostInput:
    agency: Agency
    category: str
    amount: Decimal
    incurred_on: datetime.date
    payer: str = Payer.BUDGET
    invoice_number: str = ""
    description: str = ""
    appraisal: Appraisal | None = None


def _validated_cost(actor, entry: CostInput) -> CostLine:
    _require_scope(actor, entry.agency)
    _check_category(entry.category)
    if entry.payer not in Payer.values:
        raise InvalidInput(_("Choose who pays."), code="payer")
    if not isinstance(entry.incurred_on, datetime.date):
        raise InvalidInput(_("Enter the date of the cost."), code="incurred_on")
    if entry.appraisal is not None:
        if entry.category != Category.APPRAISAL:
            raise InvalidInput(_("A cost tied to an appraisal belongs to the appraisal category."), code="category")
        if entry.appraisal.recorded_agency_id not in visible_agency_ids(actor):
            raise NotAllowed(_("This appraisal is not within your agency's scope."), code="out_of_scope")
    return CostLine(agency=entry.agency, category=entry.category, amount=money(entry.amount), payer=entry.payer,
                    invoice_number=entry.invoice_number.strip()[:40], incurred_on=entry.incurred_on,
                    appraisal=entry.appraisal, description=entry.description.strip()[:200], created_by=actor)


@transaction.atomic
def add_cost_line(*, actor, entry: CostInput) -> CostLine:
    require_permission(actor, "finance.add_costline")
    line = _validated_cost(actor, entry)
    line._history_user = actor
    line.save()
    return line


@transaction.atomic
def correct_cost_line(*, actor, line: CostLine, amount, invoice_number: str, reason: str) -> CostLine:
    """Correct the amount or invoice number of a finance cost line; the history keeps the old values
    and the reason."""
    require_permission(actor, "finance.change_costline")
    line = CostLine.objects.select_for_update().select_related("agency").get(pk=line.pk)
    _require_scope(actor, line.agency)
    if not reason.strip():
        raise InvalidInput(_("Give the reason for the correction."), code="reason")
    line.amount = money(amount)
    line.invoice_number = invoice_number.strip()[:40]
    line._history_user = actor
    line._change_reason = reason.strip()[:100]
    line.save(update_fields=["amount", "invoice_number"])
    return line


@transaction.atomic
def import_cost_lines(*, actor, entries: Sequence[CostInput] | Iterable[CostInput], batch_size: int = 5000) -> int:
    """Bulk path (an invoice system's export, the benchmark): every entry validated like a single one,
    then inserted in batches. No per-row history: the import itself is the record of who did it."""
    require_permission(actor, "finance.add_costline")
    lines = [_validated_cost(actor, entry) for entry in entries]
    CostLine.objects.bulk_create(lines, batch_size=batch_size)
    return len(lines)


@transaction.atomic
def set_rate_override(*, actor, agency: Agency, waste_stream: str, per_kg, per_item, reason: str) -> RateOverride:
    require_permission(actor, "finance.change_rateoverride")
    _require_scope(actor, agency)
    from warehouse.models import Item

    if waste_stream not in Item.WasteStream.values:
        raise InvalidInput(_("Choose a waste stream."), code="waste_stream")
    if not reason.strip():
        raise InvalidInput(_("Give the reason for the rate."), code="reason")
    rate = RateOverride.objects.select_for_update().filter(agency=agency, waste_stream=waste_stream).first() \
        or RateOverride(agency=agency, waste_stream=waste_stream)
    rate.per_kg = money(per_kg, field="per_kg")
    rate.per_item = money(per_item, field="per_item")
    rate.reason = reason.strip()[:300]
    rate.updated_by = actor
    rate._history_user = actor
    rate.save()
    return rate
