"""Reads for the finance pages (related rows loaded; no N+1)."""

from django.db.models import Prefetch

from accounts.access import scope
from accounts.models import Agency
from labels.codes import AGENCY_TYPE_LETTERS

from .models import Budget, BudgetAmendment, CostLine, RateOverride

TYPE_OF_LETTER = {letter: agency_type for agency_type, letter in AGENCY_TYPE_LETTERS.items()}


def agency_lookup(code: str) -> dict:
    """Field lookup for an agency's public code ("S440300" = type letter + division code): one query."""
    code = (code or "").strip().upper()
    agency_type = TYPE_OF_LETTER.get(code[:1])
    if agency_type is None or len(code) != 7 or not code[1:].isdigit():
        return {"pk": None}
    return {"agency_type": agency_type, "division_code": code[1:]}


def agency_by_code(code: str) -> Agency | None:
    lookup = agency_lookup(code)
    return None if "pk" in lookup else Agency.objects.filter(**lookup).first()


def budgets(user, year: int):
    return (scope(Budget.objects.all(), user, "agency").filter(fiscal_year=year)
            .select_related("agency", "created_by")
            .prefetch_related(Prefetch("amendments", queryset=BudgetAmendment.objects.select_related("created_by")
                                       .order_by("pk")))
            .order_by("agency__path", "category"))


def cost_lines(user, year: int):
    return (scope(CostLine.objects.all(), user, "agency").filter(incurred_on__year=year)
            .select_related("agency", "appraisal", "created_by").order_by("-incurred_on", "-pk"))


def rate_overrides(user):
    return scope(RateOverride.objects.all(), user, "agency").select_related("agency", "updated_by")


def nearby_agencies(user):
    """The user's agency and the agencies right below it: suggestions for the agency fields."""
    if user.agency_id is None:
        return Agency.objects.none()
    return Agency.objects.filter(pk=user.agency_id) | Agency.objects.filter(parent_id=user.agency_id)
