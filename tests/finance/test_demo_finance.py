"""The demo's finance user sees a meaningful report: budgets, an amendment, spending, commitments, backlog."""

from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from finance.models import Budget, BudgetAmendment
from finance.queries import Period
from finance.reports import Filters, build_report


def test_seed_demo_gives_finance_a_meaningful_report(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    assert Budget.objects.filter(agency__division_code="440000").exists()
    assert BudgetAmendment.objects.count() == 2
    finance = User.objects.get(username="finance")
    report = build_report(root=finance.agency, filters=Filters(Period(timezone.localdate().year)))
    assert report.total.budget == Decimal("277500.00")  # 259,000 + 20,000 − 1,500
    assert report.total.actual > 0 and report.total.committed > 0 and report.total.other > 0
    assert {line.agency.division_code for line in report.by_agency} == {"440300", "440305", "440306"}
    assert report.destruction and report.backlog_total["items"] > 0 and report.backlog_total["cost"] > 0
    assert report.ageing_destroyed["count"] > 0 and report.forecast["status"] in {"lasts", "runs_out", "short"}
