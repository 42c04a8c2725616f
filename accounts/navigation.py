"""The main menu: each entry is shown to the users who hold its permission."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    permission: str


MENU = [
    MenuEntry(_("My work"), "custody:work", "releases.view_releaserequest"),
    MenuEntry(_("Scan"), "custody:scan", "custody.use_scan_station"),
    MenuEntry(_("Items"), "warehouse:item-list", "warehouse.view_item"),
    MenuEntry(_("Cases"), "warehouse:case-list", "warehouse.view_case"),
    MenuEntry(_("Register"), "warehouse:case-create", "warehouse.add_case"),
    MenuEntry(_("Intake"), "custody:intake", "custody.receive_item"),
    MenuEntry(_("Releases"), "custody:release-list", "releases.view_releaserequest"),
    MenuEntry(_("Transfers"), "custody:transfer-list", "transfers.view_transfer"),
    MenuEntry(_("Warehouses"), "warehouse:warehouse-list", "warehouse.view_warehouse"),
    MenuEntry(_("Labels"), "custody:labels-jobs", "custody.print_labels"),
    MenuEntry(_("Stocktake"), "custody:stocktake-list", "stocktake.view_stocktake"),
    MenuEntry(_("Destruction"), "destruction:batch-list", "destruction.view_destructionbatch"),
    MenuEntry(pgettext_lazy("menu", "Finance"), "finance:report", "finance.view_finance_reports"),
    MenuEntry(_("Received bundles"), "apiui:bundles", "api.view_importedbundle"),
    MenuEntry(_("API tokens"), "apiui:tokens", "api.use_api"),
]


def menu_for(user) -> list[dict]:
    return [
        {"label": entry.label, "url": reverse(entry.url_name), "url_name": entry.url_name}
        for entry in MENU
        if user.has_perm(entry.permission)
    ]
