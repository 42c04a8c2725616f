"""Demo labels: every stored item has its label, one item had its label reprinted (so scanning its
first label shows the "superseded" warning), and the city agency's A4 printer has a calibration."""

from decimal import Decimal

from custody.printing import services as label_service
from custody.printing.models import Label, LabelCalibration, PrintJob
from warehouse.access import items_visible_to
from warehouse.models import Item


def build_labels(users, warehouse) -> None:
    custodian = users["custodian"]
    if not LabelCalibration.objects.filter(agency=custodian.agency).exists():
        label_service.set_calibration(actor=custodian, layout="a4-3x7", x_mm=Decimal("0.5"), y_mm=Decimal("-0.3"))
    unlabelled = list(
        items_visible_to(custodian).filter(warehouse=warehouse, status=Item.Status.IN_STORAGE, labels__isnull=True)
        .order_by("pk").values_list("pk", flat=True)
    )
    if unlabelled:
        _print(custodian, "演示：在库物品标签 Demo: labels of the stored items", unlabelled, "a4-3x7")
    if not Label.objects.filter(revision__gte=2).exists():
        first = Label.objects.order_by("item_id").first()
        if first is not None:
            _print(custodian, f"演示：补打标签 Demo: reprint of {first.code}", [first.item_id], "thermal-50x30")


def _print(actor, title, item_ids, layout) -> None:
    job = label_service.create_print_job(actor=actor, kind=PrintJob.Kind.ITEMS, title=title, object_ids=item_ids,
                                         layout=layout)
    label_service.run_job_to_file(job.pk)
