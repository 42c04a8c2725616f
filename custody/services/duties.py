"""Shared pieces of the release, transfer and appraisal services: public numbers, status tables,
separation of duties and the ledger checkpoint printed on handover papers."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, NotAllowed
from accounts.services import next_serial
from warehouse.models import Case

from ..models import LedgerHead


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


def ledger_checkpoint() -> dict:
    """The checkpoint to print on a handover paper.

    Uses the signed checkpoint of custody.checkpoints when that module exists; until then the
    ledger head (sequence and hash), marked as unsigned.
    """
    try:
        from ..checkpoints import current_checkpoint  # noqa: PLC0415 (built in parallel by the ledger work)
    except ImportError:
        current_checkpoint = None
    if current_checkpoint is not None:
        checkpoint = current_checkpoint()
        if checkpoint is not None:
            return {"sequence": str(checkpoint.seq), "head_hash": checkpoint.head_hash,
                    "signature_fingerprint": getattr(checkpoint, "key_fingerprint", "")}
    head = LedgerHead.objects.filter(pk=1).first()
    if head is None:
        return {"sequence": "0", "head_hash": "0" * 64, "signature_fingerprint": "未签名 unsigned (ledger head)"}
    return {"sequence": str(head.last_seq), "head_hash": head.last_hash,
            "signature_fingerprint": "未签名 unsigned (ledger head)"}


def make_handover_checkpoint() -> None:
    """Sign a checkpoint after a handover, when the checkpoint module exists (else nothing to do)."""
    try:
        from ..checkpoints import make_checkpoint  # noqa: PLC0415
    except ImportError:
        return
    try:
        make_checkpoint(reason="handover")
    except TypeError:  # pragma: no cover - defensive against a different signature
        make_checkpoint()
