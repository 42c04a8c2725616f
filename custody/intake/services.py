"""Registration of seized items (登记): the first entry of every item's chain of custody."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.access import visible_agency_ids
from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.services import reserve_serials
from custody.intake.models import RegistrationBatch
from custody.models import EventKind
from custody.services.core import Change, commit_changes, reason_text, require_permission
from labels.codes import make_item_code
from warehouse.models import Case, Item, RightsHolder

ITEM_SERIAL = "item"
BATCH_SIZE = 2000


@dataclass
class ItemInput:
    """What a case officer says about one seized item (a form row, a CSV line, an API object)."""

    description: str
    quantity: Decimal
    unit: str = Item.Unit.PIECE
    category: str = Item.Category.OTHER
    brand: str = ""
    rights_holder: RightsHolder | None = None
    weight_kg: Decimal | None = None
    estimated_value: Decimal | None = None
    waste_stream: str = Item.WasteStream.GENERAL
    hazard_class: str = ""
    needs_cold: bool = False
    needs_secure: bool = False
    seal_number: str = ""
    condition: str = ""


class RowErrors(InvalidInput):
    """Validation errors of several rows at once: {row number: {field: [messages]}}."""

    code = "invalid_rows"

    def __init__(self, errors: dict[int, dict[str, list[str]]]):
        self.errors = errors
        super().__init__(_("Some rows are not valid; nothing was saved."))


_INPUT_FIELDS = [f.name for f in fields(ItemInput)]


def validate_item_input(data: ItemInput) -> dict[str, list[str]]:
    """Field errors of one item, in the user's language; empty when it is fine."""
    item = Item(**{name: getattr(data, name) for name in _INPUT_FIELDS})
    errors: dict[str, list[str]] = {}
    try:
        item.clean_fields(exclude=["code", "case", "owner_agency", "legal_holder", "registered_by"])
    except ValidationError as exc:
        errors = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    if data.quantity is not None and data.quantity <= 0:
        errors.setdefault("quantity", []).append(str(_("The quantity must be greater than zero.")))
    if data.weight_kg is not None and data.weight_kg < 0:
        errors.setdefault("weight_kg", []).append(str(_("The weight cannot be negative.")))
    if data.waste_stream == Item.WasteStream.HAZARDOUS and not data.hazard_class:
        errors.setdefault("hazard_class", []).append(str(_("Hazardous waste needs a hazard class.")))
    return errors


@transaction.atomic
def register_items(*, actor, case: Case, items: Sequence[ItemInput]) -> list[Item]:
    """Register ``items`` for ``case``: all of them or, on any invalid row, none."""
    require_permission(actor, "custody.register_item")
    if case.agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This case is not within your agency's scope."), code="out_of_scope")
    if case.status not in (Case.Status.OPEN, Case.Status.TRANSFERRED):
        raise Conflict(_("Items can only be registered for an open case."), code="case_not_open")
    if not items:
        raise InvalidInput(_("Add at least one item."), code="empty")
    errors = {number: row for number, data in enumerate(items, start=1) if (row := validate_item_input(data))}
    if errors:
        raise RowErrors(errors)

    agency = case.agency
    serials = reserve_serials(agency=agency, name=ITEM_SERIAL, count=len(items))
    new_items = [
        Item(
            **{name: getattr(data, name) for name in _INPUT_FIELDS},
            code=make_item_code(type_letter=agency.type_letter, division_code=agency.division_code, serial=serial),
            case=case,
            owner_agency=agency,
            legal_holder=agency,
            registered_by=actor,
            status=Item.Status.REGISTERED,
        )
        for data, serial in zip(items, serials, strict=True)
    ]
    created = bulk_create_with_history(
        new_items, Item, batch_size=BATCH_SIZE, default_user=actor,
        default_change_reason=reason_text(EventKind.REGISTERED),
    )
    events = commit_changes(
        actor,
        [Change(item=item, kind=EventKind.REGISTERED, details={"reference": f"case:{case.case_number}"})
         for item in created],
        new_items=True,
    )
    # One intake batch: its events are contiguous in the ledger, so the batch is a range of them.
    RegistrationBatch.objects.create(first_seq=events[0].seq, last_seq=events[-1].seq, case=case,
                                     registered_by=actor, registered_at=events[0].recorded_at,
                                     item_count=len(events))
    if not case.officers.filter(pk=actor.pk).exists():
        case.officers.add(actor)
    return created
