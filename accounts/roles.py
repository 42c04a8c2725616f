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
    "stocktake.view_stocktake",
    "destruction.view_destructionbatch",
    "destruction.view_contractor",
    "releases.view_releaserequest",
    "transfers.view_transfer",
    "appraisals.view_appraisal",
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
        "printing.change_labelcalibration",
        "stocktake.start_stocktake",
        "stocktake.count_stocktake",
        "custody.stage_item",
        "custody.dispose_item",
        "destruction.propose_batch",
        "destruction.execute_batch",
        "destruction.add_costline",
        "releases.execute_release",
        "transfers.dispatch_transfer",
    ],
    Role.OFFICER: _READ
    + [
        "warehouse.add_case",
        "warehouse.change_case",
        "warehouse.add_attachment",
        "custody.register_item",
        "custody.print_labels",
        "releases.request_release",
        "transfers.prepare_transfer",
        "transfers.receive_transfer",
        "appraisals.record_appraisal",
        "appraisals.take_sample",
        "appraisals.recognise_appraisal",
        "transfers.record_decision",
    ],
    Role.SUPERVISOR: _READ + [
        "custody.note_condition",
        "releases.approve_release",
        "transfers.approve_transfer",
        "transfers.receive_transfer",
        "appraisals.recognise_appraisal",
        "transfers.record_decision",
        "stocktake.start_stocktake",
        "stocktake.resolve_stocktake",
        # Rejecting a batch puts its reserved items back into storage (UNSTAGED).
        "custody.stage_item",
        "destruction.approve_batch",
        "destruction.witness_destruction",
    ],
    Role.FINANCE: ["warehouse.view_case", "warehouse.view_item", "destruction.view_destructionbatch",
                   "destruction.add_costline", "appraisals.view_appraisal",
                   "finance.view_finance_reports", "finance.view_budget", "finance.add_budget",
                   "finance.amend_budget", "finance.view_costline", "finance.add_costline",
                   "finance.change_costline", "finance.view_rateoverride", "finance.add_rateoverride",
                   "finance.change_rateoverride"],
    # The auditor is outside the property function: counts in audits, never in routine counts.
    Role.AUDITOR: _READ + ["stocktake.start_stocktake", "stocktake.audit_stocktake", "destruction.witness_destruction",
                           "finance.view_finance_reports", "finance.view_budget", "finance.view_costline",
                           "finance.view_rateoverride"],
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
        "printing.change_labelcalibration",
        "stocktake.view_warehousecustodian",
        "stocktake.add_warehousecustodian",
        "stocktake.change_warehousecustodian",
        "destruction.add_contractor",
        "destruction.change_contractor",
    ],
}

# Machine interface (issue 9): every role may hold API tokens (a token acts with its user's role and
# scope); bundles of whole cases are exported by those who handle or audit cases, imported by supervisors.
_API = {
    Role.CUSTODIAN: ["api.use_api", "api.view_importedbundle"],
    Role.OFFICER: ["api.use_api", "api.view_importedbundle", "api.export_bundle"],
    Role.SUPERVISOR: ["api.use_api", "api.view_importedbundle", "api.export_bundle", "api.import_bundle"],
    Role.FINANCE: ["api.use_api"],
    Role.AUDITOR: ["api.use_api", "api.view_importedbundle", "api.export_bundle"],
    Role.ADMINISTRATOR: ["api.use_api", "api.view_importedbundle", "api.import_bundle", "api.view_trustedpeer",
                         "api.add_trustedpeer", "api.change_trustedpeer"],
}
for _role, _permissions in _API.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] + _permissions
