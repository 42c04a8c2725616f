"""Releases (调用/出库): request → approval → check-out by scanning → return with a condition check.

公安机关涉案财物管理若干规定: borrowing needs approval, both sides confirm, the condition is checked
on return. Separation of duties is enforced here, so the admin and scripts obey it too:
requester ≠ approver; nobody executes (hands out or takes back) what they requested or approved;
a case officer of the case never acts as its custodian.
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
from custody.models import CustodyEvent, EventKind
from custody.releases.models import CustodyAlert, ReleaseExtension, ReleaseLine, ReleaseRequest
from custody.services.core import Change, already_recorded, commit_changes, event_id_for, lock_items, require_permission
from custody.services.duties import (
    move_status,
    public_number,
    refuse_case_officer,
    refuse_same_person,
    save_with_history,
)
from custody.services.storage import check_location_accepts
from warehouse.access import cases_visible_to, locations_operated_by, operated_warehouse_ids
from warehouse.models import Case, Item

R = ReleaseRequest.Status
L = ReleaseLine.Status

# The release request's state machine.
RELEASE_TRANSITIONS: dict[str, set[str]] = {
    R.PENDING: {R.APPROVED, R.REJECTED, R.CANCELLED},
    R.APPROVED: {R.OUT, R.COMPLETED, R.CANCELLED},
    R.OUT: {R.OUT, R.RETURNED, R.COMPLETED},
}
EXTENSION_TRANSITIONS: dict[str, set[str]] = {
    ReleaseExtension.Status.PENDING: {ReleaseExtension.Status.APPROVED, ReleaseExtension.Status.REJECTED},
}


def lock_request(request: ReleaseRequest) -> ReleaseRequest:
    return ReleaseRequest.objects.select_for_update().select_related("case").get(pk=request.pk)


def _require_text(value: str, message, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, code=code)
    return value


@transaction.atomic
def request_release(*, actor, case: Case, items: Sequence[Item], purpose: str, reason: str, recipient_name: str,
                    recipient_organisation: str = "", recipient_user=None,
                    due_back: datetime.date | None = None) -> ReleaseRequest:
    """A case officer of the agency in legal control asks for items of one case."""
    require_permission(actor, "releases.request_release")
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise NotAllowed(_("This case is not within your agency's scope."), code="out_of_scope")
    if purpose not in ReleaseRequest.Purpose.values:
        raise InvalidInput(_("Choose the purpose of the release."), code="purpose_required")
    reason = _require_text(reason, _("Give the reason for the release."), "reason_required")
    recipient_name = _require_text(recipient_name, _("Name the recipient."), "recipient_required")
    if purpose == ReleaseRequest.Purpose.RETURN_TO_OWNER:
        due_back = None
    elif due_back is None:
        raise InvalidInput(_("Give the date the items are due back."), code="due_back_required")
    elif due_back < timezone.localdate():
        raise InvalidInput(_("The due-back date cannot be in the past."), code="due_back_past")
    if not items:
        raise InvalidInput(_("Choose at least one item."), code="empty")
    locked = lock_items(actor, [item.pk for item in items])
    agencies = set(visible_agency_ids(actor))
    for item in locked:
        if item.case_id != case.pk:
            raise InvalidInput(_("Item %(code)s does not belong to case %(case)s.")
                               % {"code": item.code, "case": case.case_number}, code="wrong_case")
        if item.legal_holder_id not in agencies:
            raise NotAllowed(_("Item %(code)s is in the legal custody of %(holder)s: only that agency can "
                               "request it.") % {"code": item.code, "holder": item.legal_holder}, code="not_holder")
        if item.status != Item.Status.IN_STORAGE:
            raise Conflict(_("Item %(code)s is “%(status)s”: only items in storage can be released.")
                           % {"code": item.code, "status": item.get_status_display()}, code="not_in_storage")
    release = ReleaseRequest(
        code=public_number("DY", actor.agency), case=case, purpose=purpose, reason=reason,
        recipient_name=recipient_name, recipient_organisation=recipient_organisation.strip(),
        recipient_user=recipient_user, due_back=due_back, requested_by=actor, requesting_agency=actor.agency,
    )
    save_with_history(release, actor=actor, reason="requested")
    try:
        with transaction.atomic():
            for item in locked:
                save_with_history(ReleaseLine(request=release, item=item), actor=actor)
    except IntegrityError:
        busy = ReleaseLine.objects.filter(item__in=locked, is_open=True).select_related("item", "request").first()
        raise Conflict(_("Item %(code)s is already on open release request %(request)s.")
                       % {"code": busy.item.code if busy else "", "request": busy.request.code if busy else ""},
                       code="already_requested") from None
    return release


@transaction.atomic
def decide_release(*, actor, release: ReleaseRequest, approve: bool, note: str = "") -> ReleaseRequest:
    """A supervisor (not the requester) approves or rejects; of two at once, one decides."""
    require_permission(actor, "releases.approve_release")
    locked = lock_request(release)
    if locked.requesting_agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This request is not within your agency's scope."), code="out_of_scope")
    refuse_same_person(actor, locked.requested_by_id, _("You cannot approve your own request."), "self_approval")
    if not approve:
        note = _require_text(note, _("Give the reason for the rejection."), "reason_required")
    if locked.status != R.PENDING:
        raise Conflict(_("Request %(code)s was already decided (%(status)s).")
                       % {"code": locked.code, "status": locked.get_status_display()}, code="already_decided")
    locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note.strip()
    move_status(locked, RELEASE_TRANSITIONS, R.APPROVED if approve else R.REJECTED, actor=actor)
    if not approve:
        _close_lines(locked, actor, L.DROPPED)
    return locked


def approve_release(*, actor, release, note=""):
    return decide_release(actor=actor, release=release, approve=True, note=note)


def reject_release(*, actor, release, note):
    return decide_release(actor=actor, release=release, approve=False, note=note)


@transaction.atomic
def cancel_release(*, actor, release: ReleaseRequest, reason: str = "") -> ReleaseRequest:
    """The requester (or a supervisor of the agency) withdraws a request before anything went out."""
    locked = lock_request(release)
    if locked.requesting_agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This request is not within your agency's scope."), code="out_of_scope")
    if actor.pk != locked.requested_by_id and not actor.has_perm("releases.approve_release"):
        raise NotAllowed(_("Only the requester or a supervisor can cancel a request."), code="not_requester")
    if locked.status not in (R.PENDING, R.APPROVED):
        raise Conflict(_("Request %(code)s is “%(status)s”: it can no longer be cancelled.")
                       % {"code": locked.code, "status": locked.get_status_display()}, code="not_cancellable")
    locked.cancelled_by = actor
    locked.decision_note = (locked.decision_note + " / " if locked.decision_note else "") + reason.strip()
    move_status(locked, RELEASE_TRANSITIONS, R.CANCELLED, actor=actor)
    _close_lines(locked, actor, L.DROPPED)
    return locked


def _close_lines(release, actor, status) -> None:
    for line in release.lines.filter(is_open=True, status=L.REQUESTED):
        line.status, line.is_open = status, False
        save_with_history(line, actor=actor)


def _refuse_executor(actor, release: ReleaseRequest) -> None:
    refuse_same_person(actor, release.requested_by_id,
                       _("You requested this release: another custodian must execute it."), "separation_of_duties")
    refuse_same_person(actor, release.decided_by_id,
                       _("You approved this release: another custodian must execute it."), "separation_of_duties")
    refuse_case_officer(actor, [release.case_id])


def _lines_for(release, items, status) -> dict[int, ReleaseLine]:
    lines = {line.item_id: line for line in
             ReleaseLine.objects.select_for_update().filter(request=release, item__in=[i.pk for i in items])}
    for item in items:
        line = lines.get(item.pk)
        if line is None:
            raise Conflict(_("Item %(code)s is not on release %(request)s.")
                           % {"code": item.code, "request": release.code}, code="not_on_request")
        if line.status != status:
            raise Conflict(_("Item %(code)s on release %(request)s is “%(status)s”.")
                           % {"code": item.code, "request": release.code, "status": line.get_status_display()},
                           code="wrong_line_status")
    return lines


@transaction.atomic
def check_out(*, actor, release: ReleaseRequest, items: Sequence[Item],
              client_event_id: uuid.UUID | str | None = None) -> list[CustodyEvent]:
    """The custodian scans approved items out to the named recipient."""
    require_permission(actor, "releases.execute_release")
    locked_items = lock_items(actor, [item.pk for item in items])
    event_ids = [event_id_for(client_event_id, item.code, "release-out") for item in locked_items]
    if done := already_recorded(event_ids):
        return done
    locked = lock_request(release)
    if locked.status not in (R.APPROVED, R.OUT):
        raise Conflict(_("Release %(code)s is “%(status)s”: only an approved release can be executed.")
                       % {"code": locked.code, "status": locked.get_status_display()}, code="not_approved")
    _refuse_executor(actor, locked)
    warehouses = set(operated_warehouse_ids(actor))
    for item in locked_items:
        if item.warehouse_id not in warehouses:
            raise NotAllowed(_("Item %(code)s is not in a warehouse your agency operates.") % {"code": item.code},
                             code="out_of_scope")
    lines = _lines_for(locked, locked_items, L.REQUESTED)
    to_owner = locked.purpose == ReleaseRequest.Purpose.RETURN_TO_OWNER
    kind = EventKind.RETURNED_TO_OWNER if to_owner else EventKind.CHECKED_OUT
    counterparty = " ".join(filter(None, [locked.recipient_name, locked.recipient_organisation]))
    events = commit_changes(actor, [
        Change(item=item, kind=kind, location=None, client_event_id=event_id,
               details={"counterparty": counterparty[:200], "reference": f"release:{locked.code}",
                        "reason": f"{locked.get_purpose_display()}: {locked.reason}"[:500]})
        for item, event_id in zip(locked_items, event_ids, strict=True)
    ])
    now = timezone.now()
    for item in locked_items:
        line = lines[item.pk]
        line.checked_out_by, line.checked_out_at = actor, now
        line.status = L.HANDED_TO_OWNER if to_owner else L.OUT
        line.is_open = not to_owner
        save_with_history(line, actor=actor)
    remaining = locked.lines.filter(status=L.REQUESTED).exists()
    next_status = R.COMPLETED if to_owner and not remaining else R.OUT
    if locked.status != next_status:
        move_status(locked, RELEASE_TRANSITIONS, next_status, actor=actor)
    return events


@transaction.atomic
def confirm_recipient(*, actor, release: ReleaseRequest, signed_printout: bool = False) -> ReleaseRequest:
    """The recipient's side of the handover: they confirm signed in, or the custodian records that
    the recipient signed the printed approval form."""
    locked = lock_request(release)
    if locked.status not in (R.OUT, R.COMPLETED, R.RETURNED):
        raise Conflict(_("Nothing has been handed over on %(code)s yet.") % {"code": locked.code},
                       code="nothing_handed_over")
    if signed_printout:
        require_permission(actor, "releases.execute_release")
        if not locked.lines.filter(checked_out_by=actor).exists():
            raise NotAllowed(_("Only the custodian who handed the items out can record the signed form."),
                             code="not_executor")
        locked.recipient_signed_printout = True
    else:
        if locked.recipient_user_id != actor.pk:
            raise NotAllowed(_("Only the named recipient can confirm receipt."), code="not_recipient")
        locked.recipient_confirmed_by, locked.recipient_confirmed_at = actor, timezone.now()
    save_with_history(locked, actor=actor, reason="recipient confirmed")
    return locked


@transaction.atomic
def return_item(*, actor, item: Item, condition: str = ReleaseLine.Condition.INTACT, note: str = "",
                location=None, client_event_id: uuid.UUID | str | None = None) -> list[CustodyEvent]:
    """Scan a released item back in: condition check, then back onto its shelf.

    Two ledger events: RETURNED (checked out → received) with the condition, then PUT_AWAY onto
    ``location`` or, by default, the location it was taken from (if that still takes it); without
    a fitting location the item waits in the intake queue. Damage, shortage or substitution raise
    an alert for the supervisors.
    """
    require_permission(actor, "releases.execute_release")
    (locked_item,) = lock_items(actor, [item.pk])
    event_ids = {step: event_id_for(client_event_id, locked_item.code, step) for step in ("return", "return-store")}
    if done := already_recorded(event_ids.values()):
        return done
    line = (ReleaseLine.objects.select_for_update().select_related("request")
            .filter(item=locked_item, is_open=True, status=L.OUT).first())
    if line is None or locked_item.status != Item.Status.CHECKED_OUT:
        raise Conflict(_("Item %(code)s is not checked out on a release: there is nothing to return.")
                       % {"code": locked_item.code}, code="not_out")
    release = lock_request(line.request)
    _refuse_executor(actor, release)
    if condition not in ReleaseLine.Condition.values:
        raise InvalidInput(_("Choose the condition of the returned item."), code="condition_required")
    note = note.strip()
    if condition != ReleaseLine.Condition.INTACT and not note:
        raise InvalidInput(_("Describe the damage, shortage or substitution."), code="note_required")
    target = _return_location(actor, locked_item, release, location)
    condition_text = str(ReleaseLine.Condition(condition).label) + (f": {note}" if note else "")
    if condition != ReleaseLine.Condition.INTACT:
        locked_item.condition = condition_text[:200]
    details = {"reference": f"release:{release.code}", "condition": condition_text[:200],
               "counterparty": release.recipient_name[:200]}
    changes = [Change(item=locked_item, kind=EventKind.RETURNED, client_event_id=event_ids["return"],
                      details=details)]
    if target is not None:
        changes.append(Change(item=locked_item, kind=EventKind.PUT_AWAY, location=target,
                              client_event_id=event_ids["return-store"],
                              details={"reference": f"release:{release.code}"}))
    events = commit_changes(actor, changes)
    line.status, line.is_open = L.RETURNED, False
    line.returned_by, line.returned_at = actor, timezone.now()
    line.return_condition, line.return_note = condition, note[:500]
    save_with_history(line, actor=actor)
    if condition != ReleaseLine.Condition.INTACT:
        alert = CustodyAlert(item=locked_item, release=release, kind=condition, note=note[:500],
                             event_seq=events[0].seq, raised_by=actor)
        save_with_history(alert, actor=actor)
    if not release.lines.filter(status__in=[L.REQUESTED, L.OUT]).exists():
        move_status(release, RELEASE_TRANSITIONS, R.RETURNED, actor=actor)
    return events


def _return_location(actor, item: Item, release: ReleaseRequest, location):
    operated = locations_operated_by(actor)
    if location is not None:
        target = operated.select_for_update().filter(pk=location.pk).first()
        if target is None:
            raise NotAllowed(_("This location is not in a warehouse your agency operates."), code="out_of_scope")
        check_location_accepts(target, [item])
        return target
    checkout = (CustodyEvent.objects.filter(item=item, kind=EventKind.CHECKED_OUT,
                                            reference=f"release:{release.code}")
                .order_by("-item_seq").values_list("from_location_id", flat=True).first())
    target = operated.select_for_update().filter(pk=checkout).first() if checkout else None
    if target is None:
        return None
    try:
        check_location_accepts(target, [item])
    except Conflict:
        return None  # the old bin filled up meanwhile: the item waits in the intake queue
    return target


@transaction.atomic
def request_extension(*, actor, release: ReleaseRequest, new_due_back: datetime.date,
                      reason: str) -> ReleaseExtension:
    require_permission(actor, "releases.request_release")
    locked = lock_request(release)
    if locked.requesting_agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This request is not within your agency's scope."), code="out_of_scope")
    if locked.status != R.OUT or locked.due_back is None:
        raise Conflict(_("Only items that are out can get a later due date."), code="not_out")
    if new_due_back <= locked.due_back:
        raise InvalidInput(_("The new due date must be later than %(date)s.") % {"date": locked.due_back},
                           code="due_back_not_later")
    reason = _require_text(reason, _("Give the reason for the extension."), "reason_required")
    if locked.extensions.filter(status=ReleaseExtension.Status.PENDING).exists():
        raise Conflict(_("An extension of %(code)s is already waiting for approval.") % {"code": locked.code},
                       code="extension_pending")
    extension = ReleaseExtension(request=locked, new_due_back=new_due_back, reason=reason, requested_by=actor)
    save_with_history(extension, actor=actor)
    return extension


@transaction.atomic
def decide_extension(*, actor, extension: ReleaseExtension, approve: bool, note: str = "") -> ReleaseExtension:
    require_permission(actor, "releases.approve_release")
    locked = ReleaseExtension.objects.select_for_update().get(pk=extension.pk)
    release = lock_request(locked.request)
    if release.requesting_agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This request is not within your agency's scope."), code="out_of_scope")
    refuse_same_person(actor, locked.requested_by_id, _("You cannot approve your own request."), "self_approval")
    refuse_same_person(actor, release.requested_by_id, _("You cannot approve your own request."), "self_approval")
    if locked.status != ReleaseExtension.Status.PENDING:
        raise Conflict(_("This extension was already decided."), code="already_decided")
    locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note.strip()
    status = ReleaseExtension.Status.APPROVED if approve else ReleaseExtension.Status.REJECTED
    move_status(locked, EXTENSION_TRANSITIONS, status, actor=actor)
    if approve:
        release.due_back = locked.new_due_back
        save_with_history(release, actor=actor, reason="extended")
    return locked


@transaction.atomic
def acknowledge_alert(*, actor, alert: CustodyAlert) -> CustodyAlert:
    require_permission(actor, "releases.approve_release")
    locked = CustodyAlert.objects.select_for_update().select_related("item").get(pk=alert.pk)
    if locked.item.legal_holder_id not in visible_agency_ids(actor) and (
            locked.release is None or locked.release.requesting_agency_id not in visible_agency_ids(actor)):
        raise NotAllowed(_("This alert is not within your agency's scope."), code="out_of_scope")
    if locked.acknowledged_at is not None:
        raise Conflict(_("This alert was already acknowledged."), code="already_acknowledged")
    locked.acknowledged_by, locked.acknowledged_at = actor, timezone.now()
    save_with_history(locked, actor=actor)
    return locked


def open_release_line(item: Item, status: str = L.REQUESTED) -> ReleaseLine | None:
    """The open line of ``item`` (for the scan station): requested on an approved request, or out."""
    lines = ReleaseLine.objects.select_related("request").filter(item=item, is_open=True, status=status)
    if status == L.REQUESTED:
        lines = lines.filter(request__status__in=[R.APPROVED, R.OUT])
    return lines.first()
