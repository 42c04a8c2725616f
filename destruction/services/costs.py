"""Cost lines of a destruction batch (the finance app reports on them)."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.errors import InvalidInput

from ..models import CostLine, DestructionBatch
from .common import lock_batch, require_permission

CENT = Decimal("0.01")


@transaction.atomic
def add_cost_line(*, actor, batch: DestructionBatch, category: str, payer: str, incurred_on: datetime.date,
                  amount: Decimal | None = None, weight_kg: Decimal | None = None,
                  unit_price: Decimal | None = None, invoice_number: str = "", note: str = "") -> CostLine:
    """A lump sum (``amount``) or a fee by weight (``weight_kg`` × ``unit_price``, rounded to the fen)."""
    require_permission(actor, "destruction.add_costline")
    batch = lock_batch(actor, batch)
    if category not in CostLine.Category.values:
        raise InvalidInput(_("Choose a cost category."), code="category")
    if payer not in CostLine.Payer.values:
        raise InvalidInput(_("Choose who pays."), code="payer")
    if weight_kg is not None or unit_price is not None:
        if not weight_kg or weight_kg <= 0 or unit_price is None or unit_price < 0:
            raise InvalidInput(_("A fee by weight needs a weight above zero and a price per kg."),
                               code="by_weight")
        basis = CostLine.Basis.BY_WEIGHT
        amount = (weight_kg * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        basis = CostLine.Basis.LUMP_SUM
        if amount is None or amount < 0:
            raise InvalidInput(_("Enter the amount (zero or more)."), code="amount")
    line = CostLine(batch=batch, agency=batch.agency, category=category, basis=basis, weight_kg=weight_kg,
                    unit_price=unit_price, amount=amount.quantize(CENT, rounding=ROUND_HALF_UP), payer=payer,
                    invoice_number=invoice_number.strip(), incurred_on=incurred_on, note=note.strip(),
                    created_by=actor)
    line._history_user = actor
    line.save()
    return line
