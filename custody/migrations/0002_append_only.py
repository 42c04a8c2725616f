from django.db import migrations

from accounts.dbguards import ProtectAppendOnly


class Migration(migrations.Migration):
    """The ledger and the field-change history cannot be edited or deleted, even with SQL."""

    dependencies = [
        ("custody", "0001_initial"),
        ("accounts", "0001_initial"),
        ("warehouse", "0001_initial"),
    ]

    operations = [
        ProtectAppendOnly(
            "custody_custodyevent",
            "accounts_historicalagency",
            "accounts_historicaluser",
            "warehouse_historicalwarehouse",
            "warehouse_historicalwarehouse_served_agencies",
            "warehouse_historicallocation",
            "warehouse_historicalrightsholder",
            "warehouse_historicalcase",
            "warehouse_historicallegaldocument",
            "warehouse_historicalitem",
        ),
    ]
