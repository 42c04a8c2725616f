"""Roles are groups; what each may do is a list of permissions kept here in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CUSTODIAN = "custodian", _("Custodian")
    OFFICER = "officer", _("Case officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    FINANCE = "finance", _("Finance")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


_READ = [
    "warehouse.view_case",
    "warehouse.view_item",
    "warehouse.view_warehouse",
    "warehouse.view_location",
    "custody.view_custodyevent",
    "custody.view_stocktake",
]

# "app_label.codename" of each permission a role grants. accounts sits at the bottom of the
# import order, so permissions of the apps above are named, not imported.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CUSTODIAN: _READ
    + [
        "custody.receive_item",
        "custody.move_item",
        "custody.note_condition",
        "custody.use_scan_station",
        "custody.print_labels",
        "custody.change_labelcalibration",
        "custody.start_stocktake",
        "custody.count_stocktake",
    ],
    Role.OFFICER: _READ
    + [
        "warehouse.add_case",
        "warehouse.change_case",
        "warehouse.add_attachment",
        "custody.register_item",
        "custody.print_labels",
    ],
    Role.SUPERVISOR: _READ + ["custody.note_condition", "custody.start_stocktake", "custody.resolve_stocktake"],
    Role.FINANCE: ["warehouse.view_case", "warehouse.view_item"],
    # The auditor is outside the property function: counts in audits, never in routine counts.
    Role.AUDITOR: _READ + ["custody.start_stocktake", "custody.audit_stocktake"],
    Role.ADMINISTRATOR: _READ
    + [
        "accounts.view_agency",
        "accounts.add_agency",
        "accounts.change_agency",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "warehouse.add_warehouse",
        "warehouse.change_warehouse",
        "warehouse.add_location",
        "warehouse.change_location",
        "custody.change_labelcalibration",
        "custody.view_warehousecustodian",
        "custody.add_warehousecustodian",
        "custody.change_warehousecustodian",
    ],
}
