"""Transfers (移送) of a case and its items to another agency, and the case status that follows.

国务院令310: the agency head decides within 3 days of the officers' report; an approved transfer is
made within 24 hours. The receiving agency acknowledges each item (or refuses it with a reason);
on receipt the legal holder changes (HOLDER_CHANGED in the ledger). With mode "legal only" the goods
stay on their shelf (权属移交、实物不动); with "physical" they are shipped (SHIPPED, in transit) when
the transfer is sent and received into the destination warehouse through its intake queue.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import visible_agency_ids
from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.models import Agency
from custody.models import CustodyEvent, EventKind
from custody.services.core import (
    Change,
    already_recorded,
    commit_changes,
    event_id_for,
    refuse_transition,
    require_permission,
)
from custody.services.duties import (
    move_status,
    public_number,
    refuse_case_officer,
    refuse_same_person,
    save_with_history,
)
from custody.transfers.models import Transfer, TransferLine
from custody.transitions import next_status
from warehouse.access import cases_visible_to, operated_warehouse_ids
from warehouse.models import Case, CaseShare, Item, LegalDocument, Warehouse

T = Transfer.Status
DECISION_WITHIN = datetime.timedelta(days=3)
TRANSFER_WITHIN = datetime.timedelta(hours=24)

TRANSFER_TRANSITIONS: dict[str, set[str]] = {
    T.PENDING: {T.APPROVED, T.REJECTED, T.CANCELLED},
    T.APPROVED: {T.SENT, T.CANCELLED},
    T.SENT: {T.RECEIVED, T.REFUSED},
}

# Case status: open → transferred → decided → closed (an administrative case is decided directly;
# a transferred case may be transferred on, police → procuratorate → court).
C = Case.Status
CASE_TRANSITIONS: dict[str, set[str]] = {
    C.OPEN: {C.TRANSFERRED, C.DECIDED},
    C.TRANSFERRED: {C.TRANSFERRED, C.DECIDED},
    C.DECIDED: {C.DECIDED, C.CLOSED},
}
DECISION_KINDS = (LegalDocument.Kind.PENALTY_DECISION, LegalDocument.Kind.COURT_JUDGMENT)


def change_case_status(*, actor, case: Case, to_status: str, reason: str = "") -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != to_status:
        move_status(locked, CASE_TRANSITIONS, to_status, actor=actor, reason=reason)
    return locked


def _lock_items_of(ids) -> list[Item]:
    """Lock items by id without the actor's scope: the transfer itself decides who may act on them."""
    return list(Item.objects.select_for_update(of=("self",)).filter(pk__in=sorted(set(ids))).order_by("pk"))


def _lock(transfer: Transfer) -> Transfer:
    return Transfer.objects.select_for_update().select_related("case", "from_agency", "to_agency").get(pk=transfer.pk)


@transaction.atomic
def prepare_transfer(*, actor, case: Case, to_agency: Agency, document_number: str, reason: str,
                     items: Sequence[Item] | None = None, mode: str = Transfer.Mode.LEGAL_ONLY,
                     destination: Warehouse | None = None, reported_at: datetime.datetime | None = None) -> Transfer:
    """A case officer of the agency in legal control prepares the dossier: items, grounds, number."""
    require_permission(actor, "transfers.prepare_transfer")
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise NotAllowed(_("This case is not within your agency's scope."), code="out_of_scope")
    document_number = (document_number or "").strip()
    reason = (reason or "").strip()
    if not document_number:
        raise InvalidInput(_("Enter the number of the transfer document."), code="document_number_required")
    if not reason:
        raise InvalidInput(_("Give the grounds for the transfer."), code="reason_required")
    if mode not in Transfer.Mode.values:
        raise InvalidInput(_("Choose how the goods are handed over."), code="mode_required")
    agencies = set(visible_agency_ids(actor))
    if items is None:
        items = list(Item.objects.filter(case=case, legal_holder__in=agencies).exclude(
            status__in=[Item.Status.DESTROYED, Item.Status.RETURNED_TO_OWNER]))
    if not items:
        raise InvalidInput(_("There is no item of this case in your agency's legal custody."), code="empty")
    locked = _lock_items_of([item.pk for item in items])
    holders = {item.legal_holder_id for item in locked}
    if len(holders) != 1 or not holders <= agencies or any(item.case_id != case.pk for item in locked):
        raise NotAllowed(_("Only items of this case in your agency's legal custody can be transferred."),
                         code="not_holder")
    from_agency = locked[0].legal_holder
    if to_agency.pk == from_agency.pk:
        raise InvalidInput(_("Choose another agency to receive the transfer."), code="same_agency")
    kind = EventKind.SHIPPED if mode == Transfer.Mode.PHYSICAL else EventKind.HOLDER_CHANGED
    for item in locked:
        if next_status(kind, item.status) is None:
            raise refuse_transition(item, kind)
    if mode == Transfer.Mode.PHYSICAL:
        if destination is None:
            raise InvalidInput(_("Choose the warehouse the goods go to."), code="destination_required")
        if any(item.warehouse_id == destination.pk for item in locked):
            raise InvalidInput(_("The goods are already in that warehouse: transfer the legal custody only."),
                               code="same_warehouse")
    else:
        destination = None
    reported_at = reported_at or timezone.now()
    transfer = Transfer(
        code=public_number("YS", from_agency), case=case, from_agency=from_agency, to_agency=to_agency, mode=mode,
        document_number=document_number, reason=reason, reported_at=reported_at,
        decision_due=reported_at + DECISION_WITHIN, prepared_by=actor, destination=destination,
    )
    save_with_history(transfer, actor=actor, reason="prepared")
    try:
        with transaction.atomic():
            for item in locked:
                save_with_history(TransferLine(transfer=transfer, item=item), actor=actor)
    except IntegrityError:
        raise Conflict(_("Some of these items are already on another open transfer."),
                       code="already_on_transfer") from None
    return transfer


@transaction.atomic
def decide_transfer(*, actor, transfer: Transfer, approve: bool, note: str = "") -> Transfer:
    require_permission(actor, "transfers.approve_transfer")
    locked = _lock(transfer)
    if locked.from_agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This transfer is not within your agency's scope."), code="out_of_scope")
    refuse_same_person(actor, locked.prepared_by_id, _("You cannot approve your own request."), "self_approval")
    if not approve and not note.strip():
        raise InvalidInput(_("Give the reason for the rejection."), code="reason_required")
    if locked.status != T.PENDING:
        raise Conflict(_("Transfer %(code)s was already decided (%(status)s).")
                       % {"code": locked.code, "status": locked.get_status_display()}, code="already_decided")
    now = timezone.now()
    locked.decided_by, locked.decided_at, locked.decision_note = actor, now, note.strip()
    if approve:
        locked.transfer_due = now + TRANSFER_WITHIN
        if not LegalDocument.objects.filter(kind=LegalDocument.Kind.TRANSFER_DECISION,
                                            number=locked.document_number).exists():
            document = LegalDocument(case=locked.case, kind=LegalDocument.Kind.TRANSFER_DECISION,
                                     number=locked.document_number, issued_on=timezone.localdate(),
                                     note=f"→ {locked.to_agency.name}"[:200], created_by=actor)
            save_with_history(document, actor=actor)
    move_status(locked, TRANSFER_TRANSITIONS, T.APPROVED if approve else T.REJECTED, actor=actor)
    if not approve:
        _close_lines(locked, actor)
    return locked


def _close_lines(transfer, actor) -> None:
    for line in transfer.lines.filter(is_open=True):
        line.is_open = False
        save_with_history(line, actor=actor)


@transaction.atomic
def cancel_transfer(*, actor, transfer: Transfer, reason: str = "") -> Transfer:
    locked = _lock(transfer)
    if locked.from_agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This transfer is not within your agency's scope."), code="out_of_scope")
    if actor.pk != locked.prepared_by_id and not actor.has_perm("transfers.approve_transfer"):
        raise NotAllowed(_("Only the officer who prepared it or a supervisor can cancel a transfer."),
                         code="not_requester")
    locked.decision_note = (locked.decision_note + " / " if locked.decision_note else "") + reason.strip()
    move_status(locked, TRANSFER_TRANSITIONS, T.CANCELLED, actor=actor)
    _close_lines(locked, actor)
    return locked


@transaction.atomic
def send_transfer(*, actor, transfer: Transfer, client_event_id: uuid.UUID | str | None = None) -> Transfer:
    """Hand the dossier over. Physical transfers ship the goods: a custodian (not a case officer) does it."""
    locked = _lock(transfer)
    if locked.status != T.APPROVED:
        raise Conflict(_("Transfer %(code)s is “%(status)s”: only an approved transfer can be sent.")
                       % {"code": locked.code, "status": locked.get_status_display()}, code="not_approved")
    if locked.mode == Transfer.Mode.PHYSICAL:
        require_permission(actor, "transfers.dispatch_transfer")
        refuse_case_officer(actor, [locked.case_id])
        refuse_same_person(actor, locked.decided_by_id,
                           _("You approved this transfer: another custodian must ship it."), "separation_of_duties")
        items = _lock_items_of(locked.lines.values_list("item_id", flat=True))
        warehouses = set(operated_warehouse_ids(actor))
        if any(item.warehouse_id not in warehouses for item in items):
            raise NotAllowed(_("These goods are not in a warehouse your agency operates."), code="out_of_scope")
        event_ids = [event_id_for(client_event_id, item.code, "ship") for item in items]
        if not already_recorded(event_ids):
            commit_changes(actor, [
                Change(item=item, kind=EventKind.SHIPPED, location=None, client_event_id=event_id,
                       details={"counterparty": locked.to_agency.name[:200], "reference": f"transfer:{locked.code}",
                                "legal_document_number": locked.document_number[:80],
                                "reason": f"→ {locked.destination}"[:500]})
                for item, event_id in zip(items, event_ids, strict=True)
            ])
    else:
        require_permission(actor, "transfers.prepare_transfer")
        if locked.from_agency_id not in visible_agency_ids(actor):
            raise NotAllowed(_("This transfer is not within your agency's scope."), code="out_of_scope")
    locked.sent_by, locked.sent_at = actor, timezone.now()
    move_status(locked, TRANSFER_TRANSITIONS, T.SENT, actor=actor)
    return locked


@transaction.atomic
def receive_transfer(*, actor, transfer: Transfer, accept: Sequence[Item] = (),
                     refuse: dict[int, str] | None = None,
                     client_event_id: uuid.UUID | str | None = None) -> list[CustodyEvent]:
    """The receiving agency acknowledges items (legal holder changes) or refuses them with a reason."""
    require_permission(actor, "transfers.receive_transfer")
    refuse = {int(k): (v or "").strip() for k, v in (refuse or {}).items()}
    locked = _lock(transfer)
    if locked.to_agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This transfer is addressed to another agency."), code="out_of_scope")
    if locked.status in (T.RECEIVED, T.REFUSED):
        raise Conflict(_("Transfer %(code)s was already received.") % {"code": locked.code},
                       code="already_received")
    if locked.status != T.SENT:
        raise Conflict(_("Transfer %(code)s is “%(status)s”: it has not been sent yet.")
                       % {"code": locked.code, "status": locked.get_status_display()}, code="not_sent")
    accept_ids = {item.pk for item in accept}
    if not accept_ids and not refuse:
        raise InvalidInput(_("Tick the items you receive, or refuse them with a reason."), code="empty")
    if accept_ids & set(refuse):
        raise InvalidInput(_("An item cannot be both received and refused."), code="both")
    if any(not reason for reason in refuse.values()):
        raise InvalidInput(_("Give the reason for each refused item."), code="reason_required")
    lines = {line.item_id: line for line in locked.lines.select_for_update()}
    for item_id in accept_ids | set(refuse):
        line = lines.get(item_id)
        if line is None:
            raise InvalidInput(_("An item is not on this transfer."), code="not_on_transfer")
        if line.status != TransferLine.Status.PENDING:
            raise Conflict(_("An item of transfer %(code)s was already received or refused.")
                           % {"code": locked.code}, code="already_received")
    items = _lock_items_of(accept_ids)
    event_ids = [event_id_for(client_event_id, item.code, "transfer-receive") for item in items]
    if done := already_recorded(event_ids):
        return done
    events = commit_changes(actor, [
        Change(item=item, kind=EventKind.HOLDER_CHANGED, holder=locked.to_agency, client_event_id=event_id,
               details={"counterparty": locked.from_agency.name[:200], "reference": f"transfer:{locked.code}",
                        "legal_document_number": locked.document_number[:80],
                        "reason": str(Transfer.Mode(locked.mode).label)[:500]})
        for item, event_id in zip(items, event_ids, strict=True)
    ])
    now = timezone.now()
    for item_id in accept_ids | set(refuse):
        line = lines[item_id]
        line.status = TransferLine.Status.RECEIVED if item_id in accept_ids else TransferLine.Status.REFUSED
        line.refusal_reason = refuse.get(item_id, "")[:500]
        line.decided_by, line.decided_at, line.is_open = actor, now, False
        save_with_history(line, actor=actor)
    if accept_ids:
        for agency in (locked.to_agency, locked.from_agency):
            CaseShare.objects.get_or_create(case=locked.case, agency=agency,
                                            defaults={"reason": f"transfer:{locked.code}"})
        change_case_status(actor=actor, case=locked.case, to_status=C.TRANSFERRED, reason=f"transfer:{locked.code}")
    if not any(line.status == TransferLine.Status.PENDING for line in lines.values()):
        locked.received_at = now
        received = any(line.status == TransferLine.Status.RECEIVED for line in lines.values())
        move_status(locked, TRANSFER_TRANSITIONS, T.RECEIVED if received else T.REFUSED, actor=actor)
    return events  # commit_changes signed a checkpoint covering the holder changes


@transaction.atomic
def record_decision(*, actor, case: Case, kind: str, number: str, issued_on: datetime.date,
                    allows_disposal: bool = False, note: str = "") -> LegalDocument:
    """A penalty decision or court judgment: the case becomes "decided"; disposal may follow."""
    require_permission(actor, "transfers.record_decision")
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise NotAllowed(_("This case is not within your agency's scope."), code="out_of_scope")
    if kind not in DECISION_KINDS:
        raise InvalidInput(_("Choose a penalty decision or a court judgment."), code="kind_required")
    number = (number or "").strip()
    if not number:
        raise InvalidInput(_("Enter the document number."), code="number_required")
    if issued_on is None or issued_on > timezone.localdate():
        raise InvalidInput(_("Enter the date of the decision (not in the future)."), code="date_invalid")
    if LegalDocument.objects.filter(kind=kind, number=number).exists():
        raise Conflict(_("Document number %(number)s is already recorded.") % {"number": number},
                       code="duplicate_document")
    locked = change_case_status(actor=actor, case=case, to_status=C.DECIDED, reason=number)
    document = LegalDocument(case=locked, kind=kind, number=number, issued_on=issued_on,
                             allows_disposal=allows_disposal, note=note.strip()[:200], created_by=actor)
    save_with_history(document, actor=actor)
    return document


@transaction.atomic
def close_case(*, actor, case: Case) -> Case:
    require_permission(actor, "transfers.record_decision")
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise NotAllowed(_("This case is not within your agency's scope."), code="out_of_scope")
    return change_case_status(actor=actor, case=case, to_status=C.CLOSED, reason="closed")
