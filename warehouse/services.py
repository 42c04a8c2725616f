"""Writes for warehouses, locations, cases, legal documents and attachments.

Nothing here touches an item's status, location or legal holder: that is custody's job.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.access import visible_agency_ids
from accounts.errors import Conflict, InvalidInput, NotAllowed
from accounts.models import Agency
from accounts.services import next_serial
from labels.codes import make_location_code

from .models import Case, LegalDocument, Location, RightsHolder, Warehouse

LOCATION_SERIAL = "location"


def _require(actor, permission: str) -> None:
    if not actor.is_active or not actor.has_perm(permission):
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")


def _validated(instance, exclude=()):
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise InvalidInput("; ".join(m for ms in exc.message_dict.values() for m in ms)) from exc
    return instance


@transaction.atomic
def create_warehouse(*, code: str, name: str, operator: Agency, served_agencies=(), address: str = "") -> Warehouse:
    warehouse = _validated(Warehouse(code=code, name=name, operator=operator, address=address))
    warehouse.save()
    warehouse.served_agencies.set([operator, *served_agencies])
    return warehouse


@transaction.atomic
def create_location(*, warehouse: Warehouse, name: str, kind: str, parent: Location | None = None,
                    is_hazardous: bool | None = None, is_cold: bool | None = None, is_secure: bool | None = None,
                    capacity: int | None = None) -> Location:
    """A zone, shelf or bin. Flags not given are inherited from the parent (a bin in a hazardous
    zone is hazardous). The location gets its own label code from the operator's serials."""
    operator = warehouse.operator

    def inherit(value, flag):
        return value if value is not None else bool(parent and getattr(parent, flag))

    location = Location(
        warehouse=warehouse, parent=parent, kind=kind, name=name,
        full_name=f"{parent.full_name} / {name}" if parent else name,
        is_hazardous=inherit(is_hazardous, "is_hazardous"), is_cold=inherit(is_cold, "is_cold"),
        is_secure=inherit(is_secure, "is_secure"), capacity=capacity,
        code=make_location_code(type_letter=operator.type_letter, division_code=operator.division_code,
                                serial=next_serial(agency=operator, name=LOCATION_SERIAL)),
    )
    if parent and parent.warehouse_id != warehouse.pk:
        raise InvalidInput(_("A location's parent must be in the same warehouse."))
    _validated(location)
    location.save()
    return location


@transaction.atomic
def create_case(*, actor, case_number: str, title: str, kind: str, agency: Agency | None = None,
                seized_on: datetime.date | None = None, seized_at_place: str = "", summary: str = "",
                rights_holders=()) -> Case:
    _require(actor, "warehouse.add_case")
    agency = agency or actor.agency
    if agency is None or agency.pk not in visible_agency_ids(actor):
        raise NotAllowed(_("You can only register cases for your own agency or those below it."),
                         code="out_of_scope")
    case = Case(case_number=case_number.strip(), title=title.strip(), kind=kind, agency=agency, created_by=actor,
                seized_on=seized_on, seized_at_place=seized_at_place, summary=summary)
    if Case.objects.filter(case_number=case.case_number).exists():
        raise Conflict(_("Case number %(number)s is already registered.") % {"number": case.case_number},
                       code="duplicate_case_number")
    _validated(case, exclude=["created_by"])
    case._history_user = actor
    case.save()
    case.officers.add(actor)
    case.rights_holders.set(rights_holders)
    return case


@transaction.atomic
def add_legal_document(*, actor, case: Case, kind: str, number: str, issued_on: datetime.date,
                       allows_disposal: bool = False, note: str = "") -> LegalDocument:
    _require(actor, "warehouse.change_case")
    if case.agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This case is not within your agency's scope."), code="out_of_scope")
    document = LegalDocument(case=case, kind=kind, number=number.strip(), issued_on=issued_on,
                             allows_disposal=allows_disposal, note=note, created_by=actor)
    _validated(document, exclude=["created_by"])
    document._history_user = actor
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:
        raise Conflict(_("Document number %(number)s is already recorded.") % {"number": number},
                       code="duplicate_document") from exc
    return document


def get_or_create_rights_holder(*, name: str, name_en: str = "", brands: str = "") -> RightsHolder:
    holder, _created = RightsHolder.objects.get_or_create(name=name.strip(),
                                                          defaults={"name_en": name_en, "brands": brands})
    return holder
