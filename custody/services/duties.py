"""Shared pieces of the release, transfer and appraisal services: public numbers, status tables,
separation of duties and the ledger checkpoint printed on handover papers."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, NotAllowed
from accounts.services import next_serial
from warehouse.models import Case


def public_number(prefix: str, agency) -> str:
    """A readable number unique per agency and year, e.g. ``DY-S440305-2026-00007``.
    Must run inside the caller's transaction (the serial counter is locked)."""
    year = timezone.localdate().year
    serial = next_serial(agency=agency, name=f"{prefix}{year}")
    return f"{prefix}-{agency.code}-{year}-{serial:05d}"


def move_status(obj: models.Model, table: dict[str, set[str]], to_status: str, *, actor, reason: str = "") -> None:
    """Change ``obj.status`` along ``table`` (current → allowed next statuses) and save with history."""
    current = obj.status
    if to_status not in table.get(current, set()):
        raise Conflict(
            _("“%(object)s” is “%(status)s”: this step is not possible now.")
            % {"object": obj, "status": obj.get_status_display()},
            code="invalid_status",
        )
    obj.status = to_status
    obj._history_user = actor
    obj._change_reason = reason[:100] if reason else f"{current}→{to_status}"
    obj.save()


def save_with_history(obj: models.Model, *, actor, reason: str = "") -> None:
    obj._history_user = actor
    if reason:
        obj._change_reason = reason[:100]
    obj.save()


def refuse_case_officer(actor, case_ids) -> None:
    """Case handling is kept apart from custody: an officer of a case never hands its items out."""
    own = Case.objects.filter(pk__in=set(case_ids), officers=actor).values_list("case_number", flat=True)
    if own:
        raise NotAllowed(
            _("You are a case officer of case %(case)s: another custodian must handle its items.")
            % {"case": own[0]},
            code="separation_of_duties",
        )


def refuse_same_person(actor, other, message, code: str) -> None:
    if other is not None and actor.pk == getattr(other, "pk", other):
        raise NotAllowed(message, code=code)
