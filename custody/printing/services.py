"""Label issue and printing: every item label printed is a ledger event and a Label revision.

* First print of an item: revision 1 (the item code itself), ``LABEL_ISSUED``.
* Every later print: the next revision (``S440305-0000123R2-X``), ``LABEL_REPRINTED``; the earlier
  revisions are superseded by it and the scan station says so when one is scanned.
* Each revision's QR matrix is computed once, when the revision is issued, and stored on the Label
  row; rendering reads it back, so drawing a sheet computes nothing.
* Location labels have no revisions and no ledger events (the ledger records items); the print
  job records who printed them. Their matrices are computed at print time: a warehouse has
  tens to hundreds of locations.

A job of up to ``LABEL_BACKGROUND_THRESHOLD`` labels is issued and rendered inside the request;
a bigger one is rendered by a background thread into ``VAR_DIR/print-jobs/`` while the job page
shows its progress.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import DomainError, InvalidInput, NotAllowed
from custody.models import EventKind
from custody.printing.models import Label, LabelCalibration, PrintJob
from custody.services.core import Change, commit_changes, lock_items, require_permission
from labels.codes import make_label_code
from labels.fonts import FontError, load_cjk_font
from labels.layouts import LAYOUTS, Calibration, LayoutError, get_layout
from labels.qr import ERROR_CORRECTION_LEVELS, QrError, QrMatrix, make_qr_matrix
from labels.render import ITEM, LOCATION, LabelData, RenderReport, render_labels
from warehouse.models import Item, Location

logger = logging.getLogger(__name__)

JOB_DIR = "print-jobs"
STALLED_AFTER_SECONDS = 120
ITERATOR_CHUNK = 1000

# Printed on the hazard bar of a label: Chinese and English, whatever the user's language.
HAZARD_TEXT = {
    Item.HazardClass.FLAMMABLE: "易燃 flammable",
    Item.HazardClass.TOXIC: "有毒 toxic",
    Item.HazardClass.CORROSIVE: "腐蚀 corrosive",
    Item.HazardClass.OXIDISING: "氧化 oxidising",
    Item.HazardClass.LITHIUM: "锂电池 lithium batteries",
    Item.HazardClass.ENVIRONMENTAL: "危害环境 environmental",
}
LOCATION_FLAGS = (("is_hazardous", "危险品库 hazardous store"), ("is_cold", "冷藏 cold store"),
                  ("is_secure", "保险库 secure store"))


class LabelFontUnavailable(DomainError):
    status = 503
    code = "label_font_unavailable"
    default_message = _("The configured label font cannot be used; tell the administrator (LABEL_CJK_FONT).")


def label_font():
    try:
        return load_cjk_font(settings.LABEL_CJK_FONT or None)
    except FontError as error:
        logger.error("label font unusable: %s", error)
        raise LabelFontUnavailable() from error


def background_threshold() -> int:
    return int(getattr(settings, "LABEL_BACKGROUND_THRESHOLD", 500))


def ec_level() -> str:
    level = (settings.LABEL_ERROR_CORRECTION or "Q").upper()
    if level not in ERROR_CORRECTION_LEVELS:
        raise QrError("bad_ec_level", level)
    return level


def qr_payload(code: str) -> str:
    """The bare code, or the upper-case URL ending in it when LABEL_BASE_URL is set (upper case
    keeps the QR in alphanumeric mode: smaller symbol, easier scan)."""
    base = settings.LABEL_BASE_URL.strip()
    if not base:
        return code
    return f"{base.rstrip('/')}/{code}".upper()


# --- choosing what to print -----------------------------------------------------------------


def check_layout_and_start(layout: str, start: int):
    """The layout, or an error in the user's language (unknown stock, start position off the sheet)."""
    try:
        sheet = get_layout(layout)
        sheet.check_start(start)
    except LayoutError as error:
        if error.reason == "unknown_layout":
            raise InvalidInput(_("Unknown label stock “%(layout)s”.") % {"layout": layout[:40]},
                               code="unknown_layout") from None
        raise InvalidInput(_("Position %(start)s is not on this sheet: choose 1 to %(slots)s.")
                           % {"start": start, "slots": get_layout(layout).slots}, code="start_off_sheet") from None
    return sheet


def calibration_for(agency, layout: str) -> Calibration:
    row = LabelCalibration.objects.filter(agency=agency, layout=layout).first()
    return Calibration(float(row.x_mm), float(row.y_mm)) if row else Calibration()


@transaction.atomic
def set_calibration(*, actor, layout: str, x_mm: Decimal, y_mm: Decimal) -> LabelCalibration:
    """Store the shift of the actor's agency's printer for ``layout`` (measured on a test sheet)."""
    require_permission(actor, "printing.change_labelcalibration")
    if layout not in LAYOUTS:
        raise InvalidInput(_("Unknown label stock “%(layout)s”.") % {"layout": layout[:40]}, code="unknown_layout")
    if actor.agency_id is None:
        raise NotAllowed(code="no_agency")
    for value in (x_mm, y_mm):
        if not Decimal("-10") <= value <= Decimal("10"):
            raise InvalidInput(_("A shift must be between −10 and 10 mm."), code="calibration_range")
    row = LabelCalibration.objects.select_for_update().filter(agency_id=actor.agency_id, layout=layout).first()
    row = row or LabelCalibration(agency_id=actor.agency_id, layout=layout)
    row.x_mm, row.y_mm, row.updated_by = x_mm, y_mm, actor
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def create_print_job(*, actor, kind: str, title: str, object_ids: list[int], layout: str,
                     start: int = 1) -> PrintJob:
    """Record a print request after checking it; nothing is issued yet (``run_print_job`` does)."""
    require_permission(actor, "custody.print_labels")
    check_layout_and_start(layout, start)
    if not object_ids:
        raise InvalidInput(_("Choose at least one label to print."), code="no_labels")
    if actor.agency_id is None:
        raise NotAllowed(code="no_agency")
    calibration = calibration_for(actor.agency_id, layout)
    job = PrintJob(kind=kind, title=title[:200], layout=layout, start_slot=start, requester=actor,
                   agency_id=actor.agency_id, object_ids=list(object_ids), label_count=len(object_ids),
                   calibration_x_mm=Decimal(str(calibration.x_mm)), calibration_y_mm=Decimal(str(calibration.y_mm)))
    job._history_user = actor
    job.save()
    return job


# --- issuing item labels --------------------------------------------------------------------


@transaction.atomic
def issue_item_labels(*, actor, item_ids: Iterable[int], print_job: PrintJob | None = None) -> list[Label]:
    """Issue the next label revision of each item: one ledger event and one Label row each.

    Items are locked (in id order) and must be in the actor's scope; an item whose status does not
    allow a label (destroyed, returned) is refused by the transition table, and nothing is issued.
    """
    require_permission(actor, "custody.print_labels")
    items = lock_items(actor, item_ids)
    current = dict(Label.objects.filter(item__in=items).values("item_id").annotate(last=Max("revision"))
                   .values_list("item_id", "last"))
    level = ec_level()
    changes, codes = [], []
    for item in items:
        previous = current.get(item.pk, 0)
        code = make_label_code(item.code, previous + 1)
        codes.append(code)
        details = {"reference": f"label:{code}"}
        if previous:
            details["reason"] = f"supersedes {make_label_code(item.code, previous)}"
        changes.append(Change(item=item, kind=EventKind.LABEL_REPRINTED if previous else EventKind.LABEL_ISSUED,
                              details=details, save_item=False))
    events = commit_changes(actor, changes)
    labels = [
        Label(item=item, revision=current.get(item.pk, 0) + 1, code=code,
              qr_matrix=make_qr_matrix(qr_payload(code), level).to_bytes(), issued_at=event.recorded_at,
              issued_by=actor, event=event, print_job=print_job)
        for item, code, event in zip(items, codes, events, strict=True)
    ]
    return Label.objects.bulk_create(labels, batch_size=ITERATOR_CHUNK)


def item_label_data(labels) -> Iterator[LabelData]:
    """LabelData for Label rows (a queryset is read in chunks), with their stored matrices."""
    for label in labels:
        item = label.item
        yield LabelData(
            code=label.code, qr_payload=qr_payload(label.code), kind=ITEM,
            qr_matrix=QrMatrix.from_bytes(bytes(label.qr_matrix)),
            case_number=item.case.case_number, description=item.description,
            hazardous=item.is_hazardous, hazard_text=HAZARD_TEXT.get(item.hazard_class, ""),
            agency_name=item.owner_agency.name,
        )


def job_labels(job: PrintJob):
    return (Label.objects.filter(print_job=job)
            .select_related("item__case", "item__owner_agency")
            .only("code", "qr_matrix", "item__description", "item__waste_stream", "item__hazard_class",
                  "item__case__case_number", "item__owner_agency__name")
            .order_by("item_id"))


def location_label_data(locations) -> Iterator[LabelData]:
    level = ec_level()
    for location in locations:
        payload = qr_payload(location.code)
        yield LabelData(
            code=location.code, qr_payload=payload, kind=LOCATION, qr_matrix=make_qr_matrix(payload, level),
            location_path=f"{location.warehouse.name} / {location.full_name}",
            flags=tuple(text for flag, text in LOCATION_FLAGS if getattr(location, flag)),
            hazardous=location.is_hazardous, agency_name=location.warehouse.operator.name,
        )


def job_locations(job: PrintJob):
    order = {pk: index for index, pk in enumerate(job.object_ids)}
    rows = Location.objects.filter(pk__in=job.object_ids).select_related("warehouse__operator")
    return sorted(rows, key=lambda location: order[location.pk])


# --- running a job --------------------------------------------------------------------------


def run_print_job(job: PrintJob, out: BinaryIO) -> RenderReport:
    """Issue the job's item labels (one transaction) and render the PDF to ``out``, updating the
    job's progress page by page. Raises DomainError (nothing issued) or the renderer's errors."""
    font = label_font()  # before anything is issued: a broken font must not leave labels behind
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJob.Status.RUNNING, heartbeat_at=timezone.now())
    if job.kind == PrintJob.Kind.ITEMS:
        issue_item_labels(actor=job.requester, item_ids=job.object_ids, print_job=job)
        data = item_label_data(job_labels(job).iterator(chunk_size=ITERATOR_CHUNK))
    else:
        data = location_label_data(job_locations(job))

    def progress(done: int) -> None:
        # Progress is not a fact worth a history row: a plain UPDATE, with a heartbeat.
        PrintJob.objects.filter(pk=job.pk).update(progress=min(done, job.label_count), heartbeat_at=timezone.now())

    return render_labels(
        data, out, layout=job.layout, start=job.start_slot, font=font, ec_level=ec_level(), progress=progress,
        calibration=Calibration(float(job.calibration_x_mm), float(job.calibration_y_mm)),
        title=f"标签 Labels · {job.title}",
    )


def finish_job(job: PrintJob, *, status: str, error: str = "", file_name: str = "", sha256: str = "") -> None:
    job.refresh_from_db()
    job.status, job.error, job.file_name, job.sha256 = status, error[:500], file_name, sha256
    if status == PrintJob.Status.DONE:
        job.progress = job.label_count
    job.finished_at = timezone.now()
    job._history_user = job.requester
    job.save()


def print_now(job: PrintJob) -> bytes:
    """Run a small job inside the request and return the PDF bytes."""
    out = io.BytesIO()
    try:
        run_print_job(job, out)
    except DomainError as error:
        finish_job(job, status=PrintJob.Status.FAILED, error=str(error.message))
        raise
    pdf = out.getvalue()
    finish_job(job, status=PrintJob.Status.DONE, sha256=hashlib.sha256(pdf).hexdigest())
    return pdf


def job_path(job: PrintJob) -> Path:
    return Path(settings.VAR_DIR) / job.file_name


def run_job_to_file(job_id: int) -> None:
    """Render a job into VAR_DIR/print-jobs/<token>.pdf (written aside, then renamed: a reader never
    sees half a file). Any failure is recorded on the job; nothing half-issued stays behind."""
    job = PrintJob.objects.select_related("requester").get(pk=job_id)
    directory = Path(settings.VAR_DIR) / JOB_DIR
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{job.token}.pdf"
    partial = directory / f"{job.token}.pdf.part"
    digest = hashlib.sha256()
    try:
        with open(partial, "wb") as out:
            run_print_job(job, out)
        with open(partial, "rb") as written:
            for block in iter(lambda: written.read(1 << 20), b""):
                digest.update(block)
        partial.replace(final)
    except DomainError as error:
        partial.unlink(missing_ok=True)
        finish_job(job, status=PrintJob.Status.FAILED, error=str(error.message))
        return
    except Exception as error:  # a background job has nobody to raise to: record and log it
        partial.unlink(missing_ok=True)
        logger.exception("print job %s failed", job.token)
        finish_job(job, status=PrintJob.Status.FAILED, error=f"{type(error).__name__}: {error}")
        return
    finish_job(job, status=PrintJob.Status.DONE, file_name=f"{JOB_DIR}/{final.name}", sha256=digest.hexdigest())


def start_in_background(job: PrintJob) -> None:
    """Run the job in a thread once the request's transaction has committed (the thread must see
    the job row). ``LABEL_JOBS_INLINE`` runs it at once instead (tests, the print_labels command)."""
    if getattr(settings, "LABEL_JOBS_INLINE", False):
        run_job_to_file(job.pk)
        return

    def target():
        try:
            run_job_to_file(job.pk)
        finally:
            connections.close_all()  # this thread's own connections

    transaction.on_commit(lambda: threading.Thread(target=target, name=f"print-job-{job.pk}", daemon=True).start())


def is_stalled(job: PrintJob) -> bool:
    """A queued or running job without a heartbeat for a while: its process went away."""
    if job.status not in (PrintJob.Status.QUEUED, PrintJob.Status.RUNNING):
        return False
    last = job.heartbeat_at or job.created_at
    return (timezone.now() - last).total_seconds() > STALLED_AFTER_SECONDS
