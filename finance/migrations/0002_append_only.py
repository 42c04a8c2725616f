from django.db import migrations

from accounts.dbguards import ProtectAppendOnly


class Migration(migrations.Migration):
    """Budget amendments and the field-change history of finance records cannot be edited or deleted."""

    dependencies = [("finance", "0001_budgets_costs_rates")]

    operations = [
        ProtectAppendOnly(
            "finance_budgetamendment",
            "finance_historicalbudget",
            "finance_historicalcostline",
            "finance_historicalrateoverride",
        ),
    ]
