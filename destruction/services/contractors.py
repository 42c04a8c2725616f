"""Contractors, facilities and licences, and the rule that a licence must cover what it receives."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.errors import Conflict, InvalidInput

from ..models import Contractor, Facility, Licence
from ..waste import CATEGORIES, EWASTE, HAZARDOUS_CATEGORIES, category_label
from .common import require_permission

# Which licence kind may list which categories: HW codes only on a hazardous-waste operating
# licence, e-waste only on the e-waste qualification; general waste on any of them.
_KIND_ALLOWS = {
    Licence.Kind.HAZARDOUS_WASTE: set(HAZARDOUS_CATEGORIES) | {"GENERAL"},
    Licence.Kind.EWASTE: {EWASTE, "GENERAL"},
    Licence.Kind.GENERAL: {"GENERAL"},
}


def _validated(instance):
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise InvalidInput("; ".join(m for ms in exc.message_dict.values() for m in ms)) from exc
    return instance


@transaction.atomic
def create_contractor(*, actor, name: str, **fields) -> Contractor:
    require_permission(actor, "destruction.add_contractor")
    contractor = _validated(Contractor(name=name.strip(), **fields))
    contractor._history_user = actor
    contractor.save()
    return contractor


@transaction.atomic
def create_facility(*, actor, contractor: Contractor, name: str, address: str) -> Facility:
    require_permission(actor, "destruction.add_contractor")
    facility = _validated(Facility(contractor=contractor, name=name.strip(), address=address.strip()))
    facility._history_user = actor
    facility.save()
    return facility


@transaction.atomic
def add_licence(*, actor, facility: Facility, kind: str, number: str, categories: Iterable[str],
                valid_from: datetime.date, valid_until: datetime.date, issued_by: str = "") -> Licence:
    require_permission(actor, "destruction.add_contractor")
    codes = sorted({code.strip().upper() for code in categories if code.strip()})
    unknown = [code for code in codes if code not in CATEGORIES]
    if unknown or not codes:
        raise InvalidInput(_("Unknown waste categories: %(codes)s.") % {"codes": ", ".join(unknown) or "—"},
                           code="unknown_category")
    misplaced = [code for code in codes if code not in _KIND_ALLOWS[kind]]
    if misplaced:
        raise InvalidInput(_("A %(kind)s cannot cover %(codes)s.")
                           % {"kind": Licence.Kind(kind).label, "codes": ", ".join(misplaced)},
                           code="category_not_for_kind")
    if valid_until < valid_from:
        raise InvalidInput(_("A licence cannot expire before it starts."), code="licence_period")
    licence = _validated(Licence(facility=facility, kind=kind, number=number.strip(), categories=",".join(codes),
                                 valid_from=valid_from, valid_until=valid_until, issued_by=issued_by))
    licence._history_user = actor
    try:
        with transaction.atomic():
            licence.save()
    except IntegrityError as exc:
        raise Conflict(_("Licence number %(number)s is already recorded.") % {"number": number},
                       code="duplicate_licence") from exc
    return licence


def check_facility_covers(facility: Facility, categories: Iterable[str], on: datetime.date) -> dict[str, Licence]:
    """The licence that covers each category on ``on``; refuse with a clear message otherwise."""
    if not facility.is_active or not facility.contractor.is_active:
        raise Conflict(_("%(facility)s is no longer active.") % {"facility": facility}, code="facility_inactive")
    licences = list(facility.licences.all())
    chosen = {}
    for category in sorted(set(categories)):
        covering = [licence for licence in licences if category in licence.category_codes]
        if not covering:
            if category in HAZARDOUS_CATEGORIES:
                raise Conflict(
                    _("Hazardous goods go only to a licensed handler: %(facility)s holds no hazardous-waste "
                      "operating licence covering %(category)s.")
                    % {"facility": facility, "category": category_label(category)},
                    code="hazardous_unlicensed")
            raise Conflict(_("%(facility)s holds no licence covering %(category)s.")
                           % {"facility": facility, "category": category_label(category)},
                           code="category_not_covered")
        valid = [licence for licence in covering if licence.is_valid_on(on)]
        if not valid:
            latest = max(covering, key=lambda licence: licence.valid_until)
            if latest.valid_until < on:
                raise Conflict(
                    _("Licence %(number)s of %(facility)s expired on %(date)s: it cannot receive %(category)s on "
                      "%(day)s.")
                    % {"number": latest.number, "facility": facility, "date": latest.valid_until.isoformat(),
                       "category": category_label(category), "day": on.isoformat()},
                    code="licence_expired")
            raise Conflict(
                _("Licence %(number)s of %(facility)s is valid only from %(date)s.")
                % {"number": latest.number, "facility": facility, "date": latest.valid_from.isoformat()},
                code="licence_not_yet_valid")
        chosen[category] = max(valid, key=lambda licence: licence.valid_until)
    return chosen
