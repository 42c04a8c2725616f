"""Appraisals (鉴定): samples taken from a lot, appraisal reports, and their recognition by other agencies."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.access import visible_agency_ids
from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.services import reserve_serials
from custody.appraisals.models import Appraisal, AppraisalRecognition
from custody.intake.services import ITEM_SERIAL
from custody.models import EventKind
from custody.services.core import (
    Change,
    already_recorded,
    commit_changes,
    event_id_for,
    lock_items,
    refuse_transition,
    require_permission,
)
from custody.services.duties import public_number, save_with_history
from custody.transitions import next_status
from labels.codes import make_item_code
from warehouse.access import items_visible_to
from warehouse.models import Attachment, Item, RightsHolder
from warehouse.uploads import sniff

_COPIED = ("case", "owner_agency", "legal_holder", "category", "brand", "rights_holder", "unit", "waste_stream",
           "hazard_class", "needs_cold", "needs_secure")


@transaction.atomic
def take_sample(*, actor, lot: Item, quantity: Decimal, description: str = "", seal_number: str = "",
                client_event_id: uuid.UUID | str | None = None) -> Item:
    """抽样取证: a child item with its own label code; its quantity is taken off the lot.

    Ledger: REGISTERED for the sample (it then goes through intake or straight onto a release for
    appraisal), SAMPLE_TAKEN on the lot with the sample's code and the quantity.
    """
    require_permission(actor, "appraisals.take_sample")
    (locked,) = lock_items(actor, [lot.pk])
    event_id = event_id_for(client_event_id, locked.code, "sample")
    if done := already_recorded([event_id]):
        return Item.objects.get(code=done[0].reference.removeprefix("sample:"))
    if locked.legal_holder_id not in visible_agency_ids(actor):
        raise NotAllowed(_("Only the agency in legal custody of the lot can take a sample."), code="not_holder")
    if next_status(EventKind.SAMPLE_TAKEN, locked.status) is None:
        raise refuse_transition(locked, EventKind.SAMPLE_TAKEN)
    if quantity is None or quantity <= 0:
        raise InvalidInput(_("The quantity must be greater than zero."), code="quantity_invalid")
    if quantity >= locked.quantity:
        raise InvalidInput(_("A sample must be smaller than the lot (%(quantity)s %(unit)s).")
                           % {"quantity": locked.quantity.normalize(), "unit": locked.get_unit_display()},
                           code="sample_too_large")
    owner = locked.owner_agency
    (serial,) = reserve_serials(agency=owner, name=ITEM_SERIAL, count=1)
    sample = Item(
        **{name: getattr(locked, name) for name in _COPIED},
        code=make_item_code(type_letter=owner.type_letter, division_code=owner.division_code, serial=serial),
        parent=locked, quantity=quantity, seal_number=seal_number.strip(),
        description=(description.strip() or f"{locked.description}（样品 sample）")[:200],
        registered_by=actor, status=Item.Status.REGISTERED,
    )
    if locked.weight_kg:
        sample.weight_kg = (locked.weight_kg * quantity / locked.quantity).quantize(Decimal("0.001"))
    (sample,) = bulk_create_with_history([sample], Item, default_user=actor,
                                         default_change_reason=str(EventKind.REGISTERED.label))
    commit_changes(actor, [Change(item=sample, kind=EventKind.REGISTERED,
                                  details={"reference": f"sample-of:{locked.code}"})], new_items=True)
    locked.quantity -= quantity
    if sample.weight_kg and locked.weight_kg:
        locked.weight_kg = max(Decimal("0"), locked.weight_kg - sample.weight_kg)
    commit_changes(actor, [Change(
        item=locked, kind=EventKind.SAMPLE_TAKEN, client_event_id=event_id,
        details={"reference": f"sample:{sample.code}",
                 "reason": f"{quantity.normalize()} {locked.get_unit_display()} → {sample.code}"[:500]},
    )])
    return sample


def _store_report(*, actor, upload, item: Item) -> Attachment:
    """The report file, checked by content and hashed like every upload (see warehouse.uploads)."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise InvalidInput(_("The file is too large (%(size)s); the limit is %(limit)s.")
                           % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
                           code="too_large")
    upload.seek(0)
    detected = sniff(upload.read(16))
    if detected is None:
        raise InvalidInput(_("Only JPEG, PNG or WebP photos and PDF documents can be uploaded."),
                           code="unsupported_type")
    content_type, extension, _kind = detected
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    attachment = Attachment(
        case=item.case, item=item, kind=Attachment.Kind.DOCUMENT, original_name=upload.name[:200],
        content_type=content_type, extension=extension, size=upload.size, sha256=digest.hexdigest(),
        caption=str(_("Appraisal report")), uploaded_by=actor,
    )
    upload.seek(0)
    attachment.file.save("upload", File(upload), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def record_appraisal(*, actor, item: Item, kind: str, result: str, appraiser: str, method: str,
                     appraised_on: datetime.date, rights_holder: RightsHolder | None = None,
                     report=None) -> Appraisal:
    """A rights holder's opinion or an accredited body's appraisal of an item or sample."""
    require_permission(actor, "appraisals.record_appraisal")
    visible = items_visible_to(actor).filter(pk=item.pk).first()
    if visible is None:
        raise NotAllowed(_("One or more items are not within your agency's scope."), code="out_of_scope")
    if kind not in Appraisal.Kind.values:
        raise InvalidInput(_("Choose the kind of appraisal."), code="kind_required")
    if result not in Appraisal.Result.values:
        raise InvalidInput(_("Choose the result of the appraisal."), code="result_required")
    if kind == Appraisal.Kind.RIGHTS_HOLDER and rights_holder is None:
        raise InvalidInput(_("Name the rights holder who gave the opinion."), code="rights_holder_required")
    appraiser, method = (appraiser or "").strip(), (method or "").strip()
    if not appraiser or not method:
        raise InvalidInput(_("Name the appraiser and the method."), code="appraiser_required")
    if appraised_on is None or appraised_on > timezone.localdate():
        raise InvalidInput(_("Enter the date of the report (not in the future)."), code="date_invalid")
    attachment = _store_report(actor=actor, upload=report, item=visible) if report is not None else None
    appraisal = Appraisal(
        code=public_number("JD", actor.agency), item=visible, kind=kind, rights_holder=rights_holder,
        appraiser=appraiser[:160], method=method[:500], result=result, appraised_on=appraised_on,
        report=attachment, report_sha256=attachment.sha256 if attachment else "",
        recorded_by=actor, recorded_agency=actor.agency,
    )
    save_with_history(appraisal, actor=actor, reason="recorded")
    return appraisal


@transaction.atomic
def recognise_appraisal(*, actor, appraisal: Appraisal, note: str = "") -> AppraisalRecognition:
    """检验鉴定结果互认: the actor's agency accepts the result; a transferred case needs no re-appraisal."""
    require_permission(actor, "appraisals.recognise_appraisal")
    if not items_visible_to(actor).filter(pk=appraisal.item_id).exists():
        raise NotAllowed(_("One or more items are not within your agency's scope."), code="out_of_scope")
    if appraisal.recorded_agency_id in visible_agency_ids(actor):
        raise Conflict(_("Your agency recorded this appraisal: there is nothing to recognise."),
                       code="own_appraisal")
    try:
        with transaction.atomic():
            return AppraisalRecognition.objects.create(appraisal=appraisal, agency=actor.agency, recognised_by=actor,
                                                       note=note.strip()[:500])
    except IntegrityError:
        raise Conflict(_("Your agency already recognised this appraisal."), code="already_recognised") from None
