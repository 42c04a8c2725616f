from django.db import migrations

from accounts.dbguards import ProtectAppendOnly


class Migration(migrations.Migration):
    """Printed labels and registration batches are records of what happened, never edited; the
    field histories of print jobs and calibrations are guarded like every history table."""

    dependencies = [("custody", "0003_labels_print_jobs_calibration")]

    operations = [
        ProtectAppendOnly(
            "custody_label",
            "custody_registrationbatch",
            "custody_historicalprintjob",
            "custody_historicallabelcalibration",
        ),
    ]
