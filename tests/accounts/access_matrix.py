"""Walking the URL configuration for the access matrix (tests/accounts/test_access_matrix.py).

Every named URL is found from get_resolver(); its path parameters are filled from the demo data
(seed_demo) with objects of 南山 (Nanshan district), which every "own" persona sees: the city
custodian and finance, the Nanshan officer and supervisor, the Guangdong auditor, the central
administrator. Each role also has a twin in 杭州 (Hangzhou, another province): for them the same
objects are another agency's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: URLPattern
    route: str

    @property
    def params(self) -> list[str]:
        return list(self.pattern.pattern.regex.groupindex)


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix="", route=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{prefix}{entry.namespace}:" if entry.namespace else prefix,
                     route + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append(Route(prefix + (entry.name or f"<unnamed {route}{entry.pattern}>"), entry,
                                   route + str(entry.pattern)))

    walk(get_resolver().url_patterns)
    return found


def objects():
    """The demo objects (in Nanshan's scope) that fill path parameters."""
    from accounts.models import Agency
    from custody.appraisals.models import Appraisal
    from custody.intake.models import RegistrationBatch
    from custody.printing.models import PrintJob
    from custody.releases.models import ReleaseRequest
    from custody.stocktake.models import Stocktake, StocktakeLine
    from custody.transfers.models import Transfer
    from destruction.models import DestructionBatch
    from warehouse.models import Attachment, Case, Item, Location, Warehouse

    nanshan = Agency.objects.get(division_code="440305", agency_type="market")
    case = Case.objects.filter(agency=nanshan, items__status=Item.Status.IN_STORAGE).order_by("pk").first()
    item = case.items.filter(status=Item.Status.IN_STORAGE).order_by("pk").first()
    stocktake = Stocktake.objects.order_by("pk").first()
    line = StocktakeLine.objects.filter(stocktake=stocktake).first() or StocktakeLine.objects.first()
    if line is not None:
        stocktake = line.stocktake
    from api.models import ApiToken, ImportedBundle

    return {
        "agency": nanshan,
        "bundle": ImportedBundle.objects.first(),
        "token": ApiToken.objects.first(),
        "case": case,
        "item": item,
        "warehouse": Warehouse.objects.order_by("pk").first(),
        "location": Location.objects.filter(warehouse__isnull=False).order_by("pk").first(),
        "attachment": Attachment.objects.filter(case__agency=nanshan).first() or Attachment.objects.first(),
        "release": ReleaseRequest.objects.order_by("pk").first(),
        "transfer": Transfer.objects.order_by("pk").first(),
        "appraisal": Appraisal.objects.order_by("pk").first(),
        "batch": DestructionBatch.objects.order_by("pk").first(),
        "stocktake": stocktake,
        "line": line,
        "print_job": PrintJob.objects.filter(agency__path__startswith=nanshan.path[:3]).order_by("pk").first(),
        "registration": RegistrationBatch.objects.filter(case__agency=nanshan).order_by("pk").first(),
    }


# Which object fills ``code`` (or another parameter) for each URL, by URL name prefix.
_CODE_SOURCE = {
    "warehouse:item-": "item", "custody:item-": "item", "custody:take-": "item", "custody:record-": "item",
    "custody:labels-item": "item", "warehouse:warehouse-": "warehouse", "custody:labels-locations": "warehouse",
    "warehouse:location-": "location", "custody:release-": "release", "custody:transfer-": "transfer",
    "custody:recognise-": "appraisal", "custody:stocktake-": "stocktake", "destruction:batch-": "batch",
    "api:agency": "agency", "api:item": "item", "api:release": "release", "api:transfer": "transfer",
    "api:batch": "batch",
}

# No demo object exists for these (nobody has imported a bundle): a made-up key, answered 404.
NO_DEMO_OBJECT = {"api:bundle", "apiui:bundle-detail"}


def fill(route: Route, objs) -> dict | None:
    """Path parameters for ``route`` from the demo objects, or None when nothing fits."""
    kwargs = {}
    for param in route.params:
        if param == "case_number":
            kwargs[param] = objs["case"].case_number
        elif param == "sha256":
            if route.name in NO_DEMO_OBJECT:
                kwargs[param] = objs["bundle"].sha256 if objs["bundle"] else "0" * 64
            else:
                kwargs[param] = objs["attachment"].sha256
        elif param == "agency":
            kwargs[param] = objs["agency"].code
        elif param == "year":
            kwargs[param] = 2026
        elif param == "category":
            kwargs[param] = "storage"
        elif param == "prefix":
            kwargs[param] = objs["token"].prefix if objs["token"] else "cst_x"
        elif param == "token":
            kwargs[param] = objs["print_job"].token
        elif param == "first_seq":
            kwargs[param] = objs["registration"].first_seq
        elif param == "line_code":
            kwargs[param] = objs["line"].code
        elif param == "code":
            source = next((obj for prefix, obj in _CODE_SOURCE.items() if route.name.startswith(prefix)), None)
            if route.name == "warehouse:item-attachment-upload":
                source = "item"
            if source is None or objs.get(source) is None:
                return None
            kwargs[param] = objs[source].code
        elif param in ("object_id", "history_id", "id", "pk"):
            kwargs[param] = "1"
        elif param == "app_label":
            kwargs[param] = "accounts"
        elif param in ("content_type_id",):
            kwargs[param] = "1"
        elif param == "url":
            kwargs[param] = "x"
        else:
            return None
    return kwargs


# Pages bound to an object through the query string rather than the path.
QUERY = {"custody:release-create": "case", "custody:transfer-create": "case", "custody:case-decision": "case"}


def url_for(route: Route, objs) -> str | None:
    kwargs = fill(route, objs)
    if kwargs is None:
        return None
    if route.name.startswith("admin:<unnamed"):
        # The admin's unnamed shims (``<object_id>/`` redirecting to ``change/``, the catch-all).
        if "object_id" in kwargs:
            return "/" + route.route.replace("<path:object_id>", "1")
        return "/admin/no-such-page/"
    regex = route.pattern.pattern.regex
    if regex.groups > len(regex.groupindex):  # positional groups (simple_history's admin pages)
        url = reverse(route.name, args=["1"] * regex.groups)
    else:
        url = reverse(route.name, kwargs=kwargs)
    if route.name in QUERY:
        url += f"?case={objs['case'].case_number}"
    return url
