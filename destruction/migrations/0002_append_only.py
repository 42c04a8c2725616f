from django.db import migrations

from accounts.dbguards import ProtectAppendOnly


class Migration(migrations.Migration):
    """Witness confirmations, failed confirmations, evidence and every history table of the app
    cannot be edited or deleted, even with SQL."""

    dependencies = [("destruction", "0001_initial")]

    operations = [
        ProtectAppendOnly(
            "destruction_witness",
            "destruction_witnessattempt",
            "destruction_evidence",
            "destruction_historicalcontractor",
            "destruction_historicalfacility",
            "destruction_historicallicence",
            "destruction_historicaldestructionbatch",
            "destruction_historicalshipment",
            "destruction_historicalbatchitem",
            "destruction_historicalcostline",
        ),
    ]
